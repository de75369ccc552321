package kube

import (
	"context"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// Limits of a node pool, as OVHcloud's guides state them (API-MKS.md §1.7).
// maxAntiAffinityNodes is refused at plan time (the guides: at most 5 nodes
// per anti-affinity pool); maxPoolNodes, which no source gives as a hard cap
// of the API, only warns.
const (
	maxPoolNodes         = 100
	maxAntiAffinityNodes = 5
)

// poolSizeRange warns about a size outside [0, maxPoolNodes]: the schema's
// sizes are plain integers.
var poolSizeRange = validate.Int64Bounds(0, maxPoolNodes,
	"a pool holds from 0 nodes to the 100 nodes per cluster of OVHcloud's known limits")

// nodePoolNamePattern is a Kubernetes label value, since nodes carry the
// pool's name as the label nodepool=<name>. Only its '_' is refused (the
// official provider's documentation, API-MKS.md §1.7); the rest of the
// pattern, which no source gives as the API's, warns.
var nodePoolNamePattern = validate.Pattern{
	Re:      regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`),
	Form:    "at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit (no '_', no upper case)",
	Example: "pool-1",
}

// poolName refuses a node pool name holding '_' and warns about one that is
// not nodePoolNamePattern otherwise, in the pattern's words.
type poolName struct{}

func (poolName) Description(ctx context.Context) string { return nodePoolNamePattern.Description(ctx) }

func (v poolName) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (poolName) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !req.ConfigValue.IsNull() && !req.ConfigValue.IsUnknown() && strings.Contains(req.ConfigValue.ValueString(), "_") {
		nodePoolNamePattern.ValidateString(ctx, req, resp)
		return
	}
	validate.Advisory{String: nodePoolNamePattern}.ValidateString(ctx, req, resp)
}

const replacesPool = " Changing it replaces the node pool."

func sizeAttribute(description string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: description + " Updated in place. `0` is a size and is sent as such; when omitted the API chooses.",
		Validators:          []validator.Int64{poolSizeRange},
		PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
	}
}

func computedInt(description string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
}

func computedStr(description string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description}
}

// fixedStr is a computed attribute that no in-place update changes: its plan
// keeps the state's value (a replacement plans it anew), so that an update
// shows only what it changes. The status, the node counts and updated_at may
// all move during an update and stay unknown until the apply.
func fixedStr(description string) schema.StringAttribute {
	a := computedStr(description)
	a.PlanModifiers = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	return a
}

// emptyMap is the default of the template's maps: a part of a template block
// that the configuration leaves out is sent empty, and read back so.
var emptyMap = mapdefault.StaticValue(types.MapValueMust(types.StringType, map[string]attr.Value{}))

func nodePoolSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		Version: 0,
		MarkdownDescription: "A node pool of an OVHcloud Managed Kubernetes cluster: a group of nodes of one flavor, with " +
			"its size, autoscaling and the labels and taints spread to its nodes.\n\n" +
			"Sizes, autoscaling, `template` and `attach_floating_ips` are updated in place; `name`, `flavor_name`, " +
			"`anti_affinity`, `monthly_billed` and `availability_zones` replace the pool. With `autoscale = true`, the " +
			"autoscaler's changes of `desired_nodes` are not shown as differences: only a change of the configured value is applied.",
		Attributes: map[string]schema.Attribute{
			"service_name": serviceNameAttribute("node pool"),
			"kube_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the cluster." + replacesPool,
				Validators:          []validator.String{validate.Printable{Max: 128}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The name of the pool; nodes carry it as the Kubernetes label `nodepool=<name>`. " +
					"When omitted the API generates one." + replacesPool,
				Validators:    []validator.String{poolName{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"flavor_name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The flavor of the nodes, such as `b3-8`. Checked at plan time against the flavors the " +
					"cluster offers: a new pool's unknown flavor is a warning there and an error at apply, before any request; " +
					"a change to an unknown flavor is an error. Changing it replaces the pool, and the old pool is deleted first: to keep capacity, add " +
					"`lifecycle { create_before_destroy = true }` and change `name` too.",
				Validators:    []validator.String{advisoryPrintable(64)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"desired_nodes": sizeAttribute("The number of nodes wanted. With `autoscale = true` the autoscaler moves it within " +
				"`[min_nodes, max_nodes]`: those moves are not planned back, the state keeps the configured value and " +
				"`current_nodes` shows the real size; a change of the configured value is applied."),
			"min_nodes": sizeAttribute("The lowest number of nodes the autoscaler may leave."),
			"max_nodes": sizeAttribute("The highest number of nodes the autoscaler may reach (at most 100)."),
			"autoscale": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Whether the autoscaler sizes the pool within `[min_nodes, max_nodes]`. Updated in place.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"autoscaling_scale_down_unneeded_time_seconds": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "How long a node must be unneeded before the autoscaler removes it (API default 600). Updated in place.",
				Validators:          []validator.Int64{autoscalingSeconds},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"autoscaling_scale_down_unready_time_seconds": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "How long a node must be unready before the autoscaler removes it (API default 1200). Updated in place.",
				Validators:          []validator.Int64{autoscalingSeconds},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"autoscaling_scale_down_utilization_threshold": schema.Float64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The share of a node's requested resources under which the autoscaler may remove it, " +
					"between 0 and 1 (API default 0.5). Updated in place.",
				// No documented bounds (API-MKS.md §1.7): a warning.
				Validators: []validator.Float64{validate.Float64Range{Min: 0, Max: 1,
					Why: "it is a share of a node's requested resources"}},
				PlanModifiers: []planmodifier.Float64{float64planmodifier.UseStateForUnknown()},
			},
			"anti_affinity": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Whether the nodes are placed on distinct hypervisors; such a pool holds at most 5 nodes." +
					replacesPool,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown(), boolplanmodifier.RequiresReplace()},
			},
			"monthly_billed": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Whether the nodes are billed monthly instead of hourly." + replacesPool,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown(), boolplanmodifier.RequiresReplace()},
			},
			"availability_zones": schema.ListAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The availability zones of the nodes, such as `[\"eu-west-par-a\"]`; required on " +
					"multi-zone regions. Always sent, as an empty list when omitted." + replacesPool,
				Validators: []validator.List{listvalidator.ValueStringsAre(advisoryPrintable(64))},
				PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplaceIf(zonesChangeReplaces,
					"Changing the zones replaces the pool; an empty list and no list are the same.",
					"Changing the zones replaces the pool; an empty list and no list are the same.")},
			},

			"id":               schema.StringAttribute{Computed: true, MarkdownDescription: "The id of the node pool.", PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"status":           computedStr("The status of the pool, `READY` once an apply has finished."),
			"size_status":      computedStr("How the number of nodes compares with `desired_nodes`: `UNDER_CAPACITY`, `CAPACITY_OK` or `OVER_CAPACITY`."),
			"flavor":           fixedStr("The flavor of the nodes, as the API reports it."),
			"project_id":       fixedStr("The id of the Public Cloud project, as the API reports it."),
			"current_nodes":    computedInt("The number of nodes in the pool."),
			"available_nodes":  computedInt("The number of nodes ready."),
			"up_to_date_nodes": computedInt("The number of nodes running the cluster's latest version."),
			"created_at":       fixedStr("When the pool was created (RFC 3339)."),
			"updated_at":       computedStr("When the pool was last updated (RFC 3339)."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
			"attach_floating_ips": maxOneBlock("Gives every node a public floating IP (Standard-plan clusters, some regions). "+
				"Updated in place; turning it off releases every floating IP of the pool at once.", schema.NestedBlockObject{
				Attributes: map[string]schema.Attribute{
					"enabled": schema.BoolAttribute{Required: true, MarkdownDescription: "Whether nodes get a floating IP."},
				},
			}),
			"template": maxOneBlock("Kubernetes metadata and spec spread to every node of the pool. Every part is optional: "+
				"a template with labels only is valid. Updated in place, as a whole; removing the block clears the labels, "+
				"annotations, finalizers and taints of the nodes (the plan warns about it).", schema.NestedBlockObject{
				Blocks: map[string]schema.Block{
					"metadata": maxOneBlock("Metadata of the nodes.", schema.NestedBlockObject{
						Attributes: map[string]schema.Attribute{
							"labels": schema.MapAttribute{
								Optional: true, Computed: true, ElementType: types.StringType, Default: emptyMap,
								MarkdownDescription: "Labels of the nodes; keys are Kubernetes qualified names such as `example.com/role`. None when omitted.",
								// Kubernetes' rule, not the schema's (a map of strings): a warning.
								Validators: []validator.Map{mapvalidator.KeysAre(validate.Advisory{String: validate.QualifiedName{}})},
							},
							"annotations": schema.MapAttribute{
								Optional: true, Computed: true, ElementType: types.StringType, Default: emptyMap,
								MarkdownDescription: "Annotations of the nodes; keys are Kubernetes qualified names. None when omitted.",
								Validators:          []validator.Map{mapvalidator.KeysAre(validate.Advisory{String: validate.QualifiedName{}})},
							},
							"finalizers": schema.ListAttribute{
								Optional: true, Computed: true, ElementType: types.StringType,
								Default: listdefault.StaticValue(types.ListValueMust(types.StringType, nil)),
								MarkdownDescription: "Finalizers of the nodes, fully qualified such as `example.com/cleanup`. " +
									"A finalizer can block the removal of a node when the pool shrinks. None when omitted.",
								// OVHcloud's guide: finalizer names must be fully
								// qualified (API-MKS.md §1.6): an error.
								Validators: []validator.List{listvalidator.ValueStringsAre(validate.QualifiedName{RequirePrefix: true})},
							},
						},
					}),
					"spec": maxOneBlock("Spec of the nodes.", schema.NestedBlockObject{
						Attributes: map[string]schema.Attribute{
							"unschedulable": schema.BoolAttribute{
								Optional: true, Computed: true, Default: booldefault.StaticBool(false),
								MarkdownDescription: "When `true`, new pods are not scheduled on the nodes (as `kubectl cordon` does). `false` when omitted.",
							},
							"taints": schema.ListAttribute{
								Optional: true, Computed: true, ElementType: taintType,
								Default: listdefault.StaticValue(types.ListValueMust(taintType, nil)),
								MarkdownDescription: "Taints of the nodes, each a map with `key`, `effect` (`NoSchedule`, " +
									"`PreferNoSchedule` or `NoExecute`) and an optional `value`. None when omitted.",
								Validators: []validator.List{validate.Taints{}},
							},
						},
					}),
				},
			}),
		},
	}
}

// autoscalingSeconds warns about a negative autoscaler delay: the schema's
// are plain integers, with no documented bounds (API-MKS.md §1.7).
var autoscalingSeconds = validate.Int64AtLeast(0, "it is a number of seconds")
