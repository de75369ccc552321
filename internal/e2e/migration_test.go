package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const migratedID = "6f1c2f9e-3b4a-4d5c-8e7f-9a0b1c2d3e4f"

// officialState is a state as the official OVH provider (v2.x, SDKv2) writes
// it for the documented IPVS example: sets for the blocks, the API's P0D
// spellings, the computed API server customization, the deprecated
// customization and the Cilium one, and no reset_* attribute.
const officialState = `{
  "version": 4,
  "terraform_version": "1.5.7",
  "serial": 3,
  "lineage": "0f7a6c1e-2d3b-4c5d-8e9f-0a1b2c3d4e5f",
  "outputs": {},
  "resources": [
    {
      "mode": "managed",
      "type": "ovh_cloud_project_kube",
      "name": "my_cluster",
      "provider": "provider[\"%s/ovh/ovh\"]",
      "instances": [
        {
          "schema_version": 0,
          "attributes": {
            "control_plane_is_up_to_date": true,
            "customization": [],
            "customization_apiserver": [
              {
                "admissionplugins": [
                  {
                    "disabled": [],
                    "enabled": ["AlwaysPullImages", "NodeRestriction"]
                  }
                ]
              }
            ],
            "customization_cilium": [],
            "customization_kube_proxy": %s,
            "id": "%s",
            "ip_allocation_policy": %s,
            "is_up_to_date": true,
            "kube_proxy_mode": "ipvs",
            "kubeconfig": "apiVersion: v1\nkind: Config\n",
            "kubeconfig_attributes": [
              {
                "client_certificate": "Y2VydA==",
                "client_key": "a2V5",
                "cluster_ca_certificate": "Y2E=",
                "host": "https://abc123.c1.gra.k8s.ovh.net"
              }
            ],
            "load_balancers_subnet_id": "",
            "name": "%s",
            "next_upgrade_versions": [],
            "nodes_subnet_id": "",
            "nodes_url": "abc123.nodes.c1.gra.k8s.ovh.net",
            "plan": "free",
            "private_network_configuration": [],
            "private_network_id": "",
            "region": "GRA11",
            "service_name": "%s",
            "status": "READY",
            "timeouts": null,
            "update_policy": "ALWAYS_UPDATE",
            "url": "abc123.c1.gra.k8s.ovh.net",
            "version": "1.32"
          },
          "sensitive_attributes": [],
          "private": "eyJlMmJmYjczMC1lY2FhLTExZTYtOGY4OC0zNDM2M2JjN2M0YzAiOnsiY3JlYXRlIjo5MDAwMDAwMDAwMDAsImRlbGV0ZSI6NjAwMDAwMDAwMDAwLCJyZWFkIjozMDAwMDAwMDAwMDAsInVwZGF0ZSI6MzYwMDAwMDAwMDAwMH19"
        }
      ]
    }
  ],
  "check_results": null
}
`

// seedKubeProxyState is how the official provider stores the documented
// example's customization: with the API's P0D spelling.
const seedKubeProxyState = `[
  {
    "iptables": [{"min_sync_period": "P0D", "sync_period": "P0D"}],
    "ipvs": [{"min_sync_period": "P0D", "scheduler": "rr", "sync_period": "P0D",
              "tcp_fin_timeout": "P0D", "tcp_timeout": "P0D", "udp_timeout": "P0D"}]
  }
]`

// partialConfig sets some kube-proxy settings and one of the two CIDRs.
const partialConfig = `
resource "ovh_cloud_project_kube" "my_cluster" {
  service_name    = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name            = "partial"
  region          = "GRA11"
  kube_proxy_mode = "ipvs"

  customization_kube_proxy {
    ipvs {
      scheduler   = "rr"
      sync_period = "PT60S"
    }
  }

  ip_allocation_policy {
    pods_ipv4_cidr = "10.240.0.0/13"
  }
}
`

// TestAccE2E_officialProviderState takes over a cluster from a state written
// by the official provider: the configuration and the state are used as they
// are, nothing is replaced, no change reaches the API, and the plan after one
// apply is empty.
func TestAccE2E_officialProviderState(t *testing.T) {
	binary := cli(t)
	providerDir := buildProvider(t)
	example, err := os.ReadFile("../../examples/resources/ovh_cloud_project_kube/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	p0d := "P0D"
	tests := []struct {
		name          string
		config        string
		clusterName   string
		customization *ovhmock.Customization
		ipAllocation  *ovhmock.IPAllocationPolicy
		kubeProxy     string // customization_kube_proxy in the official state
		ipState       string // ip_allocation_policy in the official state
	}{
		{
			name: "documented example", config: string(example), clusterName: "my_kube_cluster",
			customization: &ovhmock.Customization{KubeProxy: &ovhmock.KubeProxy{
				IPTables: &ovhmock.IPTables{MinSyncPeriod: p0d, SyncPeriod: p0d},
				IPVS: &ovhmock.IPVS{MinSyncPeriod: p0d, Scheduler: "rr", SyncPeriod: p0d,
					TCPFinTimeout: p0d, TCPTimeout: p0d, UDPTimeout: p0d},
			}},
			kubeProxy: seedKubeProxyState, ipState: "[]",
		},
		{
			// SDKv2 writes "" for every string a block leaves unset, and keeps
			// the CIDR the API chose.
			name: "partial settings", config: partialConfig, clusterName: "partial",
			customization: &ovhmock.Customization{KubeProxy: &ovhmock.KubeProxy{
				IPVS: &ovhmock.IPVS{Scheduler: "rr", SyncPeriod: "PT60S"},
			}},
			ipAllocation: &ovhmock.IPAllocationPolicy{PodsIPv4CIDR: "10.240.0.0/13", ServicesIPv4CIDR: "10.3.0.0/16"},
			kubeProxy: `[{"iptables": [], "ipvs": [{"min_sync_period": "", "scheduler": "rr", "sync_period": "PT60S",
			              "tcp_fin_timeout": "", "tcp_timeout": "", "udp_timeout": ""}]}]`,
			ipState: `[{"pods_ipv4_cidr": "10.240.0.0/13", "services_ipv4_cidr": "10.3.0.0/16"}]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cu := tt.customization
			cu.APIServer = &ovhmock.APIServer{AdmissionPlugins: &ovhmock.AdmissionPlugins{
				Enabled: []string{"AlwaysPullImages", "NodeRestriction"}, Disabled: []string{},
			}}
			m := ovhmock.New(ovhmock.Options{})
			if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{
				ID: migratedID, Name: tt.clusterName, Region: "GRA11", Version: "1.32.1", KubeProxyMode: "ipvs",
				Status: "READY", Plan: "free", UpdatePolicy: "ALWAYS_UPDATE", IsUpToDate: true, ControlPlaneIsUpToDate: true,
				URL: "abc123.c1.gra.k8s.ovh.net", NodesURL: "abc123.nodes.c1.gra.k8s.ovh.net",
				CreatedAt: time.Now().Add(-24 * time.Hour), UpdatedAt: time.Now().Add(-time.Hour),
				Customization: cu, IPAllocationPolicy: tt.ipAllocation,
			}); err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(m)
			t.Cleanup(srv.Close)

			config := "terraform {\n  required_providers {\n    ovh = { source = \"ovh/ovh\" }\n  }\n}\n" +
				strings.Replace(tt.config, `"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`, fmt.Sprintf("%q", ovhmock.DefaultProject), 1)
			w := newWorkdir(t, binary, providerDir, srv.URL+"/1.0", config)
			guardState(t, m, w)
			write(t, filepath.Join(w.dir, "terraform.tfstate"),
				fmt.Sprintf(officialState, providerHost(), tt.kubeProxy, migratedID, tt.ipState, tt.clusterName, ovhmock.DefaultProject))
			takeOver(t, m, w, mockCredentials, "the official state", readsCluster, nil)
		})
	}
}

// officialClusterState is officialState for cluster id, named name, of the
// given plan and kube-proxy mode iptables, with attrs (JSON) overriding its
// attributes and more resources after it.
func officialClusterState(t *testing.T, host, id, name, plan string, attrs map[string]string, more ...any) string {
	t.Helper()
	var state map[string]any
	if err := json.Unmarshal([]byte(fmt.Sprintf(officialState, host, "[]", id, "[]", name, ovhmock.DefaultProject)), &state); err != nil {
		t.Fatal(err)
	}
	resources := state["resources"].([]any)
	got := resources[0].(map[string]any)["instances"].([]any)[0].(map[string]any)["attributes"].(map[string]any)
	got["plan"] = plan
	got["kube_proxy_mode"] = "iptables"
	for attr, value := range attrs {
		if _, ok := got[attr]; !ok {
			t.Fatalf("the official state has no attribute %q", attr)
		}
		var v any
		if err := json.Unmarshal([]byte(value), &v); err != nil {
			t.Fatalf("%s: %v", attr, err)
		}
		got[attr] = v
	}
	state["resources"] = append(resources, more...)
	out, err := json.MarshalIndent(state, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// mockCredentials are the application-key credentials the mock accepts.
var mockCredentials = []string{"OVH_APPLICATION_KEY=" + ovhmock.DefaultApplicationKey,
	"OVH_APPLICATION_SECRET=" + ovhmock.DefaultApplicationSecret, "OVH_CONSUMER_KEY=" + ovhmock.DefaultConsumerKey}

// providerHost is the registry host of the provider's address in a state:
// OpenTofu's when the tests run under it.
func providerHost() string {
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		return host
	}
	return "registry.terraform.io"
}

const kubeconfigRoute = "/cloud/project/{serviceName}/kube/{kubeId}/kubeconfig"

// readsCluster checks that a step read the cluster.
func readsCluster(log []ovhmock.Request) error {
	for _, r := range log {
		if r.Route == "/cloud/project/{serviceName}/kube/{kubeId}" {
			return nil
		}
	}
	return errors.New("did not read the cluster")
}

// takeOver plans, applies and plans again over a state the provider did not
// write (what names it in messages): the first plan replaces nothing, no
// step sends anything but GETs, each step passes reads (what it must have
// read), the plan after the apply is empty, and unchanged, when given, finds
// the mock as it was.
func takeOver(t *testing.T, m *ovhmock.Mock, w *workdir, creds []string, what string,
	reads func([]ovhmock.Request) error, unchanged func() error,
) {
	t.Helper()
	onlyReads := func(step string) {
		t.Helper()
		log := m.Requests()
		for _, r := range log {
			// Fetching the kubeconfig is a POST that changes nothing; the
			// apply after an import does it, and no plan.
			fetch := r.Method == "POST" && r.Route == kubeconfigRoute && strings.HasPrefix(step, "applying")
			if r.Method != "GET" && !fetch {
				t.Errorf("%s sent %s %s (route %s)", step, r.Method, r.Path, r.Route)
			}
		}
		if err := reads(log); err != nil {
			t.Errorf("%s %v", step, err)
		}
		m.ResetRequests()
	}

	m.ResetRequests()
	plan := planSummary(w.run(creds, "plan", "-no-color"))
	onlyReads("the first plan")
	for _, bad := range []string{"must be replaced", "forces replacement", "Error:"} {
		if strings.Contains(plan, bad) {
			t.Fatalf("the first plan over %s contains %q:\n%s", what, bad, plan)
		}
	}
	if strings.Contains(plan, "Plan: ") && (!strings.Contains(plan, "0 to add") || !strings.Contains(plan, "0 to destroy")) {
		t.Fatalf("the first plan over %s adds or destroys:\n%s", what, plan)
	}
	t.Logf("first plan over %s:\n%s", what, plan)

	w.run(creds, "apply", "-auto-approve", "-no-color")
	onlyReads("applying over " + what)

	out, err := w.try(creds, "plan", "-no-color", "-detailed-exitcode")
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		t.Fatalf("the plan after the first apply is not empty:\n%s", planSummary(out))
	}
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, tail(out, 3000))
	}
	onlyReads("the plan after the first apply")

	if unchanged != nil {
		if err := unchanged(); err != nil {
			t.Error(err)
		}
	}
}

// planSummary keeps the lines of a plan that are not TRACE logs.
func planSummary(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.Contains(l, "[TRACE]") && !strings.Contains(l, "[DEBUG]") && !strings.Contains(l, "[INFO]") && !strings.Contains(l, "[WARN]") {
			keep = append(keep, l)
		}
	}
	out = strings.Join(keep, "\n")
	if i := strings.Index(out, "used the selected providers"); i >= 0 {
		out = out[i:]
	}
	return tail(out, 6000)
}
