package acctest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// The states the official OVH provider writes, which this provider takes
// over: a user's terraform.tfstate before the switch, as JSON.

// officialState is a state as the official OVH provider (v2.x, SDKv2) writes
// it for the documented IPVS example: sets for the blocks, the API's P0D
// spellings, the computed API server customization, the deprecated
// customization and the Cilium one, and no reset_* attribute. The
// placeholders are the provider host, customization_kube_proxy, the id,
// ip_allocation_policy, the name and the project (see OfficialState).
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

// OfficialState is the terraform.tfstate that the official OVH provider
// (v2.x, SDKv2) writes for the documented IPVS example: cluster id, named
// name, of the default project, under the registry host host (see
// ProviderHost), with kubeProxy and ipAllocation (JSON) as its
// customization_kube_proxy and ip_allocation_policy.
func OfficialState(host, id, name, kubeProxy, ipAllocation string) string {
	return fmt.Sprintf(officialState, host, kubeProxy, id, ipAllocation, name, ovhmock.DefaultProject)
}

// OfficialClusterState is OfficialState for cluster id, named name, of the
// given plan and kube-proxy mode iptables, without kube-proxy settings nor
// IP allocation policy, with attrs (JSON) overriding its attributes and
// more resources after it.
func OfficialClusterState(tb testing.TB, host, id, name, plan string, attrs map[string]string, more ...any) string {
	tb.Helper()
	var state map[string]any
	if err := json.Unmarshal([]byte(OfficialState(host, id, name, "[]", "[]")), &state); err != nil {
		tb.Fatal(err)
	}
	resources := state["resources"].([]any)
	got := resources[0].(map[string]any)["instances"].([]any)[0].(map[string]any)["attributes"].(map[string]any)
	got["plan"] = plan
	got["kube_proxy_mode"] = "iptables"
	for attr, value := range attrs {
		if _, ok := got[attr]; !ok {
			tb.Fatalf("the official state has no attribute %q", attr)
		}
		var v any
		if err := json.Unmarshal([]byte(value), &v); err != nil {
			tb.Fatalf("%s: %v", attr, err)
		}
		got[attr] = v
	}
	state["resources"] = append(resources, more...)
	out, err := json.MarshalIndent(state, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	return string(out)
}

// MigratedOIDCClusterID is the cluster of OfficialOIDC.
const MigratedOIDCClusterID = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"

// officialOIDCTimeouts is the private data the official provider (SDKv2)
// writes for its timeouts: 10 minutes, 5 to read.
var officialOIDCTimeouts = base64.StdEncoding.EncodeToString([]byte(
	`{"e2bfb730-ecaa-11e6-8f88-34363bc7c4c0":{"create":600000000000,"default":600000000000,"delete":600000000000,"read":300000000000,"update":600000000000}}`))

// OfficialOIDC is ovh_cloud_project_kube_oidc.my_oidc as the official
// provider writes it in a state, under the registry host host, for cluster
// MigratedOIDCClusterID: every attribute, "" and [] for what is not set, the
// id service_name/kube_id, null timeouts. attrs override attributes.
func OfficialOIDC(tb testing.TB, host string, attrs map[string]any) map[string]any {
	tb.Helper()
	a := map[string]any{
		"id":                   ovhmock.DefaultProject + "/" + MigratedOIDCClusterID,
		"service_name":         ovhmock.DefaultProject,
		"kube_id":              MigratedOIDCClusterID,
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
			tb.Fatalf("the official state has no attribute %q", k)
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
	// OfficialIPRestrictionsPrivate is the private data of a version with
	// a timeouts block: its timeouts.
	OfficialIPRestrictionsPrivate = "eyJlMmJmYjczMC1lY2FhLTExZTYtOGY4OC0zNDM2M2JjN2M0YzAiOnsiY3JlYXRlIjo2MDAwMDAwMDAwMDAsImRlbGV0ZSI6MzAwMDAwMDAwMDAwLCJ1cGRhdGUiOjMwMDAwMDAwMDAwMH19"
	// OfficialNoPrivate is the private data of an older version: none.
	OfficialNoPrivate = "bnVsbA=="
)

// OfficialIPRestrictions is ovh_cloud_project_kube_iprestrictions.api as
// the official provider writes it in a state, under the registry host host,
// for cluster kubeID of the default project: ips as the API answered them,
// timeouts as the timeouts attribute with its trailing comma, or "" for a
// provider version without a timeouts block, and private as its private
// data (OfficialIPRestrictionsPrivate or OfficialNoPrivate).
func OfficialIPRestrictions(tb testing.TB, host, kubeID string, ips []string, timeouts, private string) any {
	tb.Helper()
	ipsJSON, err := json.Marshal(ips)
	if err != nil {
		tb.Fatal(err)
	}
	var ipr any
	if err := json.Unmarshal([]byte(fmt.Sprintf(officialIPRestrictions, host, ovhmock.DefaultProject, kubeID,
		ipsJSON, timeouts, private)), &ipr); err != nil {
		tb.Fatal(err)
	}
	return ipr
}
