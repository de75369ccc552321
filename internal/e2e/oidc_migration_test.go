package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const oidcClusterID = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"

// officialOIDCTimeouts is the private data the official provider (SDKv2)
// writes for its timeouts: 10 minutes, 5 to read.
var officialOIDCTimeouts = base64.StdEncoding.EncodeToString([]byte(
	`{"e2bfb730-ecaa-11e6-8f88-34363bc7c4c0":{"create":600000000000,"default":600000000000,"delete":600000000000,"read":300000000000,"update":600000000000}}`))

// officialOIDC is ovh_cloud_project_kube_oidc as the official provider
// writes it: every attribute, "" and [] for what is not set, the id
// service_name/kube_id, null timeouts. attrs override attributes.
func officialOIDC(t *testing.T, host string, attrs map[string]any) map[string]any {
	t.Helper()
	a := map[string]any{
		"id":                   ovhmock.DefaultProject + "/" + oidcClusterID,
		"service_name":         ovhmock.DefaultProject,
		"kube_id":              oidcClusterID,
		"issuer_url":           "https://keycloak.example.com/realms/kubernetes",
		"client_id":            "kubernetes",
		"oidc_username_claim":  "",
		"oidc_username_prefix": "",
		"oidc_groups_claim":    []string{},
		"oidc_groups_prefix":   "",
		"oidc_required_claim":  []string{},
		"oidc_signing_algs":    []string{},
		"oidc_ca_content":      "",
		"timeouts":             nil,
	}
	for k, v := range attrs {
		if _, ok := a[k]; !ok {
			t.Fatalf("the official state has no attribute %q", k)
		}
		a[k] = v
	}
	return map[string]any{
		"mode": "managed", "type": "ovh_cloud_project_kube_oidc", "name": "my_oidc",
		"provider": fmt.Sprintf(`provider["%s/ovh/ovh"]`, host),
		"instances": []any{map[string]any{
			"schema_version": 0, "attributes": a, "sensitive_attributes": []any{},
			"private": officialOIDCTimeouts, "dependencies": []string{"ovh_cloud_project_kube.my_cluster"},
		}},
	}
}

// oidcTakeOverConfig is what a user of the official provider has: the
// cluster, and its OIDC configuration with the given arguments.
const oidcTakeOverConfig = `terraform {
  required_providers {
    ovh = { source = "ovh/ovh" }
  }
}

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

// e2eCAContent is base64 of a freshly generated CA certificate.
func e2eCAContent(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Keycloak CA"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// TestAccE2E_officialProviderOIDCState takes over a cluster and its OIDC
// configuration from a state written by the official provider, with the
// configuration its user has: with every setting, with only the two
// required ones (the state then holds "" and []), and with null lists (the
// official provider's later versions write null for a list the API leaves
// out), the first plan leaves the OIDC configuration alone. No step sends
// anything but GETs, the mock's configuration and cluster are untouched,
// and the plan after one apply is empty.
func TestAccE2E_officialProviderOIDCState(t *testing.T) {
	binary := cli(t)
	providerDir := buildProvider(t)
	host := providerHost()
	ca := e2eCAContent(t)
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
				ID: oidcClusterID, Name: "production", Region: "GRA11", Version: "1.32.1", KubeProxyMode: "iptables",
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
			if err := m.SetOIDC(ovhmock.DefaultProject, oidcClusterID, &api); err != nil {
				t.Fatal(err)
			}
			seededOIDC, _ := m.OIDC(ovhmock.DefaultProject, oidcClusterID)
			seededClusters := m.Clusters(ovhmock.DefaultProject)
			srv := httptest.NewServer(m)
			t.Cleanup(srv.Close)

			w := newWorkdir(t, binary, providerDir, srv.URL+"/1.0", fmt.Sprintf(oidcTakeOverConfig, ovhmock.DefaultProject, tt.args))
			guardState(t, m, w)
			write(t, filepath.Join(w.dir, "terraform.tfstate"),
				officialClusterState(t, host, oidcClusterID, "production", "free", nil, officialOIDC(t, host, tt.stateArgs)))

			// The cluster's own first plan may update its state (see
			// TestAccE2E_officialProviderState); the OIDC configuration's
			// plans nothing.
			if plan := planSummary(w.run(mockCredentials, "plan", "-no-color")); strings.Contains(plan, "ovh_cloud_project_kube_oidc.my_oidc") {
				t.Fatalf("the first plan over the official state changes the OIDC configuration:\n%s", plan)
			}
			readsOIDC := func(log []ovhmock.Request) error {
				for _, r := range log {
					if r.Route == "/cloud/project/{serviceName}/kube/{kubeId}/openIdConnect" {
						return readsCluster(log)
					}
				}
				return errors.New("did not read the OIDC configuration")
			}
			takeOver(t, m, w, mockCredentials, "the official state", readsOIDC, func() error {
				if got, ok := m.OIDC(ovhmock.DefaultProject, oidcClusterID); !ok || !reflect.DeepEqual(got, seededOIDC) {
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
