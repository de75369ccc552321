package kube

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// privateAppliedDesired records, in private state, the desired_nodes the
// configuration last asked for. With autoscale on, the autoscaler moves the
// API's value: a refresh keeps the configured one in state (current_nodes
// shows the real size), so only a change of the configuration is planned.
const privateAppliedDesired = "applied_desired_nodes"

// desiredNotApplied is privateAppliedDesired of an imported pool: no
// configured value has been applied yet. With autoscale on, the
// configuration's desired_nodes is then taken as applied (keepAdoptedDesired):
// the API's differs because the autoscaler moved it, as for a created pool.
// The next apply of another change records it without sending it.
const desiredNotApplied = `"imported"` // a JSON string, as private state requires

// privateFlavorChecked tells the apply that the plan checked flavor_name; a
// pool of a cluster created in the same apply is checked at creation.
const privateFlavorChecked = "flavor_checked"

// ValidateConfig checks what involves several attributes.
func (r *nodePoolResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var c nodePoolModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &c)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validateSizes(c)...)
}

// validateSizes refuses at plan time what the API refuses after a wait:
// min_nodes <= desired_nodes <= max_nodes (a size out of that order is
// answered 400: ovh/terraform-provider-ovh PR #1241, API-MKS.md §8), and at
// most 5 nodes with anti-affinity (OVHcloud's guides, API-MKS.md §1.7).
func validateSizes(c nodePoolModel) diag.Diagnostics {
	var diags diag.Diagnostics
	known := func(v types.Int64) bool { return !v.IsNull() && !v.IsUnknown() }
	lo, want, hi := c.MinNodes, c.DesiredNodes, c.MaxNodes
	if known(lo) && known(hi) && lo.ValueInt64() > hi.ValueInt64() {
		diags.AddAttributeError(path.Root("min_nodes"), "Invalid node pool size",
			fmt.Sprintf("Attribute min_nodes: %d is greater than max_nodes %d. For example: min_nodes = 1 with max_nodes = 3.",
				lo.ValueInt64(), hi.ValueInt64()))
	}
	if known(want) && known(lo) && want.ValueInt64() < lo.ValueInt64() {
		diags.AddAttributeError(path.Root("desired_nodes"), "Invalid node pool size",
			fmt.Sprintf("Attribute desired_nodes: %d is less than min_nodes %d; desired_nodes must be within [min_nodes, max_nodes].",
				want.ValueInt64(), lo.ValueInt64()))
	}
	if known(want) && known(hi) && want.ValueInt64() > hi.ValueInt64() {
		diags.AddAttributeError(path.Root("desired_nodes"), "Invalid node pool size",
			fmt.Sprintf("Attribute desired_nodes: %d is greater than max_nodes %d; desired_nodes must be within [min_nodes, max_nodes].",
				want.ValueInt64(), hi.ValueInt64()))
	}
	if c.AntiAffinity.ValueBool() {
		for _, s := range []struct {
			name string
			v    types.Int64
		}{{"desired_nodes", want}, {"max_nodes", hi}} {
			if known(s.v) && s.v.ValueInt64() > maxAntiAffinityNodes {
				diags.AddAttributeError(path.Root(s.name), "Too many nodes for anti-affinity",
					fmt.Sprintf("Attribute %s: %d nodes, but a pool with anti_affinity = true holds at most %d nodes (one per hypervisor). "+
						"Lower %s to %d or less, or split the nodes over several pools.", s.name, s.v.ValueInt64(), maxAntiAffinityNodes, s.name, maxAntiAffinityNodes))
			}
		}
	}
	return diags
}

// ModifyPlan checks the flavor against the cluster's list, and warns about
// what a plan would do without saying it.
func (r *nodePoolResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var config, plan nodePoolModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state nodePoolModel
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	// Only a flavor about to be used is checked: a pool that keeps its
	// flavor costs no call, and is not refused if the flavor is withdrawn.
	if r.client != nil && !plan.KubeID.IsUnknown() && !plan.FlavorName.IsUnknown() && !plan.FlavorName.Equal(state.FlavorName) {
		when := flavorAtPlanReplace
		if req.State.Raw.IsNull() {
			when = flavorAtPlanCreate
		}
		diags := r.checkFlavor(ctx, plan.ServiceName.ValueString(), plan.KubeID.ValueString(), plan.FlavorName.ValueString(), when)
		resp.Diagnostics.Append(diags...)
		// A flavor found unknown is checked again by the apply, which
		// refuses it before any request.
		if diags.WarningsCount() == 0 {
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateFlavorChecked, []byte(`true`))...)
		}
	}
	if req.State.Raw.IsNull() {
		return // creation
	}
	resp.Diagnostics.Append(keepAdoptedDesired(ctx, req, resp, config, state)...)

	if len(config.Template) == 0 && len(state.Template) > 0 {
		resp.Diagnostics.AddAttributeWarning(path.Root("template"), "Removing the template clears the nodes' labels and taints",
			fmt.Sprintf("The template block was removed from node pool %s: the apply sends an empty template, which removes the "+
				"labels, annotations, finalizers and taints it had set from every node of the pool. Keep the block to keep them.",
				state.Name.ValueString()))
	}
	if !plan.FlavorName.IsUnknown() && !plan.FlavorName.Equal(state.FlavorName) {
		resp.Diagnostics.AddAttributeWarning(path.Root("flavor_name"), "The node pool will be replaced, old pool first",
			fmt.Sprintf("Changing flavor_name from %q to %q replaces node pool %s: by default the old pool and its nodes are "+
				"deleted before the new pool exists, leaving no capacity meanwhile. To keep capacity, add "+
				"lifecycle { create_before_destroy = true } to the resource and give the new pool another name "+
				"(two pools of one cluster cannot share a name).",
				state.FlavorName.ValueString(), plan.FlavorName.ValueString(), state.Name.ValueString()))
	}
}

func parseInt(raw []byte) (int64, bool) {
	n, err := strconv.ParseInt(string(raw), 10, 64)
	return n, err == nil
}

// flavorCache holds each cluster's flavor list for the life of the provider
// process: one GET per cluster, whatever the number of pools.
type flavorCache struct {
	mu      sync.Mutex
	flavors map[string][]string // "service/kube" -> names
}

func (c *flavorCache) get(ctx context.Context, client *ovhapi.Client, serviceName, kubeID string) ([]string, error) {
	key := serviceName + "/" + kubeID
	c.mu.Lock()
	defer c.mu.Unlock()
	if names, ok := c.flavors[key]; ok {
		return names, nil
	}
	list, err := client.ListFlavors(ctx, serviceName, kubeID)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(list))
	for _, f := range list {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	if c.flavors == nil {
		c.flavors = map[string][]string{}
	}
	c.flavors[key] = names
	return names, nil
}

// flavorCheck says when a flavor is checked, which decides how an unknown
// one is reported.
type flavorCheck int

const (
	// flavorAtApply: before a pool is created; an unknown flavor is an
	// error, a failed lookup is left to the API.
	flavorAtApply flavorCheck = iota
	// flavorAtPlanCreate: the plan of a new pool; an unknown flavor is a
	// warning, which the apply turns into an error before any request.
	// Not an error: terraform destroy plans the configuration first, and
	// after an apply that failed on this flavor, an error here would stop
	// the destroy of the cluster for a pool that was never created.
	flavorAtPlanCreate
	// flavorAtPlanReplace: the plan of a flavor change, which replaces the
	// pool old one first; an unknown flavor is an error, or the apply would
	// delete the old pool and then fail to create the new one.
	flavorAtPlanReplace
)

// checkFlavor reports a flavor the cluster does not offer, naming the
// closest ones: the API refuses a flavor it does not have, and a typo that
// passed plan cost a user their pool (ovh/terraform-provider-ovh#419,
// API-MKS.md §8). A failed lookup only warns at plan time: the API checks the
// flavor anyway.
func (r *nodePoolResource) checkFlavor(ctx context.Context, serviceName, kubeID, flavor string, when flavorCheck) diag.Diagnostics {
	var diags diag.Diagnostics
	names, err := r.flavors.get(ctx, r.client, serviceName, kubeID)
	if err != nil {
		if when != flavorAtApply {
			diags.AddAttributeWarning(path.Root("flavor_name"), "Cannot check flavor_name",
				fmt.Sprintf("The flavors of cluster %s could not be listed, so flavor_name %q is checked by the API at apply: %s", kubeID, flavor, err))
		}
		return diags
	}
	if len(names) == 0 || slices.Contains(names, flavor) {
		return diags
	}
	detail := fmt.Sprintf("Attribute flavor_name: %q is not a flavor of cluster %s. Closest: %s. Every flavor: %s.",
		flavor, kubeID, strings.Join(quoted(closest(flavor, names, 3)), ", "), strings.Join(names, ", "))
	switch when {
	case flavorAtPlanCreate:
		diags.AddAttributeWarning(path.Root("flavor_name"), "Unknown flavor",
			detail+" The apply will refuse to create this pool, before any request: correct flavor_name first. "+
				"(A warning, not an error, so that terraform destroy, which plans the configuration first, still works.)")
	case flavorAtPlanReplace:
		diags.AddAttributeError(path.Root("flavor_name"), "Unknown flavor",
			detail+" terraform destroy plans the configuration first and stops here too: correct flavor_name, "+
				"or destroy with -refresh=false.")
	default:
		diags.AddAttributeError(path.Root("flavor_name"), "Unknown flavor", detail)
	}
	return diags
}

func quoted(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

// closest returns the n names nearest to s by edit distance, nearest first.
func closest(s string, names []string, n int) []string {
	sorted := slices.Clone(names)
	slices.SortStableFunc(sorted, func(a, b string) int { return editDistance(s, a) - editDistance(s, b) })
	return sorted[:min(n, len(sorted))]
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// zonesChangeReplaces is RequiresReplaceIf's condition for
// availability_zones: an empty list and no list are the same zones (the
// official provider writes [] for a list the configuration leaves out), so
// going from one to the other updates the state without replacing the pool.
func zonesChangeReplaces(_ context.Context, req planmodifier.ListRequest, resp *listplanmodifier.RequiresReplaceIfFuncResponse) {
	empty := func(l types.List) bool { return l.IsNull() || (!l.IsUnknown() && len(l.Elements()) == 0) }
	resp.RequiresReplace = !empty(req.PlanValue) || !empty(req.StateValue)
}

// privateReader is the part of the framework's private state that Update
// and ModifyPlan read.
type privateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// adoptsDesired reports whether an update of an imported pool takes the
// configuration's desired_nodes as applied rather than sending it (see
// desiredNotApplied): the pool was autoscaled and stays so.
func adoptsDesired(ctx context.Context, private privateReader, state, plan nodePoolModel) (bool, diag.Diagnostics) {
	raw, diags := private.GetKey(ctx, privateAppliedDesired)
	return string(raw) == desiredNotApplied && state.Autoscale.ValueBool() && plan.Autoscale.ValueBool(), diags
}

// keepAdoptedDesired plans nothing for an imported autoscaled pool whose
// configuration differs from the state in desired_nodes alone: the plan is
// the prior state (Terraform accepts a prior value in place of an equivalent
// configured one). With other changes the configured value is planned, and
// the update records it without sending it.
func keepAdoptedDesired(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, config, state nodePoolModel) diag.Diagnostics {
	var plan nodePoolModel
	diags := resp.Plan.Get(ctx, &plan)
	if diags.HasError() {
		return diags
	}
	adopt, d := adoptsDesired(ctx, req.Private, state, plan)
	diags.Append(d...)
	if !adopt || config.DesiredNodes.IsNull() || config.DesiredNodes.IsUnknown() || config.DesiredNodes.Equal(state.DesiredNodes) {
		return diags
	}
	desired := tftypes.NewAttributePath().WithAttributeName("desired_nodes")
	// The plan as it would be without the desired_nodes difference: the
	// prior value there, and the prior values where the framework marked
	// computed attributes unknown because of it.
	candidate, err := tftypes.Transform(resp.Plan.Raw, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() && !p.Equal(desired) {
			return v, nil
		}
		prior, _, err := tftypes.WalkAttributePath(req.State.Raw, p)
		if pv, ok := prior.(tftypes.Value); ok && err == nil {
			return pv, nil
		}
		return v, nil
	})
	if err == nil && candidate.Equal(req.State.Raw) {
		tflog.Debug(ctx, "imported autoscaled pool: desired_nodes taken as applied", map[string]any{
			"configured": config.DesiredNodes.ValueInt64(), "api": state.DesiredNodes.ValueInt64(),
		})
		resp.Plan.Raw = req.State.Raw
	}
	return diags
}
