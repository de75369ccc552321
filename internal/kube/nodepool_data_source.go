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

// NewNodePoolDataSource returns the ovh_cloud_project_kube_nodepool data source.
func NewNodePoolDataSource() datasource.DataSource {
	return &nodePoolDataSource{dataSourceBase{typeName: "_cloud_project_kube_nodepool", schema: nodePoolDataSourceSchema}}
}

type nodePoolDataSource struct {
	dataSourceBase
}

// nodePoolDataSourceModel has the resource's attributes, and its models of
// template and attach_floating_ips: labels, annotations and taints read here
// fit the resource's arguments as they are.
type nodePoolDataSourceModel struct {
	nodePoolAttributes
}

func (m *nodePoolDataSourceModel) configuredServiceName() types.String { return m.ServiceName }

func (m *nodePoolDataSourceModel) poolLookup() (kubeID, name string) {
	return m.KubeID.ValueString(), m.Name.ValueString()
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

// clusterLookupModel holds the arguments of clusterLookupAttributes.
type clusterLookupModel struct {
	ServiceName types.String `tfsdk:"service_name"`
	KubeID      types.String `tfsdk:"kube_id"`
}

func (m *clusterLookupModel) configuredServiceName() types.String { return m.ServiceName }

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

// poolLookupModel holds the arguments of poolLookupAttributes.
type poolLookupModel struct {
	clusterLookupModel
	Name types.String `tfsdk:"name"`
}

func (m *poolLookupModel) poolLookup() (kubeID, name string) {
	return m.KubeID.ValueString(), m.Name.ValueString()
}

func computedInt64(description string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
}

func computedBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{Computed: true, MarkdownDescription: description}
}

func nodePoolDataSourceSchema() schema.Schema {
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
	return schema.Schema{
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

func (d *nodePoolDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg nodePoolDataSourceModel
	serviceName, np, ok := d.readPoolConfig(ctx, req.Config, &cfg, &resp.Diagnostics)
	if !ok {
		return
	}
	var out nodePoolDataSourceModel
	resp.Diagnostics.Append(out.setFromAPI(ctx, serviceName, cfg.KubeID.ValueString(), np)...)
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

// poolConfig is the configuration of a data source that finds a node pool
// by its name.
type poolConfig interface {
	dataSourceConfig
	poolLookup() (kubeID, name string)
}

// readPoolConfig reads a data source's configuration into cfg and finds the
// node pool it names.
func (b *base) readPoolConfig(ctx context.Context, config modelSource, cfg poolConfig, diags *diag.Diagnostics) (string, *ovhapi.NodePool, bool) {
	serviceName, ok := readConfig(ctx, config, cfg, diags)
	if !ok {
		return "", nil, false
	}
	kubeID, name := cfg.poolLookup()
	np, d := findNodePool(ctx, b.client, serviceName, kubeID, name)
	diags.Append(d...)
	return serviceName, np, !diags.HasError()
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
	m.setReported(serviceName, kubeID, np)
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
