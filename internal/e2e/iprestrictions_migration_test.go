package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const migratedIPRClusterID = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"

// officialIPRestrictions is ovh_cloud_project_kube_iprestrictions as the
// official OVH provider (v2.x, SDKv2) writes it: the id is the cluster's,
// ips is the list the API answered, in its spelling, and the timeouts are
// null, with their values in the private data when that provider version
// has a timeouts block. The placeholders are the provider host, the project,
// the cluster id, ips (JSON), the timeouts attribute (with its trailing
// comma, or nothing) and the private data.
const officialIPRestrictions = `{
  "mode": "managed",
  "type": "ovh_cloud_project_kube_iprestrictions",
  "name": "api",
  "provider": "provider[\"%[1]s/ovh/ovh\"]",
  "instances": [
    {
      "schema_version": 0,
      "attributes": {
        %[5]s
        "id": "%[3]s",
        "ips": %[4]s,
        "kube_id": "%[3]s",
        "service_name": "%[2]s"
      },
      "sensitive_attributes": [],
      "private": %[6]q,
      "dependencies": ["ovh_cloud_project_kube.my_cluster"]
    }
  ]
}`

// Private data of the official resource: its timeouts (10, 5 and 5 minutes)
// where it has a timeouts block, none in older versions.
const (
	iprTimeoutsPrivate = "eyJlMmJmYjczMC1lY2FhLTExZTYtOGY4OC0zNDM2M2JjN2M0YzAiOnsiY3JlYXRlIjo2MDAwMDAwMDAwMDAsImRlbGV0ZSI6MzAwMDAwMDAwMDAwLCJ1cGRhdGUiOjMwMDAwMDAwMDAwMH19"
	noPrivate          = "bnVsbA=="
)

// officialIPRConfig is the configuration of the official provider's user:
// the cluster, and its IP restrictions written as ips (HCL). The
// placeholders are the project and ips.
const officialIPRConfig = `terraform {
  required_providers {
    ovh = { source = "ovh/ovh" }
  }
}

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
	binary := cli(t)
	providerDir := buildProvider(t)
	host := providerHost()
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
			timeouts:  `"timeouts": null,`, private: iprTimeoutsPrivate,
		},
		{
			name:      "bare address, state without timeouts",
			configIPs: `["198.51.100.7", "203.0.113.0/24", "2001:DB8::/32"]`,
			private:   noPrivate, respelled: true,
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
			srv := httptest.NewServer(m)
			t.Cleanup(srv.Close)

			w := newWorkdir(t, binary, providerDir, srv.URL+"/1.0", fmt.Sprintf(officialIPRConfig, ovhmock.DefaultProject, tt.configIPs))
			guardState(t, m, w)
			ipsJSON, err := json.Marshal(stored)
			if err != nil {
				t.Fatal(err)
			}
			var ipr any
			if err := json.Unmarshal([]byte(fmt.Sprintf(officialIPRestrictions, host, ovhmock.DefaultProject, migratedIPRClusterID,
				ipsJSON, tt.timeouts, tt.private)), &ipr); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(w.dir, "terraform.tfstate"),
				officialClusterState(t, host, migratedIPRClusterID, "production", "free", nil, ipr))

			if tt.respelled {
				plan := planSummary(w.run(mockCredentials, "plan", "-no-color"))
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
					return r.Route == "/cloud/project/{serviceName}/kube/{kubeId}/ipRestrictions"
				}) {
					return errors.New("did not read the IP restrictions")
				}
				return readsCluster(log)
			}
			takeOver(t, m, w, mockCredentials, "the official state", readsIPs, func() error {
				if got, _ := m.IPRestrictions(ovhmock.DefaultProject, migratedIPRClusterID); !slices.Equal(got, stored) {
					return fmt.Errorf("the mock's IP restrictions changed: %q, were %q", got, stored)
				}
				return nil
			})
		})
	}
}
