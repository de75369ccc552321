// Command bench measures the provider end to end: OpenTofu drives the real
// provider binary against the mock OVHcloud API served from this process, and
// every measured command is compared with the floor that the mock's own delays
// set.
//
//	go run ./bench [-only a,b,c,d,e] [-create-time 2s] [-delete-time 500ms] [-cli PATH] [-keep]
//
// Scenarios, each in a working directory of its own under a scratch directory:
//
//	a  apply of 1 cluster
//	b  apply of 50 clusters, -parallelism=10
//	c  plan (refresh) of 100 clusters in state
//	d  plan (refresh) of 500 clusters in state
//	e  destroy of 50 clusters, -parallelism=10
//
// The clusters that c, d and e start from are created by an apply against a
// mock whose transitions are instant, which is not measured; the measured
// command then runs against a fresh mock loaded with the same clusters, its
// request log empty.
//
// For each measured command it prints the wall time, the floor, their ratio,
// the mock's request counts by endpoint, the GETs per cluster of a plan, how
// long after the API's transitions ended the provider noticed them, and the
// peak resident memory (VmHWM) of the provider processes, sampled from /proc
// every 20 ms. The user's CLI configuration is never read: the CLI gets a
// configuration of its own (dev_overrides to the provider built here), its
// own HOME, and no OVH_* or TF_* variable from the caller.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const (
	providerName = "terraform-provider-ovh"
	project      = ovhmock.DefaultProject

	routeCluster    = "/cloud/project/{serviceName}/kube/{kubeId}"
	routeKubeconfig = "/cloud/project/{serviceName}/kube/{kubeId}/kubeconfig"
	routeAuthTime   = "/auth/time"

	sampleEvery = 20 * time.Millisecond
	setupPar    = 50
)

type kind string

const (
	kindApply   kind = "apply"
	kindPlan    kind = "plan"
	kindDestroy kind = "destroy"
)

type scenario struct {
	key         string
	kind        kind
	n           int
	parallelism int // 0: the CLI's default (10)
}

func (s scenario) title() string {
	t := fmt.Sprintf("%s of %d cluster", s.kind, s.n)
	if s.n != 1 {
		t += "s"
	}
	if s.kind == kindPlan {
		t += " in state"
	}
	if s.parallelism > 0 {
		t += fmt.Sprintf(", -parallelism=%d", s.parallelism)
	}
	return t
}

var scenarios = []scenario{
	{key: "a", kind: kindApply, n: 1},
	{key: "b", kind: kindApply, n: 50, parallelism: 10},
	{key: "c", kind: kindPlan, n: 100},
	{key: "d", kind: kindPlan, n: 500},
	{key: "e", kind: kindDestroy, n: 50, parallelism: 10},
}

type config struct {
	cli        string
	createTime time.Duration
	deleteTime time.Duration
	updateTime time.Duration
	only       map[string]bool
	keep       bool
	extraEnv   []string
}

func main() {
	var cfg config
	var only string
	flag.StringVar(&cfg.cli, "cli", "", "OpenTofu or Terraform binary (default: bin/tofu, built with `make bin/tofu` if missing)")
	flag.DurationVar(&cfg.createTime, "create-time", 2*time.Second, "the mock's INSTALLING -> READY time")
	flag.DurationVar(&cfg.deleteTime, "delete-time", 500*time.Millisecond, "the mock's DELETING -> gone time")
	flag.DurationVar(&cfg.updateTime, "update-time", 200*time.Millisecond, "the mock's UPDATING, RESETTING and REDEPLOYING times")
	flag.StringVar(&only, "only", "", "comma-separated scenarios to run (a,b,c,d,e); default all")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the scratch directory (working directories, CLI logs, states)")
	flag.Func("env", "NAME=VALUE added to the CLI's environment, for experiments (e.g. -env TF_LOG_SDK=off); repeatable", func(v string) error {
		if name, _, ok := strings.Cut(v, "="); !ok || name == "" {
			return errors.New("want NAME=VALUE")
		}
		cfg.extraEnv = append(cfg.extraEnv, v)
		return nil
	})
	flag.Parse()
	if flag.NArg() > 0 {
		fatalf("unexpected arguments: %s", strings.Join(flag.Args(), " "))
	}
	if only != "" {
		cfg.only = map[string]bool{}
		for _, k := range strings.Split(only, ",") {
			k = strings.TrimSpace(k)
			if !slices.ContainsFunc(scenarios, func(s scenario) bool { return s.key == k }) {
				fatalf("unknown scenario %q in -only; choose among a,b,c,d,e", k)
			}
			cfg.only[k] = true
		}
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
	b := &bench{cfg: cfg, root: root, scratch: scratch}

	t := ovhmock.TestTimings()
	t.Install = cfg.createTime
	t.Update, t.Reset, t.Redeploy = cfg.updateTime, cfg.updateTime, cfg.updateTime
	t.Delete = cfg.deleteTime
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
	fmt.Printf("provider: %s\n", b.provider)
	fmt.Printf("mock:     http://%s, in-process, no faults, no latency; install %s (+%s of 404 after the POST), delete %s, update %s\n",
		ln.Addr(), t.Install, t.NotFoundAfterCreate, t.Delete, t.Update)
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

// loadAverage is the 1, 5 and 15 minute load: timings on a busy machine are
// not comparable with those on an idle one.
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(raw))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
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
	fmt.Println("building the provider...")
	build := exec.Command("go", "build", "-o", b.provider, ".")
	build.Dir, build.Stdout, build.Stderr = b.root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}
	b.cli = b.cfg.cli
	if b.cli == "" {
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

// ---- the mock, swappable behind one listener ----

// mockSwitch serves the current mock, so that a scenario can move from the
// instant mock of its setup to the measured one on the same endpoint. It also
// notes which cluster each creation made, which the request log does not say.
type mockSwitch struct {
	cur atomic.Pointer[ovhmock.Mock]

	mu      sync.Mutex
	created map[string]time.Time // cluster id -> when its POST reached the mock
}

func (s *mockSwitch) set(m *ovhmock.Mock) {
	s.mu.Lock()
	s.created = map[string]time.Time{}
	s.mu.Unlock()
	s.cur.Store(m)
}

func (s *mockSwitch) mock() *ovhmock.Mock { return s.cur.Load() }

func (s *mockSwitch) creations() map[string]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]time.Time, len(s.created))
	for k, v := range s.created {
		out[k] = v
	}
	return out
}

func (s *mockSwitch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m := s.cur.Load()
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/kube") {
		m.ServeHTTP(w, r)
		return
	}
	at := time.Now()
	rec := &teeWriter{ResponseWriter: w}
	m.ServeHTTP(rec, r)
	var k struct {
		ID string `json:"id"`
	}
	if rec.status == http.StatusOK && json.Unmarshal(rec.body.Bytes(), &k) == nil && k.ID != "" {
		s.mu.Lock()
		s.created[k.ID] = at
		s.mu.Unlock()
	}
}

type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (t *teeWriter) WriteHeader(code int) {
	t.status = code
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(p []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	t.body.Write(p)
	return t.ResponseWriter.Write(p)
}

// ---- scenarios ----

type result struct {
	s            scenario
	dir          string
	wall         time.Duration
	floor        time.Duration // 0: none
	floorFormula string
	exitCode     int
	planChanges  bool // a plan that found changes (-detailed-exitcode 2)
	counts       map[string]int
	requests     []ovhmock.Request
	firstCall    time.Duration // from the command's start to its first API request
	lastCall     time.Duration // from the command's start to its last API request
	firstChange  time.Duration // from the command's start to its first mutating request; 0: none
	lag          lagStats
	mem          memStats
	cpu          time.Duration // user+system of the CLI and the children it reaped
	harnessCPU   time.Duration // user+system of this process (mock, sampler) meanwhile
	clustersLeft int
	problems     []string
	targets      []target
}

type target struct {
	name string
	met  bool
	note string
}

func (b *bench) runScenario(s scenario) (*result, error) {
	dir := filepath.Join(b.scratch, fmt.Sprintf("%s-%s-%d", s.key, s.kind, s.n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(mainTF(s.n)), 0o644); err != nil {
		return nil, err
	}
	r := &result{s: s, dir: dir}

	if s.kind != kindApply {
		// The clusters to refresh or destroy, created against a mock whose
		// transitions are instant; not measured.
		fast := ovhmock.New(ovhmock.Options{Timings: ovhmock.Timings{
			NotFoundAfterCreate: time.Nanosecond, Install: time.Nanosecond, Update: time.Nanosecond,
			Reset: time.Nanosecond, Redeploy: time.Nanosecond, Delete: time.Nanosecond,
		}})
		b.mocks.set(fast)
		t0 := time.Now()
		m, err := b.cliRun(dir, "setup", "apply", "-input=false", "-no-color", "-auto-approve", fmt.Sprintf("-parallelism=%d", setupPar))
		if err != nil {
			return nil, err
		}
		if m.exitCode != 0 {
			return nil, fmt.Errorf("setup apply failed (exit %d); log: %s\n%s", m.exitCode, m.log, tail(m.log, 30))
		}
		if got := len(fast.Clusters(project)); got != s.n {
			return nil, fmt.Errorf("setup apply left %d clusters, want %d", got, s.n)
		}
		fmt.Printf("setup: %d clusters created in %s (instant mock, -parallelism=%d; not measured)\n",
			s.n, time.Since(t0).Round(10*time.Millisecond), setupPar)
		var state bytes.Buffer
		if err := fast.SaveState(&state); err != nil {
			return nil, err
		}
		measured := ovhmock.New(ovhmock.Options{Timings: b.timings})
		if err := measured.LoadState(&state); err != nil {
			return nil, err
		}
		b.mocks.set(measured)
	} else {
		b.mocks.set(ovhmock.New(ovhmock.Options{Timings: b.timings}))
	}
	mock := b.mocks.mock()
	mock.ResetRequests()

	args := []string{string(s.kind), "-input=false", "-no-color"}
	if s.kind == kindPlan {
		args = append(args, "-detailed-exitcode")
	} else {
		args = append(args, "-auto-approve")
	}
	if s.parallelism > 0 {
		args = append(args, fmt.Sprintf("-parallelism=%d", s.parallelism))
	}
	m, err := b.cliRun(dir, "measured", args...)
	if err != nil {
		return nil, err
	}
	r.wall, r.mem, r.cpu, r.harnessCPU, r.exitCode = m.wall, m.mem, m.cpu, m.harnessCPU, m.exitCode
	r.requests = mock.Requests()
	r.counts = mock.Counts()
	r.clustersLeft = len(mock.Clusters(project))
	if raw, err := json.MarshalIndent(r.requests, "", "  "); err == nil {
		// The request log of the measured command, for a look with -keep.
		_ = os.WriteFile(filepath.Join(dir, "requests.json"), raw, 0o644)
	}

	switch {
	case s.kind == kindPlan && m.exitCode == 2:
		r.planChanges = true
		r.problems = append(r.problems, "the plan found changes: a refresh right after an apply must be a no-op")
	case m.exitCode != 0:
		r.problems = append(r.problems, fmt.Sprintf("%s exited %d; log: %s\n%s", s.kind, m.exitCode, m.log, tail(m.log, 30)))
	}
	switch s.kind {
	case kindApply, kindPlan:
		if r.clustersLeft != s.n {
			r.problems = append(r.problems, fmt.Sprintf("the mock holds %d clusters, want %d", r.clustersLeft, s.n))
		}
	case kindDestroy:
		if r.clustersLeft != 0 {
			r.problems = append(r.problems, fmt.Sprintf("the mock still holds %d clusters after the destroy", r.clustersLeft))
		}
	}
	if len(r.requests) > 0 {
		r.firstCall = r.requests[0].Time.Sub(m.start)
		r.lastCall = r.requests[len(r.requests)-1].Time.Sub(m.start)
		for _, q := range r.requests {
			if q.Method != http.MethodGet && q.Route != routeKubeconfig {
				r.firstChange = q.Time.Sub(m.start)
				break
			}
		}
	}
	b.floor(r)
	switch s.kind {
	case kindApply:
		r.lag = createLag(r.requests, b.mocks.creations(), b.timings.NotFoundAfterCreate+b.timings.Install)
	case kindDestroy:
		r.lag = deleteLag(r.requests, b.timings.Delete)
	}
	r.judge(b.timings.Install)
	return r, nil
}

// floor is the least wall time the mock's own delays allow, whatever the
// provider does:
//
//   - apply of N clusters at parallelism P: the CLI runs at most P creations at
//     a time, and no creation can end before the mock reports its cluster
//     READY, NotFoundAfterCreate+Install after the POST. So at least ceil(N/P)
//     creations follow each other in some slot: ceil(N/P) x create time. (It is
//     a lower bound: it counts neither the CLI's start nor the provider's.)
//   - destroy of N at parallelism P: likewise ceil(N/P) x Delete, the time from
//     the DELETE to the cluster answering 404.
//   - plan: the mock adds no delay to a read, so there is no floor ("n/a").
func (b *bench) floor(r *result) {
	p := r.s.parallelism
	if p == 0 {
		p = 10 // the CLI's default
	}
	batches := (r.s.n + p - 1) / p
	switch r.s.kind {
	case kindApply:
		create := b.timings.NotFoundAfterCreate + b.timings.Install
		r.floor = time.Duration(batches) * create
		r.floorFormula = fmt.Sprintf("ceil(%d/%d) x (%s 404 + %s install)", r.s.n, p, b.timings.NotFoundAfterCreate, b.timings.Install)
	case kindDestroy:
		r.floor = time.Duration(batches) * b.timings.Delete
		r.floorFormula = fmt.Sprintf("ceil(%d/%d) x %s delete", r.s.n, p, b.timings.Delete)
	}
}

// judge checks the targets of the issue that apply to this scenario.
func (r *result) judge(createTime time.Duration) {
	ok := len(r.problems) == 0
	switch {
	case r.s.kind == kindApply && r.s.n == 1:
		// Against the install time alone (the -create-time flag), a hair
		// stricter than against the floor, which adds the 404 window.
		limit := createTime * 13 / 10
		r.targets = append(r.targets, target{"wall <= 1.3 x create time", ok && r.wall <= limit,
			fmt.Sprintf("%.2fx %s; limit %s", float64(r.wall)/float64(createTime), createTime, limit)})
	case r.s.kind == kindApply:
		ratio := r.ratio()
		r.targets = append(r.targets, target{"wall <= 1.5 x floor", ok && ratio <= 1.5,
			fmt.Sprintf("%.2fx; limit %s", ratio, (r.floor * 15 / 10).Round(time.Millisecond))})
	case r.s.kind == kindPlan:
		calls := r.apiCalls()
		gets := r.counts["GET "+routeCluster]
		r.targets = append(r.targets, target{"1 API call per cluster", ok && calls == r.s.n && gets == r.s.n,
			fmt.Sprintf("%d GETs of a cluster and %d calls in all (besides /auth/time) for %d clusters", gets, calls, r.s.n)})
		if mut := r.mutating(); mut != 0 {
			r.targets = append(r.targets, target{"no mutating call", false, fmt.Sprintf("%d mutating calls", mut)})
		}
		if r.s.n >= 500 {
			r.targets = append(r.targets,
				target{"wall < 30s", ok && r.wall < 30*time.Second, r.wall.Round(10 * time.Millisecond).String()},
				target{"provider peak < 200 MiB", ok && r.mem.providerPeakKiB > 0 && r.mem.providerPeakKiB < 200*1024,
					fmt.Sprintf("%.1f MiB", mib(r.mem.providerPeakKiB))})
		}
	}
}

func (r *result) ratio() float64 {
	if r.floor <= 0 {
		return math.NaN()
	}
	return float64(r.wall) / float64(r.floor)
}

// apiCalls counts the API requests but go-ovh's clock synchronisation.
func (r *result) apiCalls() int {
	n := 0
	for k, v := range r.counts {
		if k != "GET "+routeAuthTime {
			n += v
		}
	}
	return n
}

// mutating counts requests that change something (POST .../kubeconfig only
// reads, despite its method).
func (r *result) mutating() int {
	n := 0
	for k, v := range r.counts {
		method, route, _ := strings.Cut(k, " ")
		if method != http.MethodGet && route != routeKubeconfig {
			n += v
		}
	}
	return n
}

func mainTF(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    ovh = {
      source = "ovh/ovh"
    }
  }
}

# Endpoint, credentials and service_name come from the OVH_* variables.
provider "ovh" {}

resource "ovh_cloud_project_kube" "c" {
  count           = %d
  name            = "bench-${count.index}"
  region          = "GRA11"
  kube_proxy_mode = "ipvs"

  customization_kube_proxy {
    ipvs {
      min_sync_period = "PT0S"
      sync_period     = "PT30S"
      scheduler       = "rr"
      tcp_timeout     = "PT0S"
      tcp_fin_timeout = "PT0S"
      udp_timeout     = "PT0S"
    }
  }
}
`, n)
}

// ---- running the CLI ----

type measurement struct {
	start    time.Time
	wall     time.Duration
	exitCode int
	mem      memStats
	cpu      time.Duration
	// harnessCPU is what this process used meanwhile: the mock and the sampler.
	harnessCPU time.Duration
	log        string
}

// cliRun runs the CLI in dir, its output in dir/<name>.log, sampling the memory
// of the provider processes it starts.
func (b *bench) cliRun(dir, name string, args ...string) (measurement, error) {
	logPath := filepath.Join(dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return measurement{}, err
	}
	defer logFile.Close()
	fmt.Fprintf(logFile, "$ %s %s\n", filepath.Base(b.cli), strings.Join(args, " "))
	cmd := exec.Command(b.cli, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, b.env, logFile, logFile

	m := measurement{log: logPath}
	before := selfCPU()
	m.start = time.Now()
	if err := cmd.Start(); err != nil {
		return m, err
	}
	sampler := newMemSampler(cmd.Process.Pid, b.provider)
	stop := make(chan struct{})
	sampled := make(chan memStats)
	go func() { sampled <- sampler.run(stop) }()
	waitErr := cmd.Wait()
	m.wall = time.Since(m.start)
	close(stop)
	m.mem = <-sampled
	m.harnessCPU = selfCPU() - before
	if st := cmd.ProcessState; st != nil {
		m.cpu = st.UserTime() + st.SystemTime()
		m.exitCode = st.ExitCode()
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) {
		return m, waitErr
	}
	return m, nil
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func tail(path string, n int) string {
	raw, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "    " + strings.Join(lines, "\n    ")
}

// ---- memory of the provider processes ----

type memStats struct {
	providerPeakKiB int64         // max VmHWM over the provider processes
	providers       int           // provider processes seen
	providerCPU     time.Duration // user+system of the provider processes, as last sampled
	cliPeakKiB      int64         // VmHWM of the CLI itself
	samples         int
}

// memSampler follows the descendants of the CLI process through
// /proc/<pid>/task/<tid>/children and reads the VmHWM (peak resident set) of
// those that are the provider, known by /proc/<pid>/exe or, when that cannot
// be read, by /proc/<pid>/comm (truncated by the kernel to 15 bytes). VmHWM
// never decreases, so the last sample of a process is its peak up to ~20 ms
// before it exited.
type memSampler struct {
	root     int
	provider string
	isProv   map[int]bool
	peak     map[int]int64
	cpu      map[int]time.Duration
	cliPeak  int64
	samples  int
}

func newMemSampler(pid int, provider string) *memSampler {
	return &memSampler{root: pid, provider: provider, isProv: map[int]bool{}, peak: map[int]int64{}, cpu: map[int]time.Duration{}}
}

func (s *memSampler) run(stop <-chan struct{}) memStats {
	t := time.NewTicker(sampleEvery)
	defer t.Stop()
	for {
		s.sample()
		select {
		case <-stop:
			var out memStats
			for _, kib := range s.peak {
				out.providerPeakKiB = max(out.providerPeakKiB, kib)
			}
			for _, c := range s.cpu {
				out.providerCPU += c
			}
			out.providers, out.cliPeakKiB, out.samples = len(s.peak), s.cliPeak, s.samples
			return out
		case <-t.C:
		}
	}
}

func (s *memSampler) sample() {
	s.samples++
	if kib, ok := vmHWM(s.root); ok {
		s.cliPeak = max(s.cliPeak, kib)
	}
	for _, pid := range descendants(s.root) {
		prov, known := s.isProv[pid]
		if !known {
			prov = s.identify(pid)
			s.isProv[pid] = prov
		}
		if !prov {
			continue
		}
		if kib, ok := vmHWM(pid); ok {
			s.peak[pid] = max(s.peak[pid], kib)
		}
		if c, ok := cpuTime(pid); ok {
			s.cpu[pid] = max(s.cpu[pid], c)
		}
	}
}

func (s *memSampler) identify(pid int) bool {
	if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err == nil {
		exe = strings.TrimSuffix(exe, " (deleted)")
		return exe == s.provider || filepath.Base(exe) == providerName
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		return false
	}
	c := strings.TrimSpace(string(comm))
	return c != "" && strings.HasPrefix(providerName, c) && len(c) >= 8
}

func descendants(pid int) []int {
	var out []int
	seen := map[int]bool{pid: true}
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", p))
		for _, f := range tasks {
			raw, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			for _, field := range strings.Fields(string(raw)) {
				c, err := strconv.Atoi(field)
				if err != nil || seen[c] {
					continue
				}
				seen[c] = true
				out = append(out, c)
				queue = append(queue, c)
			}
		}
	}
	return out
}

func vmHWM(pid int) (int64, bool) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest) // "123456 kB"
		if len(fields) == 0 {
			return 0, false
		}
		kib, err := strconv.ParseInt(fields[0], 10, 64)
		return kib, err == nil
	}
	return 0, false
}

// cpuTime reads utime+stime from /proc/<pid>/stat, in clock ticks of 10 ms
// (USER_HZ is 100 on Linux).
func cpuTime(pid int) (time.Duration, bool) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces: count fields after it.
	i := bytes.LastIndexByte(raw, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(raw[i+1:]))
	if len(f) < 13 { // state is field 3 of the line, utime 14, stime 15
		return 0, false
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(ut+st) * 10 * time.Millisecond, true
}

func mib(kib int64) float64 { return float64(kib) / 1024 }

// ---- how soon the provider noticed the API's transitions ----

// lagStats describe, over the clusters of a scenario, the time from the end
// of a transition in the mock (READY after a create, 404 after a delete) to
// the provider's first GET that saw it: what polling adds to each wait.
type lagStats struct {
	n          int
	mean, max  time.Duration
	polls      float64       // GETs of a cluster per cluster
	afterSeen  time.Duration // mean time from that GET to the cluster's last request
	unobserved int
}

func summarise(lags, after []time.Duration, polls, unobserved int) lagStats {
	st := lagStats{n: len(lags), unobserved: unobserved}
	if len(lags) == 0 {
		return st
	}
	var sum, sumAfter time.Duration
	for i, l := range lags {
		sum += l
		sumAfter += after[i]
		st.max = max(st.max, l)
	}
	st.mean = sum / time.Duration(len(lags))
	st.afterSeen = sumAfter / time.Duration(len(lags))
	st.polls = float64(polls) / float64(len(lags)+unobserved)
	return st
}

func clusterID(r ovhmock.Request) string {
	if r.Route == "" {
		return ""
	}
	i := strings.Index(r.Path, "/kube/")
	if i < 0 {
		return ""
	}
	id, _, _ := strings.Cut(r.Path[i+len("/kube/"):], "/")
	return id
}

// createLag pairs each creation (its POST time, noted by mockSwitch up to
// the microseconds the mock takes to take its lock) with the first successful
// GET of the cluster at or after the moment it turned READY.
func createLag(reqs []ovhmock.Request, created map[string]time.Time, createTime time.Duration) lagStats {
	var lags, after []time.Duration
	polls, unobserved := 0, 0
	byID := map[string][]ovhmock.Request{}
	for _, r := range reqs {
		if id := clusterID(r); id != "" {
			byID[id] = append(byID[id], r)
		}
	}
	for id, post := range created {
		ready := post.Add(createTime)
		var seen time.Time
		rs := byID[id]
		for _, r := range rs {
			if r.Method == http.MethodGet && r.Route == routeCluster {
				polls++
				if seen.IsZero() && r.Status == http.StatusOK && !r.Time.Before(ready) {
					seen = r.Time
				}
			}
		}
		if seen.IsZero() {
			unobserved++
			continue
		}
		lags = append(lags, seen.Sub(ready))
		after = append(after, rs[len(rs)-1].Time.Sub(seen))
	}
	return summarise(lags, after, polls, unobserved)
}

// deleteLag pairs each DELETE with the first GET of the cluster answering 404.
func deleteLag(reqs []ovhmock.Request, deleteTime time.Duration) lagStats {
	var lags, after []time.Duration
	polls, unobserved := 0, 0
	deleted := map[string]time.Time{}
	seen := map[string]time.Time{}
	last := map[string]time.Time{}
	for _, r := range reqs {
		id := clusterID(r)
		if id == "" {
			continue
		}
		last[id] = r.Time
		switch {
		case r.Method == http.MethodDelete && r.Route == routeCluster && r.Status == http.StatusOK:
			if _, dup := deleted[id]; !dup {
				deleted[id] = r.Time
			}
		case r.Method == http.MethodGet && r.Route == routeCluster:
			if _, ok := deleted[id]; ok {
				polls++
				if _, done := seen[id]; !done && r.Status == http.StatusNotFound {
					seen[id] = r.Time
				}
			}
		}
	}
	for id, at := range deleted {
		s, ok := seen[id]
		if !ok {
			unobserved++
			continue
		}
		lags = append(lags, s.Sub(at.Add(deleteTime)))
		after = append(after, last[id].Sub(s))
	}
	return summarise(lags, after, polls, unobserved)
}

// ---- output ----

func (r *result) print() {
	w := os.Stdout
	fmt.Fprintf(w, "wall:        %s\n", r.wall.Round(time.Millisecond))
	if r.floor > 0 {
		fmt.Fprintf(w, "floor:       %s = %s\n", r.floor.Round(time.Millisecond), r.floorFormula)
		fmt.Fprintf(w, "wall/floor:  %.2f\n", r.ratio())
	} else {
		fmt.Fprintf(w, "floor:       n/a (the mock adds no delay to reads)\n")
		fmt.Fprintf(w, "wall/floor:  n/a\n")
	}
	if len(r.requests) > 0 {
		change := ""
		if r.firstChange > 0 {
			change = fmt.Sprintf(", first change (%s) at %s", firstChangeName(r.s.kind), r.firstChange.Round(time.Millisecond))
		}
		fmt.Fprintf(w, "phases:      from the start of the command: first API call at %s%s, last API call at %s, exit at %s\n",
			r.firstCall.Round(time.Millisecond), change, r.lastCall.Round(time.Millisecond), r.wall.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "requests:    %d in all\n", len(r.requests))
	keys := make([]string, 0, len(r.counts))
	for k := range r.counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %s: %d\n", k, r.counts[k])
	}
	if r.s.kind == kindPlan {
		fmt.Fprintf(w, "per cluster: %.2f GETs, %.2f API calls besides /auth/time, %d mutating calls in all\n",
			float64(r.counts["GET "+routeCluster])/float64(r.s.n), float64(r.apiCalls())/float64(r.s.n), r.mutating())
	}
	if r.lag.n > 0 || r.lag.unobserved > 0 {
		what := "READY"
		if r.s.kind == kindDestroy {
			what = "gone (404)"
		}
		fmt.Fprintf(w, "polling:     %.1f GETs per cluster; the provider saw a cluster %s %s after it was (mean; max %s), "+
			"then needed %s more on it (mean)",
			r.lag.polls, what, r.lag.mean.Round(time.Millisecond), r.lag.max.Round(time.Millisecond), r.lag.afterSeen.Round(time.Millisecond))
		if r.lag.unobserved > 0 {
			fmt.Fprintf(w, "; %d clusters never seen so", r.lag.unobserved)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "memory:      provider peak %.1f MiB (max VmHWM of %d provider processes, %d samples); CLI peak %.1f MiB\n",
		mib(r.mem.providerPeakKiB), r.mem.providers, r.mem.samples, mib(r.mem.cliPeakKiB))
	fmt.Fprintf(w, "cpu:         %s in all for the CLI and its provider processes, of which %s in the provider; %s in the mock and sampler (this process)\n",
		r.cpu.Round(10*time.Millisecond), r.mem.providerCPU.Round(10*time.Millisecond), r.harnessCPU.Round(10*time.Millisecond))
	for _, p := range r.problems {
		fmt.Fprintf(w, "PROBLEM:     %s\n", p)
	}
	for _, t := range r.targets {
		fmt.Fprintf(w, "target:      %s: %s (%s)\n", t.name, metWord(t.met), t.note)
	}
}

func firstChangeName(k kind) string {
	if k == kindDestroy {
		return "DELETE"
	}
	return "POST"
}

func metWord(met bool) string {
	if met {
		return "met"
	}
	return "NOT MET"
}

func printSummary(results []*result) {
	if len(results) == 0 {
		return
	}
	fmt.Println("\n== summary")
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\twall\tfloor\tratio\tAPI calls\tGET/cluster\tprovider MiB\tCLI MiB\ttargets")
	for _, r := range results {
		floor, ratio := "n/a", "n/a"
		if r.floor > 0 {
			floor = r.floor.Round(time.Millisecond).String()
			ratio = fmt.Sprintf("%.2f", r.ratio())
		}
		var ts []string
		for _, t := range r.targets {
			ts = append(ts, fmt.Sprintf("%s: %s", t.name, metWord(t.met)))
		}
		if len(r.problems) > 0 {
			ts = append(ts, fmt.Sprintf("%d PROBLEMS", len(r.problems)))
		}
		if len(ts) == 0 {
			ts = append(ts, "-")
		}
		fmt.Fprintf(tw, "%s) %s\t%s\t%s\t%s\t%d\t%.2f\t%.1f\t%.1f\t%s\n",
			r.s.key, r.s.title(), r.wall.Round(time.Millisecond), floor, ratio, len(r.requests),
			float64(r.counts["GET "+routeCluster])/float64(r.s.n), mib(r.mem.providerPeakKiB), mib(r.mem.cliPeakKiB),
			strings.Join(ts, "; "))
	}
	_ = tw.Flush()
}
