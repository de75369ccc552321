package acctest

import (
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// ServeMock serves m behind an httptest server until the test ends, and
// returns the endpoint that points the provider at it. Every kube request it
// serves is held to the published schema (see conformance): when the test
// ends, a request body the provider sent or a 2xx answer the mock gave that
// the schema does not allow fails it.
func ServeMock(tb testing.TB, m *ovhmock.Mock) string {
	tb.Helper()
	c := newConformance(m)
	srv := httptest.NewServer(c)
	tb.Cleanup(func() {
		srv.Close()
		c.report(tb)
	})
	return srv.URL + "/1.0"
}

// StartMock runs a fresh mock API with opts for one test, guarded against
// orphans, and returns it with its endpoint. When the test ends, after the
// final destroy of its TestCase (whose state is then empty), the mock must
// hold no cluster, node pool, OIDC configuration, IP restriction list or log
// subscription but
// those the test seeded or declared left behind on purpose (see
// ExpectLeftOver). CheckDestroy cannot do this: it runs only when the state
// is not empty, which is exactly not the case of an orphan. The check is
// skipped when TF_ACC is unset, as the acceptance steps are. Unless opts
// sets another, the node lists come in pages of TestNodePageSize nodes, so
// that every test reading nodes reads several pages.
func StartMock(tb testing.TB, opts ovhmock.Options) (*ovhmock.Mock, string) {
	tb.Helper()
	if opts.NodePageSize == 0 {
		opts.NodePageSize = TestNodePageSize
	}
	m := ovhmock.New(opts)
	endpoint := ServeMock(tb, m)
	g := &orphanGuard{seeded: map[string]bool{}}
	guards.Store(m, g)
	tb.Cleanup(func() {
		guards.Delete(m)
		if os.Getenv("TF_ACC") == "" {
			return // the acceptance steps were skipped
		}
		if err := g.check(m); err != nil {
			tb.Error(err)
		}
	})
	return m, endpoint
}

// TestNodePageSize is the page size of the node lists of the mocks
// StartMock starts.
const TestNodePageSize = 2

// guards holds the orphan guard of each running mock.
var guards sync.Map // *ovhmock.Mock -> *orphanGuard

// orphanGuard knows what a test put in its mock outside Terraform.
type orphanGuard struct {
	mu       sync.Mutex
	seeded   map[string]bool
	leftOver int
	why      string
}

func guardOf(tb testing.TB, m *ovhmock.Mock) *orphanGuard {
	tb.Helper()
	g, ok := guards.Load(m)
	if !ok {
		tb.Fatal("the mock was not started by acctest.StartMock")
	}
	return g.(*orphanGuard)
}

// check lists the clusters, in every project, that no state holds and
// nobody declared.
func (g *orphanGuard) check(m *ovhmock.Mock) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	var orphans []string
	for _, project := range m.Projects() {
		for _, c := range m.Clusters(project) {
			if !g.seeded[c.ID] {
				orphans = append(orphans, fmt.Sprintf("cluster %s (%s, %s)", c.ID, c.Name, c.Status))
			}
			for _, p := range m.NodePools(project, c.ID) {
				if !g.seeded[p.ID] {
					orphans = append(orphans, fmt.Sprintf("node pool %s (%s, %s)", p.ID, p.Name, p.Status))
				}
			}
			if o, ok := m.OIDC(project, c.ID); ok && !g.seeded[OIDCKey(c.ID)] {
				orphans = append(orphans, fmt.Sprintf("OIDC configuration of cluster %s (%s)", c.ID, o.IssuerURL))
			}
			if ips, _ := m.IPRestrictions(project, c.ID); len(ips) > 0 && !g.seeded[IPRestrictionsKey(c.ID)] {
				orphans = append(orphans, fmt.Sprintf("IP restrictions of cluster %s (%s)", c.ID, strings.Join(ips, ", ")))
			}
			subs, _ := m.LogSubscriptions(project, c.ID)
			for _, s := range subs {
				if !g.seeded[s.SubscriptionID] {
					orphans = append(orphans, fmt.Sprintf("log subscription %s of cluster %s (stream %s)", s.SubscriptionID, c.ID, s.StreamID))
				}
			}
		}
	}
	if len(orphans) != g.leftOver {
		return fmt.Errorf("after the final destroy the mock holds %d cluster(s), node pool(s), OIDC configuration(s), IP restriction list(s) or log subscription(s) that no state holds, want %d%s: %s",
			len(orphans), g.leftOver, g.why, strings.Join(orphans, ", "))
	}
	return nil
}

// OIDCKey is the key under which DeclareSeeded declares the OIDC
// configuration of cluster kubeID.
func OIDCKey(kubeID string) string { return "oidc/" + kubeID }

// IPRestrictionsKey is the key under which DeclareSeeded declares the IP
// restrictions of cluster kubeID.
func IPRestrictionsKey(kubeID string) string { return "iprestrictions/" + kubeID }

// DeclareSeeded tells the orphan guard of m that what key names was put in
// the mock by the test, not left by Terraform: key is the id of a cluster,
// a node pool or a log subscription, or OIDCKey or IPRestrictionsKey of a
// cluster.
func DeclareSeeded(tb testing.TB, m *ovhmock.Mock, key string) {
	tb.Helper()
	g := guardOf(tb, m)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.seeded[key] = true
}

// SeedCluster adds to the default project a cluster that Terraform does not
// manage.
func SeedCluster(tb testing.TB, m *ovhmock.Mock, c ovhmock.Cluster) {
	tb.Helper()
	before := map[string]bool{}
	for _, e := range m.Clusters(ovhmock.DefaultProject) {
		before[e.ID] = true
	}
	if err := m.AddCluster(ovhmock.DefaultProject, c); err != nil {
		tb.Fatal(err)
	}
	g := guardOf(tb, m)
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, e := range m.Clusters(ovhmock.DefaultProject) {
		if !before[e.ID] {
			g.seeded[e.ID] = true
		}
	}
}

// SeedNodePool adds a node pool that Terraform does not manage, and returns
// it as the mock holds it.
func SeedNodePool(tb testing.TB, m *ovhmock.Mock, kubeID string, p ovhmock.NodePool) ovhmock.NodePool {
	tb.Helper()
	added, err := m.AddNodePool(ovhmock.DefaultProject, kubeID, p)
	if err != nil {
		tb.Fatal(err)
	}
	DeclareSeeded(tb, m, added.ID)
	return added
}

// SeedOIDC gives a cluster an OIDC configuration that Terraform does not
// manage (nil removes it).
func SeedOIDC(tb testing.TB, m *ovhmock.Mock, kubeID string, o *ovhmock.OpenIDConnect) {
	tb.Helper()
	if err := m.SetOIDC(ovhmock.DefaultProject, kubeID, o); err != nil {
		tb.Fatal(err)
	}
	DeclareSeeded(tb, m, OIDCKey(kubeID))
}

// SeedIPRestrictions gives a cluster IP restrictions that Terraform does not
// manage.
func SeedIPRestrictions(tb testing.TB, m *ovhmock.Mock, kubeID string, ips []string) {
	tb.Helper()
	if err := m.SetIPRestrictions(ovhmock.DefaultProject, kubeID, ips); err != nil {
		tb.Fatal(err)
	}
	DeclareSeeded(tb, m, IPRestrictionsKey(kubeID))
}

// SeedLogSubscription gives a cluster a log subscription that Terraform
// does not manage, and returns it as the mock holds it (see
// ovhmock.AddLogSubscription for the defaults of s).
func SeedLogSubscription(tb testing.TB, m *ovhmock.Mock, kubeID string, s ovhmock.LogSubscription) ovhmock.LogSubscription {
	tb.Helper()
	added, err := m.AddLogSubscription(ovhmock.DefaultProject, kubeID, s)
	if err != nil {
		tb.Fatal(err)
	}
	DeclareSeeded(tb, m, added.SubscriptionID)
	return added
}

// ExpectLeftOver declares that the test leaves n objects behind in m on
// purpose, and why.
func ExpectLeftOver(tb testing.TB, m *ovhmock.Mock, n int, why string) {
	tb.Helper()
	g := guardOf(tb, m)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.leftOver, g.why = n, " ("+why+")"
}

// OnlyCluster returns the one cluster of the default project, and fails the
// test when there is not exactly one.
func OnlyCluster(tb testing.TB, m *ovhmock.Mock) ovhmock.Cluster {
	tb.Helper()
	cs := m.Clusters(ovhmock.DefaultProject)
	if len(cs) != 1 {
		tb.Fatalf("the mock holds %d clusters, want 1", len(cs))
	}
	return cs[0]
}

// OutOfBand returns a step's PreConfig that changes the test's only cluster
// behind Terraform's back.
func OutOfBand(tb testing.TB, m *ovhmock.Mock, change func(*ovhmock.Cluster)) func() {
	return func() {
		if err := m.ModifyCluster(ovhmock.DefaultProject, OnlyCluster(tb, m).ID, change); err != nil {
			tb.Fatal(err)
		}
	}
}

// Count returns how many requests of the mock's log have this method and
// route.
func Count(m *ovhmock.Mock, method, route string) int {
	n := 0
	for _, r := range m.Requests() {
		if r.Method == method && r.Route == route {
			n++
		}
	}
	return n
}
