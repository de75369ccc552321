package kube_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// nodePoolData renders an ovh_cloud_project_kube_nodepool data source, with
// extra lines in its body.
func nodePoolData(label, kubeID, name, extra string) string {
	return fmt.Sprintf(`
data "ovh_cloud_project_kube_nodepool" %q {
  service_name = %q
  kube_id      = %q
  name         = %q
%s
}
`, label, ovhmock.DefaultProject, kubeID, name, extra)
}

func knownStrings(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(values))
	for _, v := range values {
		checks = append(checks, knownvalue.StringExact(v))
	}
	return knownvalue.ListExact(checks)
}

func knownStringMap(values map[string]string) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(values))
	for k, v := range values {
		checks[k] = knownvalue.StringExact(v)
	}
	return knownvalue.MapExact(checks)
}

// expectAttributes checks top-level attributes of a data source.
func expectAttributes(addr string, checks map[string]knownvalue.Check) []statecheck.StateCheck {
	out := make([]statecheck.StateCheck, 0, len(checks))
	for name, c := range checks {
		out = append(out, statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), c))
	}
	return out
}

// TestAccNodePoolDataSource_everyAttribute reads pools seeded in the mock,
// one with every setting, one with the API's defaults, one in a Free-plan
// cluster, and checks each attribute against what was seeded.
func TestAccNodePoolDataSource_everyAttribute(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	const standardKube, freeKube = "d5e0c0de-0000-4000-8000-000000000001", "d5e0c0de-0000-4000-8000-000000000002"
	seedClusterToRead(t, m, standardKube, "EU-WEST-PAR", "standard")
	seedClusterToRead(t, m, freeKube, "GRA11", "free")
	created := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	web := acctest.SeedNodePool(t, m, standardKube, ovhmock.NodePool{
		Name: "web", Flavor: "b3-16", DesiredNodes: 2, MinNodes: 1, MaxNodes: 5,
		Autoscale: true, AntiAffinity: true, MonthlyBilled: true,
		Autoscaling:       ovhmock.NodePoolAutoscaling{ScaleDownUnneededTimeSeconds: 300, ScaleDownUnreadyTimeSeconds: 900, ScaleDownUtilizationThreshold: 0.25},
		AvailabilityZones: []string{"eu-west-par-a"},
		AttachFloatingIPs: &ovhmock.AttachFloatingIPs{Enabled: true},
		Template: ovhmock.NodePoolTemplate{
			Metadata: ovhmock.NodePoolTemplateMetadata{
				Labels:      map[string]string{"role": "web", "tier": "front"},
				Annotations: map[string]string{"example.com/owner": "team-a"},
				Finalizers:  []string{"example.com/drain"},
			},
			Spec: ovhmock.NodePoolTemplateSpec{Unschedulable: true, Taints: []ovhmock.Taint{
				{Key: "dedicated", Value: "web", Effect: "NoSchedule"},
				{Key: "spot", Effect: "PreferNoSchedule"},
			}},
		},
		CreatedAt: created, UpdatedAt: created.Add(time.Hour),
	})
	bare := acctest.SeedNodePool(t, m, standardKube, ovhmock.NodePool{Name: "bare", Flavor: "c3-4", DesiredNodes: 1})
	acctest.SeedNodePool(t, m, freeKube, ovhmock.NodePool{Name: "lone", Flavor: "c3-4", DesiredNodes: 0})

	config := acctest.ProviderBlock(endpoint) + nodePoolData("web", standardKube, "web", "") +
		nodePoolData("bare", standardKube, "bare", "") + nodePoolData("lone", freeKube, "lone", "")

	ds := func(label string) string { return "data.ovh_cloud_project_kube_nodepool." + label }
	emptyTemplate := knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
		"metadata": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"labels":      knownvalue.MapExact(map[string]knownvalue.Check{}),
			"annotations": knownvalue.MapExact(map[string]knownvalue.Check{}),
			"finalizers":  knownvalue.ListExact([]knownvalue.Check{}),
		})}),
		"spec": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"unschedulable": knownvalue.Bool(false),
			"taints":        knownvalue.ListExact([]knownvalue.Check{}),
		})}),
	})})

	webChecks := expectAttributes(ds("web"), map[string]knownvalue.Check{
		"service_name":     knownvalue.StringExact(ovhmock.DefaultProject),
		"kube_id":          knownvalue.StringExact(standardKube),
		"name":             knownvalue.StringExact("web"),
		"id":               knownvalue.StringExact(web.ID),
		"flavor_name":      knownvalue.StringExact("b3-16"),
		"flavor":           knownvalue.StringExact("b3-16"),
		"desired_nodes":    knownvalue.Int64Exact(2),
		"min_nodes":        knownvalue.Int64Exact(1),
		"max_nodes":        knownvalue.Int64Exact(5),
		"autoscale":        knownvalue.Bool(true),
		"anti_affinity":    knownvalue.Bool(true),
		"monthly_billed":   knownvalue.Bool(true),
		"status":           knownvalue.StringExact("READY"),
		"size_status":      knownvalue.StringExact("CAPACITY_OK"),
		"project_id":       knownvalue.StringExact(ovhmock.DefaultProject),
		"current_nodes":    knownvalue.Int64Exact(2),
		"available_nodes":  knownvalue.Int64Exact(2),
		"up_to_date_nodes": knownvalue.Int64Exact(2),
		"created_at":       knownvalue.StringExact("2025-01-02T03:04:05Z"),
		"updated_at":       knownvalue.StringExact("2025-01-02T04:04:05Z"),
		"autoscaling_scale_down_unneeded_time_seconds": knownvalue.Int64Exact(300),
		"autoscaling_scale_down_unready_time_seconds":  knownvalue.Int64Exact(900),
		"autoscaling_scale_down_utilization_threshold": knownvalue.Float64Exact(0.25),
		"availability_zones":                           knownStrings("eu-west-par-a"),
		"attach_floating_ips": knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{"enabled": knownvalue.Bool(true)}),
		}),
		"template": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"metadata": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
				"labels":      knownStringMap(map[string]string{"role": "web", "tier": "front"}),
				"annotations": knownStringMap(map[string]string{"example.com/owner": "team-a"}),
				"finalizers":  knownStrings("example.com/drain"),
			})}),
			"spec": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
				"unschedulable": knownvalue.Bool(true),
				"taints": knownvalue.ListExact([]knownvalue.Check{
					knownStringMap(map[string]string{"key": "dedicated", "value": "web", "effect": "NoSchedule"}),
					knownStringMap(map[string]string{"key": "spot", "value": "", "effect": "PreferNoSchedule"}),
				}),
			})}),
		})}),
	})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: append(webChecks,

				// The API's defaults: an empty template is read whole, with
				// empty maps and lists, never as null.
				statecheck.ExpectKnownValue(ds("bare"), tfjsonpath.New("id"), knownvalue.StringExact(bare.ID)),
				statecheck.ExpectKnownValue(ds("bare"), tfjsonpath.New("max_nodes"), knownvalue.Int64Exact(100)),
				statecheck.ExpectKnownValue(ds("bare"), tfjsonpath.New("autoscale"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(ds("bare"), tfjsonpath.New("autoscaling_scale_down_unneeded_time_seconds"), knownvalue.Int64Exact(600)),
				statecheck.ExpectKnownValue(ds("bare"), tfjsonpath.New("autoscaling_scale_down_unready_time_seconds"), knownvalue.Int64Exact(1200)),
				statecheck.ExpectKnownValue(ds("bare"), tfjsonpath.New("autoscaling_scale_down_utilization_threshold"), knownvalue.Float64Exact(0.5)),
				statecheck.ExpectKnownValue(ds("bare"), tfjsonpath.New("availability_zones"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(ds("bare"), tfjsonpath.New("attach_floating_ips"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"enabled": knownvalue.Bool(false)}),
				})),
				statecheck.ExpectKnownValue(ds("bare"), tfjsonpath.New("template"), emptyTemplate),

				// A Free-plan cluster has no floating IP setting: an empty
				// list, so that length() still works on it.
				statecheck.ExpectKnownValue(ds("lone"), tfjsonpath.New("attach_floating_ips"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(ds("lone"), tfjsonpath.New("desired_nodes"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(ds("lone"), tfjsonpath.New("current_nodes"), knownvalue.Int64Exact(0)),
			),
			Check: func(*terraform.State) error {
				// The pools are found in the full objects of the list: no
				// read per pool.
				if n := acctest.Count(m, "GET", acctest.RouteNodePool); n != 0 {
					return fmt.Errorf("%d GET of single node pools, want 0", n)
				}
				return nil
			},
		}, {
			Config: acctest.ProviderBlock(endpoint) + nodePoolData("web", standardKube, "wbe", ""),
			ExpectError: titled("Node pool not found", fmt.Sprintf(`No node pool is named "wbe" in cluster %s of project %s. `+
				`Its node pools are: "bare", "web".`, standardKube, ovhmock.DefaultProject)),
		}, {
			Config: acctest.ProviderBlock(endpoint) + nodePoolData("web", standardKube, "web", `  availability_zones = ["eu-west-par-b"]`),
			ExpectError: titled("The node pool does not match", fmt.Sprintf(`Attribute availability_zones: node pool "web" (%s) has the zones `+
				`["eu-west-par-a"], not ["eu-west-par-b"]. Remove availability_zones from the data source to read the pool as it is.`, web.ID)),
		}, {
			// As in the official provider, the zones may also be set.
			Config: acctest.ProviderBlock(endpoint) + nodePoolData("web", standardKube, "web", `  availability_zones = ["eu-west-par-a"]`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds("web"), tfjsonpath.New("availability_zones"), knownStrings("eu-west-par-a")),
			},
		}},
	})
}

func TestAccNodePoolDataSource_clusterWithoutPools(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	const kubeID = "d5e0c0de-0000-4000-8000-000000000003"
	seedClusterToRead(t, m, kubeID, "GRA11", "free")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(endpoint) + nodePoolData("p", kubeID, "pool-1", ""),
			ExpectError: titled("Node pool not found", fmt.Sprintf(`No node pool is named "pool-1" in cluster %s of project %s: `+
				`the cluster has no node pool.`, kubeID, ovhmock.DefaultProject)),
		}},
	})
}

// TestAccNodePoolDataSource_besideItsResources is the official provider's
// acceptance scenario: the cluster and the pool are created in the same
// configuration, and read back through the data sources.
func TestAccNodePoolDataSource_besideItsResources(t *testing.T) {
	_, endpoint := acctest.StartMock(t, ovhmock.Options{})
	const pool = "ovh_cloud_project_kube_nodepool.pool"
	config := acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
resource "ovh_cloud_project_kube" "cluster" {
  service_name = %q
  name         = "ds-cluster"
  region       = "GRA11"
}

resource "ovh_cloud_project_kube_nodepool" "pool" {
  service_name  = ovh_cloud_project_kube.cluster.service_name
  kube_id       = ovh_cloud_project_kube.cluster.id
  name          = "pool-ds"
  flavor_name   = "c3-4"
  desired_nodes = 1
  min_nodes     = 0
  max_nodes     = 2
  autoscaling_scale_down_unneeded_time_seconds = 222
  autoscaling_scale_down_unready_time_seconds  = 2222
  autoscaling_scale_down_utilization_threshold = 0.2
}

data "ovh_cloud_project_kube_nodepool" "pool" {
  service_name = ovh_cloud_project_kube.cluster.service_name
  kube_id      = ovh_cloud_project_kube.cluster.id
  name         = ovh_cloud_project_kube_nodepool.pool.name
}

data "ovh_cloud_project_kube_nodepool_nodes" "pool" {
  service_name = ovh_cloud_project_kube.cluster.service_name
  kube_id      = ovh_cloud_project_kube.cluster.id
  name         = ovh_cloud_project_kube_nodepool.pool.name
}

data "ovh_cloud_project_kube_nodes" "cluster" {
  service_name = ovh_cloud_project_kube.cluster.service_name
  kube_id      = ovh_cloud_project_kube_nodepool.pool.kube_id
}
`, ovhmock.DefaultProject)
	const ds, nodes, all = "data.ovh_cloud_project_kube_nodepool.pool", "data.ovh_cloud_project_kube_nodepool_nodes.pool", "data.ovh_cloud_project_kube_nodes.cluster"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("max_nodes"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("min_nodes"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("desired_nodes"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("autoscaling_scale_down_unneeded_time_seconds"), knownvalue.Int64Exact(222)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("autoscaling_scale_down_unready_time_seconds"), knownvalue.Int64Exact(2222)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("autoscaling_scale_down_utilization_threshold"), knownvalue.Float64Exact(0.2)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("flavor_name"), knownvalue.StringExact("c3-4")),
				statecheck.CompareValuePairs(ds, tfjsonpath.New("id"), pool, tfjsonpath.New("id"), compareSame),
				statecheck.CompareValuePairs(ds, tfjsonpath.New("created_at"), pool, tfjsonpath.New("created_at"), compareSame),

				statecheck.ExpectKnownValue(nodes, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(1)),
				statecheck.CompareValuePairs(nodes, tfjsonpath.New("id"), pool, tfjsonpath.New("id"), compareSame),
				statecheck.CompareValuePairs(nodes, tfjsonpath.New("nodes").AtSliceIndex(0).AtMapKey("node_pool_id"), pool, tfjsonpath.New("id"), compareSame),
				statecheck.ExpectKnownValue(nodes, tfjsonpath.New("nodes").AtSliceIndex(0).AtMapKey("flavor"), knownvalue.StringExact("c3-4")),
				statecheck.ExpectKnownValue(nodes, tfjsonpath.New("nodes").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("READY")),

				statecheck.ExpectKnownValue(all, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(1)),
				statecheck.CompareValuePairs(all, tfjsonpath.New("id"), "ovh_cloud_project_kube.cluster", tfjsonpath.New("id"), compareSame),
				statecheck.CompareValuePairs(all, tfjsonpath.New("nodes").AtSliceIndex(0).AtMapKey("id"), nodes, tfjsonpath.New("nodes").AtSliceIndex(0).AtMapKey("id"), compareSame),
			},
		}},
	})
}
