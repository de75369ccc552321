package ovhapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
)

// pagedNodes answers a node list in pages of size, with cursors "c<offset>",
// and records the cursor each request sent ("" for none).
type pagedNodes struct {
	mu      sync.Mutex
	total   int
	size    int
	cursors []string
}

func (p *pagedNodes) respond(w http.ResponseWriter, r *http.Request, _ int) {
	cursor := r.Header.Get("X-Pagination-Cursor")
	p.mu.Lock()
	p.cursors = append(p.cursors, cursor)
	p.mu.Unlock()
	from := 0
	if cursor != "" {
		if _, err := fmt.Sscanf(cursor, "c%d", &from); err != nil {
			answerJSON(w, 400, `{"class":"Client::BadRequest","message":"Invalid cursor"}`)
			return
		}
	}
	to := min(from+p.size, p.total)
	nodes := []map[string]any{}
	for i := from; i < to; i++ {
		nodes = append(nodes, map[string]any{"id": fmt.Sprintf("n%d", i), "name": fmt.Sprintf("pool-node-%d", i)})
	}
	if to < p.total {
		w.Header().Set("X-Pagination-Cursor-Next", fmt.Sprintf("c%d", to))
	}
	raw, _ := json.Marshal(nodes)
	answerJSON(w, 200, string(raw))
}

func nodeNames(nodes []Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.ID)
	}
	return out
}

// Both node lists follow X-Pagination-Cursor-Next to the last page, sending
// each cursor back as X-Pagination-Cursor, and keep the API's order.
func TestNodeListsReadEveryPage(t *testing.T) {
	lists := map[string]struct {
		path string
		list func(*Client) ([]Node, error)
	}{
		"cluster": {"/1.0/cloud/project/p/kube/k1/node", func(c *Client) ([]Node, error) {
			return c.ListNodes(context.Background(), "p", "k1")
		}},
		"node pool": {"/1.0/cloud/project/p/kube/k1/nodepool/np1/nodes", func(c *Client) ([]Node, error) {
			return c.ListNodePoolNodes(context.Background(), "p", "k1", "np1")
		}},
	}
	for name, l := range lists {
		for _, tt := range []struct {
			total, size int
			cursors     []string
		}{
			{0, 3, []string{""}},
			{2, 3, []string{""}},
			{3, 3, []string{""}},
			{7, 3, []string{"", "c3", "c6"}},
		} {
			t.Run(fmt.Sprintf("%s/%d by %d", name, tt.total, tt.size), func(t *testing.T) {
				p := &pagedNodes{total: tt.total, size: tt.size}
				f := newFakeAPI(t, p.respond)
				nodes, err := l.list(f.client(t, fastRetry))
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for i := range tt.total {
					want = append(want, fmt.Sprintf("n%d", i))
				}
				if got := nodeNames(nodes); !slices.Equal(got, want) {
					t.Errorf("nodes = %v, want %v", got, want)
				}
				if nodes == nil {
					t.Error("nodes = nil, want an empty list")
				}
				if !slices.Equal(p.cursors, tt.cursors) {
					t.Errorf("cursors sent = %q, want %q", p.cursors, tt.cursors)
				}
				if got := f.count("GET", l.path); got != len(tt.cursors) {
					t.Errorf("%d GET %s, want %d", got, l.path, len(tt.cursors))
				}
			})
		}
	}
}

// A page that fails is retried with the same cursor; a refused cursor is an
// API error that names the page; a cursor given twice ends the reading
// instead of looping.
func TestNodeListPagesFailures(t *testing.T) {
	t.Run("retried", func(t *testing.T) {
		p := &pagedNodes{total: 5, size: 2}
		failed := false
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if r.Header.Get("X-Pagination-Cursor") == "c2" && !failed {
				failed = true
				apiError(w, 503)
				return
			}
			p.respond(w, r, n)
		})
		nodes, err := f.client(t, fastRetry).ListNodes(context.Background(), "p", "k1")
		if err != nil {
			t.Fatal(err)
		}
		if len(nodes) != 5 || !slices.Equal(p.cursors, []string{"", "c2", "c4"}) {
			t.Errorf("%d nodes, cursors answered %q; want 5 nodes, cursors \"\", c2, c4", len(nodes), p.cursors)
		}
	})
	t.Run("refused cursor", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			if r.Header.Get("X-Pagination-Cursor") == "" {
				w.Header().Set("X-Pagination-Cursor-Next", "gone")
				answerJSON(w, 200, `[{"id":"n0"}]`)
				return
			}
			answerJSON(w, 400, `{"class":"Client::BadRequest","message":"Invalid pagination cursor"}`)
		})
		_, err := f.client(t, fastRetry).ListNodes(context.Background(), "p", "k1")
		if err == nil || !strings.Contains(err.Error(), "page 2: ") || !strings.Contains(err.Error(), "Invalid pagination cursor") {
			t.Fatalf("error = %v, want the API's refusal of page 2", err)
		}
		if IsNotFound(err) {
			t.Error("a refused cursor passes for a missing cluster")
		}
	})
	t.Run("cursor given twice", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			w.Header().Set("X-Pagination-Cursor-Next", "same")
			answerJSON(w, 200, `[{"id":"n0"}]`)
		})
		_, err := f.client(t, fastRetry).ListNodePoolNodes(context.Background(), "p", "k1", "np1")
		want := "GET /cloud/project/p/kube/k1/nodepool/np1/nodes: page 2 gives a cursor an earlier page gave; the list cannot be read to its end"
		if err == nil || err.Error() != want {
			t.Fatalf("error = %v, want %q", err, want)
		}
		if got := f.count("GET", "/1.0/cloud/project/p/kube/k1/nodepool/np1/nodes"); got != 2 {
			t.Errorf("%d GETs, want 2", got)
		}
	})
}

// The API's nulls are read as nil, never as "".
func TestNodeNullableMembers(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		answerJSON(w, 200, `[
{"id":"a","instanceId":null,"deployedAt":null,"deletedAt":null},
{"id":"b","instanceId":"i-b","deployedAt":"2026-01-02T03:04:05Z","deletedAt":"2026-01-03T03:04:05Z"},
{"id":"c"}]`)
	})
	nodes, err := f.client(t, fastRetry).ListNodes(context.Background(), "p", "k1")
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 3 {
		t.Fatalf("%d nodes, want 3", len(nodes))
	}
	for _, n := range []Node{nodes[0], nodes[2]} {
		if n.InstanceID != nil || n.DeployedAt != nil || n.DeletedAt != nil {
			t.Errorf("node %s: instanceId %v, deployedAt %v, deletedAt %v; want nil", n.ID, n.InstanceID, n.DeployedAt, n.DeletedAt)
		}
	}
	b := nodes[1]
	if b.InstanceID == nil || *b.InstanceID != "i-b" || b.DeployedAt == nil || *b.DeployedAt != "2026-01-02T03:04:05Z" ||
		b.DeletedAt == nil || *b.DeletedAt != "2026-01-03T03:04:05Z" {
		t.Errorf("node b = %+v", b)
	}
}

// nodesToRemove is sent when set, and left out of the body otherwise.
func TestUpdateNodePoolNodesToRemove(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(http.StatusNoContent) })
	c := f.client(t, fastRetry)
	two := int64(2)
	if err := c.UpdateNodePool(context.Background(), "p", "k1", "np1", NodePoolUpdate{DesiredNodes: &two, NodesToRemove: []string{"n1", "i-3"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateNodePool(context.Background(), "p", "k1", "np1", NodePoolUpdate{DesiredNodes: &two}); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateNodePool(context.Background(), "p", "k1", "np1", NodePoolUpdate{DesiredNodes: &two, NodesToRemove: []string{}}); err != nil {
		t.Fatal(err)
	}
	want := []string{`{"desiredNodes":2,"nodesToRemove":["n1","i-3"]}`, `{"desiredNodes":2}`, `{"desiredNodes":2}`}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !slices.Equal(f.bodies, want) {
		t.Errorf("bodies = %q, want %q", f.bodies, want)
	}
}
