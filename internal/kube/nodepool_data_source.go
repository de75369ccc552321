package kube

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

var (
	_ datasource.DataSource              = (*nodePoolDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*nodePoolDataSource)(nil)
)

// NewNodePoolDataSource returns the ovh_cloud_project_kube_nodepool data source.
func NewNodePoolDataSource() datasource.DataSource { return &nodePoolDataSource{} }

type nodePoolDataSource struct {
	base
}

// nodePoolDataSourceModel has the resource's attribute names, and its
// models of template and attach_floating_ips: labels, annotations and
// taints read here fit the resource's arguments as they are.
type nodePoolDataSourceModel struct {
	ServiceName                   types.String         `tfsdk:"service_name"`
	KubeID                        types.String         `tfsdk:"kube_id"`
	Name                          types.String         `tfsdk:"name"`
	ID                            types.String         `tfsdk:"id"`
	FlavorName                    types.String         `tfsdk:"flavor_name"`
	Flavor                        types.String         `tfsdk:"flavor"`
	DesiredNodes                  types.Int64          `tfsdk:"desired_nodes"`
	MinNodes                      types.Int64          `tfsdk:"min_nodes"`
	MaxNodes                      types.Int64          `tfsdk:"max_nodes"`
	Autoscale                     types.Bool           `tfsdk:"autoscale"`
	ScaleDownUnneededTimeSeconds  types.Int64          `tfsdk:"autoscaling_scale_down_unneeded_time_seconds"`
	ScaleDownUnreadyTimeSeconds   types.Int64          `tfsdk:"autoscaling_scale_down_unready_time_seconds"`
	ScaleDownUtilizationThreshold types.Float64        `tfsdk:"autoscaling_scale_down_utilization_threshold"`
	AntiAffinity                  types.Bool           `tfsdk:"anti_affinity"`
	MonthlyBilled                 types.Bool           `tfsdk:"monthly_billed"`
	AvailabilityZones             types.List           `tfsdk:"availability_zones"`
	AttachFloatingIPs             []floatingIPsModel   `tfsdk:"attach_floating_ips"`
	Template                      []nodePoolTemplModel `tfsdk:"template"`
	Status                        types.String         `tfsdk:"status"`
	SizeStatus                    types.String         `tfsdk:"size_status"`
	ProjectID                     types.String         `tfsdk:"project_id"`
	CurrentNodes                  types.Int64          `tfsdk:"current_nodes"`
	AvailableNodes                types.Int64          `tfsdk:"available_nodes"`
	UpToDateNodes                 types.Int64          `tfsdk:"up_to_date_nodes"`
	CreatedAt                     types.String         `tfsdk:"created_at"`
	UpdatedAt                     types.String         `tfsdk:"updated_at"`
}

func (d *nodePoolDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloud_project_kube_nodepool"
}

// clusterLookupAttributes are the arguments of the data sources that read
// something of one cluster.
func clusterLookupAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"service_name": schema.StringAttribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: "The id of the Public Cloud project. Defaults to the environment variable " +
				"`OVH_CLOUD_PROJECT_SERVICE`.",
			Validators: []validator.String{validate.ServiceName},
		},
		"kube_id": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "The id of the cluster.",
			Validators:          []validator.String{validate.Printable{Max: 128}},
		},
	}
}

// poolLookupAttributes are the arguments of the data sources that find a
// node pool by name.
func poolLookupAttributes() map[string]schema.Attribute {
	attrs := clusterLookupAttributes()
	// Not the resource's name pattern: a pool the API once accepted must
	// stay readable even if the rule has since become stricter.
	attrs["name"] = schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The name of the node pool, exactly as the API lists it.",
		Validators:          []validator.String{validate.Printable{Max: 128}},
	}
	return attrs
}

func computedInt64(description string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
}

func computedBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{Computed: true, MarkdownDescription: description}
}

func (d *nodePoolDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := poolLookupAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"id":                 computedString("The id of the node pool."),
		"flavor_name":        computedString("The flavor of the nodes, such as `b3-8`."),
		"flavor":             computedString("The flavor of the nodes; the same as `flavor_name`."),
		"desired_nodes":      computedInt64("The number of nodes wanted; the autoscaler moves it when `autoscale` is true."),
		"min_nodes":          computedInt64("The lowest number of nodes the autoscaler may leave."),
		"max_nodes":          computedInt64("The highest number of nodes the autoscaler may reach."),
		"autoscale":          computedBool("Whether the autoscaler sizes the pool within `[min_nodes, max_nodes]`."),
		"anti_affinity":      computedBool("Whether the nodes are placed on distinct hypervisors."),
		"monthly_billed":     computedBool("Whether the nodes are billed monthly instead of hourly."),
		"status":             computedString("The status of the pool, such as `READY` or `INSTALLING`."),
		"size_status":        computedString("How the number of nodes compares with `desired_nodes`: `UNDER_CAPACITY`, `CAPACITY_OK` or `OVER_CAPACITY`."),
		"project_id":         computedString("The id of the Public Cloud project, as the API reports it."),
		"current_nodes":      computedInt64("The number of nodes in the pool."),
		"available_nodes":    computedInt64("The number of nodes ready."),
		"up_to_date_nodes":   computedInt64("The number of nodes running the cluster's latest version."),
		"created_at":         computedString("When the pool was created (RFC 3339)."),
		"updated_at":         computedString("When the pool was last updated (RFC 3339)."),
		"availability_zones": availabilityZonesAttribute(),
		"autoscaling_scale_down_unneeded_time_seconds": computedInt64("How long a node must be unneeded before the autoscaler removes it, in seconds."),
		"autoscaling_scale_down_unready_time_seconds":  computedInt64("How long a node must be unready before the autoscaler removes it, in seconds."),
		"autoscaling_scale_down_utilization_threshold": schema.Float64Attribute{
			Computed:            true,
			MarkdownDescription: "The share of a node's requested resources, between 0 and 1, under which the autoscaler may remove it.",
		},
		"attach_floating_ips": computedObjects("Whether every node gets a public floating IP: one element, or none when the "+
			"API reports no setting (clusters outside the Standard plan).",
			schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"enabled": computedBool("Whether nodes get a floating IP."),
			}}),
		"template": computedObjects("The Kubernetes metadata and spec spread to every node of the pool: always one element, "+
			"with empty maps and lists when the pool has no template.",
			schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"metadata": computedObjects("Metadata of the nodes: one element.",
					schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"labels":      schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Labels of the nodes."},
						"annotations": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Annotations of the nodes."},
						"finalizers":  schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Finalizers of the nodes."},
					}}),
				"spec": computedObjects("Spec of the nodes: one element.",
					schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"unschedulable": computedBool("Whether the nodes refuse new pods, as cordoned nodes do."),
						"taints": schema.ListAttribute{
							Computed: true, ElementType: taintType,
							MarkdownDescription: "Taints of the nodes, each a map with `key`, `value` (`\"\"` when the taint has none) " +
								"and `effect` (`NoSchedule`, `PreferNoSchedule` or `NoExecute`).",
						},
					}}),
			}}),
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a node pool of an OVHcloud Managed Kubernetes cluster, found by its name. Attributes have " +
			"the names and meaning they have on the `ovh_cloud_project_kube_nodepool` resource.",
		Attributes: attrs,
	}
}

// availabilityZonesAttribute may be set, as in the official provider, where
// it is an optional attribute; here the read then fails unless the pool has
// these zones, rather than silently ignoring them.
func availabilityZonesAttribute() schema.ListAttribute {
	return schema.ListAttribute{
		Optional: true, Computed: true, ElementType: types.StringType,
		MarkdownDescription: "The availability zones of the nodes, such as `[\"eu-west-par-a\"]`; empty on regions with a " +
			"single zone. When set, reading fails unless the pool has exactly these zones.",
	}
}

func (d *nodePoolDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *nodePoolDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg nodePoolDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	serviceName, ok := serviceNameOf(cfg.ServiceName, &resp.Diagnostics)
	if !ok {
		return
	}
	kubeID := cfg.KubeID.ValueString()
	np, diags := findNodePool(ctx, d.client, serviceName, kubeID, cfg.Name.ValueString())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var out nodePoolDataSourceModel
	resp.Diagnostics.Append(out.setFromAPI(ctx, serviceName, kubeID, np)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if want := cfg.AvailabilityZones; !want.IsNull() && !want.IsUnknown() && !want.Equal(out.AvailabilityZones) {
		resp.Diagnostics.AddAttributeError(path.Root("availability_zones"), "The node pool does not match",
			fmt.Sprintf("Attribute availability_zones: node pool %q (%s) has the zones %s, not %s. Remove availability_zones "+
				"from the data source to read the pool as it is.", np.Name, np.ID, out.AvailabilityZones, want))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}

// findNodePool looks for the pool in the full objects GET /nodepool lists,
// as the official provider does: one call, whatever the number of pools.
func findNodePool(ctx context.Context, c *ovhapi.Client, serviceName, kubeID, name string) (*ovhapi.NodePool, diag.Diagnostics) {
	var diags diag.Diagnostics
	pools, err := c.ListNodePools(ctx, serviceName, kubeID)
	if err != nil {
		diags.AddError("Cannot list the node pools", fmt.Sprintf("Listing the node pools of cluster %s in project %s: %s", kubeID, serviceName, err))
		return nil, diags
	}
	tflog.Debug(ctx, "node pools listed", map[string]any{"kube_id": kubeID, "count": len(pools)})
	if i := slices.IndexFunc(pools, func(p ovhapi.NodePool) bool { return p.Name == name }); i >= 0 {
		return &pools[i], diags
	}
	diags.AddAttributeError(path.Root("name"), "Node pool not found", poolNotFoundDetail(serviceName, kubeID, name, pools))
	return nil, diags
}

// poolNotFoundDetail lists the names that exist, so that a typo or a
// generated name shows at once.
func poolNotFoundDetail(serviceName, kubeID, name string, pools []ovhapi.NodePool) string {
	detail := fmt.Sprintf("No node pool is named %q in cluster %s of project %s", name, kubeID, serviceName)
	if len(pools) == 0 {
		return detail + ": the cluster has no node pool."
	}
	names := make([]string, 0, len(pools))
	for _, p := range pools {
		names = append(names, fmt.Sprintf("%q", p.Name))
	}
	slices.Sort(names)
	return detail + ". Its node pools are: " + strings.Join(names, ", ") + "."
}

// setFromAPI takes everything the API reports. Unlike the resource, no
// configuration guides it, so empty collections are read as empty, never
// as absent: expressions such as length(...) work whatever the pool holds.
func (m *nodePoolDataSourceModel) setFromAPI(ctx context.Context, serviceName, kubeID string, np *ovhapi.NodePool) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ServiceName = types.StringValue(serviceName)
	m.KubeID = types.StringValue(kubeID)
	m.Name = types.StringValue(np.Name)
	m.ID = types.StringValue(np.ID)
	m.FlavorName = types.StringValue(np.Flavor)
	m.Flavor = types.StringValue(np.Flavor)
	m.DesiredNodes = types.Int64Value(np.DesiredNodes)
	m.MinNodes = types.Int64Value(np.MinNodes)
	m.MaxNodes = types.Int64Value(np.MaxNodes)
	m.Autoscale = types.BoolValue(np.Autoscale)
	m.AntiAffinity = types.BoolValue(np.AntiAffinity)
	m.MonthlyBilled = types.BoolValue(np.MonthlyBilled)
	var as ovhapi.NodePoolAutoscale
	if np.Autoscaling != nil {
		as = *np.Autoscaling
	}
	m.ScaleDownUnneededTimeSeconds = optInt64(as.ScaleDownUnneededTimeSeconds)
	m.ScaleDownUnreadyTimeSeconds = optInt64(as.ScaleDownUnreadyTimeSeconds)
	m.ScaleDownUtilizationThreshold = optFloat64(as.ScaleDownUtilizationThreshold)
	zones, d := types.ListValueFrom(ctx, types.StringType, nonNil(np.AvailabilityZones))
	diags.Append(d...)
	m.AvailabilityZones = zones
	m.AttachFloatingIPs = []floatingIPsModel{}
	if np.AttachFloatingIPs != nil {
		m.AttachFloatingIPs = []floatingIPsModel{{Enabled: types.BoolValue(np.AttachFloatingIPs.Enabled)}}
	}
	tmpl, d := flattenWholeTemplate(ctx, np.Template)
	diags.Append(d...)
	m.Template = tmpl
	m.Status = types.StringValue(np.Status)
	m.SizeStatus = types.StringValue(np.SizeStatus)
	m.ProjectID = types.StringValue(np.ProjectID)
	m.CurrentNodes = types.Int64Value(np.CurrentNodes)
	m.AvailableNodes = types.Int64Value(np.AvailableNodes)
	m.UpToDateNodes = types.Int64Value(np.UpToDateNodes)
	m.CreatedAt = types.StringValue(np.CreatedAt)
	m.UpdatedAt = types.StringValue(np.UpdatedAt)
	return diags
}

// flattenWholeTemplate reads every part of the template, a missing one as
// empty.
func flattenWholeTemplate(ctx context.Context, api *ovhapi.NodePoolTemplate) ([]nodePoolTemplModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	if api == nil {
		api = &ovhapi.NodePoolTemplate{}
	}
	t := normalizedTemplate(api)
	labels, d := types.MapValueFrom(ctx, types.StringType, t.Metadata.Labels)
	diags.Append(d...)
	annotations, d := types.MapValueFrom(ctx, types.StringType, t.Metadata.Annotations)
	diags.Append(d...)
	finalizers, d := types.ListValueFrom(ctx, types.StringType, t.Metadata.Finalizers)
	diags.Append(d...)
	taints := make([]map[string]string, 0, len(t.Spec.Taints))
	for _, tn := range t.Spec.Taints {
		taints = append(taints, map[string]string{"key": tn.Key, "value": tn.Value, "effect": tn.Effect})
	}
	taintList, d := types.ListValueFrom(ctx, taintType, taints)
	diags.Append(d...)
	return []nodePoolTemplModel{{
		Metadata: []templateMetadataModel{{Labels: labels, Annotations: annotations, Finalizers: finalizers}},
		Spec:     []templateSpecModel{{Unschedulable: types.BoolValue(t.Spec.Unschedulable), Taints: taintList}},
	}}, diags
}
