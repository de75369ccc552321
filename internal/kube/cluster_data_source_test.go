package kube_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

func TestAccKube_dataSource(t *testing.T) {
	_, endpoint := acctest.StartMock(t, ovhmock.Options{})
	ds := "data.ovh_cloud_project_kube.d"
	config := acctest.SeedConfig(endpoint, "") + `
data "ovh_cloud_project_kube" "d" {
  service_name = ovh_cloud_project_kube.c.service_name
  kube_id      = ovh_cloud_project_kube.c.id
}
`
	expecting := func(mode string) string {
		return acctest.SeedConfig(endpoint, "") + fmt.Sprintf(`
data "ovh_cloud_project_kube" "d" {
  service_name    = ovh_cloud_project_kube.c.service_name
  kube_id         = ovh_cloud_project_kube.c.id
  name            = "my_kube_cluster"
  kube_proxy_mode = %q
}
`, mode)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// As in the official provider, the read values may also be set.
			Config: expecting("ipvs"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("name"), knownvalue.StringExact("my_kube_cluster")),
			},
		}, {
			Config:      expecting("iptables"),
			ExpectError: acctest.MessagePattern(`has kube_proxy_mode = "ipvs", not "iptables"`),
		}, {
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("kube_proxy_mode"), knownvalue.StringExact("ipvs")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("customization_kube_proxy").AtSliceIndex(0).AtMapKey("ipvs").AtSliceIndex(0).AtMapKey("scheduler"), knownvalue.StringExact("rr")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("customization_kube_proxy").AtSliceIndex(0).AtMapKey("ipvs").AtSliceIndex(0).AtMapKey("sync_period"), knownvalue.StringExact("PT0S")),
				statecheck.CompareValuePairs(ds, tfjsonpath.New("id"), addr, tfjsonpath.New("id"), compareSame),
				statecheck.CompareValuePairs(ds, tfjsonpath.New("url"), addr, tfjsonpath.New("url"), compareSame),
				statecheck.CompareValuePairs(ds, tfjsonpath.New("version"), addr, tfjsonpath.New("version"), compareSame),
				// Each fetch carries a new client certificate: the server and
				// the certificate authority are the cluster's.
				statecheck.CompareValuePairs(ds, tfjsonpath.New("kubeconfig_attributes").AtSliceIndex(0).AtMapKey("host"),
					addr, tfjsonpath.New("kubeconfig_attributes").AtSliceIndex(0).AtMapKey("host"), compareSame),
				statecheck.CompareValuePairs(ds, tfjsonpath.New("kubeconfig_attributes").AtSliceIndex(0).AtMapKey("cluster_ca_certificate"),
					addr, tfjsonpath.New("kubeconfig_attributes").AtSliceIndex(0).AtMapKey("cluster_ca_certificate"), compareSame),
			},
		}},
	})
}
