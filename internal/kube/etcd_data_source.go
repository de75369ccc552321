package kube

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewEtcdUsageDataSource returns the ovh_cloud_project_kube_etcd_usage data
// source. Like every data source, it is read at each plan (and refresh), so
// that a check block on it judges the usage of the moment.
func NewEtcdUsageDataSource() datasource.DataSource {
	return &etcdUsageDataSource{dataSourceBase{typeName: "_cloud_project_kube_etcd_usage", schema: etcdUsageDataSourceSchema}}
}

type etcdUsageDataSource struct {
	dataSourceBase
}

type etcdUsageDataSourceModel struct {
	clusterLookupModel
	Quota      types.Int64   `tfsdk:"quota"`
	Usage      types.Int64   `tfsdk:"usage"`
	UsageRatio types.Float64 `tfsdk:"usage_ratio"`
}

func etcdUsageDataSourceSchema() schema.Schema {
	attrs := clusterLookupAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"quota": computedInt64("The size the cluster's etcd data may not exceed, in bytes. Once it is reached, etcd " +
			"accepts only reads and deletions."),
		"usage": computedInt64("The size of the cluster's etcd data, in bytes."),
		"usage_ratio": schema.Float64Attribute{
			Computed: true,
			MarkdownDescription: "`usage` divided by `quota`: from 0 to 1 as the data fills the quota (at or past 1, the " +
				"quota is reached); 0 when the API reports no quota.",
		},
	})
	return schema.Schema{
		MarkdownDescription: "Reads the etcd usage of an OVHcloud Managed Kubernetes cluster: the size of its etcd data and " +
			"the quota it may not exceed. The data source is read again at every plan, so a `check` block on " +
			"`usage_ratio` warns before the quota is reached.",
		Attributes: attrs,
	}
}

func (d *etcdUsageDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg etcdUsageDataSourceModel
	serviceName, ok := readConfig(ctx, req.Config, &cfg, &resp.Diagnostics)
	if !ok {
		return
	}
	kubeID := cfg.KubeID.ValueString()
	u, err := d.client.GetEtcdUsage(ctx, serviceName, kubeID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the etcd usage",
			fmt.Sprintf("Reading the etcd usage of cluster %s in project %s: %s", kubeID, serviceName, err))
		return
	}
	cfg.ServiceName = types.StringValue(serviceName)
	cfg.Quota, cfg.Usage = types.Int64Value(u.Quota), types.Int64Value(u.Usage)
	cfg.UsageRatio = types.Float64Value(usageRatio(u.Usage, u.Quota))
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// usageRatio is usage/quota, 0 without a quota.
func usageRatio(usage, quota int64) float64 {
	if quota <= 0 {
		return 0
	}
	return float64(usage) / float64(quota)
}
