package kube_test

import (
	"fmt"
	"reflect"
	"strings"
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

const oidcAddr = "ovh_cloud_project_kube_oidc.o"

// oidcConfig renders an OIDC configuration of the cluster with the given
// body lines.
func oidcConfig(endpoint, kubeID, body string) string {
	return acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
resource "ovh_cloud_project_kube_oidc" "o" {
  service_name = %q
  kube_id      = %q
%s
}
`, ovhmock.DefaultProject, kubeID, body)
}

// mockOIDC returns the cluster's configuration as the mock holds it.
func mockOIDC(t *testing.T, m *ovhmock.Mock, kubeID string) (ovhmock.OpenIDConnect, bool) {
	t.Helper()
	return m.OIDC(ovhmock.DefaultProject, kubeID)
}

func checkMockOIDC(t *testing.T, m *ovhmock.Mock, kubeID string, want ovhmock.OpenIDConnect) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, ok := mockOIDC(t, m, kubeID)
		if !ok {
			return fmt.Errorf("cluster %s has no OIDC configuration in the mock", kubeID)
		}
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("the mock holds\n%+v\nwant\n%+v", got, want)
		}
		return nil
	}
}

func checkCounts(m *ovhmock.Mock, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for method, n := range want {
			if got := acctest.Count(m, method, acctest.RouteOIDC); got != n {
				return fmt.Errorf("%d %s of the OIDC configuration, want %d", got, method, n)
			}
		}
		return nil
	}
}

// TestAccOIDC_lifecycle creates a configuration with a real CA, plans
// nothing more, updates it in place, changes only its timeouts without any
// API call, imports it by its id, and creates it again once it was deleted
// out of band; the final destroy deletes it.
func TestAccOIDC_lifecycle(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	ca := acctest.CAContent(t, "Example IdP Root CA")
	created := oidcConfig(endpoint, kubeID, fmt.Sprintf(`
  issuer_url           = "https://keycloak.example.com/realms/kubernetes"
  client_id            = "kubernetes"
  oidc_username_claim  = "preferred_username"
  oidc_username_prefix = "keycloak:"
  oidc_groups_claim    = ["groups"]
  oidc_groups_prefix   = "keycloak:"
  oidc_ca_content      = %q`, ca))
	updated := oidcConfig(endpoint, kubeID, `
  issuer_url          = "https://keycloak.example.com/realms/kubernetes"
  client_id           = "kube-prod"
  oidc_groups_claim   = ["groups", "roles"]
  oidc_required_claim = ["aud=kube-prod"]
  oidc_signing_algs   = ["RS256", "ES256"]`)
	updatedInMock := ovhmock.OpenIDConnect{
		IssuerURL: "https://keycloak.example.com/realms/kubernetes", ClientID: "kube-prod", GroupsClaim: []string{"groups", "roles"},
		RequiredClaim: []string{"aud=kube-prod"}, SigningAlgorithms: []string{"RS256", "ES256"},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := mockOIDC(t, m, kubeID); ok {
				return fmt.Errorf("cluster %s still has an OIDC configuration after destroy", kubeID)
			}
			if c, _ := m.Cluster(ovhmock.DefaultProject, kubeID); c.Status != "READY" {
				return fmt.Errorf("the destroy ended with the cluster %s, want READY", c.Status)
			}
			return checkCounts(m, map[string]int{"DELETE": 1})(nil)
		},
		Steps: []resource.TestStep{
			{
				Config: created,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("id"), knownvalue.StringExact(ovhmock.DefaultProject+"/"+kubeID)),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("oidc_groups_claim"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("groups")})),
					// Left out: stored empty, as the official provider stores them.
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("oidc_required_claim"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("oidc_signing_algs"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("oidc_ca_content"), knownvalue.StringExact(ca)),
				},
				Check: resource.ComposeTestCheckFunc(
					checkMockOIDC(t, m, kubeID, ovhmock.OpenIDConnect{
						IssuerURL: "https://keycloak.example.com/realms/kubernetes", ClientID: "kubernetes",
						UsernameClaim: "preferred_username", UsernamePrefix: "keycloak:", GroupsClaim: []string{"groups"},
						GroupsPrefix: "keycloak:", RequiredClaim: []string{}, SigningAlgorithms: []string{}, CAContent: ca,
					}),
					checkCounts(m, map[string]int{"POST": 1, "PUT": 0}),
					func(*terraform.State) error {
						// The apply waited for the redeployment to end.
						if c, _ := m.Cluster(ovhmock.DefaultProject, kubeID); c.Status != "READY" {
							return fmt.Errorf("the apply ended with the cluster %s, want READY", c.Status)
						}
						return nil
					},
				),
			},
			{
				// Settings left out go back to empty; the CA too.
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("oidc_ca_content"), knownvalue.StringExact("")),
					},
				},
				Check: resource.ComposeTestCheckFunc(
					checkMockOIDC(t, m, kubeID, updatedInMock),
					checkCounts(m, map[string]int{"POST": 1, "PUT": 1}),
				),
			},
			{
				// Only the timeouts: no API call.
				Config: strings.Replace(updated, `client_id           = "kube-prod"`, "client_id = \"kube-prod\"\n  timeouts {\n    update = \"5m\"\n  }", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionUpdate)},
				},
				Check: checkCounts(m, map[string]int{"POST": 1, "PUT": 1}),
			},
			{
				// The id is the import id.
				ResourceName: oidcAddr, ImportState: true, ImportStateVerify: true,
			},
			{
				Config: updated, ResourceName: oidcAddr, ImportState: true, ImportStateId: kubeID,
				ExpectError: acctest.MessagePattern(fmt.Sprintf(`The import id %q must be service_name/kube_id`, kubeID)),
			},
			{
				// Deleted out of band: the refresh drops it, the plan
				// creates it again.
				PreConfig: func() {
					if err := m.SetOIDC(ovhmock.DefaultProject, kubeID, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionCreate)},
				},
				Check: resource.ComposeTestCheckFunc(
					checkMockOIDC(t, m, kubeID, updatedInMock),
					checkCounts(m, map[string]int{"POST": 2, "PUT": 1, "DELETE": 0}),
				),
			},
		},
	})
}

// TestAccOIDC_creationThroughInstalling: after the POST the cluster goes
// INSTALLING, as users reported (ovh/terraform-provider-ovh#1173); the apply
// waits through it until READY.
func TestAccOIDC_creationThroughInstalling(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	if err := m.SetOIDCLifecycle(ovhmock.DefaultProject, kubeID, ovhmock.OIDCLifecycle{Creation: "INSTALLING"}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: oidcConfig(endpoint, kubeID, `
  issuer_url = "https://dex.example.com:5556/dex"
  client_id  = "kubernetes"`),
			Check: func(*terraform.State) error {
				if c, _ := m.Cluster(ovhmock.DefaultProject, kubeID); c.Status != "READY" {
					return fmt.Errorf("the apply ended with the cluster %s, want READY", c.Status)
				}
				// The cluster was read after the POST until READY: at least
				// once INSTALLING, once READY.
				post, reads := -1, 0
				for i, r := range m.Requests() {
					switch {
					case r.Method == "POST" && r.Route == acctest.RouteOIDC:
						post = i
					case post >= 0 && r.Method == "GET" && r.Route == acctest.RouteKube:
						reads++
					}
				}
				if post < 0 || reads < 2 {
					return fmt.Errorf("%d reads of the cluster after the creation, want at least 2", reads)
				}
				return nil
			},
		}},
	})
}

// TestAccOIDC_errorEndsTheWait: a cluster that goes ERROR after the change
// fails the apply at once, with the status rather than a timeout after the
// 10 minutes allowed, and the configuration stays in state, tainted: the
// next apply, once the cluster is repaired, replaces it.
func TestAccOIDC_errorEndsTheWait(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	if err := m.SetOIDCLifecycle(ovhmock.DefaultProject, kubeID, ovhmock.OIDCLifecycle{End: "ERROR"}); err != nil {
		t.Fatal(err)
	}
	config := oidcConfig(endpoint, kubeID, `
  issuer_url = "https://accounts.google.com"
  client_id  = "123.apps.googleusercontent.com"
  timeouts {
    create = "10m"
  }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: acctest.MessagePattern(fmt.Sprintf("cluster %s went to status ERROR during its OIDC creation", kubeID)),
			},
			{
				PreConfig: func() {
					if err := m.SetOIDCLifecycle(ovhmock.DefaultProject, kubeID, ovhmock.OIDCLifecycle{}); err != nil {
						t.Fatal(err)
					}
					if err := m.ModifyCluster(ovhmock.DefaultProject, kubeID, func(c *ovhmock.Cluster) { c.Status = "READY" }); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: checkCounts(m, map[string]int{"POST": 2, "DELETE": 1}),
			},
		},
	})
}

// TestAccOIDC_busyClusterIsWaitedFor: a cluster still busy with another
// change answers 409; the creation waits for it and asks again.
func TestAccOIDC_busyClusterIsWaitedFor(t *testing.T) {
	// Long enough for the plan to run while the cluster is still UPDATING.
	timings := ovhmock.TestTimings()
	timings.Update = 5 * time.Second
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Timings: timings})
	const kubeID = "0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				acctest.SeedCluster(t, m, ovhmock.Cluster{ID: kubeID, Name: "busy", Region: "GRA11", Version: "1.32.1", KubeProxyMode: "iptables",
					Status: "UPDATING", Plan: "free", UpdatePolicy: "ALWAYS_UPDATE", CreatedAt: time.Now()})
			},
			Config: oidcConfig(endpoint, kubeID, `
  issuer_url = "https://gitlab.com"
  client_id  = "abc"`),
			Check: func(*terraform.State) error {
				var statuses []int
				for _, r := range m.Requests() {
					if r.Method == "POST" && r.Route == acctest.RouteOIDC {
						statuses = append(statuses, r.Status)
					}
				}
				if !reflect.DeepEqual(statuses, []int{409, 200}) {
					return fmt.Errorf("POST answers %v, want [409 200]", statuses)
				}
				return nil
			},
		}},
	})
}

// TestAccOIDC_lostAnswers: every change is applied but answered 502. The
// creation, which is not idempotent, is looked for instead of being sent
// again; the update and the deletion end as planned all the same.
func TestAccOIDC_lostAnswers(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Faults: ovhmock.Faults{Seed: 1, AppliedThenFailRate: 1}})
	kubeID := seedReadyCluster(t, m)
	config := func(clientID string) string {
		return oidcConfig(endpoint, kubeID, fmt.Sprintf(`
  issuer_url = "https://gitlab.com"
  client_id  = %q`, clientID))
	}
	want := func(clientID string) resource.TestCheckFunc {
		return checkMockOIDC(t, m, kubeID, ovhmock.OpenIDConnect{IssuerURL: "https://gitlab.com", ClientID: clientID,
			GroupsClaim: []string{}, RequiredClaim: []string{}, SigningAlgorithms: []string{}})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := mockOIDC(t, m, kubeID); ok {
				return fmt.Errorf("cluster %s still has an OIDC configuration after destroy", kubeID)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: config("a"), Check: resource.ComposeTestCheckFunc(want("a"), checkCounts(m, map[string]int{"POST": 1}))},
			{Config: config("b"), Check: resource.ComposeTestCheckFunc(want("b"), checkCounts(m, map[string]int{"POST": 1}))},
		},
	})
}

// TestAccOIDC_existingConfiguration: a cluster that already has another
// configuration is not overwritten: the error says how to import it. One
// that already has this very configuration (a creation whose answer was
// lost, say) is taken as created.
func TestAccOIDC_existingConfiguration(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	if err := m.SetOIDC(ovhmock.DefaultProject, kubeID, &ovhmock.OpenIDConnect{IssuerURL: "https://gitlab.com", ClientID: "someone-else"}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: oidcConfig(endpoint, kubeID, `
  issuer_url = "https://gitlab.com"
  client_id  = "mine"`),
				ExpectError: acctest.MessagePattern(fmt.Sprintf(`Cluster %s already has another OIDC configuration (issuer_url "https://gitlab.com", client_id "someone-else"). `+
					`Delete it first, or import it with: terraform import <address> %s/%s`, kubeID, ovhmock.DefaultProject, kubeID)),
			},
			{
				Config: oidcConfig(endpoint, kubeID, `
  issuer_url = "https://gitlab.com"
  client_id  = "someone-else"`),
				Check: checkCounts(m, map[string]int{"POST": 2, "PUT": 0}),
			},
		},
	})
}

func TestAccOIDC_dataSource(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	acctest.SeedOIDC(t, m, kubeID, &ovhmock.OpenIDConnect{
		IssuerURL: "https://accounts.google.com", ClientID: "123.apps.googleusercontent.com", UsernameClaim: "email",
		UsernamePrefix: "-", RequiredClaim: []string{"hd=example.com"},
	})
	ds := "data.ovh_cloud_project_kube_oidc.d"
	config := func(id string) string {
		return acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
data "ovh_cloud_project_kube_oidc" "d" {
  service_name = %q
  kube_id      = %q
}
`, ovhmock.DefaultProject, id)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(kubeID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact(ovhmock.DefaultProject+"/"+kubeID)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("issuer_url"), knownvalue.StringExact("https://accounts.google.com")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("client_id"), knownvalue.StringExact("123.apps.googleusercontent.com")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("oidc_username_prefix"), knownvalue.StringExact("-")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("oidc_required_claim"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("hd=example.com")})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("oidc_groups_claim"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("oidc_ca_content"), knownvalue.StringExact("")),
				},
			},
			{
				PreConfig: func() {
					if err := m.SetOIDC(ovhmock.DefaultProject, kubeID, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config:      config(kubeID),
				ExpectError: acctest.MessagePattern(fmt.Sprintf("Cluster %s of project %s has no OIDC configuration", kubeID, ovhmock.DefaultProject)),
			},
		},
	})
}
