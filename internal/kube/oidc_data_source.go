package kube

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// NewOIDCDataSource returns the ovh_cloud_project_kube_oidc data source.
func NewOIDCDataSource() datasource.DataSource {
	return &oidcDataSource{dataSourceBase{typeName: "_cloud_project_kube_oidc", schema: oidcDataSourceSchema}}
}

type oidcDataSource struct {
	dataSourceBase
}

// oidcDataSourceModel has the resource's attributes, so that what it reads
// fits the resource's arguments as it is.
type oidcDataSourceModel struct {
	oidcAttributes
}

func (m *oidcDataSourceModel) configuredServiceName() types.String { return m.ServiceName }

func oidcDataSourceSchema() schema.Schema {
	attrs := clusterLookupAttributes()
	list := func(description string) schema.ListAttribute {
		return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: description + " `[]` when not set."}
	}
	str := func(description string) schema.StringAttribute {
		return computedString(description + " `\"\"` when not set.")
	}
	maps.Copy(attrs, map[string]schema.Attribute{
		"id":                   computedString("`service_name/kube_id`, the id of the resource of the same name."),
		"issuer_url":           computedString(oidcIssuerDesc),
		"client_id":            computedString(oidcClientDesc),
		"oidc_username_claim":  str(oidcUsernameClaimDesc),
		"oidc_username_prefix": str(oidcUsernamePrefixDesc),
		"oidc_groups_claim":    list(oidcGroupsClaimDesc),
		"oidc_groups_prefix":   str(oidcGroupsPrefixDesc),
		"oidc_required_claim":  list(oidcRequiredClaimDesc),
		"oidc_signing_algs":    list(oidcSigningAlgsDesc),
		"oidc_ca_content":      str(oidcCADesc),
	})
	return schema.Schema{
		MarkdownDescription: "Reads the OpenID Connect (OIDC) configuration of an OVHcloud Managed Kubernetes cluster's API " +
			"server. Attributes have the names and meaning they have on the `ovh_cloud_project_kube_oidc` resource. Reading " +
			"fails when the cluster has no OIDC configuration.",
		Attributes: attrs,
	}
}

func (d *oidcDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg oidcDataSourceModel
	serviceName, ok := readConfig(ctx, req.Config, &cfg, &resp.Diagnostics)
	if !ok {
		return
	}
	kubeID := cfg.KubeID.ValueString()
	o, err := d.client.GetOIDC(ctx, serviceName, kubeID)
	if ovhapi.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("kube_id"), "No OIDC configuration",
			fmt.Sprintf("Cluster %s of project %s has no OIDC configuration, or does not exist: %s. Create one with the "+
				"ovh_cloud_project_kube_oidc resource.", kubeID, serviceName, err))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the OIDC configuration", err.Error())
		return
	}
	var out oidcDataSourceModel
	resp.Diagnostics.Append(out.setFromAPI(ctx, serviceName, kubeID, o)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
