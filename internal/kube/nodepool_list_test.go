package kube_test

import (
	"slices"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const routeNodePools = "/cloud/project/{serviceName}/kube/{kubeId}/nodepool"

// poolsOf are the pools of kubeID that the mock holds, in the order of their
// ids, as "name (cluster kubeID)", with their ids.
func poolsOf(t *testing.T, m *ovhmock.Mock, kubeID string) (names, ids []string) {
	t.Helper()
	pools := m.NodePools(ovhmock.DefaultProject, kubeID)
	slices.SortFunc(pools, func(a, b ovhmock.NodePool) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	for _, p := range pools {
		names, ids = append(names, p.Name+" (cluster "+kubeID+")"), append(ids, p.ID)
	}
	return names, ids
}

// checkPoolIdentities checks that results are the pools of the clusters
// kubeIDs, in order, each with its identity.
func checkPoolIdentities(t *testing.T, m *ovhmock.Mock, results []listed, kubeIDs ...string) {
	t.Helper()
	var want []string
	var identities []map[string]string
	for _, k := range kubeIDs {
		n, ids := poolsOf(t, m, k)
		want = append(want, n...)
		for _, id := range ids {
			identities = append(identities, map[string]string{"service_name": ovhmock.DefaultProject, "kube_id": k, "id": id})
		}
	}
	expectNames(t, results, want...)
	for i := range min(len(results), len(identities)) {
		if got := results[i].identity; got["service_name"] != identities[i]["service_name"] || got["kube_id"] != identities[i]["kube_id"] ||
			got["id"] != identities[i]["id"] || len(got) != 3 {
			t.Errorf("identity of %s: %v, want %v", results[i].name, got, identities[i])
		}
	}
}

// The pools of one cluster, with their identities and names, from one
// request, and no object unless asked.
func TestListNodePools_ofOneCluster(t *testing.T) {
	t.Parallel()
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	prodA, _, _ := seedFleet(t, m)
	p := acctest.NewProtoServer(t, endpoint)
	m.ResetRequests()
	results := list(t, p, nodePoolType, map[string]any{"service_name": ovhmock.DefaultProject, "kube_id": prodA}, false, 100)
	checkPoolIdentities(t, m, results, prodA)
	if len(results) != 2 {
		t.Fatalf("%d pools, want 2", len(results))
	}
	for _, r := range results {
		if !r.resource.IsNull() {
			t.Errorf("%s: an object without include_resource", r.name)
		}
	}
	if n, l := len(m.Requests())-gets(m, "/auth/time"), gets(m, routeNodePools); n != 1 || l != 1 {
		t.Errorf("%d requests (%d of the pools), want the list of the pools alone: %v", n, l, m.Counts())
	}
}

// Without kube_id, the pools of every cluster of the project, cluster after
// cluster in the order of their ids.
func TestListNodePools_ofEveryCluster(t *testing.T) {
	t.Parallel()
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	prodA, prodB, dev := seedFleet(t, m)
	p := acctest.NewProtoServer(t, endpoint)
	m.ResetRequests()
	results := list(t, p, nodePoolType, map[string]any{"service_name": ovhmock.DefaultProject}, false, 100)
	checkPoolIdentities(t, m, results, prodB, prodA, dev)
	if len(results) != 6 {
		t.Errorf("%d pools, want 6", len(results))
	}
	if n, l := gets(m, routeKubes), gets(m, routeNodePools); n != 1 || l != 3 {
		t.Errorf("%d lists of clusters and %d of pools, want 1 and 3", n, l)
	}
}

// With include_resource, each object is what an import by the result's
// identity followed by a refresh holds, value for value, for pools of every
// shape of the fleet.
func TestListNodePools_includeResourceIsTheImport(t *testing.T) {
	t.Parallel()
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	seedFleet(t, m)
	p := acctest.NewProtoServer(t, endpoint)
	results := list(t, p, nodePoolType, map[string]any{"service_name": ovhmock.DefaultProject}, true, 100)
	if len(names(t, results)) != 6 {
		t.Fatalf("%d pools, want 6", len(results))
	}
	for _, r := range results {
		want := importThenRead(t, p, nodePoolType, "", r.identity).state
		if !r.resource.Equal(want) {
			diffs, _ := r.resource.Diff(want)
			t.Errorf("%s: the listed object differs from the import's:\n%v", r.name, diffs)
		}
	}
}

// The list stops at the request's limit, and lists no cluster's pools
// beyond it.
func TestListNodePools_limit(t *testing.T) {
	t.Parallel()
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	prodA, prodB, _ := seedFleet(t, m)
	p := acctest.NewProtoServer(t, endpoint)
	m.ResetRequests()
	results := list(t, p, nodePoolType, map[string]any{"service_name": ovhmock.DefaultProject}, true, 3)
	b, _ := poolsOf(t, m, prodB)
	a, _ := poolsOf(t, m, prodA)
	expectNames(t, results, append(b, a[0])...)
	if l := gets(m, routeNodePools); l != 2 {
		t.Errorf("%d lists of pools, want 2", l)
	}
	expectNames(t, list(t, p, nodePoolType, map[string]any{"service_name": ovhmock.DefaultProject, "kube_id": prodA}, false, 1), a[0])
}

// A cluster that does not exist, and a project that does not, end the list
// with an error that names them.
func TestListNodePools_errors(t *testing.T) {
	t.Parallel()
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	seedFleet(t, m)
	p := acctest.NewProtoServer(t, endpoint)
	const missing = "f0000000-0000-4000-8000-0000000000ff"
	msg := onlyError(t, list(t, p, nodePoolType, map[string]any{"service_name": ovhmock.DefaultProject, "kube_id": missing}, false, 100))
	expectMessage(t, msg, `Cannot list the node pools: Listing the node pools of cluster "`+missing+`" of project "`+
		ovhmock.DefaultProject+`" failed: `, "OVHcloud API answered 404")

	msg = onlyError(t, list(t, p, nodePoolType, map[string]any{"service_name": "0000000000000000000000000000dead"}, false, 100))
	expectMessage(t, msg, `Cannot list the clusters: Listing the clusters of project "0000000000000000000000000000dead" failed: `,
		"This service does not exist")
}
