package kube_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// TestAccKube_computedKeptInPlace: a plan that changes the name, the update
// policy, a kube-proxy timing and reset_instead_of_replace shows the
// read-only attributes that such changes cannot alter with their values,
// and the apply keeps them even if the API reports other values meanwhile
// (a patch released between plan and apply); a version upgrade, a reset
// and a replacement leave them unknown.
func TestAccKube_computedKeptInPlace(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	type settings struct {
		name, policy, version, mode, sync string
		reset                             bool
	}
	config := func(s settings) string {
		return acctest.KubeConfig(endpoint, fmt.Sprintf(`
  name                     = %q
  update_policy            = %q
  version                  = %q
  kube_proxy_mode          = %q
  reset_instead_of_replace = %t

  customization_kube_proxy {
    iptables {
      sync_period = %q
    }
  }`, s.name, s.policy, s.version, s.mode, s.reset, s.sync))
	}
	created := settings{name: "computed", policy: "ALWAYS_UPDATE", version: "1.31", mode: "iptables", sync: "PT30S"}
	inPlace := settings{name: "renamed", policy: "MINIMAL_DOWNTIME", version: "1.31", mode: "iptables", sync: "PT45S", reset: true}
	upgrade, reset, replace := inPlace, inPlace, inPlace
	upgrade.version = "1.32"
	reset.mode = "ipvs"
	replace.mode, replace.reset = "ipvs", false

	attr := tfjsonpath.New[string]
	volatile := []string{"is_up_to_date", "control_plane_is_up_to_date", "next_upgrade_versions"}
	sameURL := func(field func(ovhmock.Cluster) string) knownvalue.Check {
		return knownvalue.StringFunc(func(v string) error {
			if want := field(acctest.OnlyCluster(t, m)); v != want {
				return fmt.Errorf("planned %q, the cluster has %q", v, want)
			}
			return nil
		})
	}
	kept := []plancheck.PlanCheck{
		plancheck.ExpectKnownValue(addr, attr("is_up_to_date"), knownvalue.Bool(true)),
		plancheck.ExpectKnownValue(addr, attr("control_plane_is_up_to_date"), knownvalue.Bool(true)),
		plancheck.ExpectKnownValue(addr, attr("next_upgrade_versions"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("1.32")})),
		plancheck.ExpectKnownValue(addr, attr("url"), sameURL(func(c ovhmock.Cluster) string { return c.URL })),
		plancheck.ExpectKnownValue(addr, attr("nodes_url"), sameURL(func(c ovhmock.Cluster) string { return c.NodesURL })),
		plancheck.ExpectKnownValue(addr, attr("audit_logs_subscribed"), knownvalue.Bool(false)),
	}
	unknown := func(action plancheck.ResourceActionType) []plancheck.PlanCheck {
		checks := []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}
		for _, a := range volatile {
			checks = append(checks, plancheck.ExpectUnknownValue(addr, attr(a)))
		}
		return checks
	}
	planOnly := func(s settings, action plancheck.ResourceActionType) resource.TestStep {
		return resource.TestStep{
			Config:             config(s),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks:   resource.ConfigPlanChecks{PostApplyPreRefresh: unknown(action)},
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(created),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("is_up_to_date"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, attr("audit_logs_subscribed"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, attr("next_upgrade_versions"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("1.32")})),
				},
			},
			{
				Config: config(inPlace),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: slices.Concat([]plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}, kept,
						[]plancheck.PlanCheck{betweenPlanAndApply(acctest.OutOfBand(t, m, func(c *ovhmock.Cluster) {
							c.IsUpToDate, c.ControlPlaneIsUpToDate = false, false
						}))}),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			planOnly(upgrade, plancheck.ResourceActionUpdate),
			planOnly(reset, plancheck.ResourceActionUpdate),
			planOnly(replace, plancheck.ResourceActionDestroyBeforeCreate),
		},
	})
}

// betweenPlanAndApply runs a function once the plan is made, before it is
// applied: the last of a step's PreApply checks.
type betweenPlanAndApply func()

func (f betweenPlanAndApply) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	f()
}

// TestAccKube_auditLogsSubscribed: audit_logs_subscribed is what the API
// says of the cluster, in the resource and in the data source: false, then
// true once an audit log subscription exists (made behind Terraform's back,
// as this provider does not manage log subscriptions), then false again. An
// in-place change plans it known, not "(known after apply)".
func TestAccKube_auditLogsSubscribed(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	config := func(name string) string {
		return acctest.KubeConfig(endpoint, fmt.Sprintf("  name = %q\n", name)) + fmt.Sprintf(`
data "ovh_cloud_project_kube" "d" {
  service_name = %q
  kube_id      = ovh_cloud_project_kube.c.id
}
`, ovhmock.DefaultProject)
	}
	const addr, data = "ovh_cloud_project_kube.c", "data.ovh_cloud_project_kube.d"
	subscribed := tfjsonpath.New("audit_logs_subscribed")
	both := func(want bool) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, subscribed, knownvalue.Bool(want)),
			statecheck.ExpectKnownValue(data, subscribed, knownvalue.Bool(want)),
		}
	}
	subscribe := func(kind string) func() {
		return func() {
			if err := m.SetLogSubscription(ovhmock.DefaultProject, acctest.OnlyCluster(t, m).ID, "sub-1", kind); err != nil {
				t.Fatal(err)
			}
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("audit"), ConfigStateChecks: both(false)},
			{
				PreConfig:         subscribe("audit"),
				Config:            config("audit"),
				ConfigStateChecks: both(true),
			},
			{
				Config: config("audit-renamed"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, subscribed, knownvalue.Bool(true)),
				}},
				ConfigStateChecks: both(true),
			},
			{
				PreConfig:         subscribe(""),
				Config:            config("audit-renamed"),
				ConfigStateChecks: both(false),
			},
		},
	})
}
