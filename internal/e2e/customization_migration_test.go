package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const customizedID = "3c9a1e5b-7d2f-4a6e-9b8c-1d0e2f3a4b5c"

// customizedConfig is the cluster a user of the official provider has: the
// placeholders are the project, the plan and the customization blocks.
const customizedConfig = acctest.RequiredProviders + `
resource "ovh_cloud_project_kube" "my_cluster" {
  service_name = %q
  name         = "customized"
  region       = "GRA11"
  plan         = %q
%s}
`

// ciliumDocumented is the customization_cilium block of the official
// provider's documentation: every flag set, ClusterMesh behind a load
// balancer, so without a node port.
const ciliumDocumented = `
  customization_cilium {
    cluster_id = 1
    cluster_mesh {
      enabled = true
      api_server {
        service_type = "LoadBalancer"
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
            cpu    = "500m"
            memory = "500Mi"
          }
          requests {
            cpu    = "50m"
            memory = "50Mi"
          }
        }
      }
    }
  }
`

// ciliumDocumentedState is customization_cilium as the official provider
// stores ciliumDocumented: sets of one, as JSON arrays, at every level, and
// 0 for the node port.
const ciliumDocumentedState = `[{
  "cluster_id": 1,
  "cluster_mesh": [{"api_server": [{"node_port": 0, "service_type": "LoadBalancer"}], "enabled": true}],
  "hubble": [{
    "enabled": true,
    "relay": [{"enabled": true}],
    "ui": [{
      "backend_resources": [{"limits": [{"cpu": "500m", "memory": "500Mi"}], "requests": [{"cpu": "50m", "memory": "50Mi"}]}],
      "enabled": true,
      "frontend_resources": [{"limits": [{"cpu": "500m", "memory": "500Mi"}], "requests": [{"cpu": "50m", "memory": "50Mi"}]}]
    }]
  }]
}]`

// ciliumNodePort exposes ClusterMesh on a node port.
const ciliumNodePort = `
  customization_cilium {
    cluster_id = 42
    cluster_mesh {
      enabled = true
      api_server {
        service_type = "NodePort"
        node_port    = 32379
      }
    }
  }
`

const ciliumNodePortState = `[{
  "cluster_id": 42,
  "cluster_mesh": [{"api_server": [{"node_port": 32379, "service_type": "NodePort"}], "enabled": true}],
  "hubble": []
}]`

// ciliumPartial leaves out the cluster id, ClusterMesh, the relay, the
// requests and the CPU limit of the UI's frontend, and the backend.
const ciliumPartial = `
  customization_cilium {
    hubble {
      enabled = true
      ui {
        enabled = true
        frontend_resources {
          limits {
            memory = "256Mi"
          }
        }
      }
    }
  }
`

// ciliumPartialState is what the official provider stores for
// ciliumPartial: 0 for the cluster id, "" for the CPU limit, [] for the
// blocks the API did not report.
const ciliumPartialState = `[{
  "cluster_id": 0,
  "cluster_mesh": [],
  "hubble": [{
    "enabled": true,
    "relay": [],
    "ui": [{
      "backend_resources": [],
      "enabled": true,
      "frontend_resources": [{"limits": [{"cpu": "", "memory": "256Mi"}], "requests": []}]
    }]
  }]
}]`

// ciliumNoUIFlag sets the resources of the UI's backend but not whether the
// UI is enabled: the official provider sends "enabled": false for a block
// whose flag is left out, and the API reports it.
const ciliumNoUIFlag = `
  customization_cilium {
    hubble {
      enabled = true
      ui {
        backend_resources {
          limits {
            cpu    = "200m"
            memory = "128Mi"
          }
        }
      }
    }
  }
`

const ciliumNoUIFlagState = `[{
  "cluster_id": 0,
  "cluster_mesh": [],
  "hubble": [{
    "enabled": true,
    "relay": [],
    "ui": [{
      "backend_resources": [{"limits": [{"cpu": "200m", "memory": "128Mi"}], "requests": []}],
      "enabled": false,
      "frontend_resources": []
    }]
  }]
}]`

// ciliumHubbleOnly enables Hubble and leaves its relay and UI out.
const ciliumHubbleOnly = `
  customization_cilium {
    hubble {
      enabled = true
    }
  }
`

// ciliumReportedState is what the official provider stores for
// ciliumHubbleOnly when the API reports the relay and the UI too, and a
// ClusterMesh set outside the configuration: every block is computed there.
const ciliumReportedState = `[{
  "cluster_id": 7,
  "cluster_mesh": [{"api_server": [], "enabled": true}],
  "hubble": [{
    "enabled": true,
    "relay": [{"enabled": true}],
    "ui": [{"backend_resources": [], "enabled": true, "frontend_resources": []}]
  }]
}]`

// deprecatedBlock is the deprecated customization block of the official
// provider's acceptance tests; the placeholders are the enabled and
// disabled plugins.
const deprecatedBlock = `
  customization {
    apiserver {
      admissionplugins {
        enabled  = %s
        disabled = %s
      }
    }
  }
`

// deprecatedState is the deprecated customization block as the official
// provider stores it: the API's plugins, in the API's order.
func deprecatedState(enabled, disabled []string) string {
	b, err := json.Marshal([]any{map[string]any{"apiserver": []any{map[string]any{
		"admissionplugins": []any{map[string]any{"enabled": enabled, "disabled": disabled}},
	}}}})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// apiServerState is customization_apiserver as the official provider
// stores it when the configuration does not use the deprecated block.
func apiServerState(enabled, disabled []string) string {
	b, err := json.Marshal([]any{map[string]any{
		"admissionplugins": []any{map[string]any{"enabled": enabled, "disabled": disabled}},
	}})
	if err != nil {
		panic(err)
	}
	return string(b)
}

func ptr[T any](v T) *T { return &v }

// uiResources are the limits and requests of the documented Cilium example.
func uiResources() *ovhmock.CiliumResources {
	return &ovhmock.CiliumResources{
		Limits:   &ovhmock.CiliumResourceList{CPU: ptr("500m"), Memory: ptr("500Mi")},
		Requests: &ovhmock.CiliumResourceList{CPU: ptr("50m"), Memory: ptr("50Mi")},
	}
}

// officialCustomizedState is the official provider's state of a cluster of
// the given plan, with attrs (JSON) overriding its attributes.
func officialCustomizedState(t *testing.T, host, plan string, attrs map[string]string) string {
	t.Helper()
	return acctest.OfficialClusterState(t, host, customizedID, "customized", plan, attrs)
}

// TestAccE2E_officialProviderCustomizationState takes over a cluster whose
// official state holds customization_cilium, or the deprecated
// customization block, with the configuration its user has: the first plan
// replaces nothing, no step sends anything but GETs, the mock's cluster is
// untouched, and the plan after one apply is empty.
func TestAccE2E_officialProviderCustomizationState(t *testing.T) {
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	host := acctest.ProviderHost()
	creds := acctest.MockCredentials
	bothPlugins := []string{"AlwaysPullImages", "NodeRestriction"}
	tests := []struct {
		name string
		plan string
		// blocks are the customization blocks of the configuration.
		blocks string
		// enabled and disabled are the mock's admission plugins, cilium
		// its Cilium customization.
		enabled, disabled []string
		cilium            *ovhmock.CiliumCustomization
		// deprecated tells which spelling the official state holds the
		// admission plugins in; ciliumState is its customization_cilium.
		deprecated  bool
		ciliumState string
	}{
		{
			name: "cilium, documented example", plan: "standard", blocks: ciliumDocumented,
			enabled: bothPlugins, disabled: []string{},
			cilium: &ovhmock.CiliumCustomization{
				ClusterID: ptr[int64](1),
				ClusterMesh: &ovhmock.CiliumClusterMesh{Enabled: ptr(true), APIServer: &ovhmock.CiliumClusterMeshAPIServer{
					ServiceType: ptr("LoadBalancer"),
				}},
				Hubble: &ovhmock.CiliumHubble{
					Enabled: ptr(true), Relay: &ovhmock.CiliumHubbleRelay{Enabled: ptr(true)},
					UI: &ovhmock.CiliumHubbleUI{Enabled: ptr(true), BackendResources: uiResources(), FrontendResources: uiResources()},
				},
			},
			ciliumState: ciliumDocumentedState,
		},
		{
			name: "cilium, node port", plan: "standard", blocks: ciliumNodePort,
			enabled: bothPlugins, disabled: []string{},
			cilium: &ovhmock.CiliumCustomization{
				ClusterID: ptr[int64](42),
				ClusterMesh: &ovhmock.CiliumClusterMesh{Enabled: ptr(true), APIServer: &ovhmock.CiliumClusterMeshAPIServer{
					ServiceType: ptr("NodePort"), NodePort: ptr[int64](32379),
				}},
			},
			ciliumState: ciliumNodePortState,
		},
		{
			name: "cilium, partial settings", plan: "standard", blocks: ciliumPartial,
			enabled: bothPlugins, disabled: []string{},
			cilium: &ovhmock.CiliumCustomization{Hubble: &ovhmock.CiliumHubble{
				Enabled: ptr(true),
				UI: &ovhmock.CiliumHubbleUI{Enabled: ptr(true), FrontendResources: &ovhmock.CiliumResources{
					Limits: &ovhmock.CiliumResourceList{Memory: ptr("256Mi")},
				}},
			}},
			ciliumState: ciliumPartialState,
		},
		{
			name: "cilium, a flag left out", plan: "standard", blocks: ciliumNoUIFlag,
			enabled: bothPlugins, disabled: []string{},
			cilium: &ovhmock.CiliumCustomization{Hubble: &ovhmock.CiliumHubble{
				Enabled: ptr(true),
				UI: &ovhmock.CiliumHubbleUI{Enabled: ptr(false), BackendResources: &ovhmock.CiliumResources{
					Limits: &ovhmock.CiliumResourceList{CPU: ptr("200m"), Memory: ptr("128Mi")},
				}},
			}},
			ciliumState: ciliumNoUIFlagState,
		},
		{
			name: "cilium, settings the configuration leaves out", plan: "standard", blocks: ciliumHubbleOnly,
			enabled: bothPlugins, disabled: []string{},
			cilium: &ovhmock.CiliumCustomization{
				ClusterID:   ptr[int64](7),
				ClusterMesh: &ovhmock.CiliumClusterMesh{Enabled: ptr(true)},
				Hubble: &ovhmock.CiliumHubble{
					Enabled: ptr(true), Relay: &ovhmock.CiliumHubbleRelay{Enabled: ptr(true)},
					UI: &ovhmock.CiliumHubbleUI{Enabled: ptr(true)},
				},
			},
			ciliumState: ciliumReportedState,
		},
		{
			name: "deprecated customization block", plan: "free",
			blocks:  fmt.Sprintf(deprecatedBlock, `["NodeRestriction"]`, `["AlwaysPullImages"]`),
			enabled: []string{"NodeRestriction"}, disabled: []string{"AlwaysPullImages"},
			deprecated: true, ciliumState: "[]",
		},
		{
			// The official provider's set hash sorts the plugins: the API's
			// order never made a diff there.
			name: "deprecated customization block, plugins in another order", plan: "free",
			blocks:  fmt.Sprintf(deprecatedBlock, `["NodeRestriction", "AlwaysPullImages"]`, `[]`),
			enabled: bothPlugins, disabled: []string{},
			deprecated: true, ciliumState: "[]",
		},
		{
			// The move the deprecation message asks for, done in the
			// configuration only: the state still has the older spelling.
			name: "deprecated customization block moved to customization_apiserver", plan: "free",
			blocks: `
  customization_apiserver {
    admissionplugins {
      enabled  = ["NodeRestriction"]
      disabled = ["AlwaysPullImages"]
    }
  }
`,
			enabled: []string{"NodeRestriction"}, disabled: []string{"AlwaysPullImages"},
			deprecated: true, ciliumState: "[]",
		},
		{
			name: "deprecated customization block, standard cluster with cilium", plan: "standard",
			blocks:  fmt.Sprintf(deprecatedBlock, `["AlwaysPullImages", "NodeRestriction"]`, `[]`) + ciliumPartial,
			enabled: bothPlugins, disabled: []string{},
			cilium: &ovhmock.CiliumCustomization{Hubble: &ovhmock.CiliumHubble{
				Enabled: ptr(true),
				UI: &ovhmock.CiliumHubbleUI{Enabled: ptr(true), FrontendResources: &ovhmock.CiliumResources{
					Limits: &ovhmock.CiliumResourceList{Memory: ptr("256Mi")},
				}},
			}},
			deprecated: true, ciliumState: ciliumPartialState,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ovhmock.New(ovhmock.Options{})
			now := time.Now()
			if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{
				ID: customizedID, Name: "customized", Region: "GRA11", Version: "1.32.1", KubeProxyMode: "iptables",
				Status: "READY", Plan: tt.plan, UpdatePolicy: "ALWAYS_UPDATE", IsUpToDate: true, ControlPlaneIsUpToDate: true,
				URL: "abc123.c1.gra.k8s.ovh.net", NodesURL: "abc123.nodes.c1.gra.k8s.ovh.net",
				CreatedAt: now.Add(-24 * time.Hour), UpdatedAt: now.Add(-time.Hour),
				Customization: &ovhmock.Customization{
					APIServer: &ovhmock.APIServer{AdmissionPlugins: &ovhmock.AdmissionPlugins{Enabled: tt.enabled, Disabled: tt.disabled}},
					Cilium:    tt.cilium,
				},
			}); err != nil {
				t.Fatal(err)
			}
			seeded := m.Clusters(ovhmock.DefaultProject)
			endpoint := acctest.ServeMock(t, m)

			w := acctest.NewWorkdir(t, binary, providerDir, endpoint,
				fmt.Sprintf(customizedConfig, ovhmock.DefaultProject, tt.plan, tt.blocks))
			acctest.GuardState(t, m, w)
			attrs := map[string]string{"customization_cilium": tt.ciliumState}
			if tt.deprecated {
				attrs["customization"] = deprecatedState(tt.enabled, tt.disabled)
				attrs["customization_apiserver"] = "[]"
			} else {
				attrs["customization"] = "[]"
				attrs["customization_apiserver"] = apiServerState(tt.enabled, tt.disabled)
			}
			acctest.WriteFile(t, filepath.Join(w.Dir, "terraform.tfstate"), officialCustomizedState(t, host, tt.plan, attrs))

			takeOverCluster(t, m, w, creds, "the official state", seeded)
		})
	}
}

// takeOverCluster is takeOver of one cluster: every step reads it, and the
// mock's clusters are still seeded at the end.
func takeOverCluster(t *testing.T, m *ovhmock.Mock, w *acctest.Workdir, creds []string, what string, seeded []ovhmock.Cluster) {
	t.Helper()
	takeOver(t, m, w, creds, what, readsCluster, func() error {
		if after := m.Clusters(ovhmock.DefaultProject); !reflect.DeepEqual(after, seeded) {
			before, _ := json.Marshal(seeded)
			now, _ := json.Marshal(after)
			return fmt.Errorf("the mock's cluster changed:\nbefore: %s\nafter:  %s", before, now)
		}
		return nil
	})
}

// TestAccE2E_standardCiliumExample applies the documented Standard-plan
// example: its plan warns about nothing, the API receives the Cilium
// customization exactly as written, and the next plan is empty.
func TestAccE2E_standardCiliumExample(t *testing.T) {
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	raw, err := os.ReadFile("../../examples/resources/ovh_cloud_project_kube/standard-cilium.tf")
	if err != nil {
		t.Fatal(err)
	}
	example := string(raw)
	if !strings.Contains(example, `"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`) {
		t.Fatal("the example no longer has the placeholder project")
	}
	example = strings.Replace(example, `"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`, fmt.Sprintf("%q", ovhmock.DefaultProject), 1)
	m := ovhmock.New(ovhmock.Options{Timings: ovhmock.TestTimings()})
	endpoint := acctest.ServeMock(t, m)
	w := acctest.NewWorkdir(t, binary, providerDir, endpoint,
		acctest.RequiredProviders+"\n"+example)
	acctest.GuardState(t, m, w)
	// TF_LOG is cleared: the output must be what a user sees.
	env := append([]string{"TF_LOG="}, acctest.MockCredentials...)

	out := w.Run(env, "plan", "-no-color")
	for _, title := range []string{standardTitle, ciliumFreeTitle, otherModeTitle, deprecatedTitle} {
		if strings.Contains(out, title) {
			t.Errorf("the plan of the example warns %q:\n%s", title, acctest.Tail(out, 4000))
		}
	}
	w.Run(env, "apply", "-auto-approve", "-no-color")

	clusters := m.Clusters(ovhmock.DefaultProject)
	if len(clusters) != 1 {
		t.Fatalf("the mock has %d clusters, want 1", len(clusters))
	}
	c := clusters[0]
	if c.Plan != "standard" {
		t.Errorf("the cluster's plan is %q, want standard", c.Plan)
	}
	resources := func(reqCPU, reqMem, limCPU, limMem string) *ovhmock.CiliumResources {
		return &ovhmock.CiliumResources{
			Requests: &ovhmock.CiliumResourceList{CPU: ptr(reqCPU), Memory: ptr(reqMem)},
			Limits:   &ovhmock.CiliumResourceList{CPU: ptr(limCPU), Memory: ptr(limMem)},
		}
	}
	want := &ovhmock.CiliumCustomization{
		ClusterID: ptr[int64](1),
		ClusterMesh: &ovhmock.CiliumClusterMesh{Enabled: ptr(true),
			APIServer: &ovhmock.CiliumClusterMeshAPIServer{ServiceType: ptr("LoadBalancer")}},
		Hubble: &ovhmock.CiliumHubble{
			Enabled: ptr(true),
			Relay:   &ovhmock.CiliumHubbleRelay{Enabled: ptr(true)},
			UI: &ovhmock.CiliumHubbleUI{Enabled: ptr(true),
				BackendResources:  resources("50m", "64Mi", "500m", "512Mi"),
				FrontendResources: resources("10m", "32Mi", "200m", "128Mi")},
		},
	}
	var got *ovhmock.CiliumCustomization
	if c.Customization != nil {
		got = c.Customization.Cilium
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		e, _ := json.Marshal(want)
		t.Errorf("the API holds the Cilium customization\n%s\nwant\n%s", g, e)
	}

	out, err = w.Try(env, "plan", "-no-color", "-detailed-exitcode")
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		t.Fatalf("the plan after applying the example is not empty:\n%s", acctest.Tail(out, 4000))
	}
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, acctest.Tail(out, 3000))
	}

	// A setting of the configuration changed outside Terraform is planned
	// back and repaired in place.
	if err := m.ModifyCluster(ovhmock.DefaultProject, c.ID, func(c *ovhmock.Cluster) {
		c.Customization.Cilium.Hubble.UI.BackendResources.Limits.Memory = ptr("1Gi")
	}); err != nil {
		t.Fatal(err)
	}
	out = w.Run(env, "plan", "-no-color")
	checkPlanOutput(t, warningCase{lines: []string{
		"# ovh_cloud_project_kube.standard will be updated in-place",
		`~ memory = "1Gi" -> "512Mi"`,
		"Plan: 0 to add, 1 to change, 0 to destroy.",
	}, notContains: []string{"must be replaced", "forces replacement"}}, out)
	m.ResetRequests()
	w.Run(env, "apply", "-auto-approve", "-no-color")
	if n := m.Counts()["PUT "+acctest.RouteCustomization]; n != 1 {
		t.Errorf("repairing the drift sent %d PUT /customization, want 1: %v", n, m.Counts())
	}
	after, ok := m.Cluster(ovhmock.DefaultProject, c.ID)
	if !ok {
		t.Fatalf("cluster %s is gone", c.ID)
	}
	if after.Customization == nil || !reflect.DeepEqual(after.Customization.Cilium, want) {
		g, _ := json.Marshal(after.Customization)
		t.Errorf("after the repair the API holds the customization %s", g)
	}
	w.Run(env, "destroy", "-auto-approve", "-no-color")
}

// TestAccE2E_ciliumSettingsLeftOut changes, outside Terraform, the Cilium
// settings a configuration leaves out: no plan shows them and no apply
// sends anything.
func TestAccE2E_ciliumSettingsLeftOut(t *testing.T) {
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	m := ovhmock.New(ovhmock.Options{Timings: ovhmock.TestTimings()})
	endpoint := acctest.ServeMock(t, m)
	w := acctest.NewWorkdir(t, binary, providerDir, endpoint, kubeConfig("  plan = \"standard\"\n"+ciliumBlock))
	acctest.GuardState(t, m, w)
	env := append([]string{"TF_LOG="}, acctest.MockCredentials...)
	w.Run(env, "apply", "-auto-approve", "-no-color")
	clusters := m.Clusters(ovhmock.DefaultProject)
	if len(clusters) != 1 {
		t.Fatalf("the mock has %d clusters, want 1", len(clusters))
	}
	id := clusters[0].ID
	if err := m.ModifyCluster(ovhmock.DefaultProject, id, func(c *ovhmock.Cluster) {
		c.Customization.Cilium.ClusterID = ptr[int64](9)
		c.Customization.Cilium.ClusterMesh = &ovhmock.CiliumClusterMesh{Enabled: ptr(true)}
		c.Customization.Cilium.Hubble.UI = &ovhmock.CiliumHubbleUI{Enabled: ptr(false)}
	}); err != nil {
		t.Fatal(err)
	}
	changed, _ := m.Cluster(ovhmock.DefaultProject, id)

	m.ResetRequests()
	out, err := w.Try(env, "plan", "-no-color", "-detailed-exitcode")
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		t.Fatalf("settings left out of the configuration are planned:\n%s", acctest.Tail(out, 4000))
	}
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, acctest.Tail(out, 3000))
	}
	w.Run(env, "apply", "-auto-approve", "-no-color")
	for _, r := range m.Requests() {
		if r.Method != "GET" {
			t.Errorf("plan and apply sent %s %s", r.Method, r.Path)
		}
	}
	if after, _ := m.Cluster(ovhmock.DefaultProject, id); !reflect.DeepEqual(after.Customization, changed.Customization) {
		g, _ := json.Marshal(after.Customization)
		e, _ := json.Marshal(changed.Customization)
		t.Errorf("the customization changed:\n%s\nwant\n%s", g, e)
	}
	w.Run(env, "destroy", "-auto-approve", "-no-color")
}

// TestAccE2E_importedCiliumSettingsLeftOut imports a Standard cluster whose
// Cilium customization holds more than its configuration writes: the
// settings left out are neither planned nor sent back.
func TestAccE2E_importedCiliumSettingsLeftOut(t *testing.T) {
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	m := ovhmock.New(ovhmock.Options{})
	now := time.Now()
	if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{
		ID: customizedID, Name: "customized", Region: "GRA11", Version: "1.32.1", KubeProxyMode: "iptables",
		Status: "READY", Plan: "standard", UpdatePolicy: "ALWAYS_UPDATE",
		URL: "abc123.c1.gra.k8s.ovh.net", NodesURL: "abc123.nodes.c1.gra.k8s.ovh.net",
		CreatedAt: now.Add(-24 * time.Hour), UpdatedAt: now.Add(-time.Hour),
		Customization: &ovhmock.Customization{
			APIServer: &ovhmock.APIServer{AdmissionPlugins: &ovhmock.AdmissionPlugins{
				Enabled: []string{"AlwaysPullImages", "NodeRestriction"}, Disabled: []string{}}},
			Cilium: &ovhmock.CiliumCustomization{
				ClusterID:   ptr[int64](7),
				ClusterMesh: &ovhmock.CiliumClusterMesh{Enabled: ptr(true)},
				Hubble: &ovhmock.CiliumHubble{
					Enabled: ptr(true), Relay: &ovhmock.CiliumHubbleRelay{Enabled: ptr(true)},
					UI: &ovhmock.CiliumHubbleUI{Enabled: ptr(true)},
				},
			},
		},
	}); err != nil {
		t.Fatal(err)
	}
	seeded := m.Clusters(ovhmock.DefaultProject)
	endpoint := acctest.ServeMock(t, m)
	w := acctest.NewWorkdir(t, binary, providerDir, endpoint,
		fmt.Sprintf(customizedConfig, ovhmock.DefaultProject, "standard", ciliumHubbleOnly))
	acctest.GuardState(t, m, w)
	creds := acctest.MockCredentials
	w.Run(creds, "import", "-no-color", "ovh_cloud_project_kube.my_cluster", ovhmock.DefaultProject+"/"+customizedID)
	takeOverCluster(t, m, w, creds, "the imported state", seeded)
}
