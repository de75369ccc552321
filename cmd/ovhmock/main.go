// Command ovhmock serves the mock OVHcloud API for Managed Kubernetes, for
// demos, manual tests and CI jobs that run Terraform or OpenTofu without an
// OVHcloud account.
//
// It prints the environment that points go-ovh, this provider and the
// official OVH provider at it, as shell export lines for one authentication
// method, then serves until SIGINT or SIGTERM, saves -state and logs that it
// stopped:
//
//	make mock
//	bin/ovhmock -listen 127.0.0.1:8080 -state .mock/state.json -env-file .mock/env
//
// `go run ./cmd/ovhmock` works too, but a signal sent to the go command
// does not reach the mock: stop that one with Ctrl-C.
//
// Run it with -h for the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unicode"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

func main() {
	os.Exit(exitCode())
}

func exitCode() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2 // the flag package has already said what was wrong
	default:
		fmt.Fprintln(os.Stderr, "ovhmock:", err)
		return 1
	}
}

var errUsage = errors.New("invalid command line")

// config is the parsed command line.
type config struct {
	listen, stateFile, envFile string
	envFormat, envAuth         string
	opts                       ovhmock.Options
}

// Forms of the printed environment (-print-env) and the authentication
// method it sets (-print-auth).
const (
	envShell  = "shell"
	envDotenv = "dotenv"
	authKey   = "key"
	authToken = "token"
)

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var (
		cfg                         config
		projects, regions, versions string
		timings, flavors            string
		createTime, poolCreateTime  time.Duration
		staleStatus, logOpTime      time.Duration
		logStreams, failingStreams  string
		etcd                        = ovhmock.DefaultEtcdUsage()
		flags                       = flag.NewFlagSet("ovhmock", flag.ContinueOnError)
		o                           = &cfg.opts
	)
	flags.SetOutput(stderr)
	flags.StringVar(&cfg.listen, "listen", "127.0.0.1:8080", "address to listen on; port 0 picks a free port")
	flags.StringVar(&o.ApplicationKey, "application-key", ovhmock.DefaultApplicationKey, "accepted application key")
	flags.StringVar(&o.ApplicationSecret, "application-secret", ovhmock.DefaultApplicationSecret, "accepted application secret")
	flags.StringVar(&o.ConsumerKey, "consumer-key", ovhmock.DefaultConsumerKey, "accepted consumer key")
	flags.StringVar(&o.AccessToken, "access-token", ovhmock.DefaultAccessToken, "accepted bearer token")
	flags.StringVar(&projects, "projects", strings.Join(ovhmock.DefaultProjects(), ","),
		"comma-separated known project service names; the first is printed as OVH_CLOUD_PROJECT_SERVICE")
	flags.StringVar(&regions, "regions", strings.Join(ovhmock.DefaultRegions, ","), "comma-separated accepted regions")
	flags.StringVar(&versions, "versions", strings.Join(ovhmock.DefaultVersions, ","), "comma-separated supported minor versions, oldest first")
	flags.StringVar(&o.DefaultKubeProxyMode, "default-kube-proxy-mode", "iptables", "kube-proxy mode of clusters created or reset without one")
	flags.StringVar(&o.ForceKubeProxyMode, "force-kube-proxy-mode", "", "give every created or reset cluster this kube-proxy mode, whatever was asked")
	flags.BoolVar(&o.CanonicalDurations, "canonical-durations", false, "re-render every duration canonically (PT60S -> PT1M)")
	flags.StringVar(&timings, "timings", "demo", "lifecycle timings: test (milliseconds) or demo (seconds)")
	flags.DurationVar(&createTime, "create-time", 0, "time a new cluster spends INSTALLING (overrides -timings)")
	flags.DurationVar(&poolCreateTime, "nodepool-create-time", 0, "time a new node pool spends INSTALLING (overrides -timings)")
	flags.DurationVar(&staleStatus, "stale-status", 0,
		"how long, after a change of IP restrictions or OIDC, a cluster's GET still reads the status it had before (READY) while the redeploy runs and changes under the cluster answer 409; 0 off")
	flags.StringVar(&logStreams, "log-streams", strings.Join(ovhmock.DefaultLogStreams, ","),
		"comma-separated Logs Data Platform stream ids (of service "+ovhmock.LogService+") a log subscription may name; others answer 404")
	flags.StringVar(&failingStreams, "log-failing-streams", "",
		"comma-separated stream ids whose log subscription operations end in FAILURE (the subscription then gone)")
	flags.DurationVar(&logOpTime, "log-operation-time", 0,
		"time the Logs Data Platform operation of a log subscription change takes, PENDING then RUNNING then SUCCESS (overrides -timings)")
	flags.StringVar(&flavors, "flavors", strings.Join(flavorNames(ovhmock.DefaultFlavors()), ","),
		"comma-separated node flavors of every region; unknown names get specs read from the name (x9-30: 30 GB)")
	flags.BoolVar(&o.NodePoolZonesOptional, "nodepool-zones-optional", false, "accept node pool creations without availabilityZones")
	flags.IntVar(&o.NodePageSize, "node-page-size", ovhmock.DefaultNodePageSize,
		"nodes per page of GET /node and GET /nodepool/{nodePoolId}/nodes when a request sets no X-Pagination-Size")
	flags.StringVar(&o.ResetNodePools, "reset-node-pools", ovhmock.ResetKeepNodePools,
		"what a reset with workerNodesPolicy delete does to node pools: keep (new nodes) or delete")
	flags.StringVar(&o.CiliumOnFree, "cilium-on-free", ovhmock.CiliumOnFreeAccept,
		"what a cilium customization gets on a Free-plan cluster: accept or refuse (400)")
	flags.Int64Var(&etcd.Quota, "etcd-quota", etcd.Quota, "etcd quota of every cluster, in bytes, as GET /metrics/etcdUsage answers it")
	flags.Int64Var(&etcd.Usage, "etcd-usage", etcd.Usage, "etcd usage of every cluster, in bytes, as GET /metrics/etcdUsage answers it")
	flags.Int64Var(&o.Faults.Seed, "fault-seed", 0, "seed of the fault draws; when not 0, also of the generated cluster ids")
	flags.Float64Var(&o.Faults.ServerErrorRate, "fault-5xx-rate", 0, "fraction of API requests answered 500/502/503")
	flags.Float64Var(&o.Faults.RateLimitRate, "fault-429-rate", 0, "fraction of API requests answered 429")
	flags.DurationVar(&o.Faults.RetryAfter, "fault-retry-after", time.Second, "Retry-After of 429 answers")
	flags.DurationVar(&o.Faults.Latency, "fault-latency", 0, "latency added to every request")
	flags.Float64Var(&o.Faults.AppliedThenFailRate, "fault-applied-then-fail-rate", 0, "fraction of changes applied but answered 502")
	flags.Float64Var(&o.Faults.InstallErrorRate, "fault-install-error-rate", 0, "fraction of new clusters ending in ERROR")
	flags.Float64Var(&o.Faults.NodePoolInstallErrorRate, "fault-nodepool-install-error-rate", 0, "fraction of new node pools ending in ERROR")
	flags.StringVar(&cfg.stateFile, "state", "", "state file: loaded at start if it exists, saved on exit (mode 0600: it holds the clusters' private keys)")
	flags.StringVar(&cfg.envFile, "env-file", "", "also write the printed environment to this file (mode 0600)")
	flags.StringVar(&cfg.envFormat, "print-env", envShell, "form of the printed environment: shell (export lines, to source) or dotenv (NAME=value lines, for $GITHUB_ENV or docker --env-file)")
	flags.StringVar(&cfg.envAuth, "print-auth", authKey,
		"authentication method of the printed environment: key (application key, secret and consumer key) or token (OVH_ACCESS_TOKEN); the mock accepts both")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, err
		}
		return cfg, errUsage
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected arguments: %s\n", strings.Join(flags.Args(), " "))
		return cfg, errUsage
	}

	if cfg.envFormat != envShell && cfg.envFormat != envDotenv {
		return cfg, fmt.Errorf("-print-env %q: want %s or %s", cfg.envFormat, envShell, envDotenv)
	}
	if cfg.envAuth != authKey && cfg.envAuth != authToken {
		return cfg, fmt.Errorf("-print-auth %q: want %s or %s", cfg.envAuth, authKey, authToken)
	}
	for name, v := range map[string]string{
		"-application-key": o.ApplicationKey, "-application-secret": o.ApplicationSecret,
		"-consumer-key": o.ConsumerKey, "-access-token": o.AccessToken,
	} {
		// The printed environment is one line per variable.
		if strings.ContainsFunc(v, unicode.IsControl) {
			return cfg, fmt.Errorf("%s: a control character cannot be printed in an environment line", name)
		}
	}

	o.Projects, o.Regions, o.Versions = splitList(projects), splitList(regions), splitList(versions)
	switch timings {
	case "test":
		o.Timings = ovhmock.TestTimings()
	case "demo":
		o.Timings = ovhmock.DemoTimings()
	default:
		return cfg, fmt.Errorf("-timings %q: want test or demo", timings)
	}
	if createTime > 0 {
		o.Timings.Install = createTime
	}
	if poolCreateTime > 0 {
		o.Timings.NodePoolInstall = poolCreateTime
	}
	if staleStatus < 0 {
		return cfg, fmt.Errorf("-stale-status %v: want a duration of 0 or more", staleStatus)
	}
	o.Timings.StaleStatus = staleStatus
	if logOpTime < 0 {
		return cfg, fmt.Errorf("-log-operation-time %v: want a duration of 0 or more", logOpTime)
	}
	if logOpTime > 0 {
		o.Timings.LogOperation = logOpTime
	}
	o.LogStreams, o.FailingLogStreams = splitList(logStreams), splitList(failingStreams)
	o.Flavors = ovhmock.FlavorsNamed(splitList(flavors)...)
	o.Etcd = &etcd
	if err := o.Validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func flavorNames(list []ovhmock.Flavor) []string {
	out := make([]string, len(list))
	for i, f := range list {
		out[i] = f.Name
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// run serves the mock until ctx is done, then shuts down, saves the state
// and logs that it stopped.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	mock := ovhmock.New(cfg.opts)
	if err := loadState(mock, cfg.stateFile); err != nil {
		return err
	}
	// Created at start, so that a state file in a new folder (.mock/) is
	// not lost at exit for want of its folder.
	for _, file := range []string{cfg.stateFile, cfg.envFile} {
		if file != "" {
			if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
				return err
			}
		}
	}

	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return err
	}
	env := environment(cfg, ln.Addr().(*net.TCPAddr))
	if cfg.envFile != "" {
		if err := writePrivateFile(cfg.envFile, func(w io.Writer) error { _, err := io.WriteString(w, env); return err }); err != nil {
			ln.Close()
			return err
		}
	}
	if _, err := io.WriteString(stdout, env); err != nil {
		ln.Close()
		return err
	}
	if f, ok := stdout.(interface{ Sync() error }); ok {
		_ = f.Sync() // a pipe or terminal may refuse; the lines are written anyway
	}

	logger := log.New(stderr, "", log.LstdFlags|log.Lmicroseconds)
	srv := &http.Server{
		Handler:           logRequests(mock, logger),
		ReadHeaderTimeout: 10 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case <-ctx.Done():
	case err := <-served:
		return err // the listener failed; nothing was shut down cleanly to save
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	shutdownErr := srv.Shutdown(shutdownCtx)
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		shutdownErr = errors.Join(shutdownErr, err)
	}
	saveErr := saveState(mock, cfg.stateFile)
	logger.Print(stopLine(context.Cause(ctx), cfg.stateFile, mock, saveErr))
	return errors.Join(shutdownErr, saveErr)
}

// stopLine tells why the mock stopped and where its clusters went: a user
// who stops it from another terminal sees that the signal arrived.
func stopLine(cause error, stateFile string, mock *ovhmock.Mock, saveErr error) string {
	why := "stopped"
	// A signal's cause also matches context.Canceled: compare the words.
	if cause != nil && cause.Error() != context.Canceled.Error() {
		why += " (" + cause.Error() + ")"
	}
	switch {
	case stateFile == "":
		return why + "; no -state file, nothing saved"
	case saveErr != nil:
		return fmt.Sprintf("%s; saving the state to %s failed: %v", why, stateFile, saveErr)
	}
	clusters := 0
	for _, p := range mock.Projects() {
		clusters += len(mock.Clusters(p))
	}
	noun := "clusters"
	if clusters == 1 {
		noun = "cluster"
	}
	return fmt.Sprintf("%s; state saved to %s (%d %s)", why, stateFile, clusters, noun)
}

// environment is what go-ovh and the providers read to reach the mock: the
// endpoint, the credentials of one authentication method (the provider
// refuses two) and the default project.
func environment(cfg config, addr *net.TCPAddr) string {
	o := cfg.opts
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1" // listening everywhere: loopback is one of them
	}
	vars := [][2]string{{"OVH_ENDPOINT", "http://" + net.JoinHostPort(host, fmt.Sprint(addr.Port)) + "/1.0"}}
	keyVars := [][2]string{
		{"OVH_APPLICATION_KEY", o.ApplicationKey},
		{"OVH_APPLICATION_SECRET", o.ApplicationSecret},
		{"OVH_CONSUMER_KEY", o.ConsumerKey},
	}
	tokenVars := [][2]string{{"OVH_ACCESS_TOKEN", o.AccessToken}}
	others := []string{"OVH_CLIENT_ID", "OVH_CLIENT_SECRET"}
	if cfg.envAuth == authToken {
		vars = append(vars, tokenVars...)
		others = append(names(keyVars), others...)
	} else {
		vars = append(vars, keyVars...)
		others = append(names(tokenVars), others...)
	}
	vars = append(vars, [2]string{"OVH_CLOUD_PROJECT_SERVICE", firstOr(o.Projects, ovhmock.DefaultProject)})

	var b strings.Builder
	if cfg.envFormat == envShell {
		// Variables of another method, left in the shell from real
		// credentials, would make the provider refuse the mix.
		fmt.Fprintf(&b, "unset %s\n", strings.Join(others, " "))
	}
	for _, v := range vars {
		if cfg.envFormat == envShell {
			fmt.Fprintf(&b, "export %s=%s\n", v[0], shellQuote(v[1]))
		} else {
			fmt.Fprintf(&b, "%s=%s\n", v[0], v[1])
		}
	}
	return b.String()
}

func names(vars [][2]string) []string {
	out := make([]string, len(vars))
	for i, v := range vars {
		out[i] = v[0]
	}
	return out
}

// shellQuote leaves plain words alone and single-quotes the rest.
func shellQuote(s string) string {
	word := func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-.,:/@%+=", r)
	}
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool { return !word(r) }) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func firstOr(list []string, def string) string {
	if len(list) == 0 {
		return def
	}
	return list[0]
}

func loadState(mock *ovhmock.Mock, path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // first run: the file is created on exit
	}
	if err != nil {
		return err
	}
	defer f.Close()
	return mock.LoadState(f)
}

func saveState(mock *ovhmock.Mock, path string) error {
	if path == "" {
		return nil
	}
	return writePrivateFile(path, mock.SaveState)
}

// writePrivateFile replaces path atomically with what write writes, so that
// an interrupted save never leaves a truncated file, and with mode 0600
// whatever the mode of the file it replaces: the state holds the clusters'
// private keys, the environment the credentials.
func writePrivateFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// logRequests logs one line per request: method, path and status. Headers,
// where signatures and tokens travel, are never logged.
func logRequests(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		logger.Printf("%s %s %d %s", r.Method, r.URL.Path, rec.status, time.Since(start).Round(time.Microsecond))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}
