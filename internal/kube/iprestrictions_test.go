package kube_test

import (
	"fmt"
	"regexp"
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

const iprAddr = "ovh_cloud_project_kube_iprestrictions.r"

// iprConfig renders the IP restrictions of the cluster, ips being HCL.
func iprConfig(endpoint, kubeID, ips string) string {
	return acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
resource "ovh_cloud_project_kube_iprestrictions" "r" {
  service_name = %q
  kube_id      = %q
  ips          = %s
}
`, ovhmock.DefaultProject, kubeID, ips)
}

// knownIPs is a set of exactly these spellings.
func knownIPs(ips ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(ips))
	for _, ip := range ips {
		checks = append(checks, knownvalue.StringExact(ip))
	}
	return knownvalue.SetExact(checks)
}

// mockHolds checks the cluster's list in the mock, in any order, and the
// number of PUTs of the list so far.
func mockHolds(m *ovhmock.Mock, kubeID string, puts int, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, ok := m.IPRestrictions(ovhmock.DefaultProject, kubeID)
		if !ok {
			return fmt.Errorf("the mock has no cluster %s", kubeID)
		}
		got, want := slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
		if !slices.Equal(got, want) {
			return fmt.Errorf("the mock holds %q, want %q", got, want)
		}
		if n := acctest.Count(m, "PUT", acctest.RouteIPRestrictions); n != puts {
			return fmt.Errorf("%d PUT of the IP restrictions, want %d", n, puts)
		}
		return nil
	}
}

// waitedForRedeploys checks that each PUT of the list was followed by a wait
// that lasted until the cluster's redeploy was over: a GET of the cluster
// at least redeploy after it.
func waitedForRedeploys(m *ovhmock.Mock, redeploy time.Duration) resource.TestCheckFunc {
	return func(*terraform.State) error {
		log := m.Requests()
		for i, r := range log {
			if r.Method != "PUT" || r.Route != acctest.RouteIPRestrictions || r.Status != 200 {
				continue
			}
			waited := slices.ContainsFunc(log[i+1:], func(g ovhmock.Request) bool {
				return g.Method == "GET" && g.Route == acctest.RouteKube && g.Time.Sub(r.Time) >= redeploy
			})
			if !waited {
				return fmt.Errorf("the PUT of %s was not followed by a wait for the end of the redeploy", r.Time.Format(time.RFC3339Nano))
			}
		}
		return nil
	}
}

// seedIPRCluster adds a READY cluster that Terraform does not manage, with
// these IP restrictions.
func seedIPRCluster(t *testing.T, m *ovhmock.Mock, status string, ips ...string) string {
	t.Helper()
	acctest.SeedCluster(t, m, ovhmock.Cluster{Name: "ipr", Region: "GRA11", Version: "1.32.1", KubeProxyMode: "iptables",
		Status: status, Plan: "free", UpdatePolicy: "ALWAYS_UPDATE", CreatedAt: time.Now()})
	kubeID := acctest.OnlyCluster(t, m).ID
	if err := m.SetIPRestrictions(ovhmock.DefaultProject, kubeID, ips); err != nil {
		t.Fatal(err)
	}
	return kubeID
}

// emptied checks, after the final destroy, that the list is empty again.
func emptied(m *ovhmock.Mock, kubeID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got, _ := m.IPRestrictions(ovhmock.DefaultProject, kubeID); len(got) != 0 {
			return fmt.Errorf("after destroy the mock holds %q, want none", got)
		}
		return nil
	}
}

// TestAccIPRestrictions_lifecycle creates, updates in place, imports and
// destroys the list: each change one PUT of the whole list followed by a
// wait for the end of the redeploy, stale READY answers notwithstanding; a
// bare address, which the API stores as /32, plans nothing afterwards.
func TestAccIPRestrictions_lifecycle(t *testing.T) {
	// Reads answer READY for a moment after each PUT, as the API does: the
	// wait must not take that for the end of the redeploy.
	timings := ovhmock.TestTimings()
	timings.StaleRead = 100 * time.Millisecond
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Timings: timings})
	kubeID := seedIPRCluster(t, m, "READY")
	redeploy := timings.StaleRead + timings.Redeploy
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             emptied(m, kubeID),
		Steps: []resource.TestStep{
			{
				Config: iprConfig(endpoint, kubeID, `["203.0.113.0/24", "198.51.100.7", "2001:DB8::/32"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(iprAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iprAddr, tfjsonpath.New("id"), knownvalue.StringExact(kubeID)),
					statecheck.ExpectKnownValue(iprAddr, tfjsonpath.New("ips"), knownIPs("203.0.113.0/24", "198.51.100.7", "2001:DB8::/32")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					mockHolds(m, kubeID, 1, "203.0.113.0/24", "198.51.100.7/32", "2001:db8::/32"),
					waitedForRedeploys(m, redeploy),
				),
			},
			{
				Config: iprConfig(endpoint, kubeID, `["203.0.113.0/24", "192.0.2.0/24"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(iprAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iprAddr, tfjsonpath.New("ips"), knownIPs("203.0.113.0/24", "192.0.2.0/24")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					mockHolds(m, kubeID, 2, "203.0.113.0/24", "192.0.2.0/24"),
					waitedForRedeploys(m, redeploy),
				),
			},
			{
				ResourceName: iprAddr, ImportState: true, ImportStateId: ovhmock.DefaultProject + "/" + kubeID,
				ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName: iprAddr, ImportState: true, ImportStateId: kubeID,
				ExpectError: acctest.MessagePattern(`The import id "` + kubeID + `" must be service_name/kube_id, for example ` +
					`"0123456789abcdef0123456789abcdef/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f".`),
			},
		},
	})
}

// TestAccIPRestrictions_outOfBand: a list emptied behind Terraform's back is
// planned back and restored; a cluster deleted behind its back takes the
// restrictions out of the state, and the plan creates them again.
func TestAccIPRestrictions_outOfBand(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedIPRCluster(t, m, "READY")
	config := iprConfig(endpoint, kubeID, `["203.0.113.0/24", "198.51.100.7"]`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := m.SetIPRestrictions(ovhmock.DefaultProject, kubeID, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(iprAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(iprAddr, tfjsonpath.New("ips"), knownIPs("203.0.113.0/24", "198.51.100.7")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: mockHolds(m, kubeID, 2, "203.0.113.0/24", "198.51.100.7/32"),
			},
			{
				PreConfig: func() {
					if !m.RemoveCluster(ovhmock.DefaultProject, kubeID) {
						t.Fatal("no cluster to remove")
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(iprAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// TestAccIPRestrictions_importedSpelling imports a list that the API stores
// as /32 blocks under a configuration that writes bare addresses: the plan
// shows an update, which records the configuration's spelling and sends
// nothing, and the plan after it is empty.
func TestAccIPRestrictions_importedSpelling(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedIPRCluster(t, m, "READY", "198.51.100.7", "2001:db8::1", "203.0.113.0/24")
	config := iprConfig(endpoint, kubeID, `["198.51.100.7", "2001:db8::1/128", "203.0.113.0/24"]`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config, ResourceName: iprAddr, ImportState: true, ImportStatePersist: true,
				ImportStateId: ovhmock.DefaultProject + "/" + kubeID,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					got := states[0].Attributes
					if got["id"] != kubeID || got["kube_id"] != kubeID || got["service_name"] != ovhmock.DefaultProject || got["ips.#"] != "3" {
						return fmt.Errorf("imported %v", got)
					}
					return nil
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(iprAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iprAddr, tfjsonpath.New("ips"), knownIPs("198.51.100.7", "2001:db8::1/128", "203.0.113.0/24")),
				},
				Check: mockHolds(m, kubeID, 0, "198.51.100.7/32", "2001:db8::1/128", "203.0.113.0/24"),
			},
		},
	})
}

// TestAccIPRestrictions_restoredAfterReset: a reset of the cluster empties
// its list; the next plan adds the blocks back and the next apply restores
// them.
func TestAccIPRestrictions_restoredAfterReset(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	config := func(mode string) string {
		return acctest.KubeConfig(endpoint, fmt.Sprintf(`  kube_proxy_mode          = %q
  reset_instead_of_replace = true`, mode)) + `
resource "ovh_cloud_project_kube_iprestrictions" "r" {
  service_name = ovh_cloud_project_kube.c.service_name
  kube_id      = ovh_cloud_project_kube.c.id
  ips          = ["203.0.113.0/24", "198.51.100.7"]
}
`
	}
	holds := func(puts int, want ...string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			return mockHolds(m, acctest.OnlyCluster(t, m).ID, puts, want...)(s)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("iptables"), Check: holds(1, "203.0.113.0/24", "198.51.100.7/32")},
			{
				Config:             config("ipvs"),
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(iprAddr, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(iprAddr, plancheck.ResourceActionUpdate),
					},
				},
				Check: func(s *terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteReset); n != 1 {
						return fmt.Errorf("%d resets, want 1", n)
					}
					return holds(1)(s)
				},
			},
			{
				Config: config("ipvs"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(iprAddr, plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: holds(2, "203.0.113.0/24", "198.51.100.7/32"),
			},
		},
	})
}

// TestAccIPRestrictions_busyCluster: a cluster busy with another change
// refuses the PUT with 409; the apply waits for it and sends the list again.
func TestAccIPRestrictions_busyCluster(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedIPRCluster(t, m, "READY")
	// Busy until the first PUT has been refused, then READY.
	busyUntilRefused := func() {
		if err := m.ModifyCluster(ovhmock.DefaultProject, kubeID, func(c *ovhmock.Cluster) { c.Status = "REDEPLOYING" }); err != nil {
			t.Fatal(err)
		}
		go func() {
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				if acctest.Count(m, "PUT", acctest.RouteIPRestrictions) > 0 {
					_ = m.ModifyCluster(ovhmock.DefaultProject, kubeID, func(c *ovhmock.Cluster) { c.Status = "READY" })
					return
				}
			}
		}()
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: busyUntilRefused,
			Config:    iprConfig(endpoint, kubeID, `["203.0.113.0/24"]`),
			Check: func(s *terraform.State) error {
				var statuses []int
				for _, r := range m.Requests() {
					if r.Method == "PUT" && r.Route == acctest.RouteIPRestrictions {
						statuses = append(statuses, r.Status)
					}
				}
				if !slices.Equal(statuses, []int{409, 200}) {
					return fmt.Errorf("PUT answers %v, want a 409, then a 200 once the cluster was READY", statuses)
				}
				return mockHolds(m, kubeID, 2, "203.0.113.0/24")(s)
			},
		}},
	})
}

// TestAccIPRestrictions_failedCluster: a cluster in ERROR ends the apply at
// once with the status named, and nothing is saved.
func TestAccIPRestrictions_failedCluster(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedIPRCluster(t, m, "ERROR")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: iprConfig(endpoint, kubeID, `["203.0.113.0/24"]`),
			ExpectError: regexp.MustCompile(`(?s)Cannot set the IP restrictions.*Cluster ` + kubeID + ` is in status ERROR.*` +
				`cluster\s+` + kubeID + `\s+went\s+to\s+status\s+ERROR\s+during\s+its\s+IP\s+restrictions\s+change.*` +
				`it\s+is\s+not\s+saved\s+in\s+the\s+state`),
		}},
	})
	if n := acctest.Count(m, "PUT", acctest.RouteIPRestrictions); n != 1 {
		t.Errorf("%d PUT of the IP restrictions, want 1", n)
	}
	// One look at the cluster, which is in ERROR: no polling.
	if n := acctest.Count(m, "GET", acctest.RouteKube); n != 1 {
		t.Errorf("%d GETs of the cluster, want 1: a failed cluster must end the wait at once", n)
	}
}

// TestAccIPRestrictions_changedDuringRedeploy: when the list the API holds
// after the redeploy is not the one sent (someone else changed it
// meanwhile), the creation fails saying so, and nothing is saved.
func TestAccIPRestrictions_changedDuringRedeploy(t *testing.T) {
	timings := ovhmock.TestTimings()
	timings.Redeploy = 500 * time.Millisecond
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Timings: timings})
	kubeID := seedIPRCluster(t, m, "READY")
	acctest.ExpectLeftOver(t, m, 1, "the list another writer set during the redeploy is not Terraform's")
	changeAfterPUT := func() {
		go func() {
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				if acctest.Count(m, "PUT", acctest.RouteIPRestrictions) > 0 {
					_ = m.SetIPRestrictions(ovhmock.DefaultProject, kubeID, []string{"192.0.2.0/24"})
					return
				}
			}
		}()
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: changeAfterPUT,
				Config:    iprConfig(endpoint, kubeID, `["203.0.113.0/24"]`),
				ExpectError: acctest.MessagePattern(`cluster ` + kubeID + ` was sent the IP restrictions ["203.0.113.0/24"], but holds ` +
					`["192.0.2.0/24"] once its API server has redeployed The list may have been applied; it is not saved in the state`),
			},
			{
				// Nothing was saved: the next plan creates the resource.
				Config:             iprConfig(endpoint, kubeID, `["203.0.113.0/24"]`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(iprAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// TestAccIPRestrictions_destroyOnFailedCluster: a cluster in ERROR refuses
// the emptied list; the destroy warns and leaves the list, rather than
// blocking the deletion of the cluster that usually follows.
func TestAccIPRestrictions_destroyOnFailedCluster(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedIPRCluster(t, m, "READY")
	acctest.ExpectLeftOver(t, m, 1, "a cluster in ERROR keeps its list, which goes with the cluster")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: iprConfig(endpoint, kubeID, `["203.0.113.0/24"]`)},
			{
				PreConfig: func() {
					if err := m.ModifyCluster(ovhmock.DefaultProject, kubeID, func(c *ovhmock.Cluster) { c.Status = "ERROR" }); err != nil {
						t.Fatal(err)
					}
				},
				Config: acctest.ProviderBlock(endpoint),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(iprAddr, plancheck.ResourceActionDestroy)},
				},
				Check: mockHolds(m, kubeID, 2, "203.0.113.0/24"),
			},
		},
	})
}

// TestAccIPRestrictionsDataSource reads a cluster's list as the API stores
// it, an empty set for a cluster without restriction, and fails clearly for
// a missing cluster.
func TestAccIPRestrictionsDataSource(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	acctest.SeedCluster(t, m, ovhmock.Cluster{ID: "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f", Name: "restricted", Region: "GRA11"})
	acctest.SeedCluster(t, m, ovhmock.Cluster{ID: "7c0e9a4b-2f1d-4e3c-8b5a-6d7e8f9a0b1c", Name: "open", Region: "GRA11"})
	acctest.SeedIPRestrictions(t, m, "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f", []string{"203.0.113.0/24", "198.51.100.7"})
	data := func(name, kubeID string) string {
		return fmt.Sprintf(`
data "ovh_cloud_project_kube_iprestrictions" %q {
  service_name = %q
  kube_id      = %q
}
`, name, ovhmock.DefaultProject, kubeID)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.ProviderBlock(endpoint) + data("restricted", "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f") +
					data("open", "7c0e9a4b-2f1d-4e3c-8b5a-6d7e8f9a0b1c"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.ovh_cloud_project_kube_iprestrictions.restricted", tfjsonpath.New("ips"),
						knownIPs("203.0.113.0/24", "198.51.100.7/32")),
					statecheck.ExpectKnownValue("data.ovh_cloud_project_kube_iprestrictions.restricted", tfjsonpath.New("id"),
						knownvalue.StringExact("5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f")),
					statecheck.ExpectKnownValue("data.ovh_cloud_project_kube_iprestrictions.open", tfjsonpath.New("ips"), knownIPs()),
				},
			},
			{
				Config: acctest.ProviderBlock(endpoint) + data("missing", "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70"),
				ExpectError: acctest.MessagePattern("Reading the IP restrictions of cluster 0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70 in project " +
					ovhmock.DefaultProject + ": "),
			},
		},
	})
	if n := len(slices.DeleteFunc(m.Requests(), func(r ovhmock.Request) bool { return r.Method == "GET" })); n != 0 {
		t.Errorf("%d requests other than GET from a data source", n)
	}
}
