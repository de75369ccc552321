package ovhmock_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ovh/go-ovh/ovh"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// offsetClock is the real clock, fractions of a second included, moved
// forward on demand.
type offsetClock struct{ offset atomic.Int64 }

func (c *offsetClock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *offsetClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// advanceFor moves the clock and gives e a new client: go-ovh learns the
// API's time once per client, and an hour is beyond the signature window.
func (c *offsetClock) advanceFor(e *env, d time.Duration) {
	e.t.Helper()
	c.advance(d)
	e.client = syncedClient(e)
}

// syncedClient is a client of e's mock that has learnt the mock's time.
// A go-ovh client is not safe for concurrent use.
func syncedClient(e *env) *ovh.Client {
	client, err := ovh.NewClient(e.srv.URL+"/1.0", ovhmock.DefaultApplicationKey, ovhmock.DefaultApplicationSecret, ovhmock.DefaultConsumerKey)
	if err == nil {
		_, err = client.TimeDelta()
	}
	if err != nil {
		e.t.Error(err)
	}
	return client
}

// A pool preloaded INSTALLING completes at the end of its install, whoever
// observes it first and however late: its nodes keep the id and the
// createdAt they had, and are deployed at the end of the install. The
// accessors and the API agree, before and after the completion.
func TestSeededInstallKeepsNodeCreation(t *testing.T) {
	const install = time.Hour
	for name, firstLook := range map[string]func(e *env, kubeID, poolID string){
		"accessor first": func(e *env, kubeID, _ string) { e.mock.Nodes(e.project(), kubeID) },
		"API first":      func(e *env, kubeID, poolID string) { e.poolNodes(kubeID, poolID, "") },
		"both at once": func(e *env, kubeID, poolID string) {
			clients := make([]*ovh.Client, 4)
			for i := range clients {
				clients[i] = syncedClient(e)
			}
			var wg sync.WaitGroup
			for _, c := range clients {
				wg.Go(func() { e.mock.Nodes(e.project(), kubeID) })
				wg.Go(func() {
					var nodes []ovhmock.Node
					if err := c.Get(e.pools(kubeID, "/", poolID, "/nodes"), &nodes); err != nil {
						e.t.Error(err)
					}
				})
			}
			wg.Wait()
		},
	} {
		t.Run(name, func(t *testing.T) {
			clock := &offsetClock{}
			timings := ovhmock.TestTimings()
			timings.NodePoolInstall = install
			e := newEnv(t, ovhmock.Options{Timings: timings, Now: clock.now})
			const kubeID = "c1"
			if err := e.mock.AddCluster(e.project(), ovhmock.Cluster{ID: kubeID, Region: "GRA11", Status: "READY"}); err != nil {
				t.Fatal(err)
			}
			p, err := e.mock.AddNodePool(e.project(), kubeID, ovhmock.NodePool{Name: "done", DesiredNodes: 1, Status: "INSTALLING"})
			if err != nil {
				t.Fatal(err)
			}
			seeded := e.mock.Nodes(e.project(), kubeID)
			if len(seeded) != 1 || seeded[0].Status != "INSTALLING" || seeded[0].DeployedAt != nil {
				t.Fatalf("seeded nodes = %+v", seeded)
			}
			jsonEqual(t, e.poolNodes(kubeID, p.ID, ""), seeded)
			created := seeded[0].CreatedAt

			clock.advanceFor(e, install+time.Minute)
			firstLook(e, kubeID, p.ID)
			// Later looks, the clock having moved again, change nothing.
			for _, later := range []time.Duration{0, time.Second, 10 * time.Minute} {
				clock.advanceFor(e, later)
				nodes := e.mock.Nodes(e.project(), kubeID)
				if len(nodes) != 1 {
					t.Fatalf("nodes = %+v", nodes)
				}
				n := nodes[0]
				deployed := created.Add(install)
				if n.ID != seeded[0].ID || !n.CreatedAt.Equal(created) || n.Status != "READY" ||
					!n.UpdatedAt.Equal(deployed) || n.DeployedAt == nil || !n.DeployedAt.Equal(deployed) {
					t.Fatalf("after %s: node %s created %s, updated %s, deployed %v, %s; want %s created %s, deployed %s",
						later, n.ID, n.CreatedAt, n.UpdatedAt, n.DeployedAt, n.Status, seeded[0].ID, created, deployed)
				}
				jsonEqual(t, e.poolNodes(kubeID, p.ID, ""), nodes)
				var all []ovhmock.Node
				if err := e.client.Get(e.path(kubeID, "/node"), &all); err != nil {
					t.Fatal(err)
				}
				jsonEqual(t, all, nodes)
			}
		})
	}
}
