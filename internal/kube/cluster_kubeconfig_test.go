package kube_test

import (
	"context"
	"errors"
	"fmt"
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
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// writes counts the requests that change something: every method but GET,
// and the POST that only fetches the kubeconfig.
func writes(m *ovhmock.Mock) int {
	n := 0
	for _, r := range m.Requests() {
		if r.Method != "GET" && r.Route != acctest.RouteKubeconfig {
			n++
		}
	}
	return n
}

// TestAccKube_kubeconfigNotInState: with kubeconfig_in_state = false a
// creation, a refresh and an import leave no kubeconfig in state and never
// fetch it; turning it on fetches it with no change to the cluster, turning
// it off drops it with no API call at all.
func TestAccKube_kubeconfigNotInState(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	off := acctest.KubeConfig(endpoint, `  name = "private"
  kubeconfig_in_state = false`)
	on := acctest.KubeConfig(endpoint, `  name = "private"
  kubeconfig_in_state = true`)
	noKubeconfig := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("kubeconfig"), knownvalue.Null()),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("kubeconfig_attributes"), knownvalue.Null()),
	}
	fetched := func(want int) func(*terraform.State) error {
		return func(*terraform.State) error {
			if n := acctest.Count(m, "POST", acctest.RouteKubeconfig); n != want {
				return fmt.Errorf("POST /kubeconfig sent %d times, want %d", n, want)
			}
			return nil
		}
	}
	var writesBefore int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: off,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("kubeconfig"), knownvalue.Null()),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("kubeconfig_attributes"), knownvalue.Null()),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: noKubeconfig,
				Check:             fetched(0),
			},
			{RefreshState: true, Check: fetched(0)},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateIdFunc: importID,
				ImportStateVerify: true,
				// An import cannot know the configuration's setting.
				ImportStateVerifyIgnore: []string{"kubeconfig_in_state"},
				Check:                   fetched(0),
			},
			{
				Config: on,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(addr, tfjsonpath.New("kubeconfig")),
						// Nothing of the cluster changes.
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("url"), knownvalue.NotNull()),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				PreConfig: func() { writesBefore = writes(m) },
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("kubeconfig"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("kubeconfig_attributes").AtSliceIndex(0).AtMapKey("client_key"), knownvalue.NotNull()),
				},
				Check: resource.ComposeTestCheckFunc(fetched(1), func(*terraform.State) error {
					if n := writes(m) - writesBefore; n != 0 {
						return fmt.Errorf("turning kubeconfig_in_state on sent %d changes to the API, want 0", n)
					}
					return nil
				}),
			},
			{
				Config: off,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("kubeconfig"), knownvalue.Null()),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				PreConfig:         func() { writesBefore = writes(m) },
				ConfigStateChecks: noKubeconfig,
				Check: resource.ComposeTestCheckFunc(fetched(1), func(*terraform.State) error {
					if n := writes(m) - writesBefore; n != 0 {
						return fmt.Errorf("turning kubeconfig_in_state off sent %d changes to the API, want 0", n)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccKube_importThenApplyFetchesKubeconfig: an import leaves the
// kubeconfig to the next apply, which fetches it when the configuration keeps
// the default kubeconfig_in_state = true, and changes nothing else.
func TestAccKube_importThenApplyFetchesKubeconfig(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	acctest.SeedCluster(t, m, ovhmock.Cluster{ID: "a1b2c3d4-0000-4000-8000-000000000001", Name: "imported", Region: "GRA11",
		Version: "1.32.1", KubeProxyMode: "iptables", Status: "READY", Plan: "free", UpdatePolicy: "ALWAYS_UPDATE",
		IsUpToDate: true, ControlPlaneIsUpToDate: true, URL: "imp.c1.gra.k8s.ovh.net", NodesURL: "imp.nodes.c1.gra.k8s.ovh.net"})
	config := acctest.KubeConfig(endpoint, `  name = "imported"
  version = "1.32"
  kube_proxy_mode = "iptables"`) + `
import {
  to = ovh_cloud_project_kube.c
  id = "` + ovhmock.DefaultProject + `/a1b2c3d4-0000-4000-8000-000000000001"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("kubeconfig")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("kubeconfig"), knownvalue.NotNull()),
			},
			Check: func(*terraform.State) error {
				if n := acctest.Count(m, "POST", acctest.RouteKubeconfig); n != 1 {
					return fmt.Errorf("POST /kubeconfig sent %d times, want 1 (by the apply)", n)
				}
				if n := writes(m); n != 0 {
					return fmt.Errorf("the import and its apply sent %d changes to the API, want 0", n)
				}
				return nil
			},
		}},
	})
}

// mockClient is an API client signed with the mock's credentials, for the
// changes a test makes behind Terraform's back.
func mockClient(t *testing.T, endpoint string) *ovhapi.Client {
	t.Helper()
	c, err := ovhapi.New(ovhapi.Config{Endpoint: endpoint, ApplicationKey: ovhmock.DefaultApplicationKey,
		ApplicationSecret: ovhmock.DefaultApplicationSecret, ConsumerKey: ovhmock.DefaultConsumerKey})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAccKube_kubeconfigResetIsFetchedAgain: after a kubeconfig reset done
// behind Terraform's back (as the ovh_cloud_project_kube_kubeconfig_reset
// action does, in another provider process), the next plan of a cluster
// that keeps its kubeconfig in state plans the kubeconfig to be fetched,
// and the apply stores the new one, of the cluster's new certificate
// authority, with no change sent to the cluster. A change that is not a
// reset (a rename) leaves the stored kubeconfig as it is. Under
// acctest.FastPolling every refresh the shortcut answers is checked
// against the framework's, so a shortcut that kept the revoked kubeconfig
// fails this test too.
func TestAccKube_kubeconfigResetIsFetchedAgain(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	client := mockClient(t, endpoint)
	config := acctest.KubeConfig(endpoint, `  name = "rotated"`)
	var kubeconfig, ca string
	stored := func(s *terraform.State) (string, string, error) {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return "", "", fmt.Errorf("%s not in state", addr)
		}
		return rs.Primary.Attributes["kubeconfig"], rs.Primary.Attributes["kubeconfig_attributes.0.cluster_ca_certificate"], nil
	}
	// settled waits until the cluster is READY again after a change.
	settled := func() {
		for range 200 {
			if c := acctest.OnlyCluster(t, m); c.Status == "READY" {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatal("the cluster did not settle")
	}
	var fetches, changes int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) (err error) {
					kubeconfig, ca, err = stored(s)
					if kubeconfig == "" || ca == "" {
						return fmt.Errorf("no kubeconfig in state after the creation (%v)", err)
					}
					return err
				},
			},
			{
				PreConfig: func() {
					if err := client.ResetKubeconfig(context.Background(), ovhmock.DefaultProject, acctest.OnlyCluster(t, m).ID); err != nil {
						t.Fatal(err)
					}
					settled()
					fetches, changes = acctest.Count(m, "POST", acctest.RouteKubeconfig), writes(m)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(addr, tfjsonpath.New("kubeconfig")),
						plancheck.ExpectUnknownValue(addr, tfjsonpath.New("kubeconfig_attributes")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					now, newCA, err := stored(s)
					if err != nil {
						return err
					}
					if now == "" || now == kubeconfig || newCA == ca {
						return fmt.Errorf("the state kept the kubeconfig of before the reset, or none (same CA: %v)", newCA == ca)
					}
					fresh, err := client.Kubeconfig(context.Background(), ovhmock.DefaultProject, acctest.OnlyCluster(t, m).ID)
					if err != nil {
						return err
					}
					if !strings.Contains(fresh, "certificate-authority-data: "+newCA+"\n") {
						return errors.New("the stored kubeconfig is not of the cluster's certificate authority")
					}
					if n := writes(m) - changes; n != 0 {
						return fmt.Errorf("the plan and apply sent %d changes to the API, want 0", n)
					}
					if n := acctest.Count(m, "POST", acctest.RouteKubeconfig) - fetches; n < 2 {
						return fmt.Errorf("POST /kubeconfig sent %d times since the reset, want a check by the refresh and a fetch by the apply", n)
					}
					kubeconfig, ca = now, newCA
					return nil
				},
			},
			{
				PreConfig: func() {
					name := "renamed"
					if err := client.UpdateKube(context.Background(), ovhmock.DefaultProject, acctest.OnlyCluster(t, m).ID, ovhapi.KubeUpdate{Name: &name}); err != nil {
						t.Fatal(err)
					}
					settled()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: func(s *terraform.State) error {
					now, _, err := stored(s)
					if err == nil && now != kubeconfig {
						err = errors.New("a rename out of band replaced the stored kubeconfig")
					}
					return err
				},
			},
		},
	})
}
