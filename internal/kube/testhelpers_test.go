package kube_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"

	"github.com/mkscloud/terraform-provider-ovh/internal/kube"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
	"github.com/mkscloud/terraform-provider-ovh/internal/provider"
)

const addr = "ovh_cloud_project_kube.c"

func TestMain(m *testing.M) {
	// Credentials of the developer's shell must not leak into tests, which
	// configure the provider explicitly.
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "OVH_") {
			os.Unsetenv(name)
		}
	}
	os.Exit(m.Run())
}

// fastPolling suits the mock, whose transitions take tens of milliseconds.
// Every answer of the server's shortcuts is checked against the framework's.
var fastPolling = kube.Options{PollFirst: 10 * time.Millisecond, PollMax: 50 * time.Millisecond, StaleGrace: 2 * time.Second, CheckShortcuts: true}

// factories serve the provider as its binary does (provider.NewServer).
var factories = map[string]func() (tfprotov6.ProviderServer, error){
	"ovh": func() (tfprotov6.ProviderServer, error) { //nolint:unparam // the signature terraform-plugin-testing asks for
		return provider.NewServerWithOptions("test", fastPolling)(), nil
	},
}

// startMock runs a fresh mock API for one test, guarded against orphans:
// when the test ends, after the final destroy of its TestCase (whose state is
// then empty), the mock must hold no cluster but those the test seeded or
// declared left behind on purpose. CheckDestroy cannot do this: it runs only
// when the state is not empty, which is exactly not the case of an orphan.
func startMock(t *testing.T, opts ovhmock.Options) (*ovhmock.Mock, string) {
	t.Helper()
	m := ovhmock.New(opts)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	g := &orphanGuard{seeded: map[string]bool{}}
	guards.Store(m, g)
	t.Cleanup(func() {
		guards.Delete(m)
		if os.Getenv("TF_ACC") == "" {
			return // the acceptance steps were skipped
		}
		if err := g.check(m); err != nil {
			t.Error(err)
		}
	})
	return m, srv.URL + "/1.0"
}

// guards holds the orphan guard of each running mock.
var guards sync.Map // *ovhmock.Mock -> *orphanGuard

type orphanGuard struct {
	mu       sync.Mutex
	seeded   map[string]bool
	leftOver int
	why      string
}

func guardOf(t *testing.T, m *ovhmock.Mock) *orphanGuard {
	t.Helper()
	g, ok := guards.Load(m)
	if !ok {
		t.Fatal("the mock was not started by startMock")
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
			if o, ok := m.OIDC(project, c.ID); ok && !g.seeded[oidcKey(c.ID)] {
				orphans = append(orphans, fmt.Sprintf("OIDC configuration of cluster %s (%s)", c.ID, o.IssuerURL))
			}
			if ips, _ := m.IPRestrictions(project, c.ID); len(ips) > 0 && !g.seeded[ipRestrictionsKey(c.ID)] {
				orphans = append(orphans, fmt.Sprintf("IP restrictions of cluster %s (%s)", c.ID, strings.Join(ips, ", ")))
			}
		}
	}
	if len(orphans) != g.leftOver {
		return fmt.Errorf("after the final destroy the mock holds %d cluster(s), node pool(s), OIDC configuration(s) or IP restriction list(s) that no state holds, want %d%s: %s",
			len(orphans), g.leftOver, g.why, strings.Join(orphans, ", "))
	}
	return nil
}

// The guard's keys of a cluster's OIDC configuration and IP restrictions.
func oidcKey(kubeID string) string           { return "oidc/" + kubeID }
func ipRestrictionsKey(kubeID string) string { return "iprestrictions/" + kubeID }

// seedOIDC gives a cluster an OIDC configuration that Terraform does not
// manage (nil removes it).
func seedOIDC(t *testing.T, m *ovhmock.Mock, kubeID string, o *ovhmock.OpenIDConnect) {
	t.Helper()
	if err := m.SetOIDC(ovhmock.DefaultProject, kubeID, o); err != nil {
		t.Fatal(err)
	}
	declareSeeded(t, m, oidcKey(kubeID))
}

// seedIPRestrictions gives a cluster IP restrictions that Terraform does not
// manage.
func seedIPRestrictions(t *testing.T, m *ovhmock.Mock, kubeID string, ips []string) {
	t.Helper()
	if err := m.SetIPRestrictions(ovhmock.DefaultProject, kubeID, ips); err != nil {
		t.Fatal(err)
	}
	declareSeeded(t, m, ipRestrictionsKey(kubeID))
}

// declareSeeded tells the orphan guard that what key names was put in the
// mock by the test, not left by Terraform.
func declareSeeded(t *testing.T, m *ovhmock.Mock, key string) {
	g := guardOf(t, m)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.seeded[key] = true
}

// seedCluster adds a cluster that Terraform does not manage.
func seedCluster(t *testing.T, m *ovhmock.Mock, c ovhmock.Cluster) {
	t.Helper()
	before := map[string]bool{}
	for _, e := range m.Clusters(ovhmock.DefaultProject) {
		before[e.ID] = true
	}
	if err := m.AddCluster(ovhmock.DefaultProject, c); err != nil {
		t.Fatal(err)
	}
	g := guardOf(t, m)
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, e := range m.Clusters(ovhmock.DefaultProject) {
		if !before[e.ID] {
			g.seeded[e.ID] = true
		}
	}
}

// seedNodePool adds a node pool that Terraform does not manage.
func seedNodePool(t *testing.T, m *ovhmock.Mock, kubeID string, p ovhmock.NodePool) ovhmock.NodePool {
	t.Helper()
	added, err := m.AddNodePool(ovhmock.DefaultProject, kubeID, p)
	if err != nil {
		t.Fatal(err)
	}
	g := guardOf(t, m)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.seeded[added.ID] = true
	return added
}

// expectLeftOver declares clusters that the test leaves behind on purpose,
// and why.
func expectLeftOver(t *testing.T, m *ovhmock.Mock, n int, why string) {
	t.Helper()
	g := guardOf(t, m)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.leftOver, g.why = n, " ("+why+")"
}

func providerBlock(endpoint string) string {
	return fmt.Sprintf(`
provider "ovh" {
  endpoint           = %q
  application_key    = %q
  application_secret = %q
  consumer_key       = %q
}
`, endpoint, ovhmock.DefaultApplicationKey, ovhmock.DefaultApplicationSecret, ovhmock.DefaultConsumerKey)
}

// seedConfig is the documented example of the resource, the mission's IPVS
// cluster with every timing at PT0S, pointed at the test's mock; extra lines
// go into the resource.
func seedConfig(endpoint string, extra string) string {
	raw, err := os.ReadFile("../../examples/resources/ovh_cloud_project_kube/resource.tf")
	if err != nil {
		panic(err)
	}
	example := string(raw)
	for _, r := range [][2]string{
		{`"my_cluster"`, `"c"`},
		{`"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`, fmt.Sprintf("%q", ovhmock.DefaultProject)},
		{"kube_proxy_mode = \"ipvs\" # or \"iptables\"\n", "kube_proxy_mode = \"ipvs\"\n" + extra + "\n"},
	} {
		if !strings.Contains(example, r[0]) {
			panic("the example no longer contains " + r[0])
		}
		example = strings.Replace(example, r[0], r[1], 1)
	}
	return providerBlock(endpoint) + example
}

// kubeConfig renders a cluster with the given body lines.
func kubeConfig(endpoint, body string) string {
	return providerBlock(endpoint) + fmt.Sprintf(`
resource "ovh_cloud_project_kube" "c" {
  service_name = %q
  region       = "GRA11"
%s
}
`, ovhmock.DefaultProject, body)
}

// count returns how many logged requests have this method and route.
func count(m *ovhmock.Mock, method, route string) int {
	n := 0
	for _, r := range m.Requests() {
		if r.Method == method && r.Route == route {
			n++
		}
	}
	return n
}

const (
	routeList          = "/cloud/project/{serviceName}/kube"
	routeKube          = "/cloud/project/{serviceName}/kube/{kubeId}"
	routeCustomization = "/cloud/project/{serviceName}/kube/{kubeId}/customization"
	routeReset         = "/cloud/project/{serviceName}/kube/{kubeId}/reset"
	routeUpdate        = "/cloud/project/{serviceName}/kube/{kubeId}/update"
	routeUpdatePolicy  = "/cloud/project/{serviceName}/kube/{kubeId}/updatePolicy"
	routeKubeconfig    = "/cloud/project/{serviceName}/kube/{kubeId}/kubeconfig"
	routePNC           = "/cloud/project/{serviceName}/kube/{kubeId}/privateNetworkConfiguration"
	routeLBSubnet      = "/cloud/project/{serviceName}/kube/{kubeId}/updateLoadBalancersSubnetId"
)

// onlyCluster returns the one cluster of the default project.
func onlyCluster(t *testing.T, m *ovhmock.Mock) ovhmock.Cluster {
	t.Helper()
	cs := m.Clusters(ovhmock.DefaultProject)
	if len(cs) != 1 {
		t.Fatalf("the mock holds %d clusters, want 1", len(cs))
	}
	return cs[0]
}

var compareSame = compare.ValuesSame()

// outOfBand returns a step's PreConfig that changes the test's only cluster
// behind Terraform's back.
func outOfBand(t *testing.T, m *ovhmock.Mock, change func(*ovhmock.Cluster)) func() {
	return func() {
		if err := m.ModifyCluster(ovhmock.DefaultProject, onlyCluster(t, m).ID, change); err != nil {
			t.Fatal(err)
		}
	}
}

// messagePattern matches text in CLI output, where long lines are wrapped.
func messagePattern(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}
