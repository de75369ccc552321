// Command bench measures the provider end to end: Terraform (from PATH) or
// OpenTofu (bin/tofu, without one) drives the real provider binary against
// the mock OVHcloud API served from this process, and every measured command
// is compared with the floor that the mock's own delays set.
//
//	go run ./bench [-only a,b,c,d,e,f,g,h,i] [-create-time 2s] [-pool-create-time 2s] [-delete-time 500ms]
//	               [-cli PATH] [-provider PATH] [-profile DIR] [-setups DIR] [-identities yes|no] [-keep]
//
// Scenarios, each in a working directory of its own under a scratch directory:
//
//	a  apply of 1 cluster
//	b  apply of 50 clusters, -parallelism=10
//	c  refresh-only plan of 100 clusters in state
//	d  refresh-only plan of 500 clusters in state
//	e  destroy of 50 clusters, -parallelism=10
//	f  apply of 5 node pools on 1 existing cluster, -parallelism=10
//	g  refresh-only plan of 100 node pools on 4 clusters in state
//	h  plan of 100 clusters in state
//	i  plan of 500 clusters in state
//
// c, d and g are the plan-cost scenarios: what a CI job that runs a plan on
// every pull request pays, one GET per object and nothing else; h and i are
// the same clusters under a full plan, which also validates and plans each
// one. Each cluster has the full customization_kube_proxy block (both modes,
// every timing). c and d are judged against the targets of the plan cost
// (wall time, provider CPU, provider peak memory, and the peak at 500 against
// the peak at 100).
//
// With -profile DIR, the provider processes of each measured command write,
// into DIR/<scenario>/, a CPU profile, a heap and a goroutine profile at their
// end and their memory peaks (see profile.go at the module's root); the report
// prints the top entries of the merged profiles and writes the views into the
// same directory (cpu-top.txt, cpu-cum.txt, alloc-top.txt, inuse-top.txt).
//
// The clusters of f and g are seeded READY in the mock (AddCluster), not
// created by the CLI. The objects that c, d, e and g start from are created
// by an apply against a mock whose transitions are instant, which is not
// measured; the measured command then runs against a fresh mock loaded with
// the same clusters and node pools (SaveState, LoadState), its request log
// empty. With -setups DIR, those objects are kept in DIR and the next runs
// start from them.
//
// For each measured command it prints the wall time, the floor, their ratio,
// the mock's request counts by endpoint, the GETs per cluster or node pool of
// a plan, how long after the API's transitions ended the provider noticed
// them, and the CPU time and peak resident memory (VmHWM) of the provider
// processes, sampled from /proc every 20 ms on Linux (elsewhere the report
// says "not measured"). The user's CLI configuration is never read: the CLI
// gets a configuration of its own (dev_overrides to the provider built
// here), its own HOME, and no OVH_* or TF_* variable from the caller.
//
// Resource identities: a CLI that keeps them (OpenTofu 1.12, Terraform 1.12
// and later) stores one per object of the state at the setup's apply, and
// sends it back in every ReadResource and PlanResourceChange of the measured
// command; Terraform 1.11 keeps none. With -identities=yes, every object of
// the state a plan or destroy scenario starts from must have its identity,
// or the scenario fails (without -cli, the CLI is then bin/tofu); with
// -identities=no, the identities are removed from that state, as a state
// the official provider wrote has none. The report says how many objects
// of the state carry one.
package main

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const (
	providerName = "terraform-provider-ovh"
	project      = ovhmock.DefaultProject

	routeCluster    = "/cloud/project/{serviceName}/kube/{kubeId}"
	routeKubeconfig = "/cloud/project/{serviceName}/kube/{kubeId}/kubeconfig"
	routeFlavors    = "/cloud/project/{serviceName}/kube/{kubeId}/flavors"
	routePool       = "/cloud/project/{serviceName}/kube/{kubeId}/nodepool/{nodePoolId}"
	routeAuthTime   = "/auth/time"

	setupPar = 50
)

type config struct {
	cli        string
	createTime time.Duration
	poolCreate time.Duration // 0: createTime
	deleteTime time.Duration
	updateTime time.Duration
	only       map[string]bool
	keep       bool
	extraEnv   []string
	provider   string // a provider binary to measure instead of building one
	profile    string // where the provider processes write their profiles
	setups     string // where the setups of plan and destroy scenarios are kept across runs
	identities string // "yes": the state must carry identities, "no": they are removed, "": as the CLI wrote it
}

func main() {
	var cfg config
	var only string
	flag.StringVar(&cfg.cli, "cli", "", "OpenTofu or Terraform binary (default: terraform from PATH, else bin/tofu, built with 'make bin/tofu' if missing)")
	flag.StringVar(&cfg.provider, "provider", "", "a provider binary to measure, e.g. an older build, instead of building this module's")
	flag.StringVar(&cfg.identities, "identities", "", "yes: every object of the state a plan or destroy starts from must carry its identity, which the CLI sends in every request (default CLI: bin/tofu); no: identities are removed from that state; default: the state as the CLI wrote it")
	flag.StringVar(&cfg.setups, "setups", "", "directory where the objects that plan and destroy scenarios start from are kept, and reused by the next runs (the setup of 500 clusters takes minutes)")
	flag.StringVar(&cfg.profile, "profile", "", "directory where the provider writes a CPU and a heap profile per process of each measured command, in a subdirectory per scenario")
	flag.DurationVar(&cfg.createTime, "create-time", 2*time.Second, "the mock's INSTALLING -> READY time")
	flag.DurationVar(&cfg.poolCreate, "pool-create-time", 0, "the mock's node pool INSTALLING -> READY time (default: the -create-time value)")
	flag.DurationVar(&cfg.deleteTime, "delete-time", 500*time.Millisecond, "the mock's DELETING -> gone time, of clusters and node pools")
	flag.DurationVar(&cfg.updateTime, "update-time", 200*time.Millisecond, "the mock's UPDATING, RESETTING and REDEPLOYING times, and node pool resize and update times")
	flag.StringVar(&only, "only", "", "comma-separated scenarios to run ("+scenarioKeys()+"); default all")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the scratch directory (working directories, CLI logs, states)")
	flag.Func("env", "NAME=VALUE added to the CLI's environment, for experiments (e.g. -env TF_LOG_SDK=off); repeatable", func(v string) error {
		if name, _, ok := strings.Cut(v, "="); !ok || name == "" {
			return errors.New("want NAME=VALUE")
		}
		cfg.extraEnv = append(cfg.extraEnv, v)
		return nil
	})
	flag.Parse()
	if cfg.identities != "" && cfg.identities != "yes" && cfg.identities != "no" {
		fatalf("-identities %q: choose yes or no", cfg.identities)
	}
	if flag.NArg() > 0 {
		fatalf("unexpected arguments: %s", strings.Join(flag.Args(), " "))
	}
	if only != "" {
		cfg.only = map[string]bool{}
		for _, k := range strings.Split(only, ",") {
			k = strings.TrimSpace(k)
			if !slices.ContainsFunc(scenarios, func(s scenario) bool { return s.key == k }) {
				fatalf("unknown scenario %q in -only; choose among %s", k, scenarioKeys())
			}
			cfg.only[k] = true
		}
	}
	for name, dir := range map[string]*string{"profile": &cfg.profile, "setups": &cfg.setups} {
		if *dir == "" {
			continue
		}
		abs, err := filepath.Abs(*dir)
		if err != nil {
			fatalf("-%s: %v", name, err)
		}
		*dir = abs
	}
	if err := run(cfg); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	os.Exit(1)
}

// bench is the state shared by the scenarios.
type bench struct {
	cfg      config
	root     string
	scratch  string
	cli      string
	provider string // the binary built for this run
	env      []string
	mocks    *mockSwitch
	timings  ovhmock.Timings
	setups   map[string]setup // by scenario.setupKey
}

func run(cfg config) error {
	started := time.Now()
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	scratch, err := os.MkdirTemp("", "ovh-bench-")
	if err != nil {
		return err
	}
	if cfg.keep {
		defer fmt.Printf("\nscratch directory kept: %s\n", scratch)
	} else {
		defer os.RemoveAll(scratch)
	}
	b := &bench{cfg: cfg, root: root, scratch: scratch, setups: map[string]setup{}}

	t := ovhmock.TestTimings()
	t.Install = cfg.createTime
	t.Update, t.Reset, t.Redeploy = cfg.updateTime, cfg.updateTime, cfg.updateTime
	t.Delete = cfg.deleteTime
	t.NodePoolInstall = cmp.Or(cfg.poolCreate, cfg.createTime)
	t.NodePoolResize, t.NodePoolUpdate = cfg.updateTime, cfg.updateTime
	t.NodePoolDelete = cfg.deleteTime
	t.StaleRead = 0
	b.timings = t

	if err := b.prepareBinaries(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	b.mocks = &mockSwitch{}
	b.mocks.set(ovhmock.New(ovhmock.Options{Timings: t}))
	srv := &http.Server{Handler: b.mocks, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	if err := b.prepareEnv("http://" + ln.Addr().String() + "/1.0"); err != nil {
		return err
	}

	fmt.Printf("CLI:      %s (%s)\n", b.cli, cliVersion(b.cli, b.env))
	if b.cfg.provider != "" {
		fmt.Printf("provider: %s (copy of %s)\n", b.provider, b.cfg.provider)
	} else {
		fmt.Printf("provider: %s\n", b.provider)
	}
	if b.cfg.profile != "" {
		fmt.Printf("profiles: %s/<scenario>/ (cpu-, heap-, goroutine-PID.pprof, memory-PID.txt)\n", b.cfg.profile)
	}
	fmt.Printf("mock:     http://%s, in-process, no faults, no latency; install %s (+%s of 404 after the POST), delete %s, update %s; "+
		"node pool install %s (+%s of 404), delete %s, resize and update %s\n",
		ln.Addr(), t.Install, t.NotFoundAfterCreate, t.Delete, t.Update,
		t.NodePoolInstall, t.NotFoundAfterCreate, t.NodePoolDelete, t.NodePoolUpdate)
	fmt.Printf("machine:  %d CPUs, load average %s\n", runtime.NumCPU(), loadAverage())
	if len(cfg.extraEnv) > 0 {
		fmt.Printf("extra environment of the CLI: %s\n", strings.Join(cfg.extraEnv, " "))
	}

	var results []*result
	for _, s := range scenarios {
		if cfg.only != nil && !cfg.only[s.key] {
			continue
		}
		fmt.Printf("\n== %s) %s\n", s.key, s.title())
		r, err := b.runScenario(s)
		if err != nil {
			return fmt.Errorf("scenario %s (%s): %w", s.key, s.title(), err)
		}
		r.print()
		results = append(results, r)
	}
	printSummary(results)
	fmt.Printf("\nharness runtime: %s (building and setup included)\n", time.Since(started).Round(100*time.Millisecond))
	return nil
}

// moduleRoot finds the directory of this module's go.mod from the working
// directory, as `go run ./bench` and `make bench` are run from the root.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if raw, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil &&
			bytes.Contains(raw, []byte("module github.com/mkscloud/terraform-provider-ovh\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the module github.com/mkscloud/terraform-provider-ovh")
		}
		dir = parent
	}
}

func (b *bench) prepareBinaries() error {
	pluginDir := filepath.Join(b.scratch, "plugins")
	if err := os.MkdirAll(pluginDir, 0o755); err != nil {
		return err
	}
	b.provider = filepath.Join(pluginDir, providerName)
	if b.cfg.provider != "" {
		// dev_overrides wants the binary under the provider's own name.
		if err := copyFile(b.cfg.provider, b.provider); err != nil {
			return fmt.Errorf("-provider: %w", err)
		}
	} else {
		fmt.Println("building the provider...")
		build := exec.Command("go", "build", "-o", b.provider, ".")
		build.Dir, build.Stdout, build.Stderr = b.root, os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building the provider: %w", err)
		}
	}
	b.cli = b.cfg.cli
	if b.cli == "" && b.cfg.identities == "yes" {
		// The Terraform of CI (1.11) keeps no identities; OpenTofu 1.12 does.
		b.cli = filepath.Join(b.root, "bin", "tofu")
	}
	if b.cli == "" {
		// The CLI most users run, as the figures of the issues are
		// measured; OpenTofu otherwise.
		if tf, err := exec.LookPath("terraform"); err == nil {
			b.cli = tf
		}
	}
	if b.cli == "" || b.cli == filepath.Join(b.root, "bin", "tofu") {
		b.cli = filepath.Join(b.root, "bin", "tofu")
		if _, err := os.Stat(b.cli); errors.Is(err, os.ErrNotExist) {
			fmt.Println("building bin/tofu...")
			mk := exec.Command("make", "--no-print-directory", "bin/tofu")
			mk.Dir, mk.Stdout, mk.Stderr = b.root, os.Stderr, os.Stderr
			if err := mk.Run(); err != nil {
				return fmt.Errorf("make bin/tofu: %w", err)
			}
		}
	}
	abs, err := exec.LookPath(b.cli)
	if err != nil {
		return fmt.Errorf("CLI: %w", err)
	}
	b.cli, err = filepath.Abs(abs)
	return err
}

// prepareEnv writes the CLI configuration and builds the environment of every
// CLI run: the caller's, without any OVH_* or TF_* variable, plus the mock's
// endpoint and credentials.
func (b *bench) prepareEnv(endpoint string) error {
	rc := filepath.Join(b.scratch, "cli.tfrc")
	conf := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "ovh/ovh" = %q
  }
  direct {}
}
`, filepath.Dir(b.provider))
	if err := os.WriteFile(rc, []byte(conf), 0o644); err != nil {
		return err
	}
	home := filepath.Join(b.scratch, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return err
	}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "OVH_") || strings.HasPrefix(name, "TF_") || name == "HOME" || name == "CHECKPOINT_DISABLE" {
			continue
		}
		b.env = append(b.env, kv)
	}
	b.env = append(b.env,
		// A HOME of its own: neither ~/.terraformrc nor go-ovh's ~/.ovh.conf is read.
		"HOME="+home,
		"TF_CLI_CONFIG_FILE="+rc,
		"CHECKPOINT_DISABLE=1",
		"OVH_ENDPOINT="+endpoint,
		"OVH_APPLICATION_KEY="+ovhmock.DefaultApplicationKey,
		"OVH_APPLICATION_SECRET="+ovhmock.DefaultApplicationSecret,
		"OVH_CONSUMER_KEY="+ovhmock.DefaultConsumerKey,
		"OVH_CLOUD_PROJECT_SERVICE="+project,
	)
	b.env = append(b.env, b.cfg.extraEnv...)
	return nil
}

func copyFile(from, to string) error {
	raw, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, raw, 0o755)
}

func cliVersion(cli string, env []string) string {
	cmd := exec.Command(cli, "version")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return "version unknown"
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}
