package ovhmock_test

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// poolClient works on one node pool: it creates it, retrying until the
// pool exists, then sends a fixed list of requests whatever the answers.
type poolClient struct {
	kube, name string
	id, node   string // the pool and its oldest node, once created
	attempts   int
	step       int
}

// poolScript only uses routes that name the pool or one of its nodes, so
// that two pools of one cluster have sequences of their own.
var poolScript = []struct{ method, rest, body string }{
	{"GET", "", ""},
	{"PUT", "", `{"desiredNodes":2}`},
	{"GET", "/nodes", ""},
	{"GET", "node", ""},
	{"PUT", "", `{"desiredNodes":1,"autoscale":true}`},
	{"GET", "/nodes?history=true", ""},
}

func (c *poolClient) next(e *env) (raw, bool) {
	e.t.Helper()
	if c.id == "" {
		for _, p := range e.mock.NodePools(e.project(), c.kube) {
			if p.Name == c.name {
				c.id = p.ID
				for _, n := range e.mock.Nodes(e.project(), c.kube) {
					if n.NodePoolID == p.ID {
						c.node = n.ID
						break
					}
				}
			}
		}
	}
	if c.id == "" {
		if c.attempts++; c.attempts > 50 {
			e.t.Fatalf("pool %s still not created after 50 attempts", c.name)
		}
		return e.signed("POST", e.pools(c.kube), mustJSON(e.t, poolBody(map[string]any{"name": c.name, "desiredNodes": 1}))), true
	}
	const rounds = 3
	if c.step >= rounds*len(poolScript) {
		return raw{}, false
	}
	s := poolScript[c.step%len(poolScript)]
	c.step++
	if s.rest == "node" {
		return e.signed(s.method, e.path(c.kube, "/node/", c.node), s.body), true
	}
	return e.signed(s.method, e.pools(c.kube, "/", c.id, s.rest), s.body), true
}

// runPools drives one client per "cluster/pool" name and returns what each
// pool's requests met, in order.
func runPools(t *testing.T, faults ovhmock.Faults, names []string, pick func(live []int) int) map[string][]outcome {
	t.Helper()
	e := newEnv(t, ovhmock.Options{Timings: instantTimings, Faults: faults})
	var clients []*poolClient
	for _, n := range names {
		kube, pool, _ := strings.Cut(n, "/")
		if _, ok := e.mock.Cluster(e.project(), kube); !ok {
			if err := e.mock.AddCluster(e.project(), ovhmock.Cluster{ID: kube, Name: "cluster-" + kube}); err != nil {
				t.Fatal(err)
			}
		}
		clients = append(clients, &poolClient{kube: kube, name: pool})
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
		owners = append(owners, c.kube+"/"+c.name)
	}
	out := map[string][]outcome{}
	for i, r := range e.mock.Requests() {
		out[owners[i]] = append(out[owners[i]], outcome{r.Method, r.Path, r.Route, r.Status, r.Fault})
	}
	return out
}

func TestNodePoolFaultsDoNotDependOnInterleaving(t *testing.T) {
	names := []string{"k1/alpha", "k1/bravo", "k2/alpha", "k2/charlie"}
	faults := mixedFaults
	faults.Seed = 21
	reference := runPools(t, faults, names, sequential)
	kinds := map[string]int{}
	routes := map[string]bool{}
	for _, seq := range reference {
		for _, o := range seq {
			kinds[o.Fault]++
			if o.Fault != "" {
				routes[o.Method+" "+o.Route] = true
			}
		}
	}
	if kinds[ovhmock.FaultServerError] == 0 || kinds[ovhmock.FaultRateLimited] == 0 || kinds[ovhmock.FaultAppliedThenFail] == 0 {
		t.Fatalf("faults met: %v; want every kind", kinds)
	}
	for _, r := range []string{"POST " + "/cloud/project/{serviceName}/kube/{kubeId}/nodepool", "PUT /cloud/project/{serviceName}/kube/{kubeId}/nodepool/{nodePoolId}"} {
		if !routes[r] {
			t.Fatalf("no fault on %s; faulted routes: %v", r, routes)
		}
	}
	for name, pick := range map[string]func([]int) int{
		"round robin": roundRobin(), "shuffled 1": shuffled(1), "shuffled 2": shuffled(2),
	} {
		got := runPools(t, faults, names, pick)
		for _, n := range names {
			if !slices.Equal(got[n], reference[n]) {
				t.Errorf("%s: pool %s met\n%v\nwhere alone it met\n%v", name, n, got[n], reference[n])
			}
		}
	}
	other := faults
	other.Seed = 22
	if again := runPools(t, other, names, sequential); slices.Equal(again["k1/alpha"], reference["k1/alpha"]) {
		t.Error("seeds 21 and 22 gave pool k1/alpha the same outcomes")
	}
}

func TestNodePoolAppliedThenFail(t *testing.T) {
	failing := newPoolEnv(t, ovhmock.Options{Faults: ovhmock.Faults{Seed: 1, AppliedThenFailRate: 1}})
	c := ovhmock.Cluster{ID: "k1"}
	if err := failing.mock.AddCluster(failing.project(), c); err != nil {
		t.Fatal(err)
	}
	err := failing.client.Post(failing.pools(c.ID), poolBody(nil), nil)
	wantAPIError(t, err, http.StatusBadGateway, "Server::BadGateway", "")
	pools := failing.mock.NodePools(failing.project(), c.ID)
	if len(pools) != 1 || pools[0].Status != "INSTALLING" {
		t.Fatalf("a creation answered 502 was not applied: %+v", pools)
	}
	failing.clock.Advance(poolTimings.NotFoundAfterCreate + poolTimings.NodePoolInstall)
	err = failing.client.Put(failing.pools(c.ID, "/", pools[0].ID), map[string]any{"desiredNodes": 3}, nil)
	wantAPIError(t, err, http.StatusBadGateway, "Server::BadGateway", "")
	if got, _ := failing.mock.NodePool(failing.project(), c.ID, pools[0].ID); got.DesiredNodes != 3 || got.Status != "UPSCALING" {
		t.Fatalf("a PUT answered 502 was not applied: %+v", got)
	}
	// Reads are not mutating: never applied-then-failed.
	if err := failing.client.Get(failing.pools(c.ID), nil); err != nil {
		t.Fatal(err)
	}
}

// poolOutcomes creates pools p0..p9 in a fresh mock and returns their
// statuses once installed.
func poolOutcomes(t *testing.T, faults ovhmock.Faults) []string {
	t.Helper()
	e := newPoolEnv(t, ovhmock.Options{Faults: faults})
	c := e.createReady(map[string]any{"region": "GRA7", "name": "k"})
	var ids []string
	for i := range 10 {
		ids = append(ids, e.createPool(c.ID, poolBody(map[string]any{"name": fmt.Sprintf("p%d", i)})).ID)
	}
	e.clock.Advance(poolTimings.NotFoundAfterCreate + poolTimings.NodePoolInstall)
	var out []string
	for _, id := range ids {
		out = append(out, e.getPool(c.ID, id).Status)
	}
	return out
}

func TestNodePoolInstallErrors(t *testing.T) {
	half := ovhmock.Faults{Seed: 4, NodePoolInstallErrorRate: 0.5}
	first := poolOutcomes(t, half)
	if !slices.Contains(first, "ERROR") || !slices.Contains(first, "READY") {
		t.Fatalf("statuses at rate 0.5: %v", first)
	}
	if again := poolOutcomes(t, half); !slices.Equal(again, first) {
		t.Fatalf("seed 4 gave %v, then %v", first, again)
	}
	all := poolOutcomes(t, ovhmock.Faults{Seed: 4, NodePoolInstallErrorRate: 1})
	if slices.ContainsFunc(all, func(s string) bool { return s != "ERROR" }) {
		t.Fatalf("statuses at rate 1: %v", all)
	}

	e := newPoolEnv(t, ovhmock.Options{Faults: ovhmock.Faults{NodePoolInstallErrorRate: 1}})
	c := e.createReady(map[string]any{"region": "GRA7"})
	p := e.readyPoolOrError(c.ID)
	wantPool(t, p, "ERROR", "UNDER_CAPACITY", 2, 2, 0)
	if s := nodeStatuses(e.poolNodes(c.ID, p.ID, "")); !slices.Equal(s, []string{"ERROR", "ERROR"}) {
		t.Fatalf("nodes of a failed pool: %v", s)
	}
	if err := e.client.Delete(e.pools(c.ID, "/", p.ID), nil); err != nil {
		t.Fatalf("DELETE of a failed pool: %v", err)
	}
}

func (e *env) readyPoolOrError(kubeID string) ovhmock.NodePool {
	e.t.Helper()
	p := e.createPool(kubeID, poolBody(nil))
	e.clock.Advance(poolTimings.NotFoundAfterCreate + poolTimings.NodePoolInstall)
	return e.getPool(kubeID, p.ID)
}

func TestSeedMakesNodePoolIDsDeterministic(t *testing.T) {
	ids := func(seed int64) []string {
		e := newPoolEnv(t, ovhmock.Options{Faults: ovhmock.Faults{Seed: seed}})
		c := e.createReady(map[string]any{"region": "GRA7", "name": "k"})
		p := e.createPool(c.ID, poolBody(nil))
		q := e.createPool(c.ID, map[string]any{"flavorName": "b3-8", "availabilityZones": []string{}})
		out := []string{p.ID, q.ID, q.Name}
		e.clock.Advance(poolTimings.NotFoundAfterCreate + poolTimings.NodePoolInstall) // the instance ids show
		for _, n := range e.mock.Nodes(e.project(), c.ID) {
			out = append(out, n.ID, n.Name, *n.InstanceID)
		}
		return out
	}
	first, again, other := ids(5), ids(5), ids(6)
	if !slices.Equal(first, again) || slices.Equal(first, other) {
		t.Fatalf("seed 5: %v then %v; seed 6: %v", first, again, other)
	}
}

func TestNodePoolAccessors(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	if _, err := e.mock.AddNodePool(e.project(), "nope", ovhmock.NodePool{}); err == nil {
		t.Fatal("AddNodePool accepted a missing cluster")
	}
	p, err := e.mock.AddNodePool(e.project(), c.ID, ovhmock.NodePool{DesiredNodes: 2})
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != "READY" || p.Flavor != "b2-7" || p.MaxNodes != 100 || p.CurrentNodes != 2 || p.AvailableNodes != 2 ||
		!strings.HasPrefix(p.Name, "nodepool-") || p.Autoscaling.ScaleDownUnneededTimeSeconds != 600 || p.ProjectID != e.project() {
		t.Fatalf("added = %+v", p)
	}
	jsonEqual(t, e.getPool(c.ID, p.ID), p) // visible at once
	if _, err := e.mock.AddNodePool(e.project(), c.ID, ovhmock.NodePool{Name: p.Name}); err == nil {
		t.Fatal("AddNodePool accepted a duplicate name")
	}
	if _, err := e.mock.AddNodePool(e.project(), c.ID, ovhmock.NodePool{Name: "bad", DesiredNodes: 3, MaxNodes: 2}); err == nil {
		t.Fatal("AddNodePool accepted desiredNodes over maxNodes")
	}
	installing, err := e.mock.AddNodePool(e.project(), c.ID, ovhmock.NodePool{Name: "installing", Status: "INSTALLING", DesiredNodes: 1})
	if err != nil || installing.AvailableNodes != 0 {
		t.Fatalf("added installing = %+v, %v", installing, err)
	}
	e.clock.Advance(poolTimings.NodePoolInstall)
	wantPool(t, e.getPool(c.ID, installing.ID), "READY", "CAPACITY_OK", 1, 1, 1)

	// Snapshots are copies.
	p.Template.Metadata.Labels["x"] = "y"
	if got, _ := e.mock.NodePool(e.project(), c.ID, p.ID); len(got.Template.Metadata.Labels) != 0 {
		t.Fatal("changing a snapshot changed the mock")
	}

	// Out of band: sizes change at once, without a transition.
	before := e.poolNodes(c.ID, p.ID, "")
	if err := e.mock.ModifyNodePool(e.project(), c.ID, p.ID, func(p *ovhmock.NodePool) { p.DesiredNodes = 4; p.Autoscale = true }); err != nil {
		t.Fatal(err)
	}
	wantPool(t, e.getPool(c.ID, p.ID), "READY", "CAPACITY_OK", 4, 4, 4)
	if err := e.mock.ModifyNodePool(e.project(), c.ID, p.ID, func(p *ovhmock.NodePool) { p.DesiredNodes = 1 }); err != nil {
		t.Fatal(err)
	}
	if got := e.poolNodes(c.ID, p.ID, ""); len(got) != 1 || got[0].ID != before[0].ID {
		t.Fatalf("after ModifyNodePool: %v", nodeIDs(got))
	}
	for name, fn := range map[string]func(*ovhmock.NodePool){
		"id change": func(p *ovhmock.NodePool) { p.ID = "other" }, "negative size": func(p *ovhmock.NodePool) { p.DesiredNodes = -1 },
	} {
		if err := e.mock.ModifyNodePool(e.project(), c.ID, p.ID, fn); err == nil {
			t.Errorf("ModifyNodePool accepted a %s", name)
		}
	}
	if err := e.mock.ModifyNodePool(e.project(), c.ID, "nope", func(*ovhmock.NodePool) {}); err == nil {
		t.Fatal("ModifyNodePool accepted a missing pool")
	}

	// The autoscaler moves desiredNodes within the bounds.
	if err := e.mock.Autoscale(e.project(), c.ID, p.ID, 3); err != nil {
		t.Fatal(err)
	}
	wantPool(t, e.getPool(c.ID, p.ID), "UPSCALING", "UNDER_CAPACITY", 3, 3, 1)
	if err := e.mock.Autoscale(e.project(), c.ID, p.ID, 2); err == nil {
		t.Fatal("Autoscale acted on a busy pool")
	}
	e.clock.Advance(poolTimings.NodePoolResize)
	if err := e.mock.Autoscale(e.project(), c.ID, p.ID, 2); err != nil {
		t.Fatal(err)
	}
	wantPool(t, e.getPool(c.ID, p.ID), "DOWNSCALING", "OVER_CAPACITY", 2, 3, 2)
	e.clock.Advance(poolTimings.NodePoolResize)
	wantPool(t, e.getPool(c.ID, p.ID), "READY", "CAPACITY_OK", 2, 2, 2)
	for _, tt := range []struct {
		id      string
		desired int
	}{{p.ID, 101}, {installing.ID, 2}, {"nope", 1}} {
		if err := e.mock.Autoscale(e.project(), c.ID, tt.id, tt.desired); err == nil {
			t.Errorf("Autoscale(%s, %d) succeeded", tt.id, tt.desired)
		}
	}
	if got := e.mock.Nodes(e.project(), c.ID); len(got) != 3 || got[0].NodePoolID != p.ID || got[2].NodePoolID != installing.ID {
		t.Fatalf("Nodes = %+v", got)
	}

	if !e.mock.RemoveNodePool(e.project(), c.ID, p.ID) || e.mock.RemoveNodePool(e.project(), c.ID, p.ID) {
		t.Fatal("RemoveNodePool must remove once")
	}
	err = e.client.Get(e.pools(c.ID, "/", p.ID), nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", p.ID)
	if got := e.mock.NodePools(e.project(), "nope"); got != nil {
		t.Fatalf("pools of a missing cluster: %v", got)
	}
}

func TestNodePoolStateRoundTrip(t *testing.T) {
	a := newPoolEnv(t, ovhmock.Options{})
	c := a.createReady(map[string]any{"region": "GRA7", "name": "k"})
	ready := a.readyPool(c.ID, poolBody(map[string]any{"name": "ready", "template": fullTemplate(nil), "autoscale": true, "minNodes": 1}))
	installing := a.createPool(c.ID, poolBody(map[string]any{"name": "installing", "desiredNodes": 1}))
	var saved bytes.Buffer
	if err := a.mock.SaveState(&saved); err != nil {
		t.Fatal(err)
	}
	var overHTTP struct {
		Projects map[string]struct {
			Clusters []struct {
				NodePools []struct {
					ovhmock.NodePool
					Nodes []ovhmock.Node
				}
			}
		}
	}
	getJSON(t, a.srv.URL+"/_mock/state", &overHTTP)
	if ps := overHTTP.Projects[a.project()].Clusters[0].NodePools; len(ps) != 2 || ps[0].ID != ready.ID || len(ps[0].Nodes) != 2 {
		t.Fatalf("/_mock/state pools = %+v", ps)
	}

	b := newPoolEnv(t, ovhmock.Options{})
	if err := b.mock.LoadState(bytes.NewReader(saved.Bytes())); err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, b.mock.NodePools(b.project(), c.ID), a.mock.NodePools(a.project(), c.ID))
	jsonEqual(t, b.mock.Nodes(b.project(), c.ID), a.mock.Nodes(a.project(), c.ID))
	jsonEqual(t, b.getPool(c.ID, ready.ID), a.getPool(c.ID, ready.ID))
	b.clock.Advance(poolTimings.NodePoolInstall)
	wantPool(t, b.getPool(c.ID, installing.ID), "READY", "CAPACITY_OK", 1, 1, 1)
	// Names stay taken; ids are not given twice.
	err := b.client.Post(b.pools(c.ID), poolBody(map[string]any{"name": "ready"}), nil)
	wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "ready")

	// The request log names the pool routes.
	counts := a.mock.Counts()
	for _, key := range []string{"POST /cloud/project/{serviceName}/kube/{kubeId}/nodepool", "GET /cloud/project/{serviceName}/kube/{kubeId}/nodepool/{nodePoolId}"} {
		if counts[key] == 0 {
			t.Fatalf("counts %v lack %s", counts, key)
		}
	}
}

func TestLoadHandWrittenNodePools(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{})
	state := `{"projects": {"` + ovhmock.DefaultProject + `": {"clusters": [{"id": "c1", "version": "1.34", "nodePools": [
		{"id": "np1", "name": "workers", "flavor": "b3-8", "desiredNodes": 2},
		{"name": "gpu", "desiredNodes": 1, "status": "UPSCALING", "nodes": [{"id": "n1", "name": "gpu-node-abcdef", "version": "1.33.1"}]}
	]}]}}}`
	if err := e.mock.LoadState(strings.NewReader(state)); err != nil {
		t.Fatal(err)
	}
	np1 := e.getPool("c1", "np1")
	wantPool(t, np1, "READY", "CAPACITY_OK", 2, 2, 2)
	if np1.MaxNodes != 100 || np1.UpToDateNodes != 2 {
		t.Fatalf("np1 = %+v", np1)
	}
	var list []ovhmock.NodePool
	if err := e.client.Get(e.pools("c1"), &list); err != nil || len(list) != 2 || list[1].Name != "gpu" || list[1].Status != "UPSCALING" {
		t.Fatalf("list = %+v, %v", list, err)
	}
	var n ovhmock.Node
	if err := e.client.Get(e.path("c1", "/node/n1"), &n); err != nil || n.NodePoolID != list[1].ID || n.IsUpToDate || n.Status != "READY" || n.DeployedAt == nil {
		t.Fatalf("n1 = %+v, %v", n, err)
	}
	e.clock.Advance(poolTimings.NodePoolResize)
	if s := e.getPool("c1", list[1].ID).Status; s != "READY" {
		t.Fatalf("loaded UPSCALING pool: %s", s)
	}

	pools := func(body string) string {
		return `{"projects": {"p": {"clusters": [{"id": "c", "nodePools": [` + body + `]}]}}}`
	}
	for name, bad := range map[string]string{
		"unknown status":     pools(`{"status": "SLEEPING"}`),
		"sizes out of order": pools(`{"desiredNodes": 3, "maxNodes": 2}`),
		"negative min":       pools(`{"minNodes": -1}`),
		"node count":         pools(`{"desiredNodes": 2, "nodes": [{}]}`),
		"node of another":    pools(`{"id": "a", "desiredNodes": 1, "nodes": [{"nodePoolId": "b"}]}`),
		"node status":        pools(`{"desiredNodes": 1, "nodes": [{"status": "DELETED"}]}`),
		"node twice":         pools(`{"desiredNodes": 2, "nodes": [{"id": "n"}, {"id": "n"}]}`),
		"duplicate pool id":  pools(`{"id": "a"}, {"id": "a"}`),
		"duplicate name":     pools(`{"name": "a"}, {"name": "a"}`),
		"unknown member":     pools(`{"size": 3}`),
		"slash in id":        pools(`{"id": "a/b"}`),
	} {
		if err := e.mock.LoadState(strings.NewReader(bad)); err == nil {
			t.Errorf("%s: LoadState accepted %s", name, bad)
		}
	}
	if _, ok := e.mock.NodePool(e.project(), "c1", "np1"); !ok {
		t.Fatal("a refused state file changed the mock")
	}
}

func TestNodePoolsOnTheRealClock(t *testing.T) {
	timings := ovhmock.TestTimings()
	timings.NodePoolInstall = 300 * time.Millisecond // long enough to be seen under the race detector
	e := newEnv(t, ovhmock.Options{Timings: timings})
	var c ovhmock.Cluster
	if err := e.client.Post(e.kube, map[string]any{"region": "GRA7"}, &c); err != nil {
		t.Fatal(err)
	}
	e.waitStatus(c.ID, "READY")
	p := e.createPool(c.ID, poolBody(nil))
	deadline := time.Now().Add(5 * time.Second)
	var seen []string
	for {
		var got ovhmock.NodePool
		err := e.client.Get(e.pools(c.ID, "/", p.ID), &got)
		status := got.Status
		if isStatus(err, http.StatusNotFound) {
			status = "404"
		} else if err != nil {
			t.Fatal(err)
		}
		if len(seen) == 0 || seen[len(seen)-1] != status {
			seen = append(seen, status)
		}
		if status == "READY" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("statuses seen: %v", seen)
		}
		time.Sleep(2 * time.Millisecond)
	}
	if seen[len(seen)-2] != "INSTALLING" || slices.ContainsFunc(seen, func(s string) bool { return s != "404" && s != "INSTALLING" && s != "READY" }) {
		t.Fatalf("statuses seen: %v", seen)
	}
}
