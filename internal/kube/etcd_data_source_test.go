package kube_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// TestAccEtcdUsageDataSource reads the quota and usage the mock holds, in
// bytes beyond 32 bits, and their ratio (0 without a quota), with
// service_name from the environment, sending nothing but GETs, and fails
// clearly for a missing cluster. That every plan reads it again is
// TestAccE2E_etcdUsageCheck's. Not parallel: it sets the environment of the
// in-process provider.
func TestAccEtcdUsageDataSource(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	const busy, unlimited = "e7cd0000-0000-4000-8000-000000000001", "e7cd0000-0000-4000-8000-000000000002"
	seedClusterToRead(t, m, busy, "GRA11", "free")
	seedClusterToRead(t, m, unlimited, "GRA11", "free")
	setEtcd := func(kubeID string, quota, usage int64) {
		t.Helper()
		if err := m.SetEtcdUsage(ovhmock.DefaultProject, kubeID, ovhmock.EtcdUsage{Quota: quota, Usage: usage}); err != nil {
			t.Fatal(err)
		}
	}
	setEtcd(busy, 8<<30, 7<<30)
	setEtcd(unlimited, 0, 1024)
	t.Setenv("OVH_CLOUD_PROJECT_SERVICE", ovhmock.DefaultProject)
	config := acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
data "ovh_cloud_project_kube_etcd_usage" "busy" {
  kube_id = %q
}

data "ovh_cloud_project_kube_etcd_usage" "unlimited" {
  service_name = %q
  kube_id      = %q
}
`, busy, ovhmock.DefaultProject, unlimited)
	const busyAddr, unlimitedAddr = "data.ovh_cloud_project_kube_etcd_usage.busy", "data.ovh_cloud_project_kube_etcd_usage.unlimited"
	values := func(addr string, quota, usage int64, ratio float64) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("service_name"), knownvalue.StringExact(ovhmock.DefaultProject)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("quota"), knownvalue.Int64Exact(quota)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("usage"), knownvalue.Int64Exact(usage)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("usage_ratio"), knownvalue.Float64Exact(ratio)),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: slices.Concat(values(busyAddr, 8<<30, 7<<30, 0.875), values(unlimitedAddr, 0, 1024, 0)),
			},
			{
				Config: acctest.ProviderBlock(endpoint) + `
data "ovh_cloud_project_kube_etcd_usage" "missing" {
  kube_id = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70"
}
`,
				ExpectError: titled("Cannot read the etcd usage", "Reading the etcd usage of cluster 0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70 in project "+
					ovhmock.DefaultProject+": OVHcloud API answered 404 Client::NotFound to GET /cloud/project/"+ovhmock.DefaultProject+
					"/kube/0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70/metrics/etcdUsage: Kubernetes cluster 0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70 "+
					"does not exist (query id "),
			},
		},
	})
	if n := len(slices.DeleteFunc(m.Requests(), func(r ovhmock.Request) bool { return r.Method == "GET" })); n != 0 {
		t.Errorf("%d requests other than GET from a data source", n)
	}
}
