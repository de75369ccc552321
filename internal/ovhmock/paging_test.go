package ovhmock_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// pageOf sends one GET of a node list with the given request headers and
// returns the nodes and the next cursor.
func (e *env) pageOf(path string, headers map[string]string) ([]ovhmock.Node, string) {
	e.t.Helper()
	r := e.signed("GET", path, "")
	r.headers = headers
	resp, body := e.do(r)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("GET %s with %v: %d %s", path, headers, resp.StatusCode, body)
	}
	var nodes []ovhmock.Node
	if err := json.Unmarshal(body, &nodes); err != nil {
		e.t.Fatal(err)
	}
	return nodes, resp.Header.Get("X-Pagination-Cursor-Next")
}

// allPages follows the cursors from the first page and returns the node ids
// of every page.
func (e *env) allPages(path string, size string) [][]string {
	e.t.Helper()
	var pages [][]string
	headers := map[string]string{}
	if size != "" {
		headers["X-Pagination-Size"] = size
	}
	for range 100 {
		nodes, next := e.pageOf(path, headers)
		pages = append(pages, nodeIDs(nodes))
		if next == "" {
			return pages
		}
		headers = map[string]string{"X-Pagination-Cursor": next}
		if size != "" {
			headers["X-Pagination-Size"] = size
		}
	}
	e.t.Fatalf("GET %s: more than 100 pages", path)
	return nil
}

func TestNodeListsArePaged(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{NodePageSize: 2})
	c := e.createReady(map[string]any{"region": "GRA7"})
	a := e.readyPool(c.ID, poolBody(map[string]any{"name": "a", "desiredNodes": 3}))
	b := e.readyPool(c.ID, poolBody(map[string]any{"name": "b", "desiredNodes": 2}))
	empty := e.readyPool(c.ID, poolBody(map[string]any{"name": "empty", "desiredNodes": 0}))
	aIDs, bIDs := nodeIDs(e.mock.Nodes(e.project(), c.ID)[:3]), nodeIDs(e.mock.Nodes(e.project(), c.ID)[3:])
	all := append(slices.Clone(aIDs), bIDs...)

	tests := []struct {
		name, path, size string
		want             [][]string
	}{
		{"cluster, default size", e.path(c.ID, "/node"), "", [][]string{all[:2], all[2:4], all[4:]}},
		{"cluster, size 3", e.path(c.ID, "/node"), "3", [][]string{all[:3], all[3:]}},
		{"cluster, size 5: one page", e.path(c.ID, "/node"), "5", [][]string{all}},
		{"cluster, size 0 is no size", e.path(c.ID, "/node"), "0", [][]string{all[:2], all[2:4], all[4:]}},
		{"cluster, size x is no size", e.path(c.ID, "/node"), "x", [][]string{all[:2], all[2:4], all[4:]}},
		{"pool a", e.pools(c.ID, "/", a.ID, "/nodes"), "", [][]string{aIDs[:2], aIDs[2:]}},
		{"pool b: a full last page", e.pools(c.ID, "/", b.ID, "/nodes"), "", [][]string{bIDs}},
		{"empty pool", e.pools(c.ID, "/", empty.ID, "/nodes"), "", [][]string{nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := e.allPages(tt.path, tt.size); !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("pages = %v, want %v", got, tt.want)
			}
		})
	}

	// The history pages too.
	if err := e.client.Put(e.pools(c.ID, "/", a.ID), map[string]any{"desiredNodes": 0}, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(poolTimings.NodePoolResize)
	history := e.allPages(e.pools(c.ID, "/", a.ID, "/nodes?history=true"), "")
	if want := [][]string{{aIDs[2], aIDs[1]}, {aIDs[0]}}; !slices.EqualFunc(history, want, slices.Equal) {
		t.Errorf("history pages = %v, want %v", history, want)
	}
}

// A cursor the mock did not give for that very list is refused with a 400;
// one past the end of a list that shrank gives an empty last page.
func TestNodeListCursors(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{NodePageSize: 2})
	c := e.createReady(map[string]any{"region": "GRA7"})
	a := e.readyPool(c.ID, poolBody(map[string]any{"name": "a", "desiredNodes": 3}))
	b := e.readyPool(c.ID, poolBody(map[string]any{"name": "b", "desiredNodes": 3}))
	poolA, poolB, cluster := e.pools(c.ID, "/", a.ID, "/nodes"), e.pools(c.ID, "/", b.ID, "/nodes"), e.path(c.ID, "/node")
	_, nextA := e.pageOf(poolA, nil)
	_, nextCluster := e.pageOf(cluster, nil)
	if nextA == "" || nextCluster == "" || nextA == nextCluster {
		t.Fatalf("cursors %q and %q, want two different ones", nextA, nextCluster)
	}
	for _, tt := range []struct{ name, path, cursor string }{
		{"garbage", poolA, "not-a-cursor"},
		{"another pool's", poolB, nextA},
		{"the cluster list's", poolA, nextCluster},
		{"the list's, for the history", poolA + "?history=true", nextA},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := e.signed("GET", tt.path, "")
			r.headers = map[string]string{"X-Pagination-Cursor": tt.cursor}
			resp, body := e.do(r)
			class, message := errorBody(t, body)
			want := "Invalid pagination cursor " + strconv.Quote(tt.cursor)
			if resp.StatusCode != http.StatusBadRequest || class != "Client::BadRequest" || message != want {
				t.Errorf("%d %s %q, want 400 Client::BadRequest %q", resp.StatusCode, class, message, want)
			}
			if next := resp.Header.Get("X-Pagination-Cursor-Next"); next != "" {
				t.Errorf("a refusal gives cursor %q", next)
			}
		})
	}

	// The list shrinks to one node under the cursor of its second page.
	if err := e.client.Put(e.pools(c.ID, "/", a.ID), map[string]any{"desiredNodes": 1}, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(poolTimings.NodePoolResize)
	nodes, next := e.pageOf(poolA, map[string]string{"X-Pagination-Cursor": nextA})
	if len(nodes) != 0 || next != "" {
		t.Errorf("past the end: %v, next %q; want an empty last page", nodeIDs(nodes), next)
	}
}

// A node shows no instance while INSTALLING, its instance once installed;
// only a DELETED node has a deletion date.
func TestNodeNullableMembers(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	p := e.createPool(c.ID, poolBody(map[string]any{"desiredNodes": 1}))
	e.clock.Advance(poolTimings.NotFoundAfterCreate)
	resp, body := e.do(e.signed("GET", e.pools(c.ID, "/", p.ID, "/nodes"), ""))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET nodes: %d %s", resp.StatusCode, body)
	}
	var installing []map[string]any
	if err := json.Unmarshal(body, &installing); err != nil {
		t.Fatal(err)
	}
	for _, member := range []string{"instanceId", "deployedAt", "deletedAt"} {
		if v, present := installing[0][member]; !present || v != nil {
			t.Errorf("INSTALLING node: %s = %v (present %v), want null", member, v, present)
		}
	}
	e.clock.Advance(poolTimings.NodePoolInstall)
	n := e.poolNodes(c.ID, p.ID, "")[0]
	if n.Status != "READY" || n.InstanceID == nil || n.DeployedAt == nil || n.DeletedAt != nil {
		t.Fatalf("installed node = %+v", n)
	}
	if got := *e.mock.Nodes(e.project(), c.ID)[0].InstanceID; got != *n.InstanceID {
		t.Errorf("instance %s, then %s", *n.InstanceID, got)
	}
}

// Node and node pool statuses are the schema's enumerations: a pool has
// UPSCALING and DOWNSCALING, a node FLAVOR_OUT_OF_STOCK_ERROR; neither has
// RESIZING.
func TestNodeAndPoolStatusEnumerations(t *testing.T) {
	state := func(poolStatus, nodeStatus string) string {
		return `{"projects": {"` + ovhmock.DefaultProject + `": {"clusters": [{"id": "k1", "name": "k", "region": "GRA7", "status": "READY",
  "nodePools": [{"name": "p", "status": "` + poolStatus + `", "desiredNodes": 1, "nodes": [{"status": "` + nodeStatus + `"}]}]}]}}}`
	}
	for _, tt := range []struct {
		pool, node, err string
	}{
		{"READY", "FLAVOR_OUT_OF_STOCK_ERROR", ""},
		{"UPSCALING", "READY", ""},
		{"DOWNSCALING", "REDEPLOYING", ""},
		{"USER_NODE_SUSPENDED_SERVICE", "USER_NODE_NOT_FOUND_ERROR", ""},
		{"RESIZING", "READY", `"RESIZING" is not one of`},
		{"FLAVOR_OUT_OF_STOCK_ERROR", "READY", `"FLAVOR_OUT_OF_STOCK_ERROR" is not one of`},
		{"READY", "UPSCALING", `status "UPSCALING" is not one of an existing node`},
		{"READY", "DOWNSCALING", `status "DOWNSCALING" is not one of an existing node`},
		{"READY", "RESIZING", `status "RESIZING" is not one of an existing node`},
	} {
		t.Run(tt.pool+"/"+tt.node, func(t *testing.T) {
			m := ovhmock.New(ovhmock.Options{})
			err := m.LoadState(strings.NewReader(state(tt.pool, tt.node)))
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("LoadState: %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("LoadState: %v, want an error with %q", err, tt.err)
			}
		})
	}
}

// nodesToRemove names nodes by id, name, OpenStack instance id or
// Kubernetes provider id (openstack:///<instance id>); exactly those go.
func TestNodesToRemoveByProviderID(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	p := e.readyPool(c.ID, poolBody(map[string]any{"desiredNodes": 4}))
	nodes := e.poolNodes(c.ID, p.ID, "")
	body := map[string]any{"desiredNodes": 2, "nodesToRemove": []string{"openstack:///" + *nodes[0].InstanceID, nodes[2].ID}}
	if err := e.client.Put(e.pools(c.ID, "/", p.ID), body, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(poolTimings.NodePoolResize)
	if got, want := nodeIDs(e.poolNodes(c.ID, p.ID, "")), []string{nodes[1].ID, nodes[3].ID}; !slices.Equal(got, want) {
		t.Fatalf("kept %v, want %v", got, want)
	}
	if got, want := nodeIDs(e.poolNodes(c.ID, p.ID, "?history=true")), []string{nodes[2].ID, nodes[0].ID}; !slices.Equal(got, want) {
		t.Fatalf("deleted %v, want %v", got, want)
	}
}
