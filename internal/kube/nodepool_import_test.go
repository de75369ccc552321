package kube_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// poolShapes are the node pools the acceptance tests create, by what their
// configuration sets: each is imported after its creation.
var poolShapes = []struct {
	name     string
	standard bool // on a Standard-plan cluster of a 3-AZ region
	body     string
}{
	{name: "flavor only", body: `
  flavor_name = "b3-8"`},
	{name: "sizes", body: `
  name          = "sized"
  flavor_name   = "b3-8"
  desired_nodes = 2
  min_nodes     = 1
  max_nodes     = 4`},
	{name: "zero nodes", body: `
  name          = "empty"
  flavor_name   = "b3-8"
  desired_nodes = 0
  min_nodes     = 0`},
	{name: "whole template and autoscaling", body: `
  name          = "pool-1"
  flavor_name   = "b3-8"
  desired_nodes = 2
  min_nodes     = 1
  max_nodes     = 4
  autoscale     = true
  autoscaling_scale_down_unneeded_time_seconds = 300
  template {
    metadata {
      labels      = { role = "web" }
      annotations = { "example.com/owner" = "team-a" }
      finalizers  = ["example.com/drain"]
    }
    spec {
      unschedulable = false
      taints        = [{ key = "dedicated", value = "web", effect = "NoSchedule" }, { key = "spot", effect = "PreferNoSchedule" }]
    }
  }`},
	{name: "labels only", body: `
  name          = "labels"
  flavor_name   = "b3-8"
  desired_nodes = 1
  template {
    metadata {
      labels = { tier = "front" }
    }
  }`},
	{name: "taints only", body: `
  name        = "tainted"
  flavor_name = "b3-8"
  template {
    spec {
      taints = [{ key = "gpu", effect = "NoSchedule" }]
    }
  }`},
	{name: "finalizers only", body: `
  name        = "final"
  flavor_name = "b3-8"
  template {
    metadata {
      finalizers = ["example.com/drain"]
    }
  }`},
	{name: "unschedulable", body: `
  name        = "cordoned"
  flavor_name = "b3-8"
  template {
    spec {
      unschedulable = true
    }
  }`},
	{name: "every part as the official provider requires", body: `
  name          = "backend"
  flavor_name   = "b3-8"
  desired_nodes = 3
  min_nodes     = 1
  max_nodes     = 5
  template {
    metadata {
      annotations = {}
      finalizers  = []
      labels      = { "example.com/role" = "backend" }
    }
    spec {
      unschedulable = false
      taints        = [{ key = "dedicated", value = "backend", effect = "NoSchedule" }]
    }
  }`},
	{name: "anti-affinity, monthly billing", body: `
  name           = "spread"
  flavor_name    = "b3-8"
  desired_nodes  = 3
  anti_affinity  = true
  monthly_billed = true`},
	{name: "zones and floating IPs", standard: true, body: `
  name               = "zoned"
  flavor_name        = "b3-8"
  desired_nodes      = 1
  availability_zones = ["eu-west-par-a"]
  attach_floating_ips {
    enabled = true
  }`},
}

// poolShape returns the body of the shape of that name, for the tests that
// create it.
func poolShape(t *testing.T, name string) string {
	t.Helper()
	for _, sh := range poolShapes {
		if sh.name == name {
			return sh.body
		}
	}
	t.Fatalf("no node pool shape %q", name)
	return ""
}

// TestAccNodePool_everyShapeImports creates each shape of poolShapes, then
// imports it: the imported state is the created one, attribute for
// attribute, and with its configuration an import block plans nothing.
func TestAccNodePool_everyShapeImports(t *testing.T) {
	for _, shape := range poolShapes {
		t.Run(shape.name, func(t *testing.T) {
			m, endpoint := acctest.StartMock(t, ovhmock.Options{})
			var kubeID string
			if shape.standard {
				kubeID = "d5e0c0de-0000-4000-8000-0000000000aa"
				seedClusterToRead(t, m, kubeID, "EU-WEST-PAR", "standard")
			} else {
				kubeID = seedReadyCluster(t, m)
			}
			config := poolConfig(endpoint, kubeID, shape.body)
			importID := func(s *terraform.State) (string, error) {
				return fmt.Sprintf("%s/%s/%s", ovhmock.DefaultProject, kubeID, s.RootModule().Resources[poolAddr].Primary.ID), nil
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: config},
					{ResourceName: poolAddr, ImportState: true, ImportStateIdFunc: importID, ImportStateVerify: true},
					{
						ResourceName: poolAddr, Config: config, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
						ImportStateIdFunc: importID,
						ImportPlanChecks: resource.ImportPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionNoop)},
						},
					},
				},
			})
		})
	}
}

// TestAccNodePool_importAutoscaled: an autoscaled pool imported while the
// autoscaler has moved desired_nodes away from the configuration's value is
// not scaled back, at the import or later, as a created pool is not: the
// configuration's value counts as applied, and only a change of it is sent.
func TestAccNodePool_importAutoscaled(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	pool := acctest.SeedNodePool(t, m, kubeID, ovhmock.NodePool{Name: "auto", Flavor: "b3-8", DesiredNodes: 3, MinNodes: 1, MaxNodes: 5, Autoscale: true})
	config := func(desired, maxNodes int) string {
		return poolConfig(endpoint, kubeID, fmt.Sprintf(`
  name          = "auto"
  flavor_name   = "b3-8"
  autoscale     = true
  min_nodes     = 1
  max_nodes     = %d
  desired_nodes = %d`, maxNodes, desired))
	}
	id := ovhmock.DefaultProject + "/" + kubeID + "/" + pool.ID
	puts := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if n := acctest.Count(m, "PUT", acctest.RouteNodePool); n != want {
				return fmt.Errorf("%d PUTs of the pool, want %d", n, want)
			}
			return nil
		}
	}
	apiDesired := func(want int) resource.TestCheckFunc {
		return checkPool(t, m, kubeID, func(p ovhmock.NodePool) error {
			if p.DesiredNodes != want {
				return fmt.Errorf("the mock's pool wants %d nodes, want %d", p.DesiredNodes, want)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// An import block: the plan that imports plans nothing else.
				Config: config(2, 5), ResourceName: poolAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateId: id,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: config(2, 5), ResourceName: poolAddr, ImportState: true, ImportStateId: id, ImportStatePersist: true,
			},
			{
				Config:           config(2, 5),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.ComposeTestCheckFunc(puts(0), apiDesired(3)),
			},
			{
				// The autoscaler moves on: still nothing to do.
				PreConfig: func() {
					if err := m.Autoscale(ovhmock.DefaultProject, kubeID, pool.ID, 4); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config(2, 5),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.ComposeTestCheckFunc(puts(0), apiDesired(4)),
			},
			{
				// Another change is applied without desired_nodes, which the
				// state takes from the configuration from now on.
				Config: config(2, 6),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("desired_nodes"), knownvalue.Int64Exact(2)),
				},
				Check: resource.ComposeTestCheckFunc(puts(1), apiDesired(4), checkPool(t, m, kubeID, func(p ovhmock.NodePool) error {
					if p.MaxNodes != 6 {
						return fmt.Errorf("max_nodes %d, want 6", p.MaxNodes)
					}
					return nil
				})),
			},
			{
				// A change of the configured value is applied.
				Config: config(3, 6),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectKnownValue(poolAddr, tfjsonpath.New("desired_nodes"), knownvalue.Int64Exact(3))},
				},
				Check: resource.ComposeTestCheckFunc(puts(2), apiDesired(3)),
			},
		},
	})
}

// TestAccNodePool_importThenEmptySpec: a configuration with a spec block
// whose parts are all empty, as the official provider requires, imports a pool
// whose API template holds labels alone. The import cannot tell that block
// from none: the first plan adds it in place, and the apply sends nothing.
func TestAccNodePool_importThenEmptySpec(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	pool := acctest.SeedNodePool(t, m, kubeID, ovhmock.NodePool{Name: "backend", Flavor: "b3-8", DesiredNodes: 1,
		Template: ovhmock.NodePoolTemplate{Metadata: ovhmock.NodePoolTemplateMetadata{Labels: map[string]string{"role": "backend"}}}})
	config := poolConfig(endpoint, kubeID, `
  name          = "backend"
  flavor_name   = "b3-8"
  desired_nodes = 1
  template {
    metadata {
      annotations = {}
      finalizers  = []
      labels      = { role = "backend" }
    }
    spec {
      unschedulable = false
      taints        = []
    }
  }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config, ResourceName: poolAddr, ImportState: true, ImportStatePersist: true,
				ImportStateId: ovhmock.DefaultProject + "/" + kubeID + "/" + pool.ID,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "PUT", acctest.RouteNodePool); n != 0 {
						return fmt.Errorf("%d PUTs of the pool, want 0: the template is unchanged", n)
					}
					return nil
				},
			},
		},
	})
}
