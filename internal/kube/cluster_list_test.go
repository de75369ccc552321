package kube_test

import (
	"maps"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const (
	routeKubes = "/cloud/project/{serviceName}/kube"
	routeKube  = "/cloud/project/{serviceName}/kube/{kubeId}"
)

// Every cluster of the project, in the order of their ids, each with its
// identity and name, and no object unless asked: one GET of the list and one
// of each cluster.
func TestListClusters_resultsAndIdentities(t *testing.T) {
	t.Parallel()
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	prodA, prodB, dev := seedFleet(t, m)
	p := acctest.NewProtoServer(t, endpoint)
	m.ResetRequests()

	results := list(t, p, clusterType, map[string]any{"service_name": ovhmock.DefaultProject}, false, 100)
	expectNames(t, results, "prod-b", "prod-a", "dev")
	for i, id := range []string{prodB, prodA, dev} {
		if i >= len(results) {
			break
		}
		want := map[string]string{"service_name": ovhmock.DefaultProject, "id": id}
		if !maps.Equal(results[i].identity, want) {
			t.Errorf("identity of %s: %v, want %v", results[i].name, results[i].identity, want)
		}
		if !results[i].resource.IsNull() {
			t.Errorf("%s: an object without include_resource: %s", results[i].name, results[i].resource)
		}
	}
	if n, k := gets(m, routeKubes), gets(m, routeKube); n != 1 || k != 3 {
		t.Errorf("%d GETs of the list and %d of clusters, want 1 and 3", n, k)
	}
}

// region (whatever its case) and name_prefix keep only the clusters they
// match, alone and together.
func TestListClusters_filters(t *testing.T) {
	t.Parallel()
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	seedFleet(t, m)
	p := acctest.NewProtoServer(t, endpoint)
	for _, tc := range []struct {
		name   string
		config map[string]any
		want   []string
	}{
		{"region", map[string]any{"region": "GRA11"}, []string{"prod-a"}},
		{"region in lower case", map[string]any{"region": "eu-west-par"}, []string{"dev"}},
		{"name prefix", map[string]any{"name_prefix": "prod-"}, []string{"prod-b", "prod-a"}},
		{"both", map[string]any{"region": "GRA9", "name_prefix": "prod"}, []string{"prod-b"}},
		{"a prefix is case-sensitive", map[string]any{"name_prefix": "Prod"}, []string{}},
		{"no such region", map[string]any{"region": "BHS5"}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.config["service_name"] = ovhmock.DefaultProject
			expectNames(t, list(t, p, clusterType, tc.config, false, 100), tc.want...)
		})
	}
}

// With include_resource, each object is what an import by the result's
// identity followed by a refresh holds, value for value.
func TestListClusters_includeResourceIsTheImport(t *testing.T) {
	t.Parallel()
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	seedFleet(t, m)
	p := acctest.NewProtoServer(t, endpoint)
	m.ResetRequests()
	results := list(t, p, clusterType, map[string]any{"service_name": ovhmock.DefaultProject}, true, 100)
	expectNames(t, results, "prod-b", "prod-a", "dev")
	if n := gets(m, routeKube); n != 3 {
		t.Errorf("%d GETs of clusters, want 3: one each", n)
	}
	if n := len(m.Requests()) - gets(m, "/auth/time"); n != 4 {
		t.Errorf("%d requests, want 4: the objects take no request of their own (%v)", n, m.Counts())
	}
	for _, r := range results {
		want := importThenRead(t, p, clusterType, "", r.identity).state
		if !r.resource.Equal(want) {
			diffs, _ := r.resource.Diff(want)
			t.Errorf("%s: the listed object differs from the import's:\n%v", r.name, diffs)
		}
	}
}

// The list stops at the request's limit, and reads no cluster beyond it.
func TestListClusters_limit(t *testing.T) {
	t.Parallel()
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	seedFleet(t, m)
	p := acctest.NewProtoServer(t, endpoint)
	m.ResetRequests()
	expectNames(t, list(t, p, clusterType, map[string]any{"service_name": ovhmock.DefaultProject}, true, 2), "prod-b", "prod-a")
	if n := gets(m, routeKube); n != 2 {
		t.Errorf("%d GETs of clusters, want 2", n)
	}
	expectNames(t, list(t, p, clusterType, map[string]any{"service_name": ovhmock.DefaultProject, "region": "EU-WEST-PAR"}, false, 1), "dev")
}

// A project the credentials do not reach, credentials the API refuses, and
// no project at all end the list with an error that says what to check.
func TestListClusters_errors(t *testing.T) {
	t.Parallel()
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	seedFleet(t, m)
	p := acctest.NewProtoServer(t, endpoint)

	msg := onlyError(t, list(t, p, clusterType, map[string]any{"service_name": "0000000000000000000000000000dead"}, false, 100))
	expectMessage(t, msg, `Cannot list the clusters: Listing the clusters of project "0000000000000000000000000000dead" failed: `,
		"OVHcloud API answered 404", "This service does not exist",
		`Check service_name (or OVH_CLOUD_PROJECT_SERVICE): "0000000000000000000000000000dead" must be the id of a Public Cloud project`)

	refused := acctest.NewProtoServerWithConsumerKey(t, endpoint, "not-a-consumer-key")
	msg = onlyError(t, list(t, refused, clusterType, map[string]any{"service_name": ovhmock.DefaultProject}, false, 100))
	expectMessage(t, msg, "Cannot list the clusters: ", "OVHcloud API answered 403", "This credential does not exist",
		"refused the credentials: check application_key (OVH_APPLICATION_KEY)")

	msg = onlyError(t, list(t, p, clusterType, map[string]any{}, false, 100))
	expectMessage(t, msg, "Missing service_name: service_name is not set and the environment variable OVH_CLOUD_PROJECT_SERVICE is empty.")
}

// service_name defaults to OVH_CLOUD_PROJECT_SERVICE, as in the resources.
func TestListClusters_serviceNameFromEnvironment(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	seedFleet(t, m)
	p := acctest.NewProtoServer(t, endpoint)
	t.Setenv("OVH_CLOUD_PROJECT_SERVICE", ovhmock.DefaultProject)
	expectNames(t, list(t, p, clusterType, map[string]any{"name_prefix": "d"}, false, 100), "dev")
}
