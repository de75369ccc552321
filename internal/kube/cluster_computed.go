package kube

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Read-only attributes that only a version upgrade or a reset can change:
// is_up_to_date, control_plane_is_up_to_date and next_upgrade_versions
// (url and nodes_url, which a reset keeps too, use UseStateForUnknown, as
// does audit_logs_subscribed, which only a log subscription changes). A
// plan that changes anything else in place (kube-proxy timings, the update
// policy, the name, ...) shows their current values instead of "(known
// after apply)". A replacement is planned as a creation, with no prior
// state, so they are unknown there.

// keptUnlessUpgradeOrReset plans the prior value of a read-only attribute
// unless the plan upgrades or resets the cluster.
type keptUnlessUpgradeOrReset struct{}

var (
	_ planmodifier.Bool = keptUnlessUpgradeOrReset{}
	_ planmodifier.Set  = keptUnlessUpgradeOrReset{}
)

func (keptUnlessUpgradeOrReset) Description(context.Context) string {
	return "keeps its value unless the cluster is upgraded or reset"
}

func (m keptUnlessUpgradeOrReset) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keptUnlessUpgradeOrReset) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if req.PlanValue.IsUnknown() && !req.StateValue.IsNull() && !upgradeOrReset(ctx, req.Config, req.State, &resp.Diagnostics) {
		resp.PlanValue = req.StateValue
	}
}

func (keptUnlessUpgradeOrReset) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.PlanValue.IsUnknown() && !req.StateValue.IsNull() && !upgradeOrReset(ctx, req.Config, req.State, &resp.Diagnostics) {
		resp.PlanValue = req.StateValue
	}
}

// upgradeOrReset reports whether the plan may upgrade or reset the cluster.
// It reads the configuration, not the plan: attribute plan modifiers all see
// the plan as it was before any of them ran, where an Optional+Computed
// attribute left out of the configuration is still unknown, although
// UseStateForUnknown will keep its value.
func upgradeOrReset(ctx context.Context, config tfsdk.Config, state tfsdk.State, diags *diag.Diagnostics) bool {
	var wantVersion, version types.String
	diags.Append(config.GetAttribute(ctx, path.Root("version"), &wantVersion)...)
	diags.Append(state.GetAttribute(ctx, path.Root("version"), &version)...)
	if diags.HasError() || wantVersion.IsUnknown() || !wantVersion.IsNull() && !wantVersion.Equal(version) {
		return true
	}

	// Without reset_instead_of_replace, a change that needs a reset
	// replaces the cluster: the plan is a creation's.
	var reset types.Bool
	diags.Append(config.GetAttribute(ctx, path.Root("reset_instead_of_replace"), &reset)...)
	if diags.HasError() {
		return true
	}
	if !reset.IsUnknown() && !reset.ValueBool() {
		return false
	}
	var c, s clusterModel
	diags.Append(config.Get(ctx, &c)...)
	diags.Append(state.Get(ctx, &s)...)
	if diags.HasError() {
		return true
	}
	return len(resetOnlyChanges(c, plannedForReset(c, s), s)) > 0
}

// plannedForReset is the plan of the attributes resetOnlyChanges compares,
// as the attribute plan modifiers will make it: the CIDRs that the
// configuration leaves out keep their values.
func plannedForReset(config, state clusterModel) clusterModel {
	plan := config
	if len(config.IPAllocationPolicy) == 1 && len(state.IPAllocationPolicy) == 1 {
		p, s := config.IPAllocationPolicy[0], state.IPAllocationPolicy[0]
		if p.PodsIPv4CIDR.IsNull() {
			p.PodsIPv4CIDR = s.PodsIPv4CIDR
		}
		if p.ServicesIPv4CIDR.IsNull() {
			p.ServicesIPv4CIDR = s.ServicesIPv4CIDR
		}
		plan.IPAllocationPolicy = []ipAllocationModel{p}
	}
	return plan
}

// keepPlannedComputed keeps, after an update, the values of these
// attributes that the plan showed: should the API report another one (a
// patch released meanwhile), the apply must not fail for a value that the
// update did not change; the next refresh reads it.
func keepPlannedComputed(next *clusterModel, plan clusterModel) {
	if !plan.IsUpToDate.IsUnknown() {
		next.IsUpToDate = plan.IsUpToDate
	}
	if !plan.ControlPlaneIsUpToDate.IsUnknown() {
		next.ControlPlaneIsUpToDate = plan.ControlPlaneIsUpToDate
	}
	if !plan.NextUpgradeVersions.IsUnknown() {
		next.NextUpgradeVersions = plan.NextUpgradeVersions
	}
	if !plan.URL.IsUnknown() {
		next.URL = plan.URL
	}
	if !plan.NodesURL.IsUnknown() {
		next.NodesURL = plan.NodesURL
	}
	if !plan.AuditLogsSubscribed.IsUnknown() {
		next.AuditLogsSubscribed = plan.AuditLogsSubscribed
	}
}
