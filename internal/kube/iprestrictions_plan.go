package kube

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ValidateConfig refuses two spellings of one block: the API stores the
// block once, so the state could never hold both and every plan would show a
// change.
func (r *ipRestrictionsResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var c ipRestrictionsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &c)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(duplicateBlocks(c.IPs)...)
}

// duplicateBlocks refuses two spellings of one block: the set would never
// match what the API holds, a rule of the provider's own ips argument.
func duplicateBlocks(ips types.Set) diag.Diagnostics {
	var diags diag.Diagnostics
	byBlock := map[string][]string{}
	for _, ip := range ipStrings(ips) {
		k := blockKey(ip)
		byBlock[k] = append(byBlock[k], ip)
	}
	keys := make([]string, 0, len(byBlock))
	for k, spellings := range byBlock {
		if len(spellings) > 1 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		spellings := byBlock[k]
		diags.AddAttributeError(path.Root("ips"), "Duplicate IP block",
			fmt.Sprintf("Attribute ips: %s are the same block, %s; the API stores it once. Keep one of them.",
				strings.Join(quoted(spellings), " and "), k))
	}
	return diags
}

// ModifyPlan explains the one change the plan cannot avoid: a configuration
// that spells a block otherwise than the state (after an import, or over a
// state the official provider wrote) shows an update; it sends nothing.
func (r *ipRestrictionsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return // destroy or creation
	}
	var plan, state ipRestrictionsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || plan.IPs.IsUnknown() || plan.IPs.Equal(state.IPs) {
		return
	}
	want, have := ipStrings(plan.IPs), ipStrings(state.IPs)
	if len(want) != len(plan.IPs.Elements()) || !sameBlocks(want, have) {
		return // a real change, or one not known yet
	}
	resp.Diagnostics.AddAttributeWarning(path.Root("ips"), "IP restrictions differ only in spelling",
		fmt.Sprintf("Cluster %s already holds these blocks, written otherwise: %s. A bare address is the same block as its "+
			"/32 (or /128) form. The apply records the configuration's spelling in the state and sends nothing to the API.",
			plan.KubeID.ValueString(), strings.Join(respelled(want, have), ", ")))
}
