package kube_test

import (
	"encoding/json"
	"fmt"
	"slices"
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

// pathOf builds a path afresh: paths sharing a prefix variable would share its
// backing array, and appending to one would change the other.
func pathOf(steps ...any) tfjsonpath.Path {
	p := tfjsonpath.New(steps[0].(string))
	for _, s := range steps[1:] {
		switch s := s.(type) {
		case string:
			p = p.AtMapKey(s)
		case int:
			p = p.AtSliceIndex(s)
		}
	}
	return p
}

// cil is a path under the customization_cilium block.
func cil(steps ...any) tfjsonpath.Path {
	return pathOf(append([]any{"customization_cilium", 0}, steps...)...)
}

func newPtr[T any](v T) *T { return &v }

// asJSON renders v for comparisons and messages: the mock's Cilium types are
// all pointers, which %+v would print as addresses.
func asJSON(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("<%v>", err)
	}
	return string(raw)
}

// nonGETs lists the requests of the log that are not GETs, as
// "METHOD route -> status".
func nonGETs(m *ovhmock.Mock) []string {
	var out []string
	for _, r := range m.Requests() {
		if r.Method != "GET" {
			out = append(out, fmt.Sprintf("%s %s -> %d", r.Method, r.Route, r.Status))
		}
	}
	return out
}

// expectOnlyChange checks that the requests logged since the last
// ResetRequests changed the cluster exactly by want ("METHOD route -> 200"
// entries, in order).
func expectOnlyChange(m *ovhmock.Mock, want ...string) error {
	if got := nonGETs(m); !slices.Equal(got, want) {
		return fmt.Errorf("requests other than GETs: %q, want %q", got, want)
	}
	return nil
}

// ---- 1. A Standard cluster with every Cilium setting ----

const fullCilium = `
  plan = "standard"
  customization_cilium {
    cluster_id = 42
    cluster_mesh {
      enabled = true
      api_server {
        service_type = "NodePort"
        node_port    = 32379
      }
    }
    hubble {
      enabled = true
      relay {
        enabled = true
      }
      ui {
        enabled = true
        backend_resources {
          limits {
            cpu    = "500m"
            memory = "500Mi"
          }
          requests {
            cpu    = "50m"
            memory = "50Mi"
          }
        }
        frontend_resources {
          limits {
            cpu    = "400m"
            memory = "256Mi"
          }
          requests {
            cpu    = "40m"
            memory = "64Mi"
          }
        }
      }
    }
  }`

func TestAccCilium_fullStandardCluster(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	want := ovhmock.CiliumCustomization{
		ClusterID: newPtr(int64(42)),
		ClusterMesh: &ovhmock.CiliumClusterMesh{
			Enabled:   newPtr(true),
			APIServer: &ovhmock.CiliumClusterMeshAPIServer{ServiceType: newPtr("NodePort"), NodePort: newPtr(int64(32379))},
		},
		Hubble: &ovhmock.CiliumHubble{
			Enabled: newPtr(true),
			Relay:   &ovhmock.CiliumHubbleRelay{Enabled: newPtr(true)},
			UI: &ovhmock.CiliumHubbleUI{
				Enabled: newPtr(true),
				BackendResources: &ovhmock.CiliumResources{
					Limits:   &ovhmock.CiliumResourceList{CPU: newPtr("500m"), Memory: newPtr("500Mi")},
					Requests: &ovhmock.CiliumResourceList{CPU: newPtr("50m"), Memory: newPtr("50Mi")},
				},
				FrontendResources: &ovhmock.CiliumResources{
					Limits:   &ovhmock.CiliumResourceList{CPU: newPtr("400m"), Memory: newPtr("256Mi")},
					Requests: &ovhmock.CiliumResourceList{CPU: newPtr("40m"), Memory: newPtr("64Mi")},
				},
			},
		},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.KubeConfig(endpoint, fullCilium),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("plan"), knownvalue.StringExact("standard")),
					statecheck.ExpectKnownValue(addr, cil("cluster_id"), knownvalue.Int64Exact(42)),
					statecheck.ExpectKnownValue(addr, cil("cluster_mesh", 0, "api_server", 0, "service_type"), knownvalue.StringExact("NodePort")),
					statecheck.ExpectKnownValue(addr, cil("cluster_mesh", 0, "api_server", 0, "node_port"), knownvalue.Int64Exact(32379)),
					statecheck.ExpectKnownValue(addr, cil("hubble", 0, "relay", 0, "enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, cil("hubble", 0, "ui", 0, "backend_resources", 0, "limits", 0, "memory"), knownvalue.StringExact("500Mi")),
					statecheck.ExpectKnownValue(addr, cil("hubble", 0, "ui", 0, "frontend_resources", 0, "requests", 0, "cpu"), knownvalue.StringExact("40m")),
				},
				Check: func(*terraform.State) error {
					c := acctest.OnlyCluster(t, m)
					if c.Plan != "standard" {
						return fmt.Errorf("mock cluster on plan %q, want standard", c.Plan)
					}
					if c.Customization == nil || asJSON(c.Customization.Cilium) != asJSON(want) {
						return fmt.Errorf("mock cluster holds cilium %s, want %s", asJSON(c.Customization), asJSON(want))
					}
					// The creation carries the customization itself.
					if n := acctest.Count(m, "POST", acctest.RouteList); n != 1 {
						return fmt.Errorf("%d creates, want 1", n)
					}
					if n := acctest.Count(m, "PUT", acctest.RouteCustomization); n != 0 {
						return fmt.Errorf("%d PUT /customization at creation, want 0", n)
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

// ---- 2. Hubble and ClusterMesh switched in place ----

func ciliumSwitches(hubble, mesh bool) string {
	return fmt.Sprintf(`
  plan = "standard"
  customization_cilium {
    cluster_id = 7
    cluster_mesh {
      enabled = %t
    }
    hubble {
      enabled = %t
    }
  }`, mesh, hubble)
}

func TestAccCilium_hubbleAndClusterMeshInPlace(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	// Set behind Terraform's back, in a key the configuration leaves out:
	// a PUT /customization carrying more than the cilium key would lose it.
	outOfBandPlugins := ovhmock.AdmissionPlugins{Enabled: []string{"AlwaysPullImages"}, Disabled: []string{"NodeRestriction"}}
	setPlugins := acctest.OutOfBand(t, m, func(c *ovhmock.Cluster) {
		if c.Customization == nil {
			c.Customization = &ovhmock.Customization{}
		}
		c.Customization.APIServer = &ovhmock.APIServer{AdmissionPlugins: &ovhmock.AdmissionPlugins{
			Enabled: slices.Clone(outOfBandPlugins.Enabled), Disabled: slices.Clone(outOfBandPlugins.Disabled),
		}}
	})

	inPlace := func(what string, hubble, mesh bool, preConfig func()) resource.TestStep {
		return resource.TestStep{
			PreConfig: func() {
				if preConfig != nil {
					preConfig()
				}
				m.ResetRequests()
			},
			Config: acctest.KubeConfig(endpoint, ciliumSwitches(hubble, mesh)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(addr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(addr, cil("hubble", 0, "enabled"), knownvalue.Bool(hubble)),
				statecheck.ExpectKnownValue(addr, cil("cluster_mesh", 0, "enabled"), knownvalue.Bool(mesh)),
			},
			Check: func(*terraform.State) error {
				if err := expectOnlyChange(m, "PUT "+acctest.RouteCustomization+" -> 200"); err != nil {
					return fmt.Errorf("%s: %w", what, err)
				}
				c := acctest.OnlyCluster(t, m)
				cu := c.Customization
				if cu == nil || cu.Cilium == nil || cu.Cilium.Hubble == nil || cu.Cilium.ClusterMesh == nil ||
					cu.Cilium.Hubble.Enabled == nil || *cu.Cilium.Hubble.Enabled != hubble ||
					cu.Cilium.ClusterMesh.Enabled == nil || *cu.Cilium.ClusterMesh.Enabled != mesh ||
					cu.Cilium.ClusterID == nil || *cu.Cilium.ClusterID != 7 {
					return fmt.Errorf("%s: mock cluster holds cilium %s, want cluster id 7, hubble %t, ClusterMesh %t",
						what, asJSON(cu), hubble, mesh)
				}
				if cu.APIServer == nil || cu.APIServer.AdmissionPlugins == nil ||
					asJSON(*cu.APIServer.AdmissionPlugins) != asJSON(outOfBandPlugins) {
					return fmt.Errorf("%s: the admission plugins set out of band were lost: %s, want %s",
						what, asJSON(cu.APIServer), asJSON(outOfBandPlugins))
				}
				return nil
			},
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.KubeConfig(endpoint, ciliumSwitches(false, false)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
				Check: func(*terraform.State) error {
					cil := acctest.OnlyCluster(t, m).Customization.Cilium
					if asJSON(cil) != `{"clusterId":7,"clusterMesh":{"enabled":false},"hubble":{"enabled":false}}` {
						return fmt.Errorf("mock cluster holds cilium %s", asJSON(cil))
					}
					return nil
				},
			},
			inPlace("enabling Hubble", true, false, setPlugins),
			inPlace("disabling Hubble", false, false, nil),
			inPlace("enabling ClusterMesh", false, true, nil),
			inPlace("disabling ClusterMesh", false, false, nil),
		},
	})
}

// ---- 3. Durations written in another form ----

var durationAttrs = []struct{ mode, name string }{
	{"iptables", "min_sync_period"},
	{"iptables", "sync_period"},
	{"ipvs", "min_sync_period"},
	{"ipvs", "sync_period"},
	{"ipvs", "tcp_timeout"},
	{"ipvs", "tcp_fin_timeout"},
	{"ipvs", "udp_timeout"},
}

// durationsConfig is an IPVS cluster with every timing at PT0S but those
// of set.
func durationsConfig(endpoint string, set map[string]string) string {
	v := func(mode, name string) string {
		if s, ok := set[mode+"."+name]; ok {
			return s
		}
		return "PT0S"
	}
	return acctest.KubeConfig(endpoint, fmt.Sprintf(`
  kube_proxy_mode = "ipvs"
  customization_kube_proxy {
    iptables {
      min_sync_period = %q
      sync_period     = %q
    }
    ipvs {
      min_sync_period = %q
      sync_period     = %q
      scheduler       = "rr"
      tcp_timeout     = %q
      tcp_fin_timeout = %q
      udp_timeout     = %q
    }
  }`, v("iptables", "min_sync_period"), v("iptables", "sync_period"), v("ipvs", "min_sync_period"), v("ipvs", "sync_period"),
		v("ipvs", "tcp_timeout"), v("ipvs", "tcp_fin_timeout"), v("ipvs", "udp_timeout")))
}

// TestAccDurations_equivalentSpellingPlansNothing walks every duration of
// customization_kube_proxy at once: the mock's record of each attribute and
// the state's spelling of each are checked one by one, so an attribute that
// is compared by spelling, or not sent, fails it on its own.
func TestAccDurations_equivalentSpellingPlansNothing(t *testing.T) {
	var all []string
	for _, a := range durationAttrs {
		all = append(all, a.mode+"."+a.name)
	}
	testEquivalentDurations(t, all)
}

// testEquivalentDurations walks the attributes through PT0S, P0D, PT60S and
// PT1M, each value applied once (a real change) and then rewritten in the
// other form (no change at all).
func testEquivalentDurations(t *testing.T, attrs []string) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	config := func(value string) string {
		set := map[string]string{}
		for _, a := range attrs {
			set[a] = value
		}
		return durationsConfig(endpoint, set)
	}
	statePath := func(a string) tfjsonpath.Path {
		mode, name, _ := strings.Cut(a, ".")
		return pathOf("customization_kube_proxy", 0, mode, 0, name)
	}
	mockValue := func(c ovhmock.Cluster, a string) string {
		kp := c.Customization.KubeProxy
		switch a {
		case "iptables.min_sync_period":
			return kp.IPTables.MinSyncPeriod
		case "iptables.sync_period":
			return kp.IPTables.SyncPeriod
		case "ipvs.min_sync_period":
			return kp.IPVS.MinSyncPeriod
		case "ipvs.sync_period":
			return kp.IPVS.SyncPeriod
		case "ipvs.tcp_timeout":
			return kp.IPVS.TCPTimeout
		case "ipvs.tcp_fin_timeout":
			return kp.IPVS.TCPFinTimeout
		case "ipvs.udp_timeout":
			return kp.IPVS.UDPTimeout
		}
		t.Fatalf("unknown attribute %s", a)
		return ""
	}
	stateIs := func(value string) []statecheck.StateCheck {
		var out []statecheck.StateCheck
		for _, a := range attrs {
			out = append(out, statecheck.ExpectKnownValue(addr, statePath(a), knownvalue.StringExact(value)))
		}
		return out
	}
	mockHolds := func(value string) error {
		c := acctest.OnlyCluster(t, m)
		for _, a := range attrs {
			if got := mockValue(c, a); got != value {
				return fmt.Errorf("mock holds %s = %q, want %q", a, got, value)
			}
		}
		return nil
	}

	// quietSince is the step whose requests the next step's PreConfig
	// checks: a rewrite in another form may only refresh.
	quietSince := ""
	checkQuiet := func() {
		if quietSince == "" {
			return
		}
		if got := nonGETs(m); len(got) != 0 {
			t.Errorf("rewriting as %s: API calls other than refresh GETs: %q", quietSince, got)
		}
		if acctest.Count(m, "GET", acctest.RouteKube) == 0 {
			t.Errorf("rewriting as %s: no refresh logged, the request log is not what this test reads", quietSince)
		}
		quietSince = ""
	}
	// applied changes the attributes to value for real; stored is how the
	// mock keeps it (zero always comes back as P0D).
	applied := func(value, stored string) resource.TestStep {
		return resource.TestStep{
			PreConfig: func() { checkQuiet(); m.ResetRequests() },
			Config:    config(value),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: stateIs(value),
			Check: func(*terraform.State) error {
				if err := mockHolds(stored); err != nil {
					return fmt.Errorf("after applying %s: %w", value, err)
				}
				return nil
			},
		}
	}
	// rewritten gives the same length of time as prior, spelt value.
	rewritten := func(value, prior, stored string) resource.TestStep {
		return resource.TestStep{
			PreConfig: func() { checkQuiet(); m.ResetRequests(); quietSince = value + " (state " + prior + ")" },
			Config:    config(value),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			// The state keeps the prior spelling.
			ConfigStateChecks: stateIs(prior),
			Check: func(*terraform.State) error {
				if err := mockHolds(stored); err != nil {
					return fmt.Errorf("after rewriting %s as %s: %w", prior, value, err)
				}
				return nil
			},
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			applied("PT0S", "P0D"),
			rewritten("P0D", "PT0S", "P0D"),
			applied("PT60S", "PT60S"),
			rewritten("PT1M", "PT60S", "PT60S"),
			applied("P0D", "P0D"),
			rewritten("PT0S", "P0D", "P0D"),
			applied("PT1M", "PT1M"),
			rewritten("PT60S", "PT1M", "PT1M"),
			{
				// Checks the requests of the last rewrite.
				PreConfig: checkQuiet,
				Config:    config("PT60S"),
				PlanOnly:  true,
			},
		},
	})
}

// ---- 4. The deprecated customization block ----

func deprecatedPlugins(enabled, disabled string) string {
	return fmt.Sprintf(`
  customization {
    apiserver {
      admissionplugins {
        enabled  = [%q]
        disabled = [%q]
      }
    }
  }`, enabled, disabled)
}

func TestAccDeprecated_customizationBlock(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	plugins := func(list string) tfjsonpath.Path {
		return pathOf("customization", 0, "apiserver", 0, "admissionplugins", 0, list)
	}
	holds := func(enabled, disabled string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			sameID.AddStateValue(addr, tfjsonpath.New("id")),
			statecheck.ExpectKnownValue(addr, plugins("enabled"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(enabled)})),
			statecheck.ExpectKnownValue(addr, plugins("disabled"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(disabled)})),
			// The state keeps the spelling of the configuration.
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("customization_apiserver"), knownvalue.ListSizeExact(0)),
		}
	}
	mockHolds := func(enabled, disabled string) error {
		cu := acctest.OnlyCluster(t, m).Customization
		want := ovhmock.AdmissionPlugins{Enabled: []string{enabled}, Disabled: []string{disabled}}
		if cu == nil || cu.APIServer == nil || cu.APIServer.AdmissionPlugins == nil || asJSON(*cu.APIServer.AdmissionPlugins) != asJSON(want) {
			return fmt.Errorf("mock cluster customization %s, want admission plugins %s", asJSON(cu), asJSON(want))
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.KubeConfig(endpoint, deprecatedPlugins("NodeRestriction", "AlwaysPullImages")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: holds("NodeRestriction", "AlwaysPullImages"),
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteList); n != 1 {
						return fmt.Errorf("%d creates, want 1", n)
					}
					// The creation carries the plugins itself.
					if n := acctest.Count(m, "PUT", acctest.RouteCustomization); n != 0 {
						return fmt.Errorf("%d PUT /customization at creation, want 0", n)
					}
					return mockHolds("NodeRestriction", "AlwaysPullImages")
				},
			},
			{
				PreConfig: m.ResetRequests,
				Config:    acctest.KubeConfig(endpoint, deprecatedPlugins("AlwaysPullImages", "NodeRestriction")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: holds("AlwaysPullImages", "NodeRestriction"),
				Check: func(*terraform.State) error {
					if err := expectOnlyChange(m, "PUT "+acctest.RouteCustomization+" -> 200"); err != nil {
						return err
					}
					return mockHolds("AlwaysPullImages", "NodeRestriction")
				},
			},
			{
				// A refresh writes what the API holds into the deprecated
				// spelling.
				PreConfig: acctest.OutOfBand(t, m, func(c *ovhmock.Cluster) {
					c.Customization.APIServer.AdmissionPlugins = &ovhmock.AdmissionPlugins{Enabled: []string{"NodeRestriction"}, Disabled: []string{"AlwaysPullImages"}}
				}),
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "customization.0.apiserver.0.admissionplugins.0.enabled.#", "1"),
					resource.TestCheckResourceAttr(addr, "customization.0.apiserver.0.admissionplugins.0.enabled.0", "NodeRestriction"),
					resource.TestCheckResourceAttr(addr, "customization.0.apiserver.0.admissionplugins.0.disabled.#", "1"),
					resource.TestCheckResourceAttr(addr, "customization.0.apiserver.0.admissionplugins.0.disabled.0", "AlwaysPullImages"),
					resource.TestCheckResourceAttr(addr, "customization_apiserver.#", "0"),
				),
			},
			{
				// And the next plan puts the configuration back.
				PreConfig: m.ResetRequests,
				Config:    acctest.KubeConfig(endpoint, deprecatedPlugins("AlwaysPullImages", "NodeRestriction")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: holds("AlwaysPullImages", "NodeRestriction"),
				Check: func(*terraform.State) error {
					if err := expectOnlyChange(m, "PUT "+acctest.RouteCustomization+" -> 200"); err != nil {
						return err
					}
					return mockHolds("AlwaysPullImages", "NodeRestriction")
				},
			},
		},
	})
}

// ---- 6. Cilium on a Free cluster ----

// freeCiliumRefused is the mock's 400 for a cilium key on a Free cluster,
// at prefix in the request.
func freeCiliumRefused(prefix string) string {
	return "[" + prefix + "cilium] Cilium customization needs the standard plan; this cluster is on the free plan"
}

const freeHubble = `
  plan = "free"
  customization_cilium {
    hubble {
      enabled = true
    }
  }`

// The mock accepts Cilium on a Free cluster unless told otherwise: the
// published schema allows it. These two tests are about the refusal.

func TestAccCilium_freeClusterCreationRefused(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{CiliumOnFree: ovhmock.CiliumOnFreeRefuse})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.KubeConfig(endpoint, freeHubble),
				ExpectError: acctest.MessagePattern(freeCiliumRefused("customization.")),
			},
			{
				// The refused creation left nothing behind, in the mock or
				// in the state.
				PreConfig: func() {
					if got := nonGETs(m); !slices.Equal(got, []string{"POST " + acctest.RouteList + " -> 400"}) {
						t.Errorf("requests other than GETs: %q, want one refused creation", got)
					}
					if cs := m.Clusters(ovhmock.DefaultProject); len(cs) != 0 {
						t.Errorf("the mock holds %d clusters after a refused creation, want 0", len(cs))
					}
				},
				Config:             acctest.KubeConfig(endpoint, freeHubble),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func TestAccCilium_freeClusterUpdateRefused(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{CiliumOnFree: ovhmock.CiliumOnFreeRefuse})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	const plain = `
  plan = "free"`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            acctest.KubeConfig(endpoint, plain),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
			},
			{
				PreConfig:   m.ResetRequests,
				Config:      acctest.KubeConfig(endpoint, freeHubble),
				ExpectError: acctest.MessagePattern(freeCiliumRefused("")),
			},
			{
				// The refused change was not recorded: without the block
				// nothing is left to do, and the mock holds no Cilium.
				PreConfig: func() {
					if got := nonGETs(m); !slices.Equal(got, []string{"PUT " + acctest.RouteCustomization + " -> 400"}) {
						t.Errorf("requests other than GETs: %q, want one refused PUT /customization", got)
					}
					if cu := acctest.OnlyCluster(t, m).Customization; cu != nil && cu.Cilium != nil {
						t.Errorf("the mock stored cilium %s on a free cluster", asJSON(cu.Cilium))
					}
				},
				Config: acctest.KubeConfig(endpoint, plain),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("customization_cilium"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

// By default the mock stores Cilium settings on a Free cluster, as the
// published schema allows: the creation sends them, and the next plan is
// empty.
func TestAccCilium_freeClusterAcceptedByDefault(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.KubeConfig(endpoint, freeHubble),
				Check: func(*terraform.State) error {
					c := acctest.OnlyCluster(t, m)
					if c.Plan != "free" || c.Customization == nil || c.Customization.Cilium == nil {
						return fmt.Errorf("the mock holds plan %s, customization %s", c.Plan, asJSON(c.Customization))
					}
					if got, want := asJSON(c.Customization.Cilium.Hubble), `{"enabled":true}`; got != want {
						return fmt.Errorf("mock cluster holds hubble %s, want %s", got, want)
					}
					return nil
				},
			},
			{
				Config:   acctest.KubeConfig(endpoint, freeHubble),
				PlanOnly: true,
			},
		},
	})
}

// ---- Settings the configuration leaves out ----

// The block's documentation promises that Cilium settings left out of the
// configuration are not reverted. A reset carries the customization of the
// plan only: without customization_cilium it returns Cilium to the API's
// defaults, where the API server's settings are carried over from the
// state (TestAccKube_resetKeepsAPIServerSettings).
func TestAccCilium_resetWithoutBlockKeepsCilium(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	before := `{"clusterId":7,"clusterMesh":{"enabled":false},"hubble":{"enabled":false}}`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.KubeConfig(endpoint, ciliumSwitches(false, false)+"\n  reset_instead_of_replace = true"),
				Check: func(*terraform.State) error {
					if got := asJSON(acctest.OnlyCluster(t, m).Customization.Cilium); got != before {
						return fmt.Errorf("mock cluster holds cilium %s, want %s", got, before)
					}
					return nil
				},
			},
			{
				PreConfig: m.ResetRequests,
				Config: acctest.KubeConfig(endpoint, `
  plan                     = "standard"
  reset_instead_of_replace = true
  ip_allocation_policy {
    pods_ipv4_cidr = "10.240.0.0/13"
  }`),
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteReset); n != 1 {
						return fmt.Errorf("%d resets, want 1", n)
					}
					cu := acctest.OnlyCluster(t, m).Customization
					if cu == nil || asJSON(cu.Cilium) != before {
						return fmt.Errorf("the reset reverted the Cilium settings the configuration leaves out: mock holds %s, want %s",
							asJSON(cu), before)
					}
					return nil
				},
			},
		},
	})
}

// The API replaces the cilium key's whole subtree: a Cilium change must send
// the settings the configuration leaves out (here ClusterMesh, enabled in the
// console) as the cluster has them, not drop them.
func TestAccCilium_changeKeepsSettingsLeftOut(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	hubble := func(enabled bool) string {
		return fmt.Sprintf(`
  plan = "standard"
  customization_cilium {
    hubble {
      enabled = %t
    }
  }`, enabled)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.KubeConfig(endpoint, hubble(false))},
			{
				PreConfig: func() {
					acctest.OutOfBand(t, m, func(c *ovhmock.Cluster) {
						c.Customization.Cilium.ClusterID = newPtr(int64(9))
						c.Customization.Cilium.ClusterMesh = &ovhmock.CiliumClusterMesh{Enabled: newPtr(true)}
					})()
					m.ResetRequests()
				},
				Config: acctest.KubeConfig(endpoint, hubble(true)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					if err := expectOnlyChange(m, "PUT "+acctest.RouteCustomization+" -> 200"); err != nil {
						return err
					}
					want := `{"clusterId":9,"clusterMesh":{"enabled":true},"hubble":{"enabled":true}}`
					if got := asJSON(acctest.OnlyCluster(t, m).Customization.Cilium); got != want {
						return fmt.Errorf("enabling Hubble reverted the Cilium settings the configuration leaves out: mock holds %s, want %s", got, want)
					}
					return nil
				},
			},
		},
	})
}

// Same as TestAccCilium_resetWithoutBlockKeepsCilium, with the block in the
// configuration: a reset sends the configured Cilium settings only, and
// drops those set outside the configuration, which an in-place change keeps
// (TestAccCilium_changeKeepsSettingsLeftOut).
func TestAccCilium_resetKeepsSettingsLeftOut(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	hubbleOnly := `
  plan                     = "standard"
  reset_instead_of_replace = true
  customization_cilium {
    hubble {
      enabled = true
    }
  }`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.KubeConfig(endpoint, hubbleOnly)},
			{
				PreConfig: func() {
					acctest.OutOfBand(t, m, func(c *ovhmock.Cluster) {
						c.Customization.Cilium.ClusterID = newPtr(int64(9))
						c.Customization.Cilium.ClusterMesh = &ovhmock.CiliumClusterMesh{Enabled: newPtr(true)}
					})()
					m.ResetRequests()
				},
				Config: acctest.KubeConfig(endpoint, hubbleOnly+`
  ip_allocation_policy {
    pods_ipv4_cidr = "10.240.0.0/13"
  }`),
				Check: func(*terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteReset); n != 1 {
						return fmt.Errorf("%d resets, want 1", n)
					}
					want := `{"clusterId":9,"clusterMesh":{"enabled":true},"hubble":{"enabled":true}}`
					if got := asJSON(acctest.OnlyCluster(t, m).Customization.Cilium); got != want {
						return fmt.Errorf("the reset reverted the Cilium settings the configuration leaves out: mock holds %s, want %s", got, want)
					}
					return nil
				},
			},
		},
	})
}
