package kube

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/isoduration"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

var (
	_ datasource.DataSource              = (*kubeDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*kubeDataSource)(nil)
)

// NewDataSource returns the ovh_cloud_project_kube data source.
func NewDataSource() datasource.DataSource { return &kubeDataSource{} }

type kubeDataSource struct {
	client *ovhapi.Client
}

type dataModel struct {
	ServiceName                 types.String        `tfsdk:"service_name"`
	KubeID                      types.String        `tfsdk:"kube_id"`
	ID                          types.String        `tfsdk:"id"`
	Name                        types.String        `tfsdk:"name"`
	Region                      types.String        `tfsdk:"region"`
	Version                     types.String        `tfsdk:"version"`
	Plan                        types.String        `tfsdk:"plan"`
	KubeProxyMode               types.String        `tfsdk:"kube_proxy_mode"`
	CustomizationAPIServer      []apiServerModel    `tfsdk:"customization_apiserver"`
	CustomizationKubeProxy      []kubeProxyModel    `tfsdk:"customization_kube_proxy"`
	PrivateNetworkID            types.String        `tfsdk:"private_network_id"`
	NodesSubnetID               types.String        `tfsdk:"nodes_subnet_id"`
	LoadBalancersSubnetID       types.String        `tfsdk:"load_balancers_subnet_id"`
	PrivateNetworkConfiguration []privateNetModel   `tfsdk:"private_network_configuration"`
	UpdatePolicy                types.String        `tfsdk:"update_policy"`
	IPAllocationPolicy          []ipAllocationModel `tfsdk:"ip_allocation_policy"`
	Status                      types.String        `tfsdk:"status"`
	URL                         types.String        `tfsdk:"url"`
	NodesURL                    types.String        `tfsdk:"nodes_url"`
	IsUpToDate                  types.Bool          `tfsdk:"is_up_to_date"`
	ControlPlaneIsUpToDate      types.Bool          `tfsdk:"control_plane_is_up_to_date"`
	NextUpgradeVersions         types.Set           `tfsdk:"next_upgrade_versions"`
	Kubeconfig                  types.String        `tfsdk:"kubeconfig"`
	KubeconfigAttributes        types.List          `tfsdk:"kubeconfig_attributes"`
}

func (d *kubeDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloud_project_kube"
}

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

func (d *kubeDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an existing OVHcloud Managed Kubernetes cluster. Every attribute has the meaning it has on " +
			"the `ovh_cloud_project_kube` resource.",
		Attributes: map[string]schema.Attribute{
			"service_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The id of the Public Cloud project. Defaults to `OVH_CLOUD_PROJECT_SERVICE`.",
				Validators:          []validator.String{serviceNamePattern},
			},
			"kube_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the cluster.",
				Validators:          []validator.String{printable{max: 128}},
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
			"next_upgrade_versions":       schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The minor versions the cluster can be upgraded to."},
			"kubeconfig":                  schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The kubeconfig of the cluster (YAML). Sensitive."},
			"kubeconfig_attributes": schema.ListAttribute{
				Computed: true, Sensitive: true,
				ElementType:         types.ObjectType{AttrTypes: kubeconfigAttrTypes},
				MarkdownDescription: "The parts of the kubeconfig: `host`, `cluster_ca_certificate`, `client_certificate`, `client_key`. Sensitive.",
			},
			"customization_apiserver": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Customization of the Kubernetes API server.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"admissionplugins": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "Enabled and disabled admission plugins.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"enabled":  schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Enabled plugins."},
							"disabled": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Disabled plugins."},
						}},
					},
				}},
			},
			"customization_kube_proxy": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Timings of kube-proxy, for each mode, as far as they were set.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"iptables": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "Settings of the iptables mode.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"min_sync_period": computedDuration("Minimum time between two re-syncs"),
							"sync_period":     computedDuration("Period of full refreshes"),
						}},
					},
					"ipvs": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "Settings of the IPVS mode.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"min_sync_period": computedDuration("Minimum time between two re-syncs"),
							"sync_period":     computedDuration("Period of full refreshes"),
							"scheduler":       computedString("The IPVS scheduler."),
							"tcp_timeout":     computedDuration("Timeout of idle TCP sessions"),
							"tcp_fin_timeout": computedDuration("Timeout of TCP sessions after a FIN"),
							"udp_timeout":     computedDuration("Timeout of UDP packets"),
						}},
					},
				}},
			},
			"private_network_configuration": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Routing of the nodes on the private network.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"default_vrack_gateway":              computedString("The egress gateway on the private network; empty when disabled."),
					"private_network_routing_as_default": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether routing defaults to the private interface."},
				}},
			},
			"ip_allocation_policy": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The IP ranges of pods and services.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"pods_ipv4_cidr":     computedString("The IPv4 CIDR block of the pods."),
					"services_ipv4_cidr": computedString("The IPv4 CIDR block of the services."),
				}},
			},
		},
	}
}

func (d *kubeDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	c, ok := req.ProviderData.(*ovhapi.Client)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("Expected *ovhapi.Client, got %T. Please report this issue.", req.ProviderData))
		return
	}
	d.client = c
}

func (d *kubeDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg dataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	serviceName := cfg.ServiceName.ValueString()
	if serviceName == "" {
		serviceName = os.Getenv("OVH_CLOUD_PROJECT_SERVICE")
	}
	if serviceName == "" {
		resp.Diagnostics.AddAttributeError(path.Root("service_name"), "Missing service_name",
			"service_name is not set and the environment variable OVH_CLOUD_PROJECT_SERVICE is empty. "+
				"Set service_name to the id of your Public Cloud project, for example service_name = \"0123456789abcdef0123456789abcdef\".")
		return
	}
	k, err := d.client.GetKube(ctx, serviceName, cfg.KubeID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the cluster", err.Error())
		return
	}
	var m kubeModel
	resp.Diagnostics.Append(m.setFromAPI(ctx, serviceName, k, nil, true)...)
	for _, e := range []struct {
		name           string
		expected, read types.String
	}{{"name", cfg.Name, m.Name}, {"version", cfg.Version, m.Version}, {"plan", cfg.Plan, m.Plan}, {"kube_proxy_mode", cfg.KubeProxyMode, m.KubeProxyMode}} {
		if !e.expected.IsNull() && !e.expected.IsUnknown() && !e.expected.Equal(e.read) {
			resp.Diagnostics.AddAttributeError(path.Root(e.name), "The cluster does not match",
				fmt.Sprintf("Attribute %s: cluster %s has %s = %s, not %q. Remove %s from the data source to read the cluster as it is.",
					e.name, k.ID, e.name, e.read, e.expected.ValueString(), e.name))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	content, err := d.client.Kubeconfig(ctx, serviceName, k.ID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot fetch the kubeconfig", err.Error())
		return
	}
	resp.Diagnostics.Append(m.setKubeconfig(content)...)
	if resp.Diagnostics.HasError() {
		return
	}
	out := dataModel{
		ServiceName: types.StringValue(serviceName), KubeID: cfg.KubeID, ID: m.ID, Name: m.Name, Region: m.Region,
		Version: m.Version, Plan: m.Plan, KubeProxyMode: m.KubeProxyMode,
		CustomizationAPIServer: m.CustomizationAPIServer, CustomizationKubeProxy: m.CustomizationKubeProxy,
		PrivateNetworkID: m.PrivateNetworkID, NodesSubnetID: m.NodesSubnetID, LoadBalancersSubnetID: m.LoadBalancersSubnetID,
		PrivateNetworkConfiguration: m.PrivateNetworkConfiguration, UpdatePolicy: m.UpdatePolicy, IPAllocationPolicy: m.IPAllocationPolicy,
		Status: m.Status, URL: m.URL, NodesURL: m.NodesURL, IsUpToDate: m.IsUpToDate, ControlPlaneIsUpToDate: m.ControlPlaneIsUpToDate,
		NextUpgradeVersions: m.NextUpgradeVersions, Kubeconfig: m.Kubeconfig, KubeconfigAttributes: m.KubeconfigAttributes,
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
