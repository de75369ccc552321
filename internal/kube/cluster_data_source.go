package kube

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/isoduration"
	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// NewClusterDataSource returns the ovh_cloud_project_kube data source.
func NewClusterDataSource() datasource.DataSource {
	return &clusterDataSource{dataSourceBase{typeName: "_cloud_project_kube", schema: clusterDataSourceSchema}}
}

type clusterDataSource struct {
	dataSourceBase
}

// clusterDataSourceModel reads the attributes the resource has, and the id
// of the cluster to read.
type clusterDataSourceModel struct {
	clusterAttributes
	KubeID types.String `tfsdk:"kube_id"`
}

func (m *clusterDataSourceModel) configuredServiceName() types.String { return m.ServiceName }

func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

// expectedString is read from the cluster; as in the official provider it
// may also be set, and the read then fails when the cluster differs.
func expectedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Computed: true,
		MarkdownDescription: desc + " When set, reading fails unless the cluster has this value."}
}

func computedDuration(desc string) schema.StringAttribute {
	return schema.StringAttribute{CustomType: isoduration.DurationType{}, Computed: true, MarkdownDescription: desc + " (ISO 8601 duration, as the API answers it)."}
}

func clusterDataSourceSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads an existing OVHcloud Managed Kubernetes cluster. Every attribute has the meaning it has on " +
			"the `ovh_cloud_project_kube` resource.",
		Attributes: map[string]schema.Attribute{
			"service_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The id of the Public Cloud project. Defaults to `OVH_CLOUD_PROJECT_SERVICE`.",
				Validators:          []validator.String{validate.ServiceName},
			},
			"kube_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the cluster.",
				Validators:          []validator.String{validate.Printable{Max: 128}},
			},
			"id":                          computedString("The id of the cluster."),
			"name":                        expectedString("The name of the cluster."),
			"region":                      computedString("The region of the cluster."),
			"version":                     expectedString("The Kubernetes minor version, such as `1.31`."),
			"plan":                        expectedString("The plan: `free` or `standard`."),
			"kube_proxy_mode":             expectedString("The kube-proxy mode: `iptables` or `ipvs`."),
			"private_network_id":          computedString("The private network of the nodes, if any."),
			"nodes_subnet_id":             computedString("The subnet of the nodes, if any."),
			"load_balancers_subnet_id":    computedString("The subnet of the load balancers, if any."),
			"update_policy":               computedString("The update policy."),
			"status":                      computedString("The status of the cluster."),
			"url":                         computedString("The URL of the Kubernetes API server."),
			"nodes_url":                   computedString("The URL the nodes use to reach the control plane."),
			"is_up_to_date":               schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the whole cluster runs the latest patch version."},
			"control_plane_is_up_to_date": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the control plane runs the latest patch version."},
			"audit_logs_subscribed": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the cluster's audit logs are " +
				"forwarded to a Logs Data Platform stream (a log subscription of kind `audit`)."},
			"next_upgrade_versions": schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The minor versions the cluster can be upgraded to."},
			"kubeconfig":            schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The kubeconfig of the cluster (YAML). Sensitive."},
			"kubeconfig_attributes": schema.ListAttribute{
				Computed: true, Sensitive: true,
				ElementType:         kubeconfigElemType(),
				MarkdownDescription: "The parts of the kubeconfig: `host`, `cluster_ca_certificate`, `client_certificate`, `client_key`. Sensitive.",
			},
			"customization_apiserver": computedObjects("Customization of the Kubernetes API server.",
				schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"admissionplugins": computedObjects("Enabled and disabled admission plugins.",
						schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"enabled":  schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Enabled plugins."},
							"disabled": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Disabled plugins."},
						}}),
				}}),

			"customization_cilium": computedFromBlock(ciliumBlock(), "Customization of Cilium (`standard` clusters), as far as it was set."),
			"customization_kube_proxy": computedObjects("Timings of kube-proxy, for each mode, as far as they were set.",
				schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"iptables": computedObjects("Settings of the iptables mode.",
						schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"min_sync_period": computedDuration("Minimum time between two re-syncs"),
							"sync_period":     computedDuration("Period of full refreshes"),
						}}),

					"ipvs": computedObjects("Settings of the IPVS mode.",
						schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"min_sync_period": computedDuration("Minimum time between two re-syncs"),
							"sync_period":     computedDuration("Period of full refreshes"),
							"scheduler":       computedString("The IPVS scheduler."),
							"tcp_timeout":     computedDuration("Timeout of idle TCP sessions"),
							"tcp_fin_timeout": computedDuration("Timeout of TCP sessions after a FIN"),
							"udp_timeout":     computedDuration("Timeout of UDP packets"),
						}}),
				}}),

			"private_network_configuration": computedObjects("Routing of the nodes on the private network.",
				schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"default_vrack_gateway":              computedString("The egress gateway on the private network; empty when disabled."),
					"private_network_routing_as_default": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether routing defaults to the private interface."},
				}}),

			"ip_allocation_policy": computedObjects("The IP ranges of pods and services.",
				schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"pods_ipv4_cidr":     computedString("The IPv4 CIDR block of the pods."),
					"services_ipv4_cidr": computedString("The IPv4 CIDR block of the services."),
				}}),
		},
	}
}

func (d *clusterDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg clusterDataSourceModel
	serviceName, ok := readConfig(ctx, req.Config, &cfg, &resp.Diagnostics)
	if !ok {
		return
	}
	k, err := d.client.GetKube(ctx, serviceName, cfg.KubeID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the cluster", err.Error())
		return
	}
	out := clusterDataSourceModel{KubeID: cfg.KubeID}
	resp.Diagnostics.Append(out.setFromAPI(ctx, serviceName, k, nil, true)...)
	for _, e := range []struct {
		name           string
		expected, read types.String
	}{{"name", cfg.Name, out.Name}, {"version", cfg.Version, out.Version}, {"plan", cfg.Plan, out.Plan}, {"kube_proxy_mode", cfg.KubeProxyMode, out.KubeProxyMode}} {
		if !e.expected.IsNull() && !e.expected.IsUnknown() && !e.expected.Equal(e.read) {
			resp.Diagnostics.AddAttributeError(path.Root(e.name), "The cluster does not match",
				fmt.Sprintf("Attribute %s: cluster %s has %s = %s, not %q. Remove %s from the data source to read the cluster as it is.",
					e.name, k.ID, e.name, e.read, e.expected.ValueString(), e.name))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	content, parts, diags := fetchKubeconfig(ctx, d.client, serviceName, k.ID)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(out.setKubeconfig(content, parts)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}

// computedObjects is a read-only list of objects, the data source's form of
// the resource's blocks of at most one element.
func computedObjects(description string, nested schema.NestedAttributeObject) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{Computed: true, MarkdownDescription: description, NestedObject: nested}
}

// computedFromBlock is the read-only form of one of the resource's blocks,
// so that the data source cannot drift from the resource.
func computedFromBlock(b rschema.ListNestedBlock, description string) schema.ListNestedAttribute {
	attrs := map[string]schema.Attribute{}
	for name, a := range b.NestedObject.Attributes {
		attrs[name] = computedFromAttribute(a)
	}
	for name, nb := range b.NestedObject.Blocks {
		inner := nb.(rschema.ListNestedBlock)
		attrs[name] = computedFromBlock(inner, inner.MarkdownDescription)
	}
	return computedObjects(description, schema.NestedAttributeObject{Attributes: attrs})
}

func computedFromAttribute(a rschema.Attribute) schema.Attribute {
	desc := a.GetMarkdownDescription()
	switch a := a.(type) {
	case rschema.StringAttribute:
		return schema.StringAttribute{Computed: true, CustomType: a.CustomType, MarkdownDescription: desc}
	case rschema.Int64Attribute:
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	case rschema.BoolAttribute:
		return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	case rschema.Float64Attribute:
		return schema.Float64Attribute{Computed: true, MarkdownDescription: desc}
	case rschema.ListAttribute:
		return schema.ListAttribute{Computed: true, ElementType: a.ElementType, MarkdownDescription: desc}
	case rschema.MapAttribute:
		return schema.MapAttribute{Computed: true, ElementType: a.ElementType, MarkdownDescription: desc}
	}
	panic(fmt.Sprintf("computedFromAttribute: unsupported %T", a))
}
