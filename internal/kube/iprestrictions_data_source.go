package kube

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewIPRestrictionsDataSource returns the
// ovh_cloud_project_kube_iprestrictions data source.
func NewIPRestrictionsDataSource() datasource.DataSource {
	return &ipRestrictionsDataSource{dataSourceBase{typeName: "_cloud_project_kube_iprestrictions", schema: ipRestrictionsDataSourceSchema}}
}

type ipRestrictionsDataSource struct {
	dataSourceBase
}

type ipRestrictionsDataSourceModel struct {
	clusterLookupModel
	ID  types.String `tfsdk:"id"`
	IPs types.Set    `tfsdk:"ips"`
}

func (d *ipRestrictionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg ipRestrictionsDataSourceModel
	serviceName, ok := readConfig(ctx, req.Config, &cfg, &resp.Diagnostics)
	if !ok {
		return
	}
	kubeID := cfg.KubeID.ValueString()
	ips, err := d.client.GetIPRestrictions(ctx, serviceName, kubeID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the IP restrictions",
			fmt.Sprintf("Reading the IP restrictions of cluster %s in project %s: %s", kubeID, serviceName, err))
		return
	}
	// An empty set, never a null one, for a cluster without restriction.
	set, diags := types.SetValueFrom(ctx, types.StringType, blockKeysAsListed(ips))
	resp.Diagnostics.Append(diags...)
	cfg.ServiceName, cfg.ID, cfg.IPs = types.StringValue(serviceName), cfg.KubeID, set
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// blockKeysAsListed keeps the API's spelling of each block, once.
func blockKeysAsListed(ips []string) []string {
	out := make([]string, 0, len(ips))
	seen := map[string]bool{}
	for _, ip := range ips {
		if !seen[ip] {
			seen[ip] = true
			out = append(out, ip)
		}
	}
	return out
}
