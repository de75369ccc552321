package kube_test

import (
	"fmt"
	"regexp"
	"slices"
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

func TestAccKube_seedExample(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.SeedConfig(endpoint, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("kube_proxy_mode"), knownvalue.StringExact("ipvs")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("version"), knownvalue.StringExact("1.35")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("plan"), knownvalue.StringExact("free")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("update_policy"), knownvalue.StringExact("ALWAYS_UPDATE")),
					// The configured spelling stays in state although the API answers P0D.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("customization_kube_proxy").AtSliceIndex(0).AtMapKey("ipvs").AtSliceIndex(0).AtMapKey("tcp_timeout"), knownvalue.StringExact("PT0S")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("customization_kube_proxy").AtSliceIndex(0).AtMapKey("ipvs").AtSliceIndex(0).AtMapKey("scheduler"), knownvalue.StringExact("rr")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("kubeconfig"), knownvalue.StringRegexp(regexp.MustCompile(`(?s)apiVersion: v1.*client-key-data`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("kubeconfig_attributes").AtSliceIndex(0).AtMapKey("host"), knownvalue.StringRegexp(regexp.MustCompile(`^https://`))),
				},
				Check: func(*terraform.State) error {
					c := acctest.OnlyCluster(t, m)
					if c.KubeProxyMode != "ipvs" {
						return fmt.Errorf("mock cluster runs %q, want ipvs", c.KubeProxyMode)
					}
					if c.Customization == nil || c.Customization.KubeProxy == nil || c.Customization.KubeProxy.IPVS == nil ||
						c.Customization.KubeProxy.IPVS.Scheduler != "rr" || c.Customization.KubeProxy.IPVS.SyncPeriod != "P0D" {
						return fmt.Errorf("mock cluster customization = %+v, want the IPVS settings with P0D", c.Customization)
					}
					if n := acctest.Count(m, "POST", acctest.RouteList); n != 1 {
						return fmt.Errorf("%d creates, want 1", n)
					}
					return nil
				},
			},
			{
				// Refreshes do not fetch the kubeconfig again.
				RefreshState: true,
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteKubeconfig); n != 1 {
						return fmt.Errorf("kubeconfig fetched %d times, want 1 (at creation only)", n)
					}
					return nil
				},
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateIdFunc: importID,
				ImportStateVerify: true,
				// An import leaves the kubeconfig to the next apply.
				ImportStateVerifyIgnore: []string{"kubeconfig", "kubeconfig_attributes", "kubeconfig_in_state"},
			},
		},
	})
}

func TestAccKube_canonicalisingAPI(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{CanonicalDurations: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.SeedConfig(endpoint, "")},
			{
				Config: acctest.KubeConfig(endpoint, `
  kube_proxy_mode = "iptables"
  customization_kube_proxy {
    iptables {
      min_sync_period = "PT1S"
      sync_period     = "PT60S"
    }
    ipvs {
      sync_period = "PT90S"
      tcp_timeout = "PT3600S"
    }
  }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("customization_kube_proxy").AtSliceIndex(0).AtMapKey("iptables").AtSliceIndex(0).AtMapKey("sync_period"), knownvalue.StringExact("PT60S")),
				},
				Check: func(*terraform.State) error {
					c := acctest.OnlyCluster(t, m)
					if got := c.Customization.KubeProxy.IPTables.SyncPeriod; got != "PT1M" {
						return fmt.Errorf("mock holds sync_period %q, want the canonical PT1M", got)
					}
					return nil
				},
			},
		},
	})
}

func TestAccKube_timingEditUpdatesInPlace(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	edited := strings.Replace(acctest.SeedConfig(endpoint, ""), `scheduler       = "rr"`, `scheduler       = "lc"`, 1)
	edited = strings.Replace(edited, "    ipvs {\n      min_sync_period = \"PT0S\"\n      sync_period     = \"PT0S\"",
		"    ipvs {\n      min_sync_period = \"PT1S\"\n      sync_period     = \"PT30S\"", 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            acctest.SeedConfig(endpoint, ""),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
				Check: func(*terraform.State) error {
					// The creation carries the customization itself.
					if n := acctest.Count(m, "PUT", acctest.RouteCustomization); n != 0 {
						return fmt.Errorf("%d PUT /customization at creation, want 0", n)
					}
					return nil
				},
			},
			{
				Config: edited,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("customization_kube_proxy").AtSliceIndex(0).AtMapKey("ipvs").AtSliceIndex(0).AtMapKey("sync_period"), knownvalue.StringExact("PT30S")),
				},
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "PUT", acctest.RouteCustomization); n != 1 {
						return fmt.Errorf("%d PUT /customization, want 1", n)
					}
					c := acctest.OnlyCluster(t, m)
					kp := c.Customization.KubeProxy
					if kp.IPVS.Scheduler != "lc" || kp.IPVS.SyncPeriod != "PT30S" || kp.IPVS.MinSyncPeriod != "PT1S" {
						return fmt.Errorf("mock IPVS settings = %+v", *kp.IPVS)
					}
					// The whole kubeProxy subtree was sent: iptables survived.
					if kp.IPTables == nil || kp.IPTables.SyncPeriod != "P0D" {
						return fmt.Errorf("mock iptables settings lost: %+v", kp.IPTables)
					}
					if n := acctest.Count(m, "POST", acctest.RouteList); n != 1 {
						return fmt.Errorf("%d creates, want 1 (no replacement)", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccKube_outOfBandCustomizationRepaired(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.SeedConfig(endpoint, "")},
			{
				PreConfig: acctest.OutOfBand(t, m, func(c *ovhmock.Cluster) {
					c.Customization.KubeProxy.IPVS.Scheduler = "sh"
					c.Customization.KubeProxy.IPVS.UDPTimeout = "PT5M"
				}),
				Config: acctest.SeedConfig(endpoint, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("customization_kube_proxy").AtSliceIndex(0).AtMapKey("ipvs").AtSliceIndex(0).AtMapKey("scheduler"), knownvalue.StringExact("rr")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					ipvs := acctest.OnlyCluster(t, m).Customization.KubeProxy.IPVS
					if ipvs.Scheduler != "rr" || ipvs.UDPTimeout != "P0D" {
						return fmt.Errorf("drift not repaired: %+v", *ipvs)
					}
					return nil
				},
			},
		},
	})
}

func TestAccKube_modeChangeReplaces(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            acctest.SeedConfig(endpoint, ""),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(addr, tfjsonpath.New("id"))},
			},
			{
				Config: strings.Replace(acctest.SeedConfig(endpoint, ""), `kube_proxy_mode = "ipvs"`, `kube_proxy_mode = "iptables"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("kube_proxy_mode"), knownvalue.StringExact("iptables")),
				},
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteReset); n != 0 {
						return fmt.Errorf("%d resets, want 0", n)
					}
					if c := acctest.OnlyCluster(t, m); c.KubeProxyMode != "iptables" {
						return fmt.Errorf("new cluster runs %q", c.KubeProxyMode)
					}
					return nil
				},
			},
		},
	})
}

func TestAccKube_resetInsteadOfReplace(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	otherKubeconfig := statecheck.CompareValue(compare.ValuesDiffer())
	reset := `  reset_instead_of_replace = true`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.SeedConfig(endpoint, reset),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					otherKubeconfig.AddStateValue(addr, tfjsonpath.New("kubeconfig")),
				},
			},
			{
				Config: strings.Replace(acctest.SeedConfig(endpoint, reset), `kube_proxy_mode = "ipvs"`, `kube_proxy_mode = "iptables"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(addr, tfjsonpath.New("kubeconfig")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					otherKubeconfig.AddStateValue(addr, tfjsonpath.New("kubeconfig")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("kube_proxy_mode"), knownvalue.StringExact("iptables")),
				},
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteReset); n != 1 {
						return fmt.Errorf("%d POST /reset, want 1", n)
					}
					if n := acctest.Count(m, "POST", acctest.RouteList); n != 1 {
						return fmt.Errorf("%d creates, want 1", n)
					}
					c := acctest.OnlyCluster(t, m)
					if c.KubeProxyMode != "iptables" || c.Customization == nil || c.Customization.KubeProxy.IPVS.Scheduler != "rr" {
						return fmt.Errorf("reset did not carry the whole configuration: mode %q, customization %+v", c.KubeProxyMode, c.Customization)
					}
					return nil
				},
			},
		},
	})
}

func TestAccKube_modeMismatchAnsweredByAPI(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{ForceKubeProxyMode: "iptables"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.SeedConfig(endpoint, ""),
				ExpectError: regexp.MustCompile(`kube_proxy_mode = "ipvs" was requested, but the API reports that cluster\s+\S+ runs "iptables"`),
			},
			{
				// The mismatch is reported, not repaired: the creation is
				// neither retried nor undone.
				PreConfig: func() {
					if n := acctest.Count(m, "POST", acctest.RouteList); n != 1 {
						t.Errorf("%d creates after the mismatch, want 1", n)
					}
					if n := acctest.Count(m, "DELETE", acctest.RouteKube); n != 0 {
						t.Errorf("%d deletes after the mismatch, want 0", n)
					}
					if c := acctest.OnlyCluster(t, m); c.KubeProxyMode != "iptables" {
						t.Errorf("the mock's cluster runs %q, want iptables", c.KubeProxyMode)
					}
				},
				// The failed creation left the cluster in state (tainted, as
				// Terraform does for every failed create); accepting the mode
				// the API gives converges.
				Config: strings.Replace(acctest.SeedConfig(endpoint, ""), `kube_proxy_mode = "ipvs"`, `kube_proxy_mode = "iptables"`, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("kube_proxy_mode"), knownvalue.StringExact("iptables")),
				},
				Check: func(*terraform.State) error {
					if n := len(m.Clusters(ovhmock.DefaultProject)); n != 1 {
						return fmt.Errorf("%d clusters in the mock, want 1: the tainted one must have been in state", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccKube_modeMismatchOnResetIsNotRetried(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{ForceKubeProxyMode: "iptables"})
	reset := `  reset_instead_of_replace = true`
	ipvs := acctest.SeedConfig(endpoint, reset)
	iptables := strings.Replace(ipvs, `kube_proxy_mode = "ipvs"`, `kube_proxy_mode = "iptables"`, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: iptables},
			{
				Config:      ipvs,
				ExpectError: regexp.MustCompile(`kube_proxy_mode = "ipvs" was requested, but the API reports that cluster\s+\S+ runs "iptables"`),
			},
			{
				// The cluster is still in state with its real mode; the next
				// plan explains instead of resetting once more.
				Config:      ipvs,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`kube_proxy_mode = "ipvs" was already requested for cluster`),
			},
			{
				Config: iptables,
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteReset); n != 1 {
						return fmt.Errorf("%d resets, want 1", n)
					}
					if n := acctest.Count(m, "POST", acctest.RouteList); n != 1 {
						return fmt.Errorf("%d creates, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccKube_importBlock(t *testing.T) {
	_, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.SeedConfig(endpoint, "")},
			{
				Config:            acctest.SeedConfig(endpoint, ""),
				ResourceName:      addr,
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: importID,
				// The update only fetches the kubeconfig.
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						// The import does not fetch the kubeconfig: the apply
						// does, and changes nothing else.
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(addr, tfjsonpath.New("kubeconfig")),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("kube_proxy_mode"), knownvalue.StringExact("ipvs")),
					},
				},
			},
		},
	})
}

func TestAccKube_deletedOutOfBand(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.SeedConfig(endpoint, "")},
			{
				PreConfig: func() {
					if !m.RemoveCluster(ovhmock.DefaultProject, acctest.OnlyCluster(t, m).ID) {
						t.Fatal("cluster not removed")
					}
				},
				Config: acctest.SeedConfig(endpoint, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteList); n != 2 {
						return fmt.Errorf("%d creates, want 2", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccKube_createAtNewestVersion creates a cluster at 1.35, the newest
// version of the API's schema (cloud.kube.VersionEnum).
func TestAccKube_createAtNewestVersion(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.KubeConfig(endpoint, `  version = "1.35"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: append(atNewestVersion(),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("is_up_to_date"), knownvalue.Bool(true))),
				Check: func(*terraform.State) error { return mockAtNewestVersion(t, m) },
			},
		},
	})
}

// atNewestVersion checks that the cluster's state is at 1.35, the newest
// version the mock offers, with nothing to upgrade to.
func atNewestVersion() []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("version"), knownvalue.StringExact("1.35")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("next_upgrade_versions"), knownvalue.SetExact([]knownvalue.Check{})),
	}
}

// mockAtNewestVersion checks that the mock's only cluster runs a 1.35 patch.
func mockAtNewestVersion(t *testing.T, m *ovhmock.Mock) error {
	if c := acctest.OnlyCluster(t, m); !strings.HasPrefix(c.Version, "1.35.") {
		return fmt.Errorf("mock cluster version %q, want 1.35.x", c.Version)
	}
	return nil
}

// TestAccKube_upgradeToNewestVersion upgrades a 1.34 cluster to 1.35 in
// place: one POST /update, the same cluster.
func TestAccKube_upgradeToNewestVersion(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.KubeConfig(endpoint, `  version = "1.34"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("version"), knownvalue.StringExact("1.34")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("next_upgrade_versions"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("1.35")})),
				},
			},
			{
				Config: acctest.KubeConfig(endpoint, `  version = "1.35"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: atNewestVersion(),
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteUpdate); n != 1 {
						return fmt.Errorf("%d POST /update, want 1", n)
					}
					if n := acctest.Count(m, "POST", acctest.RouteList); n != 1 {
						return fmt.Errorf("%d creations, want 1: the upgrade is in place", n)
					}
					return mockAtNewestVersion(t, m)
				},
			},
		},
	})
}

// TestAccKube_undocumentedPlan: plan is a plain string in the API's schema;
// another name than free or standard is a warning, and is sent as written.
func TestAccKube_undocumentedPlan(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.KubeConfig(endpoint, `  plan = "premium"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("plan"), knownvalue.StringExact("premium")),
				},
				Check: func(*terraform.State) error {
					if c := acctest.OnlyCluster(t, m); c.Plan != "premium" {
						return fmt.Errorf("mock cluster plan %q, want premium", c.Plan)
					}
					return nil
				},
			},
		},
	})
}

// TestAccKube_admissionPluginInBothLists: the API's schema shows a creation
// with AlwaysPullImages both enabled and disabled; the provider warns and
// sends it, at creation and in place.
func TestAccKube_admissionPluginInBothLists(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	plugins := func(enabled, disabled string) string {
		return fmt.Sprintf(`
  customization_apiserver {
    admissionplugins {
      enabled  = [%s]
      disabled = [%s]
    }
  }`, enabled, disabled)
	}
	check := func(enabled, disabled []string) func(*terraform.State) error {
		return func(*terraform.State) error {
			c := acctest.OnlyCluster(t, m)
			if c.Customization == nil || c.Customization.APIServer == nil || c.Customization.APIServer.AdmissionPlugins == nil {
				return fmt.Errorf("mock cluster customization = %+v, want admission plugins", c.Customization)
			}
			p := c.Customization.APIServer.AdmissionPlugins
			if !slices.Equal(p.Enabled, enabled) || !slices.Equal(p.Disabled, disabled) {
				return fmt.Errorf("mock cluster plugins enabled %q, disabled %q; want %q and %q", p.Enabled, p.Disabled, enabled, disabled)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.KubeConfig(endpoint, plugins(`"AlwaysPullImages"`, `"AlwaysPullImages"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: check([]string{"AlwaysPullImages"}, []string{"AlwaysPullImages"}),
			},
			{
				Config: acctest.KubeConfig(endpoint, plugins(`"AlwaysPullImages", "NodeRestriction"`, `"NodeRestriction"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: check([]string{"AlwaysPullImages", "NodeRestriction"}, []string{"NodeRestriction"}),
			},
		},
	})
}

func TestAccKube_versionUpgradeAndUpdatePolicy(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.KubeConfig(endpoint, `  version = "1.33"
  update_policy = "NEVER_UPDATE"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("next_upgrade_versions"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("1.34")})),
				},
			},
			{
				Config:      acctest.KubeConfig(endpoint, `  version = "1.35"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Attribute version: "1.35" is more than one minor version above the cluster's\s+version "1.33"`),
			},
			{
				Config:      acctest.KubeConfig(endpoint, `  version = "1.32"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`"1.32" is older than the cluster's version "1.33"`),
			},
			{
				Config: acctest.KubeConfig(endpoint, `  version = "1.34"
  update_policy = "NEVER_UPDATE"`),
				PlanOnly:    true,
				ExpectError: acctest.MessagePattern(`refused by the API while update_policy = "NEVER_UPDATE"`),
			},
			{
				// Leaving NEVER_UPDATE goes first, so that the upgrade is allowed.
				Config: acctest.KubeConfig(endpoint, `  version = "1.34"
  update_policy = "MINIMAL_DOWNTIME"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("version"), knownvalue.StringExact("1.34")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("update_policy"), knownvalue.StringExact("MINIMAL_DOWNTIME")),
				},
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteUpdate); n != 1 {
						return fmt.Errorf("%d POST /update, want 1", n)
					}
					if n := acctest.Count(m, "PUT", acctest.RouteUpdatePolicy); n != 1 {
						return fmt.Errorf("%d PUT /updatePolicy, want 1", n)
					}
					if c := acctest.OnlyCluster(t, m); !strings.HasPrefix(c.Version, "1.34.") {
						return fmt.Errorf("mock cluster version %q", c.Version)
					}
					return nil
				},
			},
			{
				Config: acctest.KubeConfig(endpoint, `  version = "1.34"
  name = "renamed"
  update_policy = "MINIMAL_DOWNTIME"`),
				Check: func(*terraform.State) error {
					if c := acctest.OnlyCluster(t, m); c.Name != "renamed" {
						return fmt.Errorf("mock cluster name %q", c.Name)
					}
					return nil
				},
			},
		},
	})
}

const (
	subnetA = "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11"
	subnetB = "7c1f3a2b-9d84-4e6f-8a5b-3c2d1e0f9a87"
)

func TestAccKube_privateNetwork(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	body := func(subnet, gateway string) string {
		return fmt.Sprintf(`
  private_network_id       = "pn-123456"
  nodes_subnet_id          = %q
  load_balancers_subnet_id = %q
  private_network_configuration {
    default_vrack_gateway              = %q
    private_network_routing_as_default = true
  }
  ip_allocation_policy {
    pods_ipv4_cidr     = "10.240.0.0/13"
    services_ipv4_cidr = "10.3.0.0/16"
  }`, subnetA, subnet, gateway)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.KubeConfig(endpoint, body(subnetA, "10.0.0.1")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("nodes_subnet_id"), knownvalue.StringExact(subnetA)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("ip_allocation_policy").AtSliceIndex(0).AtMapKey("pods_ipv4_cidr"), knownvalue.StringExact("10.240.0.0/13")),
				},
			},
			{
				Config: acctest.KubeConfig(endpoint, body(subnetB, "10.0.0.254")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "PUT", acctest.RoutePNC); n != 1 {
						return fmt.Errorf("%d PUT /privateNetworkConfiguration, want 1", n)
					}
					if n := acctest.Count(m, "PUT", acctest.RouteLBSubnet); n != 1 {
						return fmt.Errorf("%d PUT /updateLoadBalancersSubnetId, want 1", n)
					}
					c := acctest.OnlyCluster(t, m)
					if c.LoadBalancersSubnetID == nil || *c.LoadBalancersSubnetID != subnetB || c.PrivateNetworkConfiguration.DefaultVrackGateway != "10.0.0.254" {
						return fmt.Errorf("mock cluster not updated: lb %v, pnc %+v", c.LoadBalancersSubnetID, c.PrivateNetworkConfiguration)
					}
					return nil
				},
			},
			{
				// Removing the load balancers subnet never sends an empty string.
				Config: acctest.KubeConfig(endpoint, strings.Replace(body(subnetB, "10.0.0.254"), fmt.Sprintf("load_balancers_subnet_id = %q", subnetB), "", 1)),
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "PUT", acctest.RouteLBSubnet); n != 1 {
						return fmt.Errorf("%d PUT /updateLoadBalancersSubnetId, want still 1", n)
					}
					return nil
				},
			},
			{
				// Changing the pods range can only be done by a reset: it replaces.
				Config: acctest.KubeConfig(endpoint, strings.Replace(body(subnetB, "10.0.0.254"), "10.240.0.0/13", "10.248.0.0/13", 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}

func TestAccKube_standardPlanWarning(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Warnings do not fail a plan: the configuration is accepted
				// and planned as written. The warning's text is checked at
				// CLI level by internal/e2e. A PlanOnly step skips PreApply
				// checks; PostApplyPreRefresh runs on its plan.
				Config: acctest.KubeConfig(endpoint, `  plan = "standard"
  kube_proxy_mode = "ipvs"`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("plan"), knownvalue.StringExact("standard")),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("kube_proxy_mode"), knownvalue.StringExact("ipvs")),
					},
				},
			},
		},
	})
	// Planning a creation needs nothing from the API.
	if n := len(m.Requests()); n != 0 {
		t.Errorf("%d API calls, want 0", n)
	}
}

// TestAccKube_staleReads runs changes against an API that, like the real one,
// still answers READY with the old values for a moment after a change: the
// waits must not stop on that answer.
func TestAccKube_staleReads(t *testing.T) {
	timings := ovhmock.TestTimings()
	timings.StaleRead = 200 * time.Millisecond
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Timings: timings})
	reset := `  reset_instead_of_replace = true`
	edited := strings.Replace(acctest.SeedConfig(endpoint, reset), `scheduler       = "rr"`, `scheduler       = "sed"`, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.SeedConfig(endpoint, reset)},
			{
				Config: edited,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("customization_kube_proxy").AtSliceIndex(0).AtMapKey("ipvs").AtSliceIndex(0).AtMapKey("scheduler"), knownvalue.StringExact("sed")),
				},
			},
			{
				Config: strings.Replace(edited, `kube_proxy_mode = "ipvs"`, `kube_proxy_mode = "iptables"`, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("kube_proxy_mode"), knownvalue.StringExact("iptables")),
				},
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteReset); n != 1 {
						return fmt.Errorf("%d resets, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// Not parallel: it sets the environment of the in-process provider.
func TestAccKube_serviceNameFromEnvironment(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	t.Setenv("OVH_CLOUD_PROJECT_SERVICE", ovhmock.DefaultProject)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(endpoint) + `
resource "ovh_cloud_project_kube" "c" {
  region = "GRA5"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("service_name"), knownvalue.StringExact(ovhmock.DefaultProject)),
			},
			Check: func(*terraform.State) error {
				if c := acctest.OnlyCluster(t, m); c.Region != "GRA5" {
					return fmt.Errorf("mock cluster region %q", c.Region)
				}
				return nil
			},
		}},
	})
}

func TestAccKube_missingServiceName(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(endpoint) + `
resource "ovh_cloud_project_kube" "c" {
  region = "GRA5"
}
`,
			PlanOnly:    true,
			ExpectError: acctest.MessagePattern(`service_name is not set and the environment variable OVH_CLOUD_PROJECT_SERVICE is empty.`),
		}},
	})
	if n := len(m.Requests()); n != 0 {
		t.Errorf("%d API calls, want 0", n)
	}
}

// A mode changed out of band (by a reset outside Terraform) is an ordinary
// difference: the plan replaces the cluster, as for any mode change.
func TestAccKube_outOfBandModeChangeIsPlannedNormally(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.SeedConfig(endpoint, "")},
			{
				PreConfig: acctest.OutOfBand(t, m, func(c *ovhmock.Cluster) {
					c.KubeProxyMode = "iptables"
				}),
				Config: acctest.SeedConfig(endpoint, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("kube_proxy_mode"), knownvalue.StringExact("ipvs")),
				},
			},
		},
	})
}

// Values the API holds that the configuration could not hold (here a month,
// whose length is not fixed) never make the cluster unreadable: the plan
// shows them and the apply repairs them.
func TestAccKube_invalidValueFromTheAPIIsRepaired(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.SeedConfig(endpoint, "")},
			{
				PreConfig: acctest.OutOfBand(t, m, func(c *ovhmock.Cluster) {
					c.Customization.KubeProxy.IPVS.UDPTimeout = "P1M"
				}),
				Config: acctest.SeedConfig(endpoint, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					if got := acctest.OnlyCluster(t, m).Customization.KubeProxy.IPVS.UDPTimeout; got != "P0D" {
						return fmt.Errorf("udp timeout %q, want it repaired to P0D", got)
					}
					return nil
				},
			},
		},
	})
}

// An update that needs no API call on a cluster that is busy at refresh
// records the status it finds, without promising READY.
func TestAccKube_providerSideChangeOnABusyCluster(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.SeedConfig(endpoint, "")},
			{
				PreConfig: acctest.OutOfBand(t, m, func(c *ovhmock.Cluster) {
					c.Status = "UPDATING"
				}),
				Config: acctest.SeedConfig(endpoint, `  reset_worker_nodes_policy = "reinstall"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("UPDATING")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("reset_worker_nodes_policy"), knownvalue.StringExact("reinstall")),
				},
				Check: func(*terraform.State) error {
					acctest.OutOfBand(t, m, func(c *ovhmock.Cluster) { c.Status = "READY" })()
					return nil
				},
			},
		},
	})
}

// The imported state equals the created one for a configuration that sets
// only some settings, leaving the API's choices in computed attributes.
func TestAccKube_importPartialSettings(t *testing.T) {
	_, endpoint := acctest.StartMock(t, ovhmock.Options{})
	config := acctest.KubeConfig(endpoint, `
  kube_proxy_mode = "ipvs"
  customization_apiserver {
    admissionplugins {
      enabled = ["NodeRestriction"]
    }
  }
  customization_kube_proxy {
    ipvs {
      scheduler   = "sh"
      sync_period = "PT45S"
    }
  }
  ip_allocation_policy {
    pods_ipv4_cidr = "10.240.0.0/13"
  }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config:            config,
				ResourceName:      addr,
				ImportState:       true,
				ImportStateIdFunc: importID,
				ImportStateVerify: true,
				// An import leaves the kubeconfig to the next apply.
				ImportStateVerifyIgnore: []string{"kubeconfig", "kubeconfig_attributes", "kubeconfig_in_state"},
			},
			{
				Config:            config,
				ResourceName:      addr,
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: importID,
				// The update only fetches the kubeconfig.
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					// The apply only fetches the kubeconfig, which the import leaves out.
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
			},
		},
	})
}

// Without customization_apiserver the API server's settings are left as they
// are, a reset included.
func TestAccKube_resetKeepsAPIServerSettings(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	body := func(mode string, apiServer bool) string {
		b := fmt.Sprintf("  kube_proxy_mode = %q\n  reset_instead_of_replace = true\n", mode)
		if apiServer {
			b += "  customization_apiserver {\n    admissionplugins {\n      enabled  = [\"AlwaysPullImages\"]\n      disabled = [\"NodeRestriction\"]\n    }\n  }\n"
		}
		return b
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.KubeConfig(endpoint, body("ipvs", true))},
			{
				Config: acctest.KubeConfig(endpoint, body("iptables", false)),
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteReset); n != 1 {
						return fmt.Errorf("%d resets, want 1", n)
					}
					c := acctest.OnlyCluster(t, m)
					if c.KubeProxyMode != "iptables" {
						return fmt.Errorf("mode %q after the reset", c.KubeProxyMode)
					}
					if c.Customization == nil || c.Customization.APIServer == nil || c.Customization.APIServer.AdmissionPlugins == nil ||
						len(c.Customization.APIServer.AdmissionPlugins.Disabled) != 1 {
						return fmt.Errorf("the API server settings were lost in the reset: %+v", c.Customization)
					}
					return nil
				},
			},
		},
	})
}
