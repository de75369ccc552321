package kube_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// TestAccOIDC_faultyAPIWithIPRestrictions creates, updates and destroys an
// OIDC configuration and IP restrictions of one cluster against an API that
// answers a quarter of requests with a 5xx and a tenth with a 429, their own
// paths included (the draws depend on the seed and the request only, so
// every run meets the same faults): each step ends with the mock holding
// what the configuration says, and, after the destroy, the orphan guard
// finds neither left on the cluster.
func TestAccOIDC_faultyAPIWithIPRestrictions(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Faults: ovhmock.Faults{
		Seed: 7, ServerErrorRate: 0.25, RateLimitRate: 0.1, RetryAfter: 200 * time.Millisecond,
	}})
	kubeID := seedReadyCluster(t, m)
	config := func(ips, claim string) string {
		return acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
resource "ovh_cloud_project_kube_iprestrictions" "r" {
  service_name = %[1]q
  kube_id      = %[2]q
  ips          = %[3]s
}

resource "ovh_cloud_project_kube_oidc" "o" {
  service_name        = %[1]q
  kube_id             = %[2]q
  issuer_url          = "https://keycloak.example.com/realms/kubernetes"
  client_id           = "kubernetes"
  oidc_username_claim = %[4]q

  depends_on = [ovh_cloud_project_kube_iprestrictions.r]
}
`, ovhmock.DefaultProject, kubeID, ips, claim)
	}
	holds := func(ips []string, claim string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			got, _ := m.IPRestrictions(ovhmock.DefaultProject, kubeID)
			slices.Sort(got)
			if !slices.Equal(got, ips) {
				return fmt.Errorf("the mock holds the IP restrictions %v, want %v", got, ips)
			}
			o, ok := m.OIDC(ovhmock.DefaultProject, kubeID)
			if !ok || o.UsernameClaim != claim {
				return fmt.Errorf("the mock holds the OIDC configuration %+v (%v), want username claim %q", o, ok, claim)
			}
			return nil
		}
	}
	faulted := func(*terraform.State) error {
		hit := map[string]int{}
		for _, r := range m.FaultedRequests() {
			if r.Route == acctest.RouteIPRestrictions || r.Route == acctest.RouteOIDC {
				hit[r.Route]++
			}
		}
		if hit[acctest.RouteIPRestrictions] == 0 || hit[acctest.RouteOIDC] == 0 {
			return fmt.Errorf("faults on the IP restrictions and OIDC paths: %v; the test would prove nothing", hit)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(`["203.0.113.0/24"]`, "email"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: holds([]string{"203.0.113.0/24"}, "email"),
			},
			{
				Config: config(`["198.51.100.0/24", "203.0.113.0/24"]`, "preferred_username"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("ovh_cloud_project_kube_iprestrictions.r", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("ovh_cloud_project_kube_oidc.o", plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ovh_cloud_project_kube_oidc.o", tfjsonpath.New("oidc_username_claim"), knownvalue.StringExact("preferred_username")),
				},
				Check: resource.ComposeTestCheckFunc(holds([]string{"198.51.100.0/24", "203.0.113.0/24"}, "preferred_username"), faulted),
			},
		},
	})
}
