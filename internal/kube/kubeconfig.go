package kube

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
