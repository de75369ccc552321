package ovhmock_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// poolTimings differ from each other and from the cluster's, so that a test
// shows which one a transition uses.
var poolTimings = func() ovhmock.Timings {
	t := slowTimings
	t.NodePoolInstall = 8 * time.Second
	t.NodePoolResize = 6 * time.Second
	t.NodePoolUpdate = 4 * time.Second
	t.NodePoolDelete = 9 * time.Second
	return t
}()

func newPoolEnv(t *testing.T, opts ovhmock.Options) *env {
	t.Helper()
	if opts.Timings == (ovhmock.Timings{}) {
		opts.Timings = poolTimings
	}
	return newFakeEnv(t, opts)
}

// poolBody is a creation body the mock accepts, with extra merged over it;
// a nil value removes the member.
func poolBody(extra map[string]any) map[string]any {
	b := map[string]any{"flavorName": "b3-8", "name": "pool", "desiredNodes": 2, "availabilityZones": []string{}}
	maps.Copy(b, extra)
	maps.DeleteFunc(b, func(_ string, v any) bool { return v == nil })
	return b
}

func (e *env) pools(kubeID string, rest ...string) string {
	return e.path(kubeID, "/nodepool"+strings.Join(rest, ""))
}

func (e *env) createPool(kubeID string, body any) ovhmock.NodePool {
	e.t.Helper()
	var p ovhmock.NodePool
	if err := e.client.Post(e.pools(kubeID), body, &p); err != nil {
		e.t.Fatalf("create node pool: %v", err)
	}
	return p
}

// readyPool creates a pool and moves the fake clock until it is READY.
func (e *env) readyPool(kubeID string, body any) ovhmock.NodePool {
	e.t.Helper()
	p := e.createPool(kubeID, body)
	e.clock.Advance(poolTimings.NotFoundAfterCreate + poolTimings.NodePoolInstall)
	got := e.getPool(kubeID, p.ID)
	if got.Status != "READY" {
		e.t.Fatalf("node pool status after install = %s, want READY", got.Status)
	}
	return got
}

func (e *env) getPool(kubeID, id string) ovhmock.NodePool {
	e.t.Helper()
	var p ovhmock.NodePool
	if err := e.client.Get(e.pools(kubeID, "/", id), &p); err != nil {
		e.t.Fatalf("GET node pool %s: %v", id, err)
	}
	return p
}

func (e *env) poolNodes(kubeID, id string, query string) []ovhmock.Node {
	e.t.Helper()
	var nodes []ovhmock.Node
	if err := e.client.Get(e.pools(kubeID, "/", id, "/nodes", query), &nodes); err != nil {
		e.t.Fatalf("GET nodes of %s: %v", id, err)
	}
	return nodes
}

// wantPool checks the status and the counts of a pool.
func wantPool(t *testing.T, p ovhmock.NodePool, status, size string, desired, current, available int) {
	t.Helper()
	if p.Status != status || p.SizeStatus != size || p.DesiredNodes != desired || p.CurrentNodes != current || p.AvailableNodes != available {
		t.Fatalf("pool %s: %s %s desired %d current %d available %d; want %s %s %d %d %d",
			p.Name, p.Status, p.SizeStatus, p.DesiredNodes, p.CurrentNodes, p.AvailableNodes, status, size, desired, current, available)
	}
}

func nodeIDs(nodes []ovhmock.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.ID)
	}
	return out
}

func nodeStatuses(nodes []ovhmock.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.Status)
	}
	return out
}

var nodeName = regexp.MustCompile(`^pool-node-[0-9a-f]{6}$`)

func TestNodePoolLifecycle(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7", "name": "k"})

	created := e.createPool(c.ID, poolBody(nil))
	wantPool(t, created, "INSTALLING", "UNDER_CAPACITY", 2, 2, 0)
	if created.ProjectID != "" || created.Flavor != "b3-8" || created.Name != "pool" || !uuidV4.MatchString(created.ID) {
		t.Fatalf("creation answer = %+v", created)
	}
	// Hidden at first, like a new cluster.
	err := e.client.Get(e.pools(c.ID, "/", created.ID), nil)
	wantExactAPIError(t, err, http.StatusNotFound, "Client::NotFound", "Node pool "+created.ID+" does not exist in cluster "+c.ID)
	var list []ovhmock.NodePool
	if err := e.client.Get(e.pools(c.ID), &list); err != nil || list == nil || len(list) != 0 {
		t.Fatalf("list while hidden = %v, %v", list, err)
	}
	e.clock.Advance(poolTimings.NotFoundAfterCreate)
	p := e.getPool(c.ID, created.ID)
	wantPool(t, p, "INSTALLING", "UNDER_CAPACITY", 2, 2, 0)
	if p.ProjectID != e.project() {
		t.Fatalf("projectId = %q", p.ProjectID)
	}
	nodes := e.poolNodes(c.ID, p.ID, "")
	if !slices.Equal(nodeStatuses(nodes), []string{"INSTALLING", "INSTALLING"}) || nodes[0].DeployedAt != nil {
		t.Fatalf("nodes while installing = %+v", nodes)
	}
	e.clock.Advance(poolTimings.NodePoolInstall - time.Second)
	wantPool(t, e.getPool(c.ID, p.ID), "INSTALLING", "UNDER_CAPACITY", 2, 2, 0)
	e.clock.Advance(time.Second)
	p = e.getPool(c.ID, p.ID)
	wantPool(t, p, "READY", "CAPACITY_OK", 2, 2, 2)
	if p.UpToDateNodes != 2 || !p.UpdatedAt.Equal(e.clock.Now()) {
		t.Fatalf("ready pool = %+v", p)
	}
	if err := e.client.Get(e.pools(c.ID), &list); err != nil || len(list) != 1 || list[0].ID != p.ID || list[0].Status != "READY" {
		t.Fatalf("list = %+v, %v", list, err)
	}
	first := e.poolNodes(c.ID, p.ID, "")
	for _, n := range first {
		if n.Status != "READY" || !nodeName.MatchString(n.Name) || !uuidV4.MatchString(n.ID) || n.InstanceID == nil || !uuidV4.MatchString(*n.InstanceID) ||
			n.NodePoolID != p.ID || n.ProjectID != e.project() || n.Flavor != "b3-8" || n.Version != c.Version || !n.IsUpToDate ||
			n.DeployedAt == nil || !n.DeployedAt.Equal(e.clock.Now()) {
			t.Fatalf("node = %+v", n)
		}
	}

	// Upscaling: new nodes install while the others serve.
	if err := e.client.Put(e.pools(c.ID, "/", p.ID), map[string]any{"desiredNodes": 4}, nil); err != nil {
		t.Fatal(err)
	}
	wantPool(t, e.getPool(c.ID, p.ID), "UPSCALING", "UNDER_CAPACITY", 4, 4, 2)
	e.clock.Advance(poolTimings.NodePoolResize - time.Second)
	wantPool(t, e.getPool(c.ID, p.ID), "UPSCALING", "UNDER_CAPACITY", 4, 4, 2)
	e.clock.Advance(time.Second)
	wantPool(t, e.getPool(c.ID, p.ID), "READY", "CAPACITY_OK", 4, 4, 4)
	four := e.poolNodes(c.ID, p.ID, "")
	if !slices.Equal(nodeIDs(four[:2]), nodeIDs(first)) {
		t.Fatalf("upscaling replaced nodes: %v then %v", nodeIDs(first), nodeIDs(four))
	}

	// Downscaling removes the newest nodes.
	if err := e.client.Put(e.pools(c.ID, "/", p.ID), map[string]any{"desiredNodes": 1}, nil); err != nil {
		t.Fatal(err)
	}
	wantPool(t, e.getPool(c.ID, p.ID), "DOWNSCALING", "OVER_CAPACITY", 1, 4, 1)
	if got := nodeStatuses(e.poolNodes(c.ID, p.ID, "")); !slices.Equal(got, []string{"READY", "DELETING", "DELETING", "DELETING"}) {
		t.Fatalf("nodes while downscaling: %v", got)
	}
	e.clock.Advance(poolTimings.NodePoolResize)
	wantPool(t, e.getPool(c.ID, p.ID), "READY", "CAPACITY_OK", 1, 1, 1)
	if got := e.poolNodes(c.ID, p.ID, ""); len(got) != 1 || got[0].ID != first[0].ID {
		t.Fatalf("nodes after downscaling: %v, want the oldest %s", nodeIDs(got), first[0].ID)
	}
	// The history lists only the DELETED nodes, most recently deleted first,
	// each with its deletion date.
	withHistory := e.poolNodes(c.ID, p.ID, "?history=true")
	if !slices.Equal(nodeStatuses(withHistory), []string{"DELETED", "DELETED", "DELETED"}) ||
		!slices.Equal(nodeIDs(withHistory), []string{four[3].ID, four[2].ID, four[1].ID}) {
		t.Fatalf("history = %v %v", nodeIDs(withHistory), nodeStatuses(withHistory))
	}
	for _, n := range withHistory {
		if n.DeletedAt == nil || !n.DeletedAt.Equal(e.clock.Now()) || !n.UpdatedAt.Equal(*n.DeletedAt) {
			t.Fatalf("deleted node %s: deletedAt %v, updatedAt %s; want both %s", n.ID, n.DeletedAt, n.UpdatedAt, e.clock.Now())
		}
	}
	if got := e.poolNodes(c.ID, p.ID, "?history=false"); len(got) != 1 || got[0].DeletedAt != nil {
		t.Fatalf("history=false lists %v, want the one node left, not deleted", nodeIDs(got))
	}

	// Other changes go through UPDATING; the template is replaced whole.
	template := map[string]any{
		"metadata": map[string]any{"labels": map[string]string{"a": "1"}, "annotations": map[string]string{}, "finalizers": []string{}},
		"spec":     map[string]any{"unschedulable": true, "taints": []map[string]string{{"key": "k", "value": "", "effect": "NoSchedule"}}},
	}
	for _, body := range []map[string]any{
		{"template": template},
		{"autoscale": true, "autoscaling": map[string]any{"scaleDownUtilizationThreshold": 0.7}},
		{"minNodes": 1, "maxNodes": 3},
		{},
	} {
		if err := e.client.Put(e.pools(c.ID, "/", p.ID), body, nil); err != nil {
			t.Fatalf("PUT %v: %v", body, err)
		}
		wantPool(t, e.getPool(c.ID, p.ID), "UPDATING", "CAPACITY_OK", 1, 1, 1)
		e.clock.Advance(poolTimings.NodePoolUpdate)
		wantPool(t, e.getPool(c.ID, p.ID), "READY", "CAPACITY_OK", 1, 1, 1)
	}
	p = e.getPool(c.ID, p.ID)
	jsonEqual(t, p.Template, template)
	jsonEqual(t, p.Autoscaling, map[string]any{"scaleDownUnneededTimeSeconds": 600, "scaleDownUnreadyTimeSeconds": 1200, "scaleDownUtilizationThreshold": 0.7})
	if !p.Autoscale || p.MinNodes != 1 || p.MaxNodes != 3 {
		t.Fatalf("after updates: %+v", p)
	}
	// Removing the template block sends an empty one, which clears it.
	empty := map[string]any{
		"metadata": map[string]any{"labels": map[string]string{}, "annotations": map[string]string{}, "finalizers": []string{}},
		"spec":     map[string]any{"unschedulable": false, "taints": []any{}},
	}
	if err := e.client.Put(e.pools(c.ID, "/", p.ID), map[string]any{"template": empty}, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(poolTimings.NodePoolUpdate)
	jsonEqual(t, e.getPool(c.ID, p.ID).Template, empty)

	if err := e.client.Delete(e.pools(c.ID, "/", p.ID), nil); err != nil {
		t.Fatal(err)
	}
	wantPool(t, e.getPool(c.ID, p.ID), "DELETING", "UNDER_CAPACITY", 1, 1, 0)
	e.clock.Advance(poolTimings.NodePoolDelete - time.Second)
	e.getPool(c.ID, p.ID)
	e.clock.Advance(time.Second)
	err = e.client.Get(e.pools(c.ID, "/", p.ID), nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", p.ID)
	if err := e.client.Get(e.pools(c.ID), &list); err != nil || len(list) != 0 {
		t.Fatalf("list after deletion = %+v, %v", list, err)
	}
	if got := e.get(c.ID); got.Status != "READY" {
		t.Fatalf("the cluster followed its pool: %s", got.Status)
	}
}

// keysOf returns the member names of a JSON object.
func keysOf(t *testing.T, raw []byte) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return slices.Sorted(maps.Keys(m))
}

func TestNodePoolAndNodeJSON(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	p := e.readyPool(c.ID, poolBody(nil))

	resp, raw := e.do(e.signed("GET", e.pools(c.ID, "/", p.ID), ""))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET: %d %s", resp.StatusCode, raw)
	}
	want := []string{"antiAffinity", "attachFloatingIps", "autoscale", "autoscaling", "availabilityZones", "availableNodes", "createdAt",
		"currentNodes", "desiredNodes", "flavor", "id", "maxNodes", "minNodes", "monthlyBilled", "name", "projectId", "sizeStatus",
		"status", "template", "upToDateNodes", "updatedAt"}
	if got := keysOf(t, raw); !slices.Equal(got, want) {
		t.Fatalf("node pool members = %v, want %v", got, want)
	}
	var generic map[string]any
	_ = json.Unmarshal(raw, &generic)
	jsonEqual(t, map[string]any{
		"template": generic["template"], "attachFloatingIps": generic["attachFloatingIps"], "availabilityZones": generic["availabilityZones"],
		"autoscaling": generic["autoscaling"], "createdAt": generic["createdAt"],
	}, map[string]any{
		"template": map[string]any{
			"metadata": map[string]any{"labels": map[string]any{}, "annotations": map[string]any{}, "finalizers": []any{}},
			"spec":     map[string]any{"unschedulable": false, "taints": []any{}},
		},
		"attachFloatingIps": nil, "availabilityZones": []any{},
		"autoscaling": map[string]any{"scaleDownUnneededTimeSeconds": 600, "scaleDownUnreadyTimeSeconds": 1200, "scaleDownUtilizationThreshold": 0.5},
		"createdAt":   "2025-03-14T09:27:05Z",
	})

	nodes := e.poolNodes(c.ID, p.ID, "")
	resp, raw = e.do(e.signed("GET", e.path(c.ID, "/node/", nodes[0].ID), ""))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET node: %d %s", resp.StatusCode, raw)
	}
	// Every member of cloud.kube.Node in the published schema.
	want = []string{"createdAt", "deletedAt", "deployedAt", "flavor", "id", "instanceId", "isUpToDate", "name", "nodePoolId", "projectId", "status", "updatedAt", "version"}
	if got := keysOf(t, raw); !slices.Equal(got, want) {
		t.Fatalf("node members = %v, want %v", got, want)
	}
}

func TestNodeEndpoints(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	a := e.readyPool(c.ID, poolBody(map[string]any{"name": "a", "desiredNodes": 2, "minNodes": 1}))
	b := e.readyPool(c.ID, poolBody(map[string]any{"name": "b", "desiredNodes": 1, "flavorName": "c3-4"}))
	aNodes, bNodes := e.poolNodes(c.ID, a.ID, ""), e.poolNodes(c.ID, b.ID, "")

	var all []ovhmock.Node
	if err := e.client.Get(e.path(c.ID, "/node"), &all); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(nodeIDs(all), append(nodeIDs(aNodes), nodeIDs(bNodes)...)) || all[2].Flavor != "c3-4" {
		t.Fatalf("GET /node = %v", all)
	}
	var one ovhmock.Node
	if err := e.client.Get(e.path(c.ID, "/node/", bNodes[0].ID), &one); err != nil || mustJSON(t, one) != mustJSON(t, bNodes[0]) {
		t.Fatalf("GET /node/{id} = %+v, %v", one, err)
	}
	err := e.client.Get(e.path(c.ID, "/node/missing"), nil)
	wantExactAPIError(t, err, http.StatusNotFound, "Client::NotFound", "Node missing does not exist in cluster "+c.ID)

	// Deleting a node shrinks its pool by one.
	if err := e.client.Delete(e.path(c.ID, "/node/", aNodes[0].ID), nil); err != nil {
		t.Fatal(err)
	}
	wantPool(t, e.getPool(c.ID, a.ID), "DOWNSCALING", "OVER_CAPACITY", 1, 2, 1)
	err = e.client.Delete(e.path(c.ID, "/node/", aNodes[1].ID), nil)
	wantExactAPIError(t, err, http.StatusConflict, "Client::Conflict", "Node pool "+a.ID+" is in status DOWNSCALING; retry once it is READY")
	e.clock.Advance(poolTimings.NodePoolResize)
	wantPool(t, e.getPool(c.ID, a.ID), "READY", "CAPACITY_OK", 1, 1, 1)
	err = e.client.Get(e.path(c.ID, "/node/", aNodes[0].ID), nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", aNodes[0].ID)
	// Below minNodes (1): nothing says the API refuses it; minNodes
	// follows desiredNodes down.
	if err := e.client.Delete(e.path(c.ID, "/node/", aNodes[1].ID), nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(poolTimings.NodePoolResize)
	if got := e.getPool(c.ID, a.ID); got.DesiredNodes != 0 || got.MinNodes != 0 {
		t.Fatalf("after deleting the last node: desiredNodes %d, minNodes %d; want 0 and 0", got.DesiredNodes, got.MinNodes)
	}

	// The cluster-wide history lists only the DELETED nodes, most recently
	// deleted first.
	if err := e.client.Put(e.pools(c.ID, "/", b.ID), map[string]any{"desiredNodes": 0}, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(poolTimings.NodePoolResize)
	if err := e.client.Get(e.path(c.ID, "/node?history=true"), &all); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(nodeIDs(all), []string{bNodes[0].ID, aNodes[1].ID, aNodes[0].ID}) ||
		!slices.Equal(nodeStatuses(all), []string{"DELETED", "DELETED", "DELETED"}) {
		t.Fatalf("history = %v %v", nodeIDs(all), nodeStatuses(all))
	}
	wantPool(t, e.getPool(c.ID, b.ID), "READY", "CAPACITY_OK", 0, 0, 0)
}

func TestNodesToRemove(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	p := e.readyPool(c.ID, poolBody(map[string]any{"desiredNodes": 5}))
	nodes := e.poolNodes(c.ID, p.ID, "")
	// By name, id and instance id; the rest of the shrink takes the newest.
	body := map[string]any{"desiredNodes": 1, "nodesToRemove": []string{nodes[0].Name, nodes[1].ID, *nodes[2].InstanceID}}
	if err := e.client.Put(e.pools(c.ID, "/", p.ID), body, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(poolTimings.NodePoolResize)
	if got := e.poolNodes(c.ID, p.ID, ""); len(got) != 1 || got[0].ID != nodes[3].ID {
		t.Fatalf("kept %v, want %s", nodeIDs(got), nodes[3].ID)
	}
}

func TestNodePoolDefaults(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{})
	free := e.createReady(map[string]any{"region": "GRA7"})
	std := e.createReady(map[string]any{"region": "EU-WEST-PAR", "plan": "standard"})

	unnamed := e.createPool(free.ID, map[string]any{"flavorName": "b2-7", "availabilityZones": []string{}})
	if !regexp.MustCompile(`^nodepool-[0-9a-f]{8}$`).MatchString(unnamed.Name) || !strings.HasPrefix(unnamed.ID, strings.TrimPrefix(unnamed.Name, "nodepool-")) ||
		unnamed.DesiredNodes != 1 || unnamed.MinNodes != 0 || unnamed.MaxNodes != 100 || unnamed.Autoscale || unnamed.AntiAffinity || unnamed.MonthlyBilled {
		t.Fatalf("defaults = %+v", unnamed)
	}
	for _, tt := range []struct {
		body                  map[string]any
		desired, lowest, most int
	}{
		{map[string]any{"minNodes": 3}, 3, 3, 100},
		{map[string]any{"maxNodes": 0}, 0, 0, 0},
		{map[string]any{"antiAffinity": true}, 1, 0, 5},
		{map[string]any{"desiredNodes": 0}, 0, 0, 100},
	} {
		body := map[string]any{"flavorName": "b2-7", "availabilityZones": []string{}}
		maps.Copy(body, tt.body)
		p := e.createPool(free.ID, body)
		if p.DesiredNodes != tt.desired || p.MinNodes != tt.lowest || p.MaxNodes != tt.most || p.CurrentNodes != tt.desired {
			t.Fatalf("%v: desired %d min %d max %d current %d", tt.body, p.DesiredNodes, p.MinNodes, p.MaxNodes, p.CurrentNodes)
		}
	}

	// Standard plan, 3-AZ region: floating IPs and one zone.
	p := e.createPool(std.ID, poolBody(map[string]any{"availabilityZones": []string{"eu-west-par-b"},
		"autoscaling": map[string]any{"scaleDownUnneededTimeSeconds": 300}}))
	if p.AttachFloatingIPs == nil || p.AttachFloatingIPs.Enabled || !slices.Equal(p.AvailabilityZones, []string{"eu-west-par-b"}) ||
		p.Autoscaling != (ovhmock.NodePoolAutoscaling{ScaleDownUnneededTimeSeconds: 300, ScaleDownUnreadyTimeSeconds: 1200, ScaleDownUtilizationThreshold: 0.5}) {
		t.Fatalf("standard pool = %+v", p)
	}
	e.clock.Advance(poolTimings.NotFoundAfterCreate + poolTimings.NodePoolInstall)
	if err := e.client.Put(e.pools(std.ID, "/", p.ID), map[string]any{"attachFloatingIps": map[string]any{"enabled": true}}, nil); err != nil {
		t.Fatal(err)
	}
	if got := e.getPool(std.ID, p.ID); got.AttachFloatingIPs == nil || !got.AttachFloatingIPs.Enabled {
		t.Fatalf("floating IPs = %+v", got.AttachFloatingIPs)
	}
	// Disabling them outside the Standard plan is accepted and stays null.
	q := e.createPool(free.ID, poolBody(map[string]any{"name": "nofip", "attachFloatingIps": map[string]any{"enabled": false}}))
	if q.AttachFloatingIPs != nil {
		t.Fatalf("free-plan pool floating IPs = %+v", q.AttachFloatingIPs)
	}

	// Without the key, only when the option allows it.
	lax := newPoolEnv(t, ovhmock.Options{NodePoolZonesOptional: true})
	lc := lax.createReady(map[string]any{"region": "GRA7"})
	if p := lax.createPool(lc.ID, poolBody(map[string]any{"availabilityZones": nil})); p.AvailabilityZones == nil || len(p.AvailabilityZones) != 0 {
		t.Fatalf("zones = %#v", p.AvailabilityZones)
	}
	par := lax.createReady(map[string]any{"region": "EU-SOUTH-MIL"})
	err := lax.client.Post(lax.pools(par.ID), poolBody(map[string]any{"availabilityZones": nil}), nil)
	wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "[availabilityZones] A node pool of region EU-SOUTH-MIL needs exactly one availability zone")
}

func TestFlavors(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{RegionFlavors: map[string][]ovhmock.Flavor{
		"BHS5": {{Name: "b3-8", VCPUs: 2, RAM: 8}, {Name: "t1-45", State: "unavailable", VCPUs: 8, RAM: 45, GPUs: 1}},
	}})
	gra := e.createReady(map[string]any{"region": "GRA7"})
	bhs := e.createReady(map[string]any{"region": "BHS5"})
	var got []ovhmock.Flavor
	if err := e.client.Get(e.path(gra.ID, "/flavors"), &got); err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, got, ovhmock.DefaultFlavors())
	var names []string
	for _, f := range got {
		names = append(names, f.Name)
		if f.Category != f.Name[:1] || f.State != "available" || f.VCPUs <= 0 || f.RAM <= 0 {
			t.Fatalf("flavor %+v", f)
		}
	}
	for _, want := range []string{"b2-7", "b3-8", "b3-16", "c3-4", "c3-8", "d2-4", "d2-8", "r3-16", "t1-45"} {
		if !slices.Contains(names, want) {
			t.Fatalf("flavors %v lack %s", names, want)
		}
	}
	if err := e.client.Get(e.path(bhs.ID, "/flavors"), &got); err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, got, []map[string]any{
		{"name": "b3-8", "category": "b", "state": "available", "vCPUs": 2, "ram": 8, "gpus": 0},
		{"name": "t1-45", "category": "t", "state": "unavailable", "vCPUs": 8, "ram": 45, "gpus": 1},
	})
	e.createPool(gra.ID, poolBody(map[string]any{"flavorName": "c3-8"}))
	err := e.client.Post(e.pools(bhs.ID), poolBody(map[string]any{"flavorName": "c3-8"}), nil)
	wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "[flavorName] Given data (c3-8) is not a flavor of region BHS5")
	err = e.client.Post(e.pools(bhs.ID), poolBody(map[string]any{"flavorName": "t1-45"}), nil)
	wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "[flavorName] Given data (t1-45) is unavailable in region BHS5")
	err = e.client.Get(e.path("missing", "/flavors"), nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "missing")

	// Options.Flavors replaces the list of every other region.
	o := newPoolEnv(t, ovhmock.Options{Flavors: ovhmock.FlavorsNamed("b3-8", "x9-30")})
	oc := o.createReady(map[string]any{"region": "SBG5"})
	if err := o.client.Get(o.path(oc.ID, "/flavors"), &got); err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, got, []map[string]any{
		{"name": "b3-8", "category": "b", "state": "available", "vCPUs": 2, "ram": 8, "gpus": 0},
		{"name": "x9-30", "category": "x", "state": "available", "vCPUs": 7, "ram": 30, "gpus": 0},
	})
}

func TestOptionsValidateNodePoolSettings(t *testing.T) {
	for name, o := range map[string]ovhmock.Options{
		"reset policy":              {ResetNodePools: "maybe"},
		"install error rate":        {Faults: ovhmock.Faults{NodePoolInstallErrorRate: 1.5}},
		"flavor without name":       {Flavors: []ovhmock.Flavor{{RAM: 4}}},
		"duplicate flavor":          {Flavors: ovhmock.FlavorsNamed("b3-8", "b3-8")},
		"flavor state":              {Flavors: []ovhmock.Flavor{{Name: "b3-8", State: "gone"}}},
		"flavors of unknown region": {RegionFlavors: map[string][]ovhmock.Flavor{"XX1": ovhmock.FlavorsNamed("b3-8")}},
	} {
		if err := o.Validate(); err == nil {
			t.Errorf("%s: Validate accepted %+v", name, o)
		}
	}
	ok := ovhmock.Options{ResetNodePools: ovhmock.ResetDeleteNodePools, RegionFlavors: map[string][]ovhmock.Flavor{"GRA7": nil}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestNodePoolTimingsDefaultToTheClusterOnes(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{}) // slowTimings: no node pool timing set
	c := e.createReady(map[string]any{"region": "GRA7"})
	p := e.createPool(c.ID, poolBody(nil))
	e.clock.Advance(slowTimings.NotFoundAfterCreate + slowTimings.Install - time.Second)
	if s := e.getPool(c.ID, p.ID).Status; s != "INSTALLING" {
		t.Fatalf("status = %s", s)
	}
	e.clock.Advance(time.Second)
	if s := e.getPool(c.ID, p.ID).Status; s != "READY" {
		t.Fatalf("status = %s", s)
	}
	if err := e.client.Put(e.pools(c.ID, "/", p.ID), map[string]any{"desiredNodes": 3}, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(slowTimings.Update)
	if s := e.getPool(c.ID, p.ID).Status; s != "READY" {
		t.Fatalf("status after the update time = %s", s)
	}
	test := ovhmock.TestTimings()
	for _, d := range []time.Duration{test.NodePoolInstall, test.NodePoolResize, test.NodePoolUpdate, test.NodePoolDelete} {
		if d <= 0 || d > 100*time.Millisecond {
			t.Fatalf("TestTimings %+v: want short node pool timings", test)
		}
	}
	if ovhmock.DemoTimings().NodePoolInstall < time.Second {
		t.Fatal("DemoTimings: want seconds")
	}
}
