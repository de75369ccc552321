package e2e

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const migratedIPRClusterID = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"

// officialIPRConfig is the configuration of the official provider's user:
// the cluster, and its IP restrictions written as ips (HCL). The
// placeholders are the project and ips.
const officialIPRConfig = acctest.RequiredProviders + `
resource "ovh_cloud_project_kube" "my_cluster" {
  service_name = %q
  name         = "production"
  region       = "GRA11"
}

resource "ovh_cloud_project_kube_iprestrictions" "api" {
  service_name = ovh_cloud_project_kube.my_cluster.service_name
  kube_id      = ovh_cloud_project_kube.my_cluster.id
  ips          = %s
}
`

// TestAccE2E_officialProviderIPRestrictionsState takes over a cluster and its
// IP restrictions from a state written by the official provider: no step
// sends anything but GETs, the mock's list is untouched, and the plan after
// one apply is empty. With the API's spelling in the configuration the first
// plan changes nothing; with a bare address where the API stores a /32
// block, it shows an update with a warning, which the apply carries out
// without an API call.
func TestAccE2E_officialProviderIPRestrictionsState(t *testing.T) {
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	host := acctest.ProviderHost()
	stored := []string{"198.51.100.7/32", "203.0.113.0/24", "2001:db8::/32"}
	for _, tt := range []struct {
		name      string
		configIPs string
		timeouts  string // the timeouts attribute in the official state, or ""
		private   string
		// respelled is true when the configuration writes a block otherwise
		// than the state.
		respelled bool
	}{
		{
			name:      "same spelling",
			configIPs: `["198.51.100.7/32", "203.0.113.0/24", "2001:db8::/32"]`,
			timeouts:  `"timeouts": null,`, private: acctest.OfficialIPRestrictionsPrivate,
		},
		{
			name:      "bare address, state without timeouts",
			configIPs: `["198.51.100.7", "203.0.113.0/24", "2001:DB8::/32"]`,
			private:   acctest.OfficialNoPrivate, respelled: true,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := ovhmock.New(ovhmock.Options{})
			created := time.Now().Add(-24 * time.Hour)
			if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{
				ID: migratedIPRClusterID, Name: "production", Region: "GRA11", Version: "1.32.1", KubeProxyMode: "iptables",
				Status: "READY", Plan: "free", UpdatePolicy: "ALWAYS_UPDATE", IsUpToDate: true, ControlPlaneIsUpToDate: true,
				URL: "abc123.c1.gra.k8s.ovh.net", NodesURL: "abc123.nodes.c1.gra.k8s.ovh.net",
				CreatedAt: created, UpdatedAt: created,
				Customization: &ovhmock.Customization{APIServer: &ovhmock.APIServer{AdmissionPlugins: &ovhmock.AdmissionPlugins{
					Enabled: []string{"AlwaysPullImages", "NodeRestriction"}, Disabled: []string{},
				}}},
			}); err != nil {
				t.Fatal(err)
			}
			if err := m.SetIPRestrictions(ovhmock.DefaultProject, migratedIPRClusterID, stored); err != nil {
				t.Fatal(err)
			}
			endpoint := acctest.ServeMock(t, m)

			w := acctest.NewWorkdir(t, binary, providerDir, endpoint, fmt.Sprintf(officialIPRConfig, ovhmock.DefaultProject, tt.configIPs))
			acctest.GuardState(t, m, w)
			ipr := acctest.OfficialIPRestrictions(t, host, migratedIPRClusterID, stored, tt.timeouts, tt.private)
			acctest.WriteFile(t, filepath.Join(w.Dir, "terraform.tfstate"),
				acctest.OfficialClusterState(t, host, migratedIPRClusterID, "production", "free", nil, ipr))

			if tt.respelled {
				plan := planSummary(w.Run(acctest.MockCredentials, "plan", "-no-color"))
				for _, want := range []string{
					"ovh_cloud_project_kube_iprestrictions.api will be updated in-place",
					"Warning: IP restrictions differ only in spelling",
					`"198.51.100.7" (the API: "198.51.100.7/32")`,
					`"2001:DB8::/32" (the API: "2001:db8::/32")`,
				} {
					if !strings.Contains(collapseSpace(plan), collapseSpace(want)) {
						t.Errorf("the first plan lacks %q:\n%s", want, plan)
					}
				}
			}
			readsIPs := func(log []ovhmock.Request) error {
				if !slices.ContainsFunc(log, func(r ovhmock.Request) bool {
					return r.Route == acctest.RouteIPRestrictions
				}) {
					return errors.New("did not read the IP restrictions")
				}
				return readsCluster(log)
			}
			takeOver(t, m, w, acctest.MockCredentials, "the official state", readsIPs, func() error {
				if got, _ := m.IPRestrictions(ovhmock.DefaultProject, migratedIPRClusterID); !slices.Equal(got, stored) {
					return fmt.Errorf("the mock's IP restrictions changed: %q, were %q", got, stored)
				}
				return nil
			})
		})
	}
}
