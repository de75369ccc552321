package kube

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"gopkg.in/yaml.v3"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// kubeconfigAttrTypes are the parts of a kubeconfig that
// kubeconfig_attributes exposes.
var kubeconfigAttrTypes = map[string]attr.Type{
	"host":                   types.StringType,
	"cluster_ca_certificate": types.StringType,
	"client_certificate":     types.StringType,
	"client_key":             types.StringType,
}

func kubeconfigElemType() types.ObjectType {
	return types.ObjectType{AttrTypes: kubeconfigAttrTypes}
}

// kubeconfigFile is the part of a kubeconfig file that is read.
type kubeconfigFile struct {
	Clusters []struct {
		Cluster struct {
			Server                   string `yaml:"server"`
			CertificateAuthorityData string `yaml:"certificate-authority-data"`
		} `yaml:"cluster"`
	} `yaml:"clusters"`
	Users []struct {
		User struct {
			ClientCertificateData string `yaml:"client-certificate-data"`
			ClientKeyData         string `yaml:"client-key-data"`
		} `yaml:"user"`
	} `yaml:"users"`
}

// kubeconfigParts are the first cluster and user of a kubeconfig, with the
// certificate fields still base64-encoded as the file holds them.
type kubeconfigParts struct {
	Host, ClusterCACertificate, ClientCertificate, ClientKey string
}

// parseKubeconfig reads a kubeconfig. Errors never quote the content: it
// holds a private key.
func parseKubeconfig(content string) (kubeconfigParts, diag.Diagnostics) {
	var diags diag.Diagnostics
	var f kubeconfigFile
	if err := yaml.Unmarshal([]byte(content), &f); err != nil || len(f.Clusters) == 0 || len(f.Users) == 0 {
		diags.AddError("Invalid kubeconfig from the API",
			"The kubeconfig returned by the API could not be read (it needs at least one cluster and one user). "+
				"Its content is not shown because it holds credentials.")
		return kubeconfigParts{}, diags
	}
	p := kubeconfigParts{
		Host:                 f.Clusters[0].Cluster.Server,
		ClusterCACertificate: f.Clusters[0].Cluster.CertificateAuthorityData,
		ClientCertificate:    f.Users[0].User.ClientCertificateData,
		ClientKey:            f.Users[0].User.ClientKeyData,
	}
	for _, field := range []string{p.ClusterCACertificate, p.ClientCertificate, p.ClientKey} {
		if _, err := base64.StdEncoding.DecodeString(field); err != nil {
			diags.AddError("Invalid kubeconfig from the API", fmt.Sprintf("A certificate field of the kubeconfig is not base64 (%v). Its content is not shown because it holds credentials.", errKind(err)))
			return kubeconfigParts{}, diags
		}
	}
	return p, diags
}

// list is the kubeconfig_attributes value.
func (p kubeconfigParts) list() (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	obj, d := types.ObjectValue(kubeconfigAttrTypes, map[string]attr.Value{
		"host":                   types.StringValue(p.Host),
		"cluster_ca_certificate": types.StringValue(p.ClusterCACertificate),
		"client_certificate":     types.StringValue(p.ClientCertificate),
		"client_key":             types.StringValue(p.ClientKey),
	})
	diags.Append(d...)
	list, d := types.ListValue(kubeconfigElemType(), []attr.Value{obj})
	diags.Append(d...)
	return list, diags
}

// errKind names an error's type without its text, which may quote the input.
func errKind(err error) string {
	if _, ok := err.(base64.CorruptInputError); ok {
		return "corrupt base64 input"
	}
	return "unreadable value"
}

// fetchKubeconfig asks the API for the cluster's kubeconfig and reads it.
func fetchKubeconfig(ctx context.Context, c *ovhapi.Client, serviceName, kubeID string) (string, kubeconfigParts, diag.Diagnostics) {
	var diags diag.Diagnostics
	content, err := c.Kubeconfig(ctx, serviceName, kubeID)
	if err != nil {
		diags.AddError("Cannot fetch the kubeconfig", err.Error())
		return "", kubeconfigParts{}, diags
	}
	parts, d := parseKubeconfig(content)
	diags.Append(d...)
	return content, parts, diags
}

// A kubeconfig reset (the ovh_cloud_project_kube_kubeconfig_reset action, the
// Control Panel, another tool) revokes the kubeconfig a cluster's state
// holds, from another process than the next plan's: only the API can tell
// that plan. GET of the cluster shows nothing of its certificates, but its
// updatedAt moves with every change, a kubeconfig reset included. The
// cluster's private state records the updatedAt at which the state's
// kubeconfig was last known to be the cluster's (privateKubeconfigCheckedAt).
// When a refresh finds another one, the cluster changed since: the refresh
// fetches the kubeconfig once and compares its certificate authority with the
// stored one's. A reset regenerates the authority (Kubernetes cannot revoke
// a client certificate, so "every former kubeconfig stops working" takes a
// new one); any other change leaves it. A new authority drops the stored
// kubeconfig, so the plan shows it fetched again by the next apply; either
// way the new updatedAt is recorded.

// privateKubeconfigCheckedAt is the private state key of that record, a JSON
// string.
const privateKubeconfigCheckedAt = "kubeconfig_checked_at"

// recordKubeconfigChecked records that the state's kubeconfig is the one of
// cluster k as the API shows it now.
func recordKubeconfigChecked(ctx context.Context, private privateWriter, k *ovhapi.Kube) diag.Diagnostics {
	if private == nil || k == nil || k.UpdatedAt == "" {
		return nil
	}
	raw, _ := json.Marshal(k.UpdatedAt)
	return private.SetKey(ctx, privateKubeconfigCheckedAt, raw)
}

// kubeconfigCheckedAt is the record, or "" when there is none.
func kubeconfigCheckedAt(ctx context.Context, private privateReader) string {
	if private == nil {
		return ""
	}
	raw, d := private.GetKey(ctx, privateKubeconfigCheckedAt)
	if d.HasError() {
		return ""
	}
	var at string
	if json.Unmarshal(raw, &at) != nil {
		return ""
	}
	return at
}

// kubeconfigCheckedAtRaw is kubeconfigCheckedAt from the private state's
// bytes as the protocol carries them (a JSON object of base64 values), for
// the refresh shortcut, which runs without the framework.
func kubeconfigCheckedAtRaw(private []byte) string {
	if len(private) == 0 {
		return ""
	}
	var keys map[string][]byte
	if json.Unmarshal(private, &keys) != nil {
		return ""
	}
	var at string
	if json.Unmarshal(keys[privateKubeconfigCheckedAt], &at) != nil {
		return ""
	}
	return at
}

// kubeconfigRevoked reports whether the stored kubeconfig of m no longer
// belongs to the cluster, whose updatedAt moved since checkedAt: the
// kubeconfig the API gives now has another certificate authority. ok is
// false when that could not be found out (the fetch failed): nothing is
// recorded then, and the next refresh looks again.
func kubeconfigRevoked(ctx context.Context, c *ovhapi.Client, m *clusterModel) (revoked, ok bool) {
	stored, d := parseKubeconfig(m.Kubeconfig.ValueString())
	if d.HasError() {
		// A stored kubeconfig this provider cannot read is fetched again.
		return true, true
	}
	_, fresh, d := fetchKubeconfig(ctx, c, m.ServiceName.ValueString(), m.ID.ValueString())
	if d.HasError() {
		tflog.Warn(ctx, "the cluster changed since its kubeconfig was stored, and fetching the kubeconfig to compare failed; the next refresh tries again",
			map[string]any{"kube_id": m.ID.ValueString(), "error": d.Errors()[0].Detail()})
		return false, false
	}
	return fresh.ClusterCACertificate != stored.ClusterCACertificate, true
}
