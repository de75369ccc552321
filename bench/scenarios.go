package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
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
	pools       bool // the n objects are node pools, spread over clusters seeded in the mock
	n           int
	clusters    int  // node pool scenarios: the READY clusters seeded in the mock
	parallelism int  // 0: the CLI's default (10)
	refreshOnly bool // a plan with -refresh-only
}

// noun names one object of the scenario.
func (s scenario) noun() string {
	if s.pools {
		return "node pool"
	}
	return "cluster"
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// getRoute is the route of the read of one object of the scenario.
func (s scenario) getRoute() string {
	if s.pools {
		return routePool
	}
	return routeCluster
}

// objectID is the id of the object of the scenario a request is about, or "".
func (s scenario) objectID(r ovhmock.Request) string {
	if s.pools {
		return pathID(r, "/nodepool/")
	}
	return pathID(r, "/kube/")
}

func (s scenario) title() string {
	what := string(s.kind)
	if s.refreshOnly {
		what = "refresh-only " + what
	}
	t := fmt.Sprintf("%s of %s", what, plural(s.n, s.noun()))
	if s.pools {
		if s.kind == kindApply {
			t += " on " + plural(s.clusters, "existing cluster")
		} else {
			t += " on " + plural(s.clusters, "cluster")
		}
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
	{key: "c", kind: kindPlan, n: 100, refreshOnly: true},
	{key: "d", kind: kindPlan, n: 500, refreshOnly: true},
	{key: "e", kind: kindDestroy, n: 50, parallelism: 10},
	{key: "f", kind: kindApply, pools: true, n: 5, clusters: 1, parallelism: 10},
	{key: "g", kind: kindPlan, pools: true, n: 100, clusters: 4, refreshOnly: true},
	{key: "h", kind: kindPlan, n: 100},
	{key: "i", kind: kindPlan, n: 500},
}

func scenarioKeys() string {
	keys := make([]string, len(scenarios))
	for i, s := range scenarios {
		keys[i] = s.key
	}
	return strings.Join(keys, ",")
}

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
	left         int           // objects of the scenario's kind the mock holds afterwards
	clustersLeft int
	problems     []string
	targets      []target
	profile      string // the top entries of the profiles, with -profile
}

type target struct {
	name       string
	met        bool
	unmeasured bool // what it is about was not measured here; met is meaningless
	note       string
}

func (b *bench) runScenario(s scenario) (*result, error) {
	dir := filepath.Join(b.scratch, fmt.Sprintf("%s-%s-%d", s.key, s.kind, s.n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	r := &result{s: s, dir: dir}
	writeConfig := func(kubeIDs []string) error {
		return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(s.mainTF(kubeIDs)), 0o644)
	}

	if s.kind != kindApply {
		if err := b.setUp(s, dir, writeConfig); err != nil {
			return nil, err
		}
	} else {
		measured := ovhmock.New(ovhmock.Options{Timings: b.timings})
		kubeIDs, err := seedClusters(measured, s)
		if err != nil {
			return nil, err
		}
		if err := writeConfig(kubeIDs); err != nil {
			return nil, err
		}
		b.mocks.set(measured)
	}
	mock := b.mocks.mock()
	mock.ResetRequests()

	args := []string{string(s.kind), "-input=false", "-no-color"}
	if s.kind == kindPlan {
		args = append(args, "-detailed-exitcode")
		if s.refreshOnly {
			args = append(args, "-refresh-only")
		}
	} else {
		args = append(args, "-auto-approve")
	}
	if s.parallelism > 0 {
		args = append(args, fmt.Sprintf("-parallelism=%d", s.parallelism))
	}
	var env []string
	profileDir := ""
	if b.cfg.profile != "" {
		profileDir = filepath.Join(b.cfg.profile, filepath.Base(dir))
		if err := os.MkdirAll(profileDir, 0o755); err != nil {
			return nil, err
		}
		env = append(env, profileEnv+"="+profileDir)
	}
	m, err := b.cliRun(dir, "measured", env, args...)
	if err != nil {
		return nil, err
	}
	if profileDir != "" {
		r.profile, err = b.summariseProfiles(profileDir)
		if err != nil {
			return nil, fmt.Errorf("profiles in %s: %w", profileDir, err)
		}
	}
	r.wall, r.mem, r.cpu, r.harnessCPU, r.exitCode = m.wall, m.mem, m.cpu, m.harnessCPU, m.exitCode
	r.requests = mock.Requests()
	r.counts = mock.Counts()
	r.left = s.count(mock)
	r.clustersLeft = len(mock.Clusters(project))
	if raw, err := json.MarshalIndent(r.requests, "", "  "); err == nil {
		// The request log of the measured command, for a look with -keep.
		_ = os.WriteFile(filepath.Join(dir, "requests.json"), raw, 0o644)
	}

	switch {
	case s.kind == kindPlan && s.refreshOnly && m.exitCode == 2 && refreshFoundNothing(m.log):
		// Terraform's refresh-only plans exit 2 when the order of the
		// sensitive paths in the refreshed state differs from the prior
		// one's (hashicorp/terraform#36403), which depends on a map's
		// iteration order; the plan says it found no change.
	case s.kind == kindPlan && m.exitCode == 2:
		r.planChanges = true
		r.problems = append(r.problems, "the plan found changes: a refresh right after an apply must be a no-op")
	case m.exitCode != 0:
		r.problems = append(r.problems, fmt.Sprintf("%s exited %d; log: %s\n%s", s.kind, m.exitCode, m.log, tail(m.log, 30)))
	}
	switch s.kind {
	case kindApply, kindPlan:
		if r.left != s.n {
			r.problems = append(r.problems, fmt.Sprintf("the mock holds %s, want %d", plural(r.left, s.noun()), s.n))
		}
	case kindDestroy:
		if r.left != 0 {
			r.problems = append(r.problems, fmt.Sprintf("the mock still holds %s after the destroy", plural(r.left, s.noun())))
		}
	}
	if s.pools && r.clustersLeft != s.clusters {
		r.problems = append(r.problems, fmt.Sprintf("the mock holds %s, want the %d seeded", plural(r.clustersLeft, "cluster"), s.clusters))
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
		r.lag = createLag(r.requests, b.mocks.creations(), s.getRoute(), s.objectID, b.createTime(s))
	case kindDestroy:
		r.lag = deleteLag(r.requests, b.timings.Delete)
	}
	r.judge(b.timings)
	return r, nil
}

// setup is what a plan or destroy scenario starts from, kept for the next
// scenario over the same objects, and with -setups for the next runs.
type setup struct {
	from      string // where it was made
	mainTF    []byte
	tfstate   []byte
	mockState []byte
}

// setupKey names the objects of a scenario.
func (s scenario) setupKey() string {
	if s.pools {
		return fmt.Sprintf("pools-%d-on-%d", s.n, s.clusters)
	}
	return fmt.Sprintf("clusters-%d", s.n)
}

var setupFiles = []string{"main.tf", "terraform.tfstate", "mock-state.json"}

func (st *setup) files() []*[]byte { return []*[]byte{&st.mainTF, &st.tfstate, &st.mockState} }

// savedSetup reads the setup of s from the -setups directory. One made for
// another configuration is not used.
func (b *bench) savedSetup(s scenario) (setup, bool) {
	if b.cfg.setups == "" {
		return setup{}, false
	}
	dir := filepath.Join(b.cfg.setups, s.setupKey())
	st := setup{from: dir}
	for i, f := range st.files() {
		raw, err := os.ReadFile(filepath.Join(dir, setupFiles[i]))
		if err != nil {
			return setup{}, false
		}
		*f = raw
	}
	if !s.pools && !bytes.Equal(st.mainTF, []byte(s.mainTF(nil))) {
		return setup{}, false
	}
	return st, true
}

func (b *bench) saveSetup(s scenario, st setup) error {
	if b.cfg.setups == "" {
		return nil
	}
	dir := filepath.Join(b.cfg.setups, s.setupKey())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, f := range st.files() {
		if err := os.WriteFile(filepath.Join(dir, setupFiles[i]), *f, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// setUp creates the objects to refresh or destroy against a mock whose
// transitions are instant, which is not measured, then serves a fresh mock
// loaded with them, its request log empty. A later scenario over the same
// objects, or a later run with the same -setups directory, starts from a copy:
// the same configuration, state and mock state.
func (b *bench) setUp(s scenario, dir string, writeConfig func(kubeIDs []string) error) error {
	st, ok := b.setups[s.setupKey()]
	if !ok {
		st, ok = b.savedSetup(s)
	}
	if ok {
		for i, f := range st.files()[:2] {
			if err := os.WriteFile(filepath.Join(dir, setupFiles[i]), *f, 0o644); err != nil {
				return err
			}
		}
		fmt.Printf("setup: the %s of %s, reused\n", plural(s.n, s.noun()), st.from)
		b.setups[s.setupKey()] = st
		return b.serveState(st.mockState)
	}
	fast := ovhmock.New(ovhmock.Options{Timings: ovhmock.Timings{
		NotFoundAfterCreate: time.Nanosecond, Install: time.Nanosecond, Update: time.Nanosecond,
		Reset: time.Nanosecond, Redeploy: time.Nanosecond, Delete: time.Nanosecond,
	}})
	kubeIDs, err := seedClusters(fast, s)
	if err != nil {
		return err
	}
	if err := writeConfig(kubeIDs); err != nil {
		return err
	}
	b.mocks.set(fast)
	t0 := time.Now()
	m, err := b.cliRun(dir, "setup", nil, "apply", "-input=false", "-no-color", "-auto-approve", fmt.Sprintf("-parallelism=%d", setupPar))
	if err != nil {
		return err
	}
	if m.exitCode != 0 {
		return fmt.Errorf("setup apply failed (exit %d); log: %s\n%s", m.exitCode, m.log, tail(m.log, 30))
	}
	if got := s.count(fast); got != s.n {
		return fmt.Errorf("setup apply left %s, want %d", plural(got, s.noun()), s.n)
	}
	fmt.Printf("setup: %s created in %s (instant mock, -parallelism=%d; not measured)\n",
		plural(s.n, s.noun()), time.Since(t0).Round(10*time.Millisecond), setupPar)
	var state bytes.Buffer
	if err := fast.SaveState(&state); err != nil {
		return err
	}
	st = setup{from: filepath.Base(dir), mockState: state.Bytes()}
	for i, f := range st.files()[:2] {
		if *f, err = os.ReadFile(filepath.Join(dir, setupFiles[i])); err != nil {
			return err
		}
	}
	b.setups[s.setupKey()] = st
	if err := b.saveSetup(s, st); err != nil {
		return err
	}
	return b.serveState(st.mockState)
}

// serveState serves a new mock, with the measured timings, loaded with state.
func (b *bench) serveState(state []byte) error {
	measured := ovhmock.New(ovhmock.Options{Timings: b.timings})
	if err := measured.LoadState(bytes.NewReader(state)); err != nil {
		return err
	}
	b.mocks.set(measured)
	return nil
}

// refreshFoundNothing reports whether the output of a refresh-only plan says
// it found no change.
func refreshFoundNothing(logPath string) bool {
	raw, err := os.ReadFile(logPath)
	return err == nil && bytes.Contains(raw, []byte("\nNo changes. Your infrastructure still matches the configuration."))
}

// seedClusters adds the READY clusters a node pool scenario works on and
// returns their ids; cluster scenarios start from an empty mock.
func seedClusters(m *ovhmock.Mock, s scenario) ([]string, error) {
	if !s.pools {
		return nil, nil
	}
	for i := range s.clusters {
		if err := m.AddCluster(project, ovhmock.Cluster{Name: fmt.Sprintf("bench-pools-%d", i), Region: "GRA11", Status: ovhmock.StatusReady}); err != nil {
			return nil, err
		}
	}
	var ids []string
	for _, c := range m.Clusters(project) {
		ids = append(ids, c.ID)
	}
	if len(ids) != s.clusters {
		return nil, fmt.Errorf("seeding left %d clusters, want %d", len(ids), s.clusters)
	}
	fmt.Printf("seeded: %s READY in the mock\n", plural(s.clusters, "cluster"))
	return ids, nil
}

// count is the number of objects of the scenario's kind the mock holds.
func (s scenario) count(m *ovhmock.Mock) int {
	clusters := m.Clusters(project)
	if !s.pools {
		return len(clusters)
	}
	n := 0
	for _, c := range clusters {
		n += len(m.NodePools(project, c.ID))
	}
	return n
}

// createTime is the time from a creation's POST to its object turning READY.
func (b *bench) createTime(s scenario) time.Duration {
	if s.pools {
		return b.timings.NotFoundAfterCreate + b.timings.NodePoolInstall
	}
	return b.timings.NotFoundAfterCreate + b.timings.Install
}

// floor is the least wall time the mock's own delays allow, whatever the
// provider does:
//
//   - apply of N clusters at parallelism P: the CLI runs at most P creations at
//     a time, and no creation can end before the mock reports its cluster
//     READY, NotFoundAfterCreate+Install after the POST. So at least ceil(N/P)
//     creations follow each other in some slot: ceil(N/P) x create time. (It is
//     a lower bound: it counts neither the CLI's start nor the provider's.)
//   - apply of N node pools: likewise, with NotFoundAfterCreate+NodePoolInstall.
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
		install, what := b.timings.Install, "install"
		if r.s.pools {
			install, what = b.timings.NodePoolInstall, "node pool install"
		}
		r.floor = time.Duration(batches) * b.createTime(r.s)
		r.floorFormula = fmt.Sprintf("ceil(%d/%d) x (%s 404 + %s %s)", r.s.n, p, b.timings.NotFoundAfterCreate, install, what)
	case kindDestroy:
		r.floor = time.Duration(batches) * b.timings.Delete
		r.floorFormula = fmt.Sprintf("ceil(%d/%d) x %s delete", r.s.n, p, b.timings.Delete)
	}
}

// judge checks the targets that apply to this scenario.
func (r *result) judge(t ovhmock.Timings) {
	ok := len(r.problems) == 0
	switch {
	case r.s.kind == kindApply && r.s.pools:
		ratio := r.ratio()
		r.targets = append(r.targets, target{name: "wall <= 1.3 x floor", met: ok && ratio <= 1.3,
			note: fmt.Sprintf("%.2fx; limit %s", ratio, (r.floor * 13 / 10).Round(time.Millisecond))})
	case r.s.kind == kindApply && r.s.n == 1:
		// Against the install time alone (the -create-time flag), a hair
		// stricter than against the floor, which adds the 404 window.
		limit := t.Install * 13 / 10
		r.targets = append(r.targets, target{name: "wall <= 1.3 x create time", met: ok && r.wall <= limit,
			note: fmt.Sprintf("%.2fx %s; limit %s", float64(r.wall)/float64(t.Install), t.Install, limit)})
	case r.s.kind == kindApply:
		ratio := r.ratio()
		r.targets = append(r.targets, target{name: "wall <= 1.5 x floor", met: ok && ratio <= 1.5,
			note: fmt.Sprintf("%.2fx; limit %s", ratio, (r.floor * 15 / 10).Round(time.Millisecond))})
	case r.s.kind == kindPlan:
		calls := r.apiCalls()
		gets := r.counts["GET "+r.s.getRoute()]
		once, objects := r.readOnce()
		note := fmt.Sprintf("%d GETs of a %s, %d %ss read exactly once, %d calls in all (besides /auth/time) for %s",
			gets, r.s.noun(), once, r.s.noun(), calls, plural(r.s.n, r.s.noun()))
		if r.s.pools {
			note += fmt.Sprintf("; %d flavor lookups", r.counts["GET "+routeFlavors])
		}
		r.targets = append(r.targets, target{name: "1 API call per " + r.s.noun(),
			met:  ok && calls == r.s.n && gets == r.s.n && once == r.s.n && objects == r.s.n,
			note: note})
		if mut := r.mutating(); mut != 0 {
			r.targets = append(r.targets, target{name: "no mutating call", note: fmt.Sprintf("%d mutating calls", mut)})
		}
		if r.s.n >= 500 {
			r.targets = append(r.targets, target{name: "wall < 30s", met: ok && r.wall < 30*time.Second,
				note: r.wall.Round(10 * time.Millisecond).String()})
			peak := target{name: "provider peak < 200 MiB", unmeasured: true, note: "/proc is read on Linux only"}
			if r.mem.measured {
				peak = target{name: peak.name, met: ok && r.mem.providerPeakKiB > 0 && r.mem.providerPeakKiB < 200*1024,
					note: fmt.Sprintf("%.1f MiB", mib(r.mem.providerPeakKiB))}
			}
			r.targets = append(r.targets, peak)
		}
		if c, known := planCostTargets[r.s.n]; known && r.s.refreshOnly && !r.s.pools {
			r.targets = append(r.targets, r.planCost(c, ok)...)
		}
	}
}

// planCost is what a refresh-only plan of clusters may cost, by number of
// clusters: wall time, CPU time of the provider processes, their peak
// resident memory in MB (10^6 bytes). The official provider's, measured the
// same way on a 2-core machine: 1.31 s, 0.65 s and 44 MB at 100 clusters,
// 5.99 s, 3.11 s and 45 MB at 500.
type planCost struct {
	wall, cpu time.Duration
	mb        float64
}

var planCostTargets = map[int]planCost{
	100: {wall: 1300 * time.Millisecond, cpu: 1200 * time.Millisecond, mb: 50},
	500: {wall: 6 * time.Second, cpu: 6 * time.Second, mb: 60},
}

// peakGrowth bounds the provider's peak memory at 500 clusters against its
// peak at 100: memory must stay flat as the number of resources grows.
const peakGrowth = 1.2

func mb(kib int64) float64 { return float64(kib) * 1024 / 1e6 }

func (r *result) planCost(c planCost, ok bool) []target {
	out := []target{{name: fmt.Sprintf("wall <= %s", c.wall), met: ok && r.wall <= c.wall,
		note: r.wall.Round(10 * time.Millisecond).String()}}
	if !r.mem.measured {
		return append(out,
			target{name: fmt.Sprintf("provider CPU <= %s", c.cpu), unmeasured: true, note: "/proc is read on Linux only"},
			target{name: fmt.Sprintf("provider peak <= %.0f MB", c.mb), unmeasured: true, note: "/proc is read on Linux only"})
	}
	return append(out,
		target{name: fmt.Sprintf("provider CPU <= %s", c.cpu), met: ok && r.mem.providerCPU <= c.cpu,
			note: r.mem.providerCPU.Round(10 * time.Millisecond).String()},
		target{name: fmt.Sprintf("provider peak <= %.0f MB", c.mb), met: ok && r.mem.providerPeakKiB > 0 && mb(r.mem.providerPeakKiB) <= c.mb,
			note: fmt.Sprintf("%.1f MB (%.1f MiB)", mb(r.mem.providerPeakKiB), mib(r.mem.providerPeakKiB))})
}

// readOnce counts the objects of the scenario that were read (GET of the
// object's route), and those read exactly once.
func (r *result) readOnce() (once, objects int) {
	reads := map[string]int{}
	for _, q := range r.requests {
		if q.Method == http.MethodGet && q.Route == r.s.getRoute() {
			reads[r.s.objectID(q)]++
		}
	}
	for _, n := range reads {
		if n == 1 {
			once++
		}
	}
	return once, len(reads)
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

func (s scenario) mainTF(kubeIDs []string) string {
	if s.pools {
		return poolTF(s.n, kubeIDs)
	}
	return mainTF(s.n)
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
    iptables {
      min_sync_period = "PT1S"
      sync_period     = "PT30S"
    }
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

// poolTF spreads n node pools over the given clusters, round robin.
func poolTF(n int, kubeIDs []string) string {
	quoted := make([]string, len(kubeIDs))
	for i, id := range kubeIDs {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    ovh = {
      source = "ovh/ovh"
    }
  }
}

# Endpoint, credentials and service_name come from the OVH_* variables.
provider "ovh" {}

locals {
  kube_ids = [%s]
}

resource "ovh_cloud_project_kube_nodepool" "p" {
  count         = %d
  kube_id       = local.kube_ids[count.index %% length(local.kube_ids)]
  name          = "pool-${count.index}"
  flavor_name   = "b3-8"
  desired_nodes = 1
  max_nodes     = 3

  template {
    metadata {
      labels = { role = "bench", pool = "pool-${count.index}" }
    }
    spec {
      taints = [{ key = "dedicated", value = "bench", effect = "NoSchedule" }]
    }
  }
}
`, strings.Join(quoted, ", "), n)
}
