package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// oidcTakeOverConfig is what a user of the official provider has: the
// cluster, and its OIDC configuration with the given arguments.
const oidcTakeOverConfig = acctest.RequiredProviders + `
resource "ovh_cloud_project_kube" "my_cluster" {
  service_name = %q
  name         = "production"
  region       = "GRA11"
  plan         = "free"
}

resource "ovh_cloud_project_kube_oidc" "my_oidc" {
  service_name = ovh_cloud_project_kube.my_cluster.service_name
  kube_id      = ovh_cloud_project_kube.my_cluster.id
  issuer_url   = "https://keycloak.example.com/realms/kubernetes"
  client_id    = "kubernetes"
%s}
`

// TestAccE2E_officialProviderOIDCState takes over a cluster and its OIDC
// configuration from a state written by the official provider, with the
// configuration its user has: with every setting, with only the two
// required ones (the state then holds "" and []), and with null lists (the
// official provider's later versions write null for a list the API leaves
// out), the first plan leaves the OIDC configuration alone. No step sends
// anything but GETs, the mock's configuration and cluster are untouched,
// and the plan after one apply is empty.
func TestAccE2E_officialProviderOIDCState(t *testing.T) {
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	host := acctest.ProviderHost()
	ca := acctest.CAContent(t, "Keycloak CA")
	created := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	for _, tt := range []struct {
		name      string
		args      string                // the configuration's OIDC arguments besides issuer_url and client_id
		stateArgs map[string]any        // in the official state
		api       ovhmock.OpenIDConnect // besides issuer and client id
	}{
		{
			name: "every setting",
			args: fmt.Sprintf(`  oidc_username_claim  = "preferred_username"
  oidc_username_prefix = "keycloak:"
  oidc_groups_claim    = ["groups"]
  oidc_groups_prefix   = "keycloak:"
  oidc_required_claim  = ["aud=kubernetes"]
  oidc_signing_algs    = ["RS256", "ES256"]
  oidc_ca_content      = %q
`, ca),
			stateArgs: map[string]any{
				"oidc_username_claim": "preferred_username", "oidc_username_prefix": "keycloak:", "oidc_groups_claim": []string{"groups"},
				"oidc_groups_prefix": "keycloak:", "oidc_required_claim": []string{"aud=kubernetes"},
				"oidc_signing_algs": []string{"RS256", "ES256"}, "oidc_ca_content": ca,
			},
			api: ovhmock.OpenIDConnect{UsernameClaim: "preferred_username", UsernamePrefix: "keycloak:", GroupsClaim: []string{"groups"},
				GroupsPrefix: "keycloak:", RequiredClaim: []string{"aud=kubernetes"}, SigningAlgorithms: []string{"RS256", "ES256"}, CAContent: ca},
		},
		{name: "required arguments only"},
		{
			name: "null lists",
			stateArgs: map[string]any{
				"oidc_groups_claim": nil, "oidc_required_claim": nil, "oidc_signing_algs": nil,
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := ovhmock.New(ovhmock.Options{})
			if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{
				ID: acctest.MigratedOIDCClusterID, Name: "production", Region: "GRA11", Version: "1.32.1", KubeProxyMode: "iptables",
				Status: "READY", Plan: "free", UpdatePolicy: "ALWAYS_UPDATE", IsUpToDate: true, ControlPlaneIsUpToDate: true,
				URL: "abc123.c1.gra.k8s.ovh.net", NodesURL: "abc123.nodes.c1.gra.k8s.ovh.net", CreatedAt: created, UpdatedAt: created,
				Customization: &ovhmock.Customization{APIServer: &ovhmock.APIServer{AdmissionPlugins: &ovhmock.AdmissionPlugins{
					Enabled: []string{"AlwaysPullImages", "NodeRestriction"}, Disabled: []string{},
				}}},
			}); err != nil {
				t.Fatal(err)
			}
			api := tt.api
			api.IssuerURL, api.ClientID = "https://keycloak.example.com/realms/kubernetes", "kubernetes"
			if err := m.SetOIDC(ovhmock.DefaultProject, acctest.MigratedOIDCClusterID, &api); err != nil {
				t.Fatal(err)
			}
			seededOIDC, _ := m.OIDC(ovhmock.DefaultProject, acctest.MigratedOIDCClusterID)
			seededClusters := m.Clusters(ovhmock.DefaultProject)
			endpoint := acctest.ServeMock(t, m)

			w := acctest.NewWorkdir(t, binary, providerDir, endpoint, fmt.Sprintf(oidcTakeOverConfig, ovhmock.DefaultProject, tt.args))
			acctest.GuardState(t, m, w)
			acctest.WriteFile(t, filepath.Join(w.Dir, "terraform.tfstate"),
				acctest.OfficialClusterState(t, host, acctest.MigratedOIDCClusterID, "production", "free", nil, acctest.OfficialOIDC(t, host, tt.stateArgs)))

			// The cluster's own first plan may update its state (see
			// TestAccE2E_officialProviderState); the OIDC configuration's
			// plans nothing.
			if plan := planSummary(w.Run(acctest.MockCredentials, "plan", "-no-color")); strings.Contains(plan, "ovh_cloud_project_kube_oidc.my_oidc") {
				t.Fatalf("the first plan over the official state changes the OIDC configuration:\n%s", plan)
			}
			readsOIDC := func(log []ovhmock.Request) error {
				for _, r := range log {
					if r.Route == acctest.RouteOIDC {
						return readsCluster(log)
					}
				}
				return errors.New("did not read the OIDC configuration")
			}
			takeOver(t, m, w, acctest.MockCredentials, "the official state", readsOIDC, func() error {
				if got, ok := m.OIDC(ovhmock.DefaultProject, acctest.MigratedOIDCClusterID); !ok || !reflect.DeepEqual(got, seededOIDC) {
					return fmt.Errorf("the mock's OIDC configuration changed:\nbefore: %+v\nafter:  %+v", seededOIDC, got)
				}
				if after := m.Clusters(ovhmock.DefaultProject); !reflect.DeepEqual(after, seededClusters) {
					before, _ := json.Marshal(seededClusters)
					now, _ := json.Marshal(after)
					return fmt.Errorf("the mock's cluster changed:\nbefore: %s\nafter:  %s", before, now)
				}
				return nil
			})
		})
	}
}
