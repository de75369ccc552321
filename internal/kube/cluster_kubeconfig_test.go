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
