package kube

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// The 409s that waiting cannot end are reported at once, instead of being
// sent again until the operation's timeout.

const conflictKube = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"

// conflictMock is a mock holding one READY cluster with the given update
// policy, and a client of it.
func conflictMock(t *testing.T, policy string) (*ovhmock.Mock, *ovhapi.Client) {
	t.Helper()
	m := ovhmock.New(ovhmock.Options{})
	return m, conflictClient(t, m, policy, m)
}

// conflictClient adds the one READY cluster to m, with the given update
// policy, and returns a client of h, which serves m.
func conflictClient(t *testing.T, m *ovhmock.Mock, policy string, h http.Handler) *ovhapi.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{
		ID: conflictKube, Name: "busy", Region: "GRA11", Version: "1.31.4", KubeProxyMode: "iptables", Status: "READY",
		Plan: "free", UpdatePolicy: policy, IsUpToDate: true, ControlPlaneIsUpToDate: true,
		CreatedAt: time.Now().Add(-time.Hour), UpdatedAt: time.Now().Add(-time.Hour),
	}); err != nil {
		t.Fatal(err)
	}
	client, err := ovhapi.New(ovhapi.Config{
		Endpoint: srv.URL + "/1.0", ApplicationKey: ovhmock.DefaultApplicationKey,
		ApplicationSecret: ovhmock.DefaultApplicationSecret, ConsumerKey: ovhmock.DefaultConsumerKey,
	})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// createPool creates the pool "pool-1" through a node pool resource of
// client, as a creation does once its plan is checked.
func createPool(ctx context.Context, client *ovhapi.Client) (*ovhapi.NodePool, error) {
	r := &nodePoolResource{resourceBase{base: base{client: client, opts: conflictOptions, locks: &clusterLocks{}}}}
	name := "pool-1"
	return r.createNodePool(ctx, ovhmock.DefaultProject, conflictKube, ovhapi.NodePoolCreate{
		FlavorName: "b3-8", Name: &name, AvailabilityZones: []string{},
	})
}

// conflictOptions wait a long time for a 409 to end, so that a test that
// does not get its error at once times out instead.
var conflictOptions = Options{PollFirst: 5 * time.Millisecond, PollMax: 20 * time.Millisecond, StaleGrace: 50 * time.Millisecond,
	ConflictFirst: 10 * time.Millisecond, ConflictMax: 20 * time.Millisecond}.withDefaults()

func requestsTo(m *ovhmock.Mock, method, route string) (n, refused int) {
	for _, r := range m.Requests() {
		if r.Method == method && r.Route == route {
			n++
			if r.Status == 409 {
				refused++
			}
		}
	}
	return n, refused
}

// An upgrade that meets NEVER_UPDATE, set outside Terraform after the plan,
// fails at once with what to do.
func TestVersionUpgradeUnderNeverUpdateIsReportedAtOnce(t *testing.T) {
	m, client := conflictMock(t, policyNeverUpdate)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var diags diag.Diagnostics
	u := updater{r: &clusterResource{resourceBase{base: base{client: client, opts: conflictOptions}}},
		serviceName: ovhmock.DefaultProject, id: conflictKube, diags: &diags}
	u.run(ctx, opVersionUpgrade, func(ctx context.Context) error {
		return client.UpgradeKube(ctx, ovhmock.DefaultProject, conflictKube, ovhapi.StrategyNextMinor)
	}, func(k *ovhapi.Kube) bool { return strings.HasPrefix(k.Version, "1.32") })
	if ctx.Err() != nil {
		t.Fatal("the upgrade was sent again until the deadline")
	}
	want := fmt.Sprintf("Cluster %s has update_policy = \"NEVER_UPDATE\", under which the API refuses upgrades; it was set outside "+
		"Terraform since the plan. Set update_policy to another value in the configuration and apply again", conflictKube)
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), want) {
		t.Fatalf("diagnostics %s, want an error saying %q", summaries(diags), want)
	}
	if n, _ := requestsTo(m, "POST", "/cloud/project/{serviceName}/kube/{kubeId}/update"); n != 1 {
		t.Errorf("%d upgrade requests, want 1", n)
	}
}

// A node pool creation refused because another pool has its name fails at
// once, naming that pool and how to import it.
func TestNodePoolNameTakenIsReportedAtOnce(t *testing.T) {
	m, client := conflictMock(t, "ALWAYS_UPDATE")
	taken, err := m.AddNodePool(ovhmock.DefaultProject, conflictKube, ovhmock.NodePool{Name: "pool-1", Flavor: "b3-8", DesiredNodes: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = createPool(ctx, client)
	if ctx.Err() != nil {
		t.Fatal("the creation was sent again until the deadline")
	}
	want := fmt.Sprintf("Cluster %s already has a node pool named \"pool-1\" (id %s, status READY). Choose another name, or import that "+
		"pool with: terraform import <address> %s/%s/%s", conflictKube, taken.ID, ovhmock.DefaultProject, conflictKube, taken.ID)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want one saying %q", err, want)
	}
	if n, _ := requestsTo(m, "POST", "/cloud/project/{serviceName}/kube/{kubeId}/nodepool"); n != 1 {
		t.Errorf("%d creation requests, want 1", n)
	}
}

// The name of a pool being deleted is free once it is gone: the creation
// waits for it.
func TestNodePoolNameOfAPoolBeingDeletedIsWaitedFor(t *testing.T) {
	m, client := conflictMock(t, "ALWAYS_UPDATE")
	old, err := m.AddNodePool(ovhmock.DefaultProject, conflictKube, ovhmock.NodePool{Name: "pool-1", Flavor: "b3-8", DesiredNodes: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := client.DeleteNodePool(ctx, ovhmock.DefaultProject, conflictKube, old.ID); err != nil {
		t.Fatal(err)
	}
	np, err := createPool(ctx, client)
	if err != nil {
		t.Fatalf("creation failed: %v", err)
	}
	if np.ID == old.ID {
		t.Fatalf("the creation answered the deleted pool %s", old.ID)
	}
	if n, refused := requestsTo(m, "POST", "/cloud/project/{serviceName}/kube/{kubeId}/nodepool"); refused == 0 || n != refused+1 {
		t.Errorf("%d creation requests of which %d refused, want at least one refusal, then the creation", n, refused)
	}
}

// A creation whose answer was lost, and which a list right after misses
// (new pools show in lists after a moment), is refused when sent again
// because its name is taken: that pool is the one created, and it is
// adopted instead of failing the apply.
func TestNodePoolLostThenNameTakenIsAdopted(t *testing.T) {
	// The mock lists a new pool at once: the list the test hides is the
	// only one that misses it.
	timings := ovhmock.TestTimings()
	timings.NotFoundAfterCreate = time.Nanosecond
	m := ovhmock.New(ovhmock.Options{Timings: timings})
	posts, lists := 0, 0
	client := conflictClient(t, m, "ALWAYS_UPDATE", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/nodepool") {
			switch r.Method {
			case http.MethodPost:
				posts++
				if posts == 1 {
					// Applied, but the answer is lost.
					m.ServeHTTP(httptest.NewRecorder(), r)
					http.Error(w, `{"class":"Server::BadGateway","message":"lost"}`, http.StatusBadGateway)
					return
				}
			case http.MethodGet:
				lists++
				if lists == 1 {
					w.Header().Set("Content-Type", "application/json")
					_, _ = w.Write([]byte("[]")) // not listed yet
					return
				}
			}
		}
		m.ServeHTTP(w, r)
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	np, err := createPool(ctx, client)
	if err != nil {
		t.Fatalf("creation failed: %v", err)
	}
	pools := m.NodePools(ovhmock.DefaultProject, conflictKube)
	if len(pools) != 1 || np.ID != pools[0].ID {
		t.Fatalf("adopted %+v, the mock holds %+v; want the one pool created", np, pools)
	}
	if posts != 2 {
		t.Errorf("%d creation requests, want 2 (the lost one, then the one refused because the name is taken)", posts)
	}
}
