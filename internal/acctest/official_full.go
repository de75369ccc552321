package acctest

import (
	"encoding/json"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// OfficialResourceTypes are the Managed Kubernetes resource types that the
// official OVH provider (v2.x) serves and this provider serves too.
var OfficialResourceTypes = []string{
	"ovh_cloud_project_kube", "ovh_cloud_project_kube_nodepool",
	"ovh_cloud_project_kube_iprestrictions", "ovh_cloud_project_kube_oidc",
	"ovh_cloud_project_kube_log_subscription",
}

// OfficialDataSourceTypes are the Managed Kubernetes data source types that
// the official OVH provider (v2.x) serves and this provider serves too. The
// official provider has no ephemeral resource.
var OfficialDataSourceTypes = []string{
	"ovh_cloud_project_kube", "ovh_cloud_project_kube_nodepool", "ovh_cloud_project_kube_nodepool_nodes",
	"ovh_cloud_project_kube_nodes", "ovh_cloud_project_kube_iprestrictions", "ovh_cloud_project_kube_oidc",
}

// MigratedIPs are the IP restrictions of OfficialFullState, as the API
// stores them.
var MigratedIPs = []string{"198.51.100.7/32", "203.0.113.0/24"}

// OfficialFullState is the official provider's state, under the registry
// host host, of the cluster MigratedPoolClusterID (Free plan) with its two
// node pools backend and workers (OfficialPoolsState), its IP restrictions
// api (MigratedIPs), its OIDC configuration my_oidc with the two
// required settings only, and its audit log subscription audit
// (OfficialLogSubscription): what SeedOfficialFull puts in a mock.
func OfficialFullState(tb testing.TB, host string) string {
	tb.Helper()
	var state map[string]any
	if err := json.Unmarshal([]byte(OfficialPoolsState(tb, host, "free", "[]")), &state); err != nil {
		tb.Fatal(err)
	}
	oidc := OfficialOIDC(tb, host, map[string]any{
		"id": ovhmock.DefaultProject + "/" + MigratedPoolClusterID, "kube_id": MigratedPoolClusterID,
	})
	state["resources"] = append(state["resources"].([]any),
		OfficialIPRestrictions(tb, host, MigratedPoolClusterID, MigratedIPs, `"timeouts": null,`, OfficialIPRestrictionsPrivate), oidc,
		OfficialLogSubscription(tb, host, MigratedPoolClusterID, nil))
	out, err := json.MarshalIndent(state, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	return string(out)
}

// SeedOfficialFull puts into m what OfficialFullState describes: the
// cluster and node pools of SeedOfficialPools (Free plan), MigratedIPs as
// the cluster's IP restrictions, and an OIDC configuration with the issuer
// and client id of OfficialOIDC.
func SeedOfficialFull(tb testing.TB, m *ovhmock.Mock) {
	tb.Helper()
	SeedOfficialPools(tb, m, "free", nil)
	if err := m.SetIPRestrictions(ovhmock.DefaultProject, MigratedPoolClusterID, MigratedIPs); err != nil {
		tb.Fatal(err)
	}
	if err := m.SetOIDC(ovhmock.DefaultProject, MigratedPoolClusterID, &ovhmock.OpenIDConnect{
		IssuerURL: "https://keycloak.example.com/realms/kubernetes", ClientID: "kubernetes",
	}); err != nil {
		tb.Fatal(err)
	}
	SeedOfficialLogSubscription(tb, m, MigratedPoolClusterID)
}

// OfficialAttributes maps each resource type of OfficialResourceTypes to
// the top-level attributes and blocks of the official provider's schema,
// as its states hold them (OfficialState, OfficialPoolsState,
// OfficialIPRestrictions, OfficialOIDC, OfficialLogSubscription): a name missing here is one the
// official provider does not know, and its validate refuses in a
// configuration.
func OfficialAttributes(tb testing.TB) map[string]map[string]bool {
	tb.Helper()
	var state struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(OfficialFullState(tb, "registry.terraform.io")), &state); err != nil {
		tb.Fatal(err)
	}
	out := map[string]map[string]bool{}
	for _, r := range state.Resources {
		if out[r.Type] == nil {
			out[r.Type] = map[string]bool{}
		}
		for _, in := range r.Instances {
			for name := range in.Attributes {
				out[r.Type][name] = true
			}
		}
	}
	for _, typ := range OfficialResourceTypes {
		if len(out[typ]) == 0 {
			tb.Fatalf("no official state of %s", typ)
		}
	}
	return out
}
