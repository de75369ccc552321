package ovhmock_test

import (
	"fmt"
	"math/rand"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// instantTimings make every transition end before the next request, so that
// the answers a cluster gets do not depend on when its requests arrive.
var instantTimings = ovhmock.Timings{
	NotFoundAfterCreate: 1, Install: 1, Update: 1, Reset: 1, Redeploy: 1, Delete: 1,
}

var mixedFaults = ovhmock.Faults{ServerErrorRate: 0.2, RateLimitRate: 0.15, AppliedThenFailRate: 0.3}

// scriptedClient works on one cluster: it creates it, retrying until the
// cluster exists, then sends a fixed list of requests whatever the answers.
type scriptedClient struct {
	name     string
	id       string
	attempts int // creation attempts
	step     int // requests of the script sent
}

// clusterScript is what a client sends once its cluster exists. The rename
// shows that a cluster keeps the fault key of the name it was created with.
var clusterScript = []struct{ method, rest, body string }{
	{"GET", "", ""},
	{"PUT", "/updatePolicy", `{"updatePolicy":"MINIMAL_DOWNTIME"}`},
	{"GET", "/customization", ""},
	{"PUT", "/customization", `{"kubeProxy":{"ipvs":{"scheduler":"lc"}}}`},
	{"POST", "/ipRestrictions", `{"ips":["192.0.2.0/24"]}`},
	{"GET", "/ipRestrictions", ""},
	{"PUT", "", `{"name":"alias"}`},
	{"POST", "/kubeconfig", ""},
}

// next returns the client's next request, or false once it is done.
func (c *scriptedClient) next(e *env) (raw, bool) {
	e.t.Helper()
	if c.id == "" {
		// A creation answered 502 may have been applied: the cluster
		// exists when the mock says so, whatever the answer was.
		for _, cl := range e.mock.Clusters(e.project()) {
			if cl.Name == c.name {
				c.id = cl.ID
			}
		}
	}
	if c.id == "" {
		if c.attempts++; c.attempts > 50 {
			e.t.Fatalf("cluster %s still not created after 50 attempts", c.name)
		}
		return e.signed("POST", e.kube, mustJSON(e.t, map[string]any{"region": "GRA7", "name": c.name})), true
	}
	const rounds = 3
	if c.step >= rounds*len(clusterScript) {
		return raw{}, false
	}
	s := clusterScript[c.step%len(clusterScript)]
	c.step++
	return e.signed(s.method, e.path(c.id, s.rest), s.body), true
}

// outcome is what one request met, without what differs between runs
// anyway (times, query ids).
type outcome struct {
	Method, Path, Route string
	Status              int
	Fault               string
}

// runInterleaved drives clients for the given cluster names, one request at a
// time, picking the next client with pick, and returns what each cluster's
// requests met, in order.
func runInterleaved(t *testing.T, faults ovhmock.Faults, names []string, pick func(live []int) int) map[string][]outcome {
	t.Helper()
	e := newEnv(t, ovhmock.Options{Timings: instantTimings, Faults: faults})
	clients := make([]*scriptedClient, len(names))
	for i, n := range names {
		clients[i] = &scriptedClient{name: n}
	}
	var owners []string
	live := make([]int, len(clients))
	for i := range live {
		live[i] = i
	}
	for len(live) > 0 {
		j := pick(live)
		c := clients[live[j]]
		r, more := c.next(e)
		if !more {
			live = slices.Delete(live, j, j+1)
			continue
		}
		e.do(r)
		owners = append(owners, c.name)
	}
	log := e.mock.Requests()
	if len(log) != len(owners) {
		t.Fatalf("%d requests logged, %d sent", len(log), len(owners))
	}
	out := map[string][]outcome{}
	for i, r := range log {
		out[owners[i]] = append(out[owners[i]], outcome{r.Method, r.Path, r.Route, r.Status, r.Fault})
	}
	return out
}

func roundRobin() func([]int) int {
	n := 0
	return func(live []int) int { n++; return n % len(live) }
}

func shuffled(seed int64) func([]int) int {
	rng := rand.New(rand.NewSource(seed))
	return func(live []int) int { return rng.Intn(len(live)) }
}

func sequential([]int) int { return 0 }

func TestFaultsDoNotDependOnInterleaving(t *testing.T) {
	names := []string{"alpha", "bravo", "charlie", "delta"}
	faults := mixedFaults
	faults.Seed = 11
	reference := runInterleaved(t, faults, names, sequential)
	kinds := map[string]int{}
	for _, seq := range reference {
		for _, o := range seq {
			kinds[o.Fault]++
		}
	}
	if kinds[ovhmock.FaultServerError] == 0 || kinds[ovhmock.FaultRateLimited] == 0 || kinds[ovhmock.FaultAppliedThenFail] == 0 {
		t.Fatalf("faults met: %v; want every kind, so that the comparison means something", kinds)
	}
	for name, pick := range map[string]func([]int) int{
		"round robin": roundRobin(), "shuffled 1": shuffled(1), "shuffled 2": shuffled(2),
	} {
		got := runInterleaved(t, faults, names, pick)
		for _, n := range names {
			if !slices.Equal(got[n], reference[n]) {
				t.Errorf("%s: cluster %s met\n%v\nwhere alone it met\n%v", name, n, got[n], reference[n])
			}
		}
	}
}

// pattern is a cluster's sequence of outcomes without its paths, which
// differ between seeds anyway since the ids do.
func pattern(seq []outcome) []outcome {
	out := slices.Clone(seq)
	for i := range out {
		out[i].Path = ""
	}
	return out
}

func TestAnotherSeedFaultsOtherRequests(t *testing.T) {
	names := []string{"alpha", "bravo"}
	a, b := mixedFaults, mixedFaults
	a.Seed, b.Seed = 11, 12
	first, second := runInterleaved(t, a, names, sequential), runInterleaved(t, b, names, sequential)
	for _, n := range names {
		if slices.Equal(pattern(first[n]), pattern(second[n])) {
			t.Errorf("cluster %s met the same faults under seeds 11 and 12", n)
		}
	}
}

// faultedIndexes sends the same requests to a fresh mock and returns the
// indexes of the faulted ones.
func faultedIndexes(t *testing.T, faults ovhmock.Faults, method, rest, body string) []int {
	t.Helper()
	e := newFakeEnv(t, ovhmock.Options{Faults: faults})
	if err := e.mock.AddCluster(e.project(), ovhmock.Cluster{ID: "c1", Name: "one"}); err != nil {
		t.Fatal(err)
	}
	for range 200 {
		e.do(e.signed(method, e.path("c1", rest), body))
	}
	var out []int
	for i, r := range e.mock.Requests() {
		if r.Fault != "" {
			out = append(out, i)
		} else if r.Status != http.StatusOK {
			t.Fatalf("request %d answered %d without a fault", i, r.Status)
		}
	}
	return out
}

func TestHigherRateFailsASuperset(t *testing.T) {
	for _, tt := range []struct {
		name               string
		low, high          ovhmock.Faults
		method, rest, body string
	}{
		{"server errors", ovhmock.Faults{Seed: 5, ServerErrorRate: 0.1}, ovhmock.Faults{Seed: 5, ServerErrorRate: 0.4}, "GET", "", ""},
		{"rate limits", ovhmock.Faults{Seed: 5, RateLimitRate: 0.1}, ovhmock.Faults{Seed: 5, RateLimitRate: 0.4}, "GET", "/customization", ""},
		{"applied then failed", ovhmock.Faults{Seed: 5, AppliedThenFailRate: 0.1}, ovhmock.Faults{Seed: 5, AppliedThenFailRate: 0.4},
			"PUT", "/updatePolicy", `{"updatePolicy":"MINIMAL_DOWNTIME"}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			low := faultedIndexes(t, tt.low, tt.method, tt.rest, tt.body)
			high := faultedIndexes(t, tt.high, tt.method, tt.rest, tt.body)
			if len(low) == 0 || len(high) <= len(low) {
				t.Fatalf("%d faults at the low rate, %d at the high one", len(low), len(high))
			}
			for _, i := range low {
				if !slices.Contains(high, i) {
					t.Fatalf("request %d failed at the low rate but not at the high one", i)
				}
			}
		})
	}
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// createdIDs creates clusters with the given names ("" for none) in a fresh
// mock and returns their ids.
func createdIDs(t *testing.T, seed int64, names ...string) []string {
	t.Helper()
	e := newFakeEnv(t, ovhmock.Options{Faults: ovhmock.Faults{Seed: seed}})
	var ids []string
	for _, n := range names {
		body := map[string]any{"region": "GRA7"}
		if n != "" {
			body["name"] = n
		}
		ids = append(ids, e.create(body).ID)
	}
	return ids
}

func TestSeedMakesIDsDeterministic(t *testing.T) {
	names := []string{"a", "b", "a", "", ""}
	first, again := createdIDs(t, 9, names...), createdIDs(t, 9, names...)
	if !slices.Equal(first, again) {
		t.Fatalf("seed 9 gave %v, then %v", first, again)
	}
	seen := map[string]bool{}
	for _, id := range first {
		if !uuidV4.MatchString(id) || seen[id] {
			t.Fatalf("ids %v: want distinct version 4 UUIDs", first)
		}
		seen[id] = true
	}
	// An id depends on its cluster's name and on the ids that name was given
	// before, not on the other clusters.
	if alone := createdIDs(t, 9, "b"); alone[0] != first[1] {
		t.Fatalf("b alone got %s, after a %s", alone[0], first[1])
	}
	if other := createdIDs(t, 10, names...); other[0] == first[0] || other[1] == first[1] {
		t.Fatalf("seeds 9 and 10 gave %v and %v", first, other)
	}
	if r1, r2 := createdIDs(t, 0, "a"), createdIDs(t, 0, "a"); r1[0] == r2[0] || !uuidV4.MatchString(r1[0]) {
		t.Fatalf("without a seed, ids %s and %s: want random UUIDs", r1[0], r2[0])
	}

	// AddCluster generates ids the same way.
	m := ovhmock.New(ovhmock.Options{Faults: ovhmock.Faults{Seed: 9}})
	if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{Name: "a"}); err != nil {
		t.Fatal(err)
	}
	if got := m.Clusters(ovhmock.DefaultProject)[0].ID; got != first[0] {
		t.Fatalf("AddCluster gave %s, a creation %s", got, first[0])
	}

	// A restored state keeps its ids, and new clusters never reuse one.
	var state strings.Builder
	if err := m.SaveState(&state); err != nil {
		t.Fatal(err)
	}
	e := newFakeEnv(t, ovhmock.Options{Faults: ovhmock.Faults{Seed: 9}})
	if err := e.mock.LoadState(strings.NewReader(state.String())); err != nil {
		t.Fatal(err)
	}
	if id := e.create(map[string]any{"region": "GRA7", "name": "a"}).ID; id == first[0] || !uuidV4.MatchString(id) {
		t.Fatalf("a new cluster a after a restore got id %s, that of the restored one is %s", id, first[0])
	}
}

func TestFaultsInTheRequestLog(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{Faults: ovhmock.Faults{Seed: 3, RateLimitRate: 0.5, RetryAfter: 1500 * time.Millisecond}})
	for range 20 {
		e.do(e.signed("GET", e.kube, ""))
	}
	log := e.mock.Requests()
	var limited []ovhmock.Request
	for _, r := range log {
		switch {
		case r.Status == http.StatusTooManyRequests:
			if r.Fault != ovhmock.FaultRateLimited || r.RetryAfter != 2*time.Second {
				t.Fatalf("a 429 is logged as %+v", r)
			}
			limited = append(limited, r)
		case r.Fault != "" || r.RetryAfter != 0:
			t.Fatalf("a %d is logged as %+v", r.Status, r)
		}
	}
	if len(limited) == 0 || len(limited) == len(log) {
		t.Fatalf("%d of %d requests limited", len(limited), len(log))
	}
	if got := e.mock.FaultedRequests(); !slices.Equal(got, limited) {
		t.Fatalf("FaultedRequests = %v, want %v", got, limited)
	}
	var overHTTP []map[string]any
	getJSON(t, e.srv.URL+"/_mock/requests", &overHTTP)
	for i, r := range overHTTP {
		want := fmt.Sprint(log[i].Fault != "")
		if fmt.Sprint(r["fault"] != nil) != want || fmt.Sprint(r["retryAfter"] != nil) != want {
			t.Fatalf("entry %d over HTTP = %v", i, r)
		}
		if log[i].Fault != "" && (r["fault"] != ovhmock.FaultRateLimited || r["retryAfter"] != float64(2*time.Second)) {
			t.Fatalf("entry %d over HTTP = %v", i, r)
		}
	}
}
