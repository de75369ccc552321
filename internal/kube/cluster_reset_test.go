package kube_test

import (
	"fmt"
	"strings"
	"testing"

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

// The API gives a reset without kubeProxyMode its default mode, so each
// direction runs against a mock whose default is the mode being left: only
// a reset body that carries kubeProxyMode reaches the configured one.

func TestAccKube_resetIPTablesToIPVS(t *testing.T) {
	testResetChangesMode(t, "iptables", "ipvs")
}

func TestAccKube_resetIPVSToIPTables(t *testing.T) {
	testResetChangesMode(t, "ipvs", "iptables")
}

func testResetChangesMode(t *testing.T, from, to string) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{DefaultKubeProxyMode: from})
	config := func(mode string) string {
		return strings.Replace(acctest.SeedConfig(endpoint, `  reset_instead_of_replace = true`),
			`kube_proxy_mode = "ipvs"`, fmt.Sprintf("kube_proxy_mode = %q", mode), 1)
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	modeIs := func(mode string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("kube_proxy_mode"), knownvalue.StringExact(mode))
	}
	mockRuns := func(mode string, resets int) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			if n := acctest.Count(m, "POST", acctest.RouteReset); n != resets {
				return fmt.Errorf("%d POST /reset, want %d", n, resets)
			}
			if n := acctest.Count(m, "POST", acctest.RouteList); n != 1 {
				return fmt.Errorf("%d creates, want 1: the cluster must be reset, not replaced", n)
			}
			c := acctest.OnlyCluster(t, m)
			if c.KubeProxyMode != mode {
				return fmt.Errorf("the mock's cluster runs %q, want %q", c.KubeProxyMode, mode)
			}
			if id := s.RootModule().Resources[addr].Primary.ID; id != c.ID {
				return fmt.Errorf("state holds cluster %q, the mock %q", id, c.ID)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config(from),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id")), modeIs(from)},
				Check:             mockRuns(from, 0),
			},
			{
				Config: config(to),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("kube_proxy_mode"), knownvalue.StringExact(to)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id")), modeIs(to)},
				Check:             mockRuns(to, 1),
			},
		},
	})
}
