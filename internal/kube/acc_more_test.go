package kube_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

func TestAccKube_dataSource(t *testing.T) {
	_, endpoint := startMock(t, ovhmock.Options{})
	ds := "data.ovh_cloud_project_kube.d"
	config := seedConfig(endpoint, "") + `
data "ovh_cloud_project_kube" "d" {
  service_name = ovh_cloud_project_kube.c.service_name
  kube_id      = ovh_cloud_project_kube.c.id
}
`
	expecting := func(mode string) string {
		return seedConfig(endpoint, "") + fmt.Sprintf(`
data "ovh_cloud_project_kube" "d" {
  service_name    = ovh_cloud_project_kube.c.service_name
  kube_id         = ovh_cloud_project_kube.c.id
  name            = "my_kube_cluster"
  kube_proxy_mode = %q
}
`, mode)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			// As in the official provider, the read values may also be set.
			Config: expecting("ipvs"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("name"), knownvalue.StringExact("my_kube_cluster")),
			},
		}, {
			Config:      expecting("iptables"),
			ExpectError: messagePattern(`has kube_proxy_mode = "ipvs", not "iptables"`),
		}, {
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("kube_proxy_mode"), knownvalue.StringExact("ipvs")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("customization_kube_proxy").AtSliceIndex(0).AtMapKey("ipvs").AtSliceIndex(0).AtMapKey("scheduler"), knownvalue.StringExact("rr")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("customization_kube_proxy").AtSliceIndex(0).AtMapKey("ipvs").AtSliceIndex(0).AtMapKey("sync_period"), knownvalue.StringExact("PT0S")),
				statecheck.CompareValuePairs(ds, tfjsonpath.New("id"), addr, tfjsonpath.New("id"), compareSame),
				statecheck.CompareValuePairs(ds, tfjsonpath.New("url"), addr, tfjsonpath.New("url"), compareSame),
				statecheck.CompareValuePairs(ds, tfjsonpath.New("version"), addr, tfjsonpath.New("version"), compareSame),
				statecheck.CompareValuePairs(ds, tfjsonpath.New("kubeconfig"), addr, tfjsonpath.New("kubeconfig"), compareSame),
			},
		}},
	})
}

// Not parallel: it sets the environment of the in-process provider.
func TestAccKube_serviceNameFromEnvironment(t *testing.T) {
	m, endpoint := startMock(t, ovhmock.Options{})
	t.Setenv("OVH_CLOUD_PROJECT_SERVICE", ovhmock.DefaultProject)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: providerBlock(endpoint) + `
resource "ovh_cloud_project_kube" "c" {
  region = "GRA5"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("service_name"), knownvalue.StringExact(ovhmock.DefaultProject)),
			},
			Check: func(*terraform.State) error {
				if c := onlyCluster(t, m); c.Region != "GRA5" {
					return fmt.Errorf("mock cluster region %q", c.Region)
				}
				return nil
			},
		}},
	})
}

func TestAccKube_missingServiceName(t *testing.T) {
	m, endpoint := startMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: providerBlock(endpoint) + `
resource "ovh_cloud_project_kube" "c" {
  region = "GRA5"
}
`,
			PlanOnly:    true,
			ExpectError: messagePattern(`service_name is not set and the environment variable OVH_CLOUD_PROJECT_SERVICE is empty.`),
		}},
	})
	if n := len(m.Requests()); n != 0 {
		t.Errorf("%d API calls, want 0", n)
	}
}

// A creation whose wait fails keeps the cluster in state, tainted: the next
// apply replaces it, and no cluster is left behind unmanaged.
func TestAccKube_failedCreateWaitLeavesTaintedResource(t *testing.T) {
	timings := ovhmock.TestTimings()
	timings.Install = 3 * time.Second
	m, endpoint := startMock(t, ovhmock.Options{Timings: timings})
	slow := kubeConfig(endpoint, `
  timeouts {
    create = "1s"
  }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config:      slow,
				ExpectError: regexp.MustCompile(`(?s)timed out after 1s waiting for the creation of cluster.*kept in the state, marked\s+tainted`),
			},
			{
				Config: kubeConfig(endpoint, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(*terraform.State) error {
					// The tainted cluster was still INSTALLING: its delete may be
					// refused with 409 once, then retried once it is READY.
					if n := count(m, "POST", routeList); n != 2 {
						return fmt.Errorf("%d creates, want 2", n)
					}
					if n := len(m.Clusters(ovhmock.DefaultProject)); n != 1 {
						return fmt.Errorf("%d clusters in the mock, want 1: the tainted one must be deleted", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccKube_clusterInErrorFailsAtOnce(t *testing.T) {
	m, endpoint := startMock(t, ovhmock.Options{Faults: ovhmock.Faults{InstallErrorRate: 1}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config:      kubeConfig(endpoint, ""),
			ExpectError: messagePattern(`went to status ERROR during its creation`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := len(m.Clusters(ovhmock.DefaultProject)); n != 0 {
				return fmt.Errorf("%d clusters left in the mock after destroy", n)
			}
			return nil
		},
	})
}

// A mode changed out of band (by a reset outside Terraform) is an ordinary
// difference: the plan replaces the cluster, as for any mode change.
func TestAccKube_outOfBandModeChangeIsPlannedNormally(t *testing.T) {
	m, endpoint := startMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: seedConfig(endpoint, "")},
			{
				PreConfig: outOfBand(t, m, func(c *ovhmock.Cluster) {
					c.KubeProxyMode = "iptables"
				}),
				Config: seedConfig(endpoint, ""),
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
	m, endpoint := startMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: seedConfig(endpoint, "")},
			{
				PreConfig: outOfBand(t, m, func(c *ovhmock.Cluster) {
					c.Customization.KubeProxy.IPVS.UDPTimeout = "P1M"
				}),
				Config: seedConfig(endpoint, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					if got := onlyCluster(t, m).Customization.KubeProxy.IPVS.UDPTimeout; got != "P0D" {
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
	m, endpoint := startMock(t, ovhmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: seedConfig(endpoint, "")},
			{
				PreConfig: outOfBand(t, m, func(c *ovhmock.Cluster) {
					c.Status = "UPDATING"
				}),
				Config: seedConfig(endpoint, `  reset_worker_nodes_policy = "reinstall"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("UPDATING")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("reset_worker_nodes_policy"), knownvalue.StringExact("reinstall")),
				},
				Check: func(*terraform.State) error {
					outOfBand(t, m, func(c *ovhmock.Cluster) { c.Status = "READY" })()
					return nil
				},
			},
		},
	})
}

// The imported state equals the created one for a configuration that sets
// only some settings, leaving the API's choices in computed attributes.
func TestAccKube_importPartialSettings(t *testing.T) {
	_, endpoint := startMock(t, ovhmock.Options{})
	config := kubeConfig(endpoint, `
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
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config:            config,
				ResourceName:      addr,
				ImportState:       true,
				ImportStateIdFunc: importID,
				ImportStateVerify: true,
			},
			{
				Config:            config,
				ResourceName:      addr,
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: importID,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)},
				},
			},
		},
	})
}

// Without customization_apiserver the API server's settings are left as they
// are, a reset included.
func TestAccKube_resetKeepsAPIServerSettings(t *testing.T) {
	m, endpoint := startMock(t, ovhmock.Options{})
	body := func(mode string, apiServer bool) string {
		b := fmt.Sprintf("  kube_proxy_mode = %q\n  reset_instead_of_replace = true\n", mode)
		if apiServer {
			b += "  customization_apiserver {\n    admissionplugins {\n      enabled  = [\"AlwaysPullImages\"]\n      disabled = [\"NodeRestriction\"]\n    }\n  }\n"
		}
		return b
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: kubeConfig(endpoint, body("ipvs", true))},
			{
				Config: kubeConfig(endpoint, body("iptables", false)),
				Check: func(*terraform.State) error {
					if n := count(m, "POST", routeReset); n != 1 {
						return fmt.Errorf("%d resets, want 1", n)
					}
					c := onlyCluster(t, m)
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
