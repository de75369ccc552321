package kube_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const poolAddr = "ovh_cloud_project_kube_nodepool.p"

// poolConfig renders a node pool of the cluster with the given body lines.
func poolConfig(endpoint, kubeID, body string) string {
	return acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name = %q
  kube_id      = %q
%s
}
`, ovhmock.DefaultProject, kubeID, body)
}

// onlyPool returns the one node pool of the cluster.
func onlyPool(t *testing.T, m *ovhmock.Mock, kubeID string) ovhmock.NodePool {
	t.Helper()
	ps := m.NodePools(ovhmock.DefaultProject, kubeID)
	if len(ps) != 1 {
		t.Fatalf("the mock holds %d node pools, want 1", len(ps))
	}
	return ps[0]
}

func checkPool(t *testing.T, m *ovhmock.Mock, kubeID string, check func(ovhmock.NodePool) error) resource.TestCheckFunc {
	return func(*terraform.State) error { return check(onlyPool(t, m, kubeID)) }
}

func TestAccNodePool_templateAndAutoscaling(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	config := poolConfig(endpoint, kubeID, poolShape(t, "whole template and autoscaling"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionCreate)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("size_status"), knownvalue.StringExact("CAPACITY_OK")),
				statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("current_nodes"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("flavor"), knownvalue.StringExact("b3-8")),
				statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("autoscaling_scale_down_unready_time_seconds"), knownvalue.Int64Exact(1200)),
				statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("template").AtSliceIndex(0).AtMapKey("spec").AtSliceIndex(0).AtMapKey("taints").AtSliceIndex(1),
					knownvalue.MapExact(map[string]knownvalue.Check{"key": knownvalue.StringExact("spot"), "effect": knownvalue.StringExact("PreferNoSchedule")})),
			},
			Check: checkPool(t, m, kubeID, func(p ovhmock.NodePool) error {
				md, sp := p.Template.Metadata, p.Template.Spec
				switch {
				case p.Name != "pool-1" || p.Flavor != "b3-8" || p.DesiredNodes != 2 || p.MinNodes != 1 || p.MaxNodes != 4 || !p.Autoscale:
					return fmt.Errorf("mock pool = %+v", p)
				case p.Autoscaling.ScaleDownUnneededTimeSeconds != 300:
					return fmt.Errorf("autoscaling = %+v", p.Autoscaling)
				case md.Labels["role"] != "web" || md.Annotations["example.com/owner"] != "team-a" || len(md.Finalizers) != 1:
					return fmt.Errorf("metadata = %+v", md)
				case len(sp.Taints) != 2 || sp.Taints[1] != (ovhmock.Taint{Key: "spot", Value: "", Effect: "PreferNoSchedule"}):
					return fmt.Errorf("taints = %+v", sp.Taints)
				}
				return nil
			}),
		}},
	})
}

// A size of 0 is sent as 0; a size left out is not sent (the API's default
// applies, here one node).
func TestAccNodePool_zeroIsASize(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: poolConfig(endpoint, kubeID, `
  name          = "empty"
  flavor_name   = "b3-8"
  desired_nodes = 0
  min_nodes     = 0`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("desired_nodes"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("current_nodes"), knownvalue.Int64Exact(0)),
				},
				Check: checkPool(t, m, kubeID, func(p ovhmock.NodePool) error {
					if p.DesiredNodes != 0 || len(m.Nodes(ovhmock.DefaultProject, kubeID)) != 0 {
						return fmt.Errorf("desiredNodes %d with %d nodes, want 0 and none", p.DesiredNodes, len(m.Nodes(ovhmock.DefaultProject, kubeID)))
					}
					return nil
				}),
			},
			{
				// desired_nodes left out: the apply keeps the pool's size.
				Config: poolConfig(endpoint, kubeID, `
  name        = "empty"
  flavor_name = "b3-8"
  min_nodes   = 0`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccNodePool_resizeInPlace(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	sized := func(n int) string {
		return poolConfig(endpoint, kubeID, fmt.Sprintf(`
  name          = "pool-1"
  flavor_name   = "b3-8"
  desired_nodes = %d`, n))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            sized(1),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(poolAddr, tfjsonpath.New("id"))},
			},
			{
				Config: sized(3),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(poolAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("current_nodes"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				},
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "PUT", acctest.RouteNodePool); n != 1 {
						return fmt.Errorf("%d PUT of the pool, want 1", n)
					}
					if n := acctest.Count(m, "POST", acctest.RouteNodePools); n != 1 {
						return fmt.Errorf("%d creations, want 1: a resize must not replace the pool", n)
					}
					return checkPool(t, m, kubeID, func(p ovhmock.NodePool) error {
						if p.DesiredNodes != 3 || p.CurrentNodes != 3 {
							return fmt.Errorf("desired %d current %d, want 3", p.DesiredNodes, p.CurrentNodes)
						}
						return nil
					})(nil)
				},
			},
		},
	})
}

func TestAccNodePool_flavorChangeReplaces(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	flavored := func(f string) string {
		return poolConfig(endpoint, kubeID, fmt.Sprintf(`
  flavor_name   = %q
  desired_nodes = 1`, f))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: flavored("b3-8")},
			{
				Config: flavored("c3-8"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: checkPool(t, m, kubeID, func(p ovhmock.NodePool) error {
					if p.Flavor != "c3-8" {
						return fmt.Errorf("flavor %q, want c3-8", p.Flavor)
					}
					return nil
				}),
			},
		},
	})
}

// A new pool with a flavor the cluster does not offer: the plan succeeds
// (it only warns, so that a destroy, which plans first, is never stopped by
// it), and the apply refuses the flavor with the closest names before any
// request that changes something.
func TestAccNodePool_unknownFlavorAtPlan(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	config := poolConfig(endpoint, kubeID, `  flavor_name = "b3-9"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, PlanOnly: true, ExpectNonEmptyPlan: true},
			{
				Config:      config,
				ExpectError: acctest.MessagePattern(`Attribute flavor_name: "b3-9" is not a flavor of cluster ` + kubeID + `. Closest: "b3-8",`),
			},
		},
	})
	for _, r := range m.Requests() {
		if r.Method != "GET" && r.Route != "/auth/time" {
			t.Errorf("%s %s for a refused flavor", r.Method, r.Path)
		}
	}
	if n := acctest.Count(m, "GET", acctest.RouteFlavors); n == 0 {
		t.Error("the flavors were never listed")
	}
}

// A flavor change to a flavor the cluster does not offer is refused at plan
// time: its replacement would delete the old pool before failing to create
// the new one. The error says how to destroy anyway.
func TestAccNodePool_unknownFlavorChangeAtPlan(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	flavored := func(f string) string {
		return poolConfig(endpoint, kubeID, fmt.Sprintf(`  flavor_name = %q`, f))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: flavored("b3-8")},
			{
				Config:   flavored("b3-9"),
				PlanOnly: true,
				ExpectError: regexp.MustCompile(acctest.MessagePattern(`Attribute flavor_name: "b3-9" is not a flavor of cluster `+kubeID+
					`. Closest: "b3-8",`).String() + `(?s:.*)` + acctest.MessagePattern(`t1-45. terraform destroy plans the configuration `+
					`first and stops here too: correct flavor_name, or destroy with -refresh=false.`).String()),
			},
		},
	})
	if n := acctest.Count(m, "DELETE", acctest.RouteNodePool); n != 1 {
		t.Errorf("%d pool deletions, want 1 (the final destroy only)", n)
	}
}

// After an apply that created a cluster and failed on its pool's unknown
// flavor (checked at creation, the cluster being unknown at plan time),
// terraform destroy works as is: its first step, a plan of the
// configuration, must not stop on the pool that was never created.
func TestAccNodePool_destroyAfterUnknownFlavor(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	config := acctest.KubeConfig(endpoint, `  name = "c"`) + `
resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name  = ovh_cloud_project_kube.c.service_name
  kube_id       = ovh_cloud_project_kube.c.id
  name          = "workers"
  flavor_name   = "b9-99"
  desired_nodes = 1
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: acctest.MessagePattern(`Attribute flavor_name: "b9-99" is not a flavor of cluster`),
			},
			{
				Config:  config,
				Destroy: true,
				Check: func(*terraform.State) error {
					if n := len(m.Clusters(ovhmock.DefaultProject)); n != 0 {
						return fmt.Errorf("%d clusters left after the destroy", n)
					}
					return nil
				},
			},
		},
	})
	if n := acctest.Count(m, "DELETE", acctest.RouteKube); n != 1 {
		t.Errorf("%d cluster deletions, want 1", n)
	}
	if n := acctest.Count(m, "POST", acctest.RouteNodePools); n != 0 {
		t.Errorf("%d pool creations, want 0", n)
	}
}

func TestAccNodePool_autoscalerDriftIsNotADiff(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	autoscaledUpTo := func(desired, maxNodes int) string {
		return poolConfig(endpoint, kubeID, fmt.Sprintf(`
  name          = "auto"
  flavor_name   = "b3-8"
  autoscale     = true
  min_nodes     = 1
  max_nodes     = %d
  desired_nodes = %d`, maxNodes, desired))
	}
	autoscaled := func(desired int) string { return autoscaledUpTo(desired, 5) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: autoscaled(2)},
			{
				// The autoscaler grows the pool: not a difference.
				PreConfig: func() {
					if err := m.Autoscale(ovhmock.DefaultProject, kubeID, onlyPool(t, m, kubeID).ID, 4); err != nil {
						t.Fatal(err)
					}
				},
				Config: autoscaled(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				// The state keeps the configured size; the API keeps the
				// autoscaler's.
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("desired_nodes"), knownvalue.Int64Exact(2)),
				},
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "PUT", acctest.RouteNodePool); n != 0 {
						return fmt.Errorf("%d PUT of the pool, want 0: the autoscaler's size must not be undone", n)
					}
					if got := onlyPool(t, m, kubeID).DesiredNodes; got != 4 {
						return fmt.Errorf("the mock's pool wants %d nodes, want the autoscaler's 4", got)
					}
					return nil
				},
			},
			{
				// Another change leaves desired_nodes alone: the apply does
				// not send it, and the state keeps the configured value.
				Config: autoscaledUpTo(2, 6),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("desired_nodes"), knownvalue.Int64Exact(2)),
				},
				Check: checkPool(t, m, kubeID, func(p ovhmock.NodePool) error {
					if p.DesiredNodes != 4 || p.MaxNodes != 6 {
						return fmt.Errorf("the mock's pool wants %d nodes up to %d, want the autoscaler's 4 up to 6", p.DesiredNodes, p.MaxNodes)
					}
					return nil
				}),
			},
			{
				// A change of the configured value is applied.
				Config: autoscaledUpTo(3, 6),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(poolAddr, tfjsonpath.New("desired_nodes"), knownvalue.Int64Exact(3)),
					},
				},
				Check: checkPool(t, m, kubeID, func(p ovhmock.NodePool) error {
					if p.DesiredNodes != 3 {
						return fmt.Errorf("desiredNodes %d, want 3", p.DesiredNodes)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccNodePool_labelsOnlyTemplateThenRemoved(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	base := `
  name          = "labels"
  flavor_name   = "b3-8"
  desired_nodes = 1`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: poolConfig(endpoint, kubeID, base+`
  template {
    metadata {
      labels = { tier = "front" }
    }
  }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: checkPool(t, m, kubeID, func(p ovhmock.NodePool) error {
					if p.Template.Metadata.Labels["tier"] != "front" {
						return fmt.Errorf("labels = %v", p.Template.Metadata.Labels)
					}
					return nil
				}),
			},
			{
				Config: poolConfig(endpoint, kubeID, base),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkPool(t, m, kubeID, func(p ovhmock.NodePool) error {
					if len(p.Template.Metadata.Labels) != 0 {
						return fmt.Errorf("labels = %v after the template was removed, want none", p.Template.Metadata.Labels)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccNodePool_import(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	config := poolConfig(endpoint, kubeID, `
  name          = "imported"
  flavor_name   = "b3-8"
  desired_nodes = 2
  template {
    metadata {
      labels = { role = "db" }
    }
  }`)
	importID := func(s *terraform.State) (string, error) {
		rs := s.RootModule().Resources[poolAddr]
		return fmt.Sprintf("%s/%s/%s", ovhmock.DefaultProject, kubeID, rs.Primary.ID), nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				ResourceName: poolAddr, ImportState: true, ImportStateIdFunc: importID, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName: poolAddr, Config: config, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: importID,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionNoop)},
				},
			},
			{
				Config:       poolConfig(endpoint, kubeID, `  flavor_name = "b3-8"`),
				ResourceName: poolAddr, ImportState: true, ImportStateId: ovhmock.DefaultProject + "/" + kubeID,
				ExpectError: acctest.MessagePattern(`must be service_name/kube_id/nodepool_id`),
			},
		},
	})
}

func TestAccNodePool_deletedOutOfBand(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	config := poolConfig(endpoint, kubeID, `
  name          = "gone"
  flavor_name   = "b3-8"
  desired_nodes = 1`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if !m.RemoveNodePool(ovhmock.DefaultProject, kubeID, onlyPool(t, m, kubeID).ID) {
						t.Fatal("no pool to remove")
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionCreate)},
				},
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteNodePools); n != 2 {
						return fmt.Errorf("%d creations, want 2", n)
					}
					return nil
				},
			},
		},
	})
}

// A pool that ends in ERROR is a failed creation: kept in state, tainted,
// and the error quotes the status.
func TestAccNodePool_errorStatusFailsAtOnce(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Faults: ovhmock.Faults{NodePoolInstallErrorRate: 1}})
	kubeID := seedReadyCluster(t, m)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: poolConfig(endpoint, kubeID, `
  name        = "broken"
  flavor_name = "b3-8"`),
			ExpectError: regexp.MustCompile(`(?s)node pool \S+ went to status ERROR during\s+its\s+creation.*kept in the state,\s+marked\s+tainted`),
		}},
	})
}

// A cluster busy with another change answers 409 to the pool: the pool
// waits for the cluster and asks again, within its timeout.
func TestAccNodePool_busyClusterIsAbsorbed(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if err := m.ModifyCluster(ovhmock.DefaultProject, kubeID, func(c *ovhmock.Cluster) { c.Status = "UPDATING" }); err != nil {
					t.Fatal(err)
				}
				// The cluster finishes its change once the pool has been
				// refused, whenever that happens.
				go func() {
					for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
						if countStatus(m, "POST", acctest.RouteNodePools, 409) > 0 {
							break
						}
					}
					time.Sleep(300 * time.Millisecond)
					_ = m.ModifyCluster(ovhmock.DefaultProject, kubeID, func(c *ovhmock.Cluster) { c.Status = "READY" })
				}()
			},
			Config: poolConfig(endpoint, kubeID, `
  name        = "patient"
  flavor_name = "b3-8"`),
			Check: func(*terraform.State) error {
				if countStatus(m, "POST", acctest.RouteNodePools, 409) == 0 {
					return fmt.Errorf("no 409 met: the test did not exercise a busy cluster")
				}
				if p := onlyPool(t, m, kubeID); p.Status != "READY" {
					return fmt.Errorf("pool %s, want READY", p.Status)
				}
				return nil
			},
		}},
	})
}

// TestAccNodePool_withItsCluster creates a cluster and its pool in one
// apply: the flavor is checked at creation, since kube_id is unknown at plan.
func TestAccNodePool_withItsCluster(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	config := func(flavor string) string {
		return acctest.KubeConfig(endpoint, `  name = "c"`) + fmt.Sprintf(`
resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name  = ovh_cloud_project_kube.c.service_name
  kube_id       = ovh_cloud_project_kube.c.id
  name          = "workers"
  flavor_name   = %q
  desired_nodes = 1
}
`, flavor)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config("b3-9"),
				ExpectError: acctest.MessagePattern(`Attribute flavor_name: "b3-9" is not a flavor of cluster`),
			},
			{
				Config: config("b3-8"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					pools := 0
					for _, c := range m.Clusters(ovhmock.DefaultProject) {
						pools += len(m.NodePools(ovhmock.DefaultProject, c.ID))
					}
					if pools != 1 || acctest.Count(m, "POST", acctest.RouteNodePools) != 1 {
						return fmt.Errorf("%d pools after %d creations, want 1 and 1: the refused flavor must create nothing", pools, acctest.Count(m, "POST", acctest.RouteNodePools))
					}
					return nil
				},
			},
		},
	})
}

// TestAccNodePool_faultyAPI creates, resizes and destroys five pools of one
// cluster against an API that fails 20% of requests, rate-limits 10% and
// loses some answers to changes it applied: nothing is orphaned.
func TestAccNodePool_faultyAPI(t *testing.T) {
	const n = 5
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Faults: ovhmock.Faults{
		Seed: 7, ServerErrorRate: 0.2, RateLimitRate: 0.1, AppliedThenFailRate: 0.1, RetryAfter: time.Second,
	}})
	kubeID := seedReadyCluster(t, m)
	pools := func(desired int) string {
		return acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
resource "ovh_cloud_project_kube_nodepool" "many" {
  count         = %d
  service_name  = %q
  kube_id       = %q
  name          = "pool-${count.index}"
  flavor_name   = "b3-8"
  desired_nodes = %d
}
`, n, ovhmock.DefaultProject, kubeID, desired)
	}
	inMock := func(desired int) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			ps := m.NodePools(ovhmock.DefaultProject, kubeID)
			if len(ps) != n {
				return fmt.Errorf("%d pools in the mock, want %d", len(ps), n)
			}
			for _, p := range ps {
				if p.DesiredNodes != desired {
					return fmt.Errorf("pool %s wants %d nodes, want %d", p.Name, p.DesiredNodes, desired)
				}
			}
			got := 0
			for name := range s.RootModule().Resources {
				if strings.HasPrefix(name, "ovh_cloud_project_kube_nodepool.many") {
					got++
				}
			}
			if got != n {
				return fmt.Errorf("%d pools in state, want %d", got, n)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: pools(1), Check: inMock(1)},
			{Config: pools(2), Check: inMock(2)},
		},
	})
	log := m.Requests()
	checkPacing(t, log)
	faults := 0
	for _, r := range log {
		if r.Fault != "" {
			faults++
		}
	}
	if faults == 0 {
		t.Error("no fault injected")
	}
	t.Logf("%d requests, %d faulted", len(log), faults)
}

// countStatus counts the logged answers of this method and route with this status.
func countStatus(m *ovhmock.Mock, method, route string, status int) int {
	n := 0
	for _, r := range m.Requests() {
		if r.Method == method && r.Route == route && r.Status == status {
			n++
		}
	}
	return n
}

// A reset whose worker nodes policy deletes the pools leaves the pool's
// resource planned for creation, as a pool deleted out of band.
func TestAccNodePool_goneAfterClusterReset(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{ResetNodePools: ovhmock.ResetDeleteNodePools})
	config := func(mode string) string {
		return acctest.KubeConfig(endpoint, fmt.Sprintf(`  kube_proxy_mode          = %q
  reset_instead_of_replace = true`, mode)) + `
resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name  = ovh_cloud_project_kube.c.service_name
  kube_id       = ovh_cloud_project_kube.c.id
  name          = "workers"
  flavor_name   = "b3-8"
  desired_nodes = 1
}
`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("iptables")},
			{
				// The reset deletes the pool behind the pool resource's back.
				Config:             config("ipvs"),
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionCreate)},
				},
			},
			{
				Config: config("ipvs"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteReset); n != 1 {
						return fmt.Errorf("%d resets, want 1", n)
					}
					if n := acctest.Count(m, "POST", acctest.RouteNodePools); n != 2 {
						return fmt.Errorf("%d pool creations, want 2: the pool deleted by the reset is created again", n)
					}
					return nil
				},
			},
		},
	})
}
