package kube_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// knownNodes is what the data sources must read of the mock's nodes, in
// the mock's order.
func knownNodes(nodes []ovhmock.Node) knownvalue.Check {
	out := make([]knownvalue.Check, 0, len(nodes))
	for _, n := range nodes {
		var deployedAt, deletedAt, instanceID knownvalue.Check = knownvalue.Null(), knownvalue.Null(), knownvalue.Null()
		if n.DeployedAt != nil {
			deployedAt = knownvalue.StringExact(n.DeployedAt.Format(time.RFC3339))
		}
		if n.DeletedAt != nil {
			deletedAt = knownvalue.StringExact(n.DeletedAt.Format(time.RFC3339))
		}
		if n.InstanceID != nil {
			instanceID = knownvalue.StringExact(*n.InstanceID)
		}
		out = append(out, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":            knownvalue.StringExact(n.ID),
			"name":          knownvalue.StringExact(n.Name),
			"instance_id":   instanceID,
			"node_pool_id":  knownvalue.StringExact(n.NodePoolID),
			"project_id":    knownvalue.StringExact(n.ProjectID),
			"flavor":        knownvalue.StringExact(n.Flavor),
			"status":        knownvalue.StringExact(n.Status),
			"version":       knownvalue.StringExact(n.Version),
			"is_up_to_date": knownvalue.Bool(n.IsUpToDate),
			"created_at":    knownvalue.StringExact(n.CreatedAt.Format(time.RFC3339)),
			"updated_at":    knownvalue.StringExact(n.UpdatedAt.Format(time.RFC3339)),
			"deployed_at":   deployedAt,
			"deleted_at":    deletedAt,
		}))
	}
	return knownvalue.ListExact(out)
}

// movableClock is the mock's clock, which a test can move forward.
type movableClock struct{ offset atomic.Int64 }

func (c *movableClock) now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

func (c *movableClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// seedNodesToRead adds a cluster with three pools: "old" with two READY
// nodes left on the previous version by an upgrade; "done", whose node
// was deployed an hour after its creation; "new", whose node is still
// INSTALLING, hence not deployed, for as long as the test runs.
func seedNodesToRead(t *testing.T, m *ovhmock.Mock, clock *movableClock, kubeID string) (old, done, fresh ovhmock.NodePool) {
	t.Helper()
	seedClusterToRead(t, m, kubeID, "GRA11", "free")
	old = acctest.SeedNodePool(t, m, kubeID, ovhmock.NodePool{Name: "old", Flavor: "b3-8", DesiredNodes: 2})
	if err := m.ModifyCluster(ovhmock.DefaultProject, kubeID, func(c *ovhmock.Cluster) { c.Version = "1.32" }); err != nil {
		t.Fatal(err)
	}
	done = acctest.SeedNodePool(t, m, kubeID, ovhmock.NodePool{Name: "done", Flavor: "c3-4", DesiredNodes: 1, Status: "INSTALLING"})
	clock.advance(poolInstall + time.Minute)
	fresh = acctest.SeedNodePool(t, m, kubeID, ovhmock.NodePool{Name: "new", Flavor: "c3-8", DesiredNodes: 1, Status: "INSTALLING"})
	return old, done, fresh
}

// poolInstall is long enough for a pool seeded INSTALLING to stay so for
// the whole test, unless the clock is moved.
const poolInstall = time.Hour

func slowInstalls(clock *movableClock) ovhmock.Options {
	timings := ovhmock.TestTimings()
	timings.NodePoolInstall = poolInstall
	return ovhmock.Options{Timings: timings, Now: clock.now}
}

func TestAccNodesDataSource_clusterAndPool(t *testing.T) {
	clock := &movableClock{}
	m, endpoint := acctest.StartMock(t, slowInstalls(clock))
	const kubeID = "d5e0c0de-0000-4000-8000-000000000011"
	old, done, fresh := seedNodesToRead(t, m, clock, kubeID)

	byPool := map[string][]ovhmock.Node{}
	all := m.Nodes(ovhmock.DefaultProject, kubeID)
	for _, n := range all {
		byPool[n.NodePoolID] = append(byPool[n.NodePoolID], n)
	}
	oldNodes, doneNodes, freshNodes := byPool[old.ID], byPool[done.ID], byPool[fresh.ID]
	if len(all) != 4 || len(oldNodes) != 2 || len(doneNodes) != 1 || len(freshNodes) != 1 {
		t.Fatalf("the mock holds %d nodes, %d in old, %d in done, %d in new; want 4, 2, 1, 1", len(all), len(oldNodes), len(doneNodes), len(freshNodes))
	}
	// Distinct timestamps, so that a mix-up of them cannot pass.
	if d := doneNodes[0]; d.DeployedAt == nil || !d.UpdatedAt.Equal(*d.DeployedAt) || d.UpdatedAt.Sub(d.CreatedAt) != poolInstall {
		t.Fatalf("node of done: created %s, updated %s, deployed %v; want updated = deployed = created + %s", d.CreatedAt, d.UpdatedAt, d.DeployedAt, poolInstall)
	}

	config := acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
data "ovh_cloud_project_kube_nodes" "all" {
  service_name = %[1]q
  kube_id      = %[2]q
}

data "ovh_cloud_project_kube_nodepool_nodes" "old" {
  service_name = %[1]q
  kube_id      = %[2]q
  name         = "old"
}

data "ovh_cloud_project_kube_nodepool_nodes" "done" {
  service_name = %[1]q
  kube_id      = %[2]q
  name         = "done"
}

data "ovh_cloud_project_kube_nodepool_nodes" "new" {
  service_name = %[1]q
  kube_id      = %[2]q
  name         = "new"
}
`, ovhmock.DefaultProject, kubeID)
	const (
		allDS   = "data.ovh_cloud_project_kube_nodes.all"
		oldDS   = "data.ovh_cloud_project_kube_nodepool_nodes.old"
		doneDS  = "data.ovh_cloud_project_kube_nodepool_nodes.done"
		freshDS = "data.ovh_cloud_project_kube_nodepool_nodes.new"
	)
	node := func(i int, attr string) tfjsonpath.Path {
		return tfjsonpath.New("nodes").AtSliceIndex(i).AtMapKey(attr)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(allDS, tfjsonpath.New("id"), knownvalue.StringExact(kubeID)),
				statecheck.ExpectKnownValue(allDS, tfjsonpath.New("service_name"), knownvalue.StringExact(ovhmock.DefaultProject)),
				statecheck.ExpectKnownValue(allDS, tfjsonpath.New("nodes"), knownNodes(all)),
				statecheck.ExpectKnownValue(oldDS, tfjsonpath.New("id"), knownvalue.StringExact(old.ID)),
				statecheck.ExpectKnownValue(oldDS, tfjsonpath.New("nodes"), knownNodes(oldNodes)),
				statecheck.ExpectKnownValue(doneDS, tfjsonpath.New("nodes"), knownNodes(doneNodes)),
				statecheck.ExpectKnownValue(freshDS, tfjsonpath.New("id"), knownvalue.StringExact(fresh.ID)),
				statecheck.ExpectKnownValue(freshDS, tfjsonpath.New("nodes"), knownNodes(freshNodes)),

				// What the seeding made of the nodes, so that the lists
				// above cannot agree with a mock that lost them.
				statecheck.ExpectKnownValue(oldDS, node(0, "is_up_to_date"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(oldDS, node(1, "status"), knownvalue.StringExact("READY")),
				statecheck.ExpectKnownValue(oldDS, node(1, "flavor"), knownvalue.StringExact("b3-8")),
				statecheck.ExpectKnownValue(oldDS, node(1, "deployed_at"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(freshDS, node(0, "is_up_to_date"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(freshDS, node(0, "status"), knownvalue.StringExact("INSTALLING")),
				statecheck.ExpectKnownValue(freshDS, node(0, "flavor"), knownvalue.StringExact("c3-8")),
				statecheck.ExpectKnownValue(freshDS, node(0, "deployed_at"), knownvalue.Null()),
				// What the API answers null is null, never "".
				statecheck.ExpectKnownValue(freshDS, node(0, "instance_id"), knownvalue.Null()),
				statecheck.ExpectKnownValue(freshDS, node(0, "deleted_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue(oldDS, node(1, "instance_id"), knownvalue.NotNull()),
			},
		}, {
			Config: acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
data "ovh_cloud_project_kube_nodepool_nodes" "old" {
  service_name = %q
  kube_id      = %q
  name         = "older"
}
`, ovhmock.DefaultProject, kubeID),
			ExpectError: titled("Node pool not found", fmt.Sprintf(`No node pool is named "older" in cluster %s of project %s. `+
				`Its node pools are: "done", "new", "old".`, kubeID, ovhmock.DefaultProject)),
		}},
	})
}

// A pool without nodes, and a cluster without pools, are read as empty
// lists, never as null.
func TestAccNodesDataSource_empty(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	const withPool, withoutPool = "d5e0c0de-0000-4000-8000-000000000012", "d5e0c0de-0000-4000-8000-000000000013"
	seedClusterToRead(t, m, withPool, "GRA11", "free")
	seedClusterToRead(t, m, withoutPool, "GRA11", "free")
	acctest.SeedNodePool(t, m, withPool, ovhmock.NodePool{Name: "idle", DesiredNodes: 0})
	config := acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
data "ovh_cloud_project_kube_nodepool_nodes" "idle" {
  service_name = %[1]q
  kube_id      = %[2]q
  name         = "idle"
}

data "ovh_cloud_project_kube_nodes" "none" {
  service_name = %[1]q
  kube_id      = %[3]q
}
`, ovhmock.DefaultProject, withPool, withoutPool)
	empty := knownvalue.ListExact([]knownvalue.Check{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.ovh_cloud_project_kube_nodepool_nodes.idle", tfjsonpath.New("nodes"), empty),
				statecheck.ExpectKnownValue("data.ovh_cloud_project_kube_nodes.none", tfjsonpath.New("nodes"), empty),
			},
		}},
	})
}

// Not parallel: it sets the environment of the in-process provider.
func TestAccNodesDataSource_serviceNameFromEnvironment(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	const kubeID = "d5e0c0de-0000-4000-8000-000000000014"
	seedClusterToRead(t, m, kubeID, "GRA11", "free")
	pool := acctest.SeedNodePool(t, m, kubeID, ovhmock.NodePool{Name: "pool-1", DesiredNodes: 1})
	t.Setenv("OVH_CLOUD_PROJECT_SERVICE", ovhmock.DefaultProject)
	config := acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
data "ovh_cloud_project_kube_nodes" "d" {
  kube_id = %[1]q
}

data "ovh_cloud_project_kube_nodepool_nodes" "d" {
  kube_id = %[1]q
  name    = "pool-1"
}

data "ovh_cloud_project_kube_nodepool" "d" {
  kube_id = %[1]q
  name    = "pool-1"
}
`, kubeID)
	var checks []statecheck.StateCheck
	for _, addr := range []string{"data.ovh_cloud_project_kube_nodes.d", "data.ovh_cloud_project_kube_nodepool_nodes.d", "data.ovh_cloud_project_kube_nodepool.d"} {
		checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New("service_name"), knownvalue.StringExact(ovhmock.DefaultProject)))
	}
	checks = append(checks,
		statecheck.ExpectKnownValue("data.ovh_cloud_project_kube_nodepool.d", tfjsonpath.New("id"), knownvalue.StringExact(pool.ID)),
		statecheck.ExpectKnownValue("data.ovh_cloud_project_kube_nodes.d", tfjsonpath.New("nodes"), knownvalue.ListSizeExact(1)))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func TestAccNodesDataSource_missingServiceName(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	var steps []resource.TestStep
	for _, ds := range []string{
		`data "ovh_cloud_project_kube_nodes" "d" { kube_id = "k" }`,
		`data "ovh_cloud_project_kube_nodepool_nodes" "d" {
  kube_id = "k"
  name    = "pool-1"
}`,
		`data "ovh_cloud_project_kube_nodepool" "d" {
  kube_id = "k"
  name    = "pool-1"
}`,
	} {
		steps = append(steps, resource.TestStep{
			Config:      acctest.ProviderBlock(endpoint) + ds + "\n",
			ExpectError: titled("Missing service_name", `service_name is not set and the environment variable OVH_CLOUD_PROJECT_SERVICE is empty.`),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories, Steps: steps})
	if n := len(m.Requests()); n != 0 {
		t.Errorf("%d API calls, want 0", n)
	}
}

// pagedNodesClient is a client of a mock paging node lists by pageSize,
// through a proxy that may rewrite the mock's answers.
func pagedNodesClient(t *testing.T, pageSize int, rewrite func(http.Header)) (*ovhmock.Mock, *ovhapi.Client) {
	t.Helper()
	m := ovhmock.New(ovhmock.Options{NodePageSize: pageSize})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, r)
		if rewrite != nil {
			rewrite(rec.Header())
		}
		maps.Copy(w.Header(), rec.Header())
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(srv.Close)
	client, err := ovhapi.New(ovhapi.Config{Endpoint: srv.URL + "/1.0", ApplicationKey: ovhmock.DefaultApplicationKey,
		ApplicationSecret: ovhmock.DefaultApplicationSecret, ConsumerKey: ovhmock.DefaultConsumerKey})
	if err != nil {
		t.Fatal(err)
	}
	return m, client
}

// addPool adds a pool of that many nodes to cluster k1.
func addPool(t *testing.T, m *ovhmock.Mock, name string, nodes int) ovhmock.NodePool {
	t.Helper()
	p, err := m.AddNodePool(ovhmock.DefaultProject, "k1", ovhmock.NodePool{Name: name, DesiredNodes: nodes, MaxNodes: max(nodes, 1)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func ids(nodes []ovhapi.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.ID)
	}
	return out
}

func mockIDs(nodes []ovhmock.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.ID)
	}
	return out
}

// The client reads the mock's node lists to their last page, in the mock's
// order, and an empty list in one page.
func TestNodeListsReadEveryPageOfTheMock(t *testing.T) {
	ctx := context.Background()
	m, client := pagedNodesClient(t, 3, nil)
	if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{ID: "k1", Name: "k1", Region: "GRA11"}); err != nil {
		t.Fatal(err)
	}
	a, b, empty := addPool(t, m, "a", 7), addPool(t, m, "b", 2), addPool(t, m, "empty", 0)
	all := mockIDs(m.Nodes(ovhmock.DefaultProject, "k1"))
	const nodesRoute = acctest.RouteKube + "/node"
	poolNodesRoute := acctest.RouteNodePool + "/nodes"
	for _, tt := range []struct {
		name  string
		list  func() ([]ovhapi.Node, error)
		want  []string
		route string
		gets  int
	}{
		{"cluster", func() ([]ovhapi.Node, error) { return client.ListNodes(ctx, ovhmock.DefaultProject, "k1") }, all, nodesRoute, 3},
		{"pool of 7", func() ([]ovhapi.Node, error) {
			return client.ListNodePoolNodes(ctx, ovhmock.DefaultProject, "k1", a.ID)
		}, all[:7], poolNodesRoute, 3},
		{"pool of 2", func() ([]ovhapi.Node, error) {
			return client.ListNodePoolNodes(ctx, ovhmock.DefaultProject, "k1", b.ID)
		}, all[7:], poolNodesRoute, 1},
		{"empty pool", func() ([]ovhapi.Node, error) {
			return client.ListNodePoolNodes(ctx, ovhmock.DefaultProject, "k1", empty.ID)
		}, nil, poolNodesRoute, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m.ResetRequests()
			nodes, err := tt.list()
			if err != nil {
				t.Fatal(err)
			}
			if nodes == nil || !slices.Equal(ids(nodes), tt.want) {
				t.Errorf("nodes = %v, want %v", ids(nodes), tt.want)
			}
			requests := len(m.Requests()) - acctest.Count(m, "GET", "/auth/time")
			if got := acctest.Count(m, "GET", tt.route); got != tt.gets || requests != tt.gets {
				t.Errorf("%d GET %s of %d requests, want %d of %d", got, tt.route, requests, tt.gets, tt.gets)
			}
		})
	}
}

// A cursor the mock does not know is refused (400), and the client reports
// the page the refusal concerns.
func TestNodeListUnknownCursorOfTheMock(t *testing.T) {
	m, client := pagedNodesClient(t, 2, func(h http.Header) {
		if h.Get("X-Pagination-Cursor-Next") != "" {
			h.Set("X-Pagination-Cursor-Next", "forged")
		}
	})
	if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{ID: "k1", Name: "k1", Region: "GRA11"}); err != nil {
		t.Fatal(err)
	}
	addPool(t, m, "a", 3)
	_, err := client.ListNodes(context.Background(), ovhmock.DefaultProject, "k1")
	if err == nil || !strings.HasPrefix(err.Error(), "page 2: OVHcloud API answered 400 Client::BadRequest to GET /cloud/project/"+ovhmock.DefaultProject+
		`/kube/k1/node: Invalid pagination cursor "forged"`) {
		t.Fatalf("error = %v", err)
	}
	if got := acctest.Count(m, "GET", acctest.RouteKube+"/node"); got != 2 {
		t.Errorf("%d GETs, want 2: a 400 is not retried", got)
	}
}

// A pool of 250 nodes, paged by 50: both data sources read the 250 nodes,
// each read in 5 GETs.
func TestAccNodesDataSource_pages(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{NodePageSize: 50})
	const kubeID = "d5e0c0de-0000-4000-8000-000000000015"
	seedClusterToRead(t, m, kubeID, "GRA11", "free")
	pool := acctest.SeedNodePool(t, m, kubeID, ovhmock.NodePool{Name: "big", DesiredNodes: 250, MaxNodes: 250})
	all := m.Nodes(ovhmock.DefaultProject, kubeID)
	if len(all) != 250 {
		t.Fatalf("the mock holds %d nodes, want 250", len(all))
	}
	config := acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
data "ovh_cloud_project_kube_nodes" "all" {
  service_name = %[1]q
  kube_id      = %[2]q
}

data "ovh_cloud_project_kube_nodepool_nodes" "big" {
  service_name = %[1]q
  kube_id      = %[2]q
  name         = "big"
}
`, ovhmock.DefaultProject, kubeID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.ovh_cloud_project_kube_nodes.all", tfjsonpath.New("nodes"), knownNodes(all)),
				statecheck.ExpectKnownValue("data.ovh_cloud_project_kube_nodepool_nodes.big", tfjsonpath.New("id"), knownvalue.StringExact(pool.ID)),
				statecheck.ExpectKnownValue("data.ovh_cloud_project_kube_nodepool_nodes.big", tfjsonpath.New("nodes"), knownNodes(all)),
			},
		}},
	})
	// Each read of the pool's nodes lists the pools once, to find it by
	// name: every read took 5 GETs of each list.
	reads := acctest.Count(m, "GET", acctest.RouteNodePools)
	clusterGets, poolGets := acctest.Count(m, "GET", acctest.RouteKube+"/node"), acctest.Count(m, "GET", acctest.RouteNodePool+"/nodes")
	t.Logf("%d reads, %d and %d GETs of the node lists", reads, clusterGets, poolGets)
	if os.Getenv("TF_ACC") != "" && (reads == 0 || clusterGets != 5*reads || poolGets != 5*reads) {
		t.Errorf("%d reads: %d GETs of the cluster's nodes and %d of the pool's, want 5 each per read", reads, clusterGets, poolGets)
	}
}
