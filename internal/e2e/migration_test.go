package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const migratedID = "6f1c2f9e-3b4a-4d5c-8e7f-9a0b1c2d3e4f"

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
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
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
			endpoint := acctest.ServeMock(t, m)

			config := acctest.RequiredProviders +
				strings.Replace(tt.config, `"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`, fmt.Sprintf("%q", ovhmock.DefaultProject), 1)
			w := acctest.NewWorkdir(t, binary, providerDir, endpoint, config)
			acctest.GuardState(t, m, w)
			acctest.WriteFile(t, filepath.Join(w.Dir, "terraform.tfstate"),
				acctest.OfficialState(acctest.ProviderHost(), migratedID, tt.clusterName, tt.kubeProxy, tt.ipState))
			takeOver(t, m, w, acctest.MockCredentials, "the official state", readsCluster, nil)
		})
	}
}
