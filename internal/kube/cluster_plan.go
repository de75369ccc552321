package kube

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mkscloud/terraform-provider-ovh/internal/isoduration"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// privateRequestedMode records, in private state, the kube-proxy mode that was
// asked of the API, so that a cluster the API created with another mode is
// not replaced over and over.
const privateRequestedMode = "requested_kube_proxy_mode"

// resetChange is an attribute that only a creation or a reset can set, with
// its prior and planned values for messages.
type resetChange struct {
	attr     string
	from, to string
}

// resetOnlyChanges lists the changes between state and plan that need a reset
// or a replacement. config decides whether an Optional+Computed attribute is
// asked for at all: one left out of the configuration keeps its value.
func resetOnlyChanges(config, plan, state clusterModel) []resetChange {
	var out []resetChange
	show := func(v types.String) string {
		if v.IsNull() {
			return "(none)"
		}
		return strconv.Quote(v.ValueString())
	}
	if !config.KubeProxyMode.IsNull() && changed(plan.KubeProxyMode, state.KubeProxyMode) {
		out = append(out, resetChange{"kube_proxy_mode", show(state.KubeProxyMode), show(plan.KubeProxyMode)})
	}
	if !plan.PrivateNetworkID.IsUnknown() && !plan.PrivateNetworkID.Equal(state.PrivateNetworkID) {
		out = append(out, resetChange{"private_network_id", show(state.PrivateNetworkID), show(plan.PrivateNetworkID)})
	}
	if !config.NodesSubnetID.IsNull() && changed(plan.NodesSubnetID, state.NodesSubnetID) {
		out = append(out, resetChange{"nodes_subnet_id", show(state.NodesSubnetID), show(plan.NodesSubnetID)})
	}
	if len(config.IPAllocationPolicy) > 0 && !ipAllocationEqual(plan.IPAllocationPolicy, state.IPAllocationPolicy) {
		out = append(out, resetChange{"ip_allocation_policy", describeIPAllocation(state.IPAllocationPolicy), describeIPAllocation(plan.IPAllocationPolicy)})
	}
	return out
}

func describeIPAllocation(b []ipAllocationModel) string {
	p := expandIPAllocationPolicy(b)
	if p == nil {
		return "(API default)"
	}
	deref := func(s *string) string {
		if s == nil {
			return "default"
		}
		return *s
	}
	return fmt.Sprintf("pods %s, services %s", deref(p.PodsIPv4CIDR), deref(p.ServicesIPv4CIDR))
}

func (r *clusterResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var config, plan, state clusterModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Here rather than in ValidateConfig, which Terraform calls several
	// times a plan: each warning shows once.
	resp.Diagnostics.Append(configWarnings(config)...)
	if req.State.Raw.IsNull() {
		// Creation: nothing depends on a prior state, but the kubeconfig.
		if v := config.KubeconfigInState; !v.IsNull() && !v.IsUnknown() && !v.ValueBool() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("kubeconfig"), types.StringNull())...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("kubeconfig_attributes"), types.ListNull(kubeconfigElemType()))...)
		}
		return
	}
	if req.Plan.Raw.Equal(req.State.Raw) {
		// Nothing changes, which is what most plans find: the comparisons
		// of the plan with the state below would find nothing; of what
		// they warn about, only the removed subnet still applies.
		if config.LoadBalancersSubnetID.IsNull() {
			var subnet types.String
			resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("load_balancers_subnet_id"), &subnet)...)
			resp.Diagnostics.Append(subnetRemovalWarning(config, subnet)...)
		}
		// But a state without the kubeconfig the configuration wants (an
		// import leaves none): the next apply fetches it.
		if !config.KubeconfigInState.IsUnknown() && config.wantsKubeconfig() {
			var kubeconfig types.String
			resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("kubeconfig"), &kubeconfig)...)
			if kubeconfig.IsNull() {
				resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("kubeconfig"), types.StringUnknown())...)
				resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("kubeconfig_attributes"), types.ListUnknown(kubeconfigElemType()))...)
			}
		}
		return
	}
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if planKubeconfig(&plan, state) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("kubeconfig"), plan.Kubeconfig)...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("kubeconfig_attributes"), plan.KubeconfigAttributes)...)
	}
	checkRefusedMode(ctx, req, config, state, &resp.Diagnostics)
	checkVersionChange(plan, state, &resp.Diagnostics)

	changes := resetOnlyChanges(config, plan, state)
	if !plan.PrivateNetworkID.Equal(state.PrivateNetworkID) {
		// Subnets belong to a network: on another network, those the
		// configuration leaves out are the API's choice, not the old ones.
		if config.NodesSubnetID.IsNull() {
			plan.NodesSubnetID = types.StringUnknown()
		}
		if config.LoadBalancersSubnetID.IsNull() {
			plan.LoadBalancersSubnetID = types.StringUnknown()
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	} else {
		resp.Diagnostics.Append(subnetRemovalWarning(config, state.LoadBalancersSubnetID)...)
	}

	if len(changes) == 0 {
		if !resp.Plan.Raw.IsFullyKnown() {
			resp.Diagnostics.Append(keepStateWhenUnchanged(ctx, req, resp, plan, state)...)
		}
		return
	}
	var what []string
	for _, c := range changes {
		what = append(what, fmt.Sprintf("%s: %s -> %s", c.attr, c.from, c.to))
	}
	if plan.ResetInsteadOfReplace.ValueBool() {
		resp.Diagnostics.AddWarning("The cluster will be reset, erasing all Kubernetes data",
			fmt.Sprintf("Cluster %s will be reset in place (POST /reset) because these attributes can only change on a reset:\n  %s\n\n"+
				"A reset keeps the cluster id and URL but erases ALL Kubernetes data: workloads, etcd, load balancers, persistent "+
				"volumes and IP restrictions (those managed by ovh_cloud_project_kube_iprestrictions show up in the next plan and "+
				"are restored by the next apply). Worker nodes: %s. A new kubeconfig is issued. "+
				"Set reset_instead_of_replace = false to replace the cluster instead.",
				state.ID.ValueString(), strings.Join(what, "\n  "), plan.ResetWorkerNodesPolicy.ValueString()))
		if plan.wantsKubeconfig() {
			plan.Kubeconfig = types.StringUnknown()
			plan.KubeconfigAttributes = types.ListUnknown(kubeconfigElemType())
		}
		plan.Status = types.StringUnknown()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	for _, c := range changes {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root(c.attr))
	}
}

// subnetRemovalWarning explains a load_balancers_subnet_id removed from the
// configuration (on the same private network), given the state's.
func subnetRemovalWarning(config clusterModel, state types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	if config.LoadBalancersSubnetID.IsNull() && !state.IsNull() {
		diags.AddAttributeWarning(path.Root("load_balancers_subnet_id"), "load_balancers_subnet_id cannot be removed",
			fmt.Sprintf("load_balancers_subnet_id was removed from the configuration, but the provider does not unset it: "+
				"the cluster keeps subnet %q. Set it again to silence this warning, or reset or replace the cluster to drop it.",
				state.ValueString()))
	}
	return diags
}

// checkVersionChange refuses at plan time what the API would refuse after a
// long wait: downgrades and jumps over a minor version, which POST /update
// cannot express (its strategies are LATEST_PATCH and NEXT_MINOR,
// cloud.kube.UpdateStrategyEnum), and an upgrade under NEVER_UPDATE, which
// the API answers 409 "Update aborted ... because of policy NEVER_UPDATE"
// (API.md).
func checkVersionChange(plan, state clusterModel, diags *diag.Diagnostics) {
	if plan.Version.IsUnknown() || plan.Version.IsNull() || state.Version.IsNull() || plan.Version.Equal(state.Version) {
		return
	}
	from, okFrom := parseMinor(state.Version.ValueString())
	to, okTo := parseMinor(plan.Version.ValueString())
	if !okFrom || !okTo {
		return // the attribute validator reports malformed versions
	}
	next := fmt.Sprintf("1.%d", from+1)
	switch {
	case to < from:
		diags.AddAttributeError(path.Root("version"), "Invalid version change",
			fmt.Sprintf("Attribute version: %q is older than the cluster's version %q, and a cluster cannot be downgraded. "+
				"Keep version = %q, or upgrade to version = %q.", plan.Version.ValueString(), state.Version.ValueString(), state.Version.ValueString(), next))
	case to > from+1:
		diags.AddAttributeError(path.Root("version"), "Invalid version change",
			fmt.Sprintf("Attribute version: %q is more than one minor version above the cluster's version %q; upgrades go one "+
				"minor version at a time. Apply version = %q first, then the next one.", plan.Version.ValueString(), state.Version.ValueString(), next))
	case plan.UpdatePolicy.ValueString() == policyNeverUpdate:
		diags.AddAttributeError(path.Root("version"), "Invalid version change",
			fmt.Sprintf("Attribute version: the upgrade from %q to %q is refused by the API while update_policy = \"NEVER_UPDATE\". "+
				"Set update_policy = \"ALWAYS_UPDATE\" or \"MINIMAL_DOWNTIME\" in the same change: the policy is changed first.",
				state.Version.ValueString(), plan.Version.ValueString()))
	}
}

func parseMinor(v string) (int, bool) {
	major, minor, ok := strings.Cut(v, ".")
	if !ok || major != "1" {
		return 0, false
	}
	n, err := strconv.Atoi(minor)
	return n, err == nil
}

// checkRefusedMode stops a replacement loop: when the API created or reset the
// cluster with another kube-proxy mode than the one asked, asking again would
// most likely end the same way.
func checkRefusedMode(ctx context.Context, req resource.ModifyPlanRequest, config, state clusterModel, diags *diag.Diagnostics) {
	if config.KubeProxyMode.IsNull() || config.KubeProxyMode.IsUnknown() || config.KubeProxyMode.Equal(state.KubeProxyMode) {
		return
	}
	raw, d := req.Private.GetKey(ctx, privateRequestedMode)
	diags.Append(d...)
	requested, err := strconv.Unquote(string(raw))
	if err != nil || requested != config.KubeProxyMode.ValueString() {
		return
	}
	diags.AddAttributeError(path.Root("kube_proxy_mode"), "The API did not apply kube_proxy_mode",
		fmt.Sprintf("kube_proxy_mode = %q was already requested for cluster %s, but the API runs it with %q. "+
			"Planning another replacement or reset would most likely end the same way. Set kube_proxy_mode = %q to accept "+
			"the mode the cluster has, or contact OVHcloud support.",
			requested, state.ID.ValueString(), state.KubeProxyMode.ValueString(), state.KubeProxyMode.ValueString()))
}

// ValidateConfig checks what involves several attributes; single values are
// checked by their attribute validators.
func (r *clusterResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config clusterModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validateSyncPeriods(config.CustomizationKubeProxy)...)
	resp.Diagnostics.Append(validateAdmissionPlugins(ctx, config.CustomizationAPIServer)...)
	resp.Diagnostics.Append(validateCilium(config.CustomizationCilium)...)
	resp.Diagnostics.Append(validateDeprecatedCustomization(ctx, config)...)
}

// configWarnings are the settings that the configuration asks for and that
// will have no effect.
func configWarnings(config clusterModel) diag.Diagnostics {
	var diags diag.Diagnostics
	plan := config.Plan.ValueString()
	diags.Append(unknownPlanWarning(config.Plan)...)
	if plan == planStandard {
		var set []string
		if !config.KubeProxyMode.IsNull() {
			set = append(set, "kube_proxy_mode")
		}
		if len(config.CustomizationKubeProxy) > 0 {
			set = append(set, "customization_kube_proxy")
		}
		if len(set) > 0 {
			verb := "is"
			if len(set) > 1 {
				verb = "are"
			}
			diags.AddAttributeWarning(path.Root(set[0]), "kube-proxy settings have no effect on a standard cluster",
				fmt.Sprintf("%s %s set, but plan = \"standard\" clusters run the Cilium CNI, which replaces kube-proxy: "+
					"these settings will have no effect. Remove them, or use plan = \"free\" (Canal/Calico with kube-proxy).",
					strings.Join(set, " and "), verb))
		}
	}
	if len(config.CustomizationCilium) > 0 && !config.Plan.IsUnknown() && plan != planStandard {
		shown := "plan is not set, so the cluster gets the API's default, \"free\""
		if plan != "" {
			shown = fmt.Sprintf("plan = %q", plan)
		}
		diags.AddAttributeWarning(path.Root("customization_cilium"), "Cilium settings have no effect on a free cluster",
			fmt.Sprintf("customization_cilium is set, but %s: free clusters run Canal/Calico, not Cilium, so these settings will "+
				"have no effect. Remove the block, or use plan = \"standard\".", shown))
	}
	if mode := config.KubeProxyMode.ValueString(); mode != "" && plan != planStandard && len(config.CustomizationKubeProxy) > 0 {
		kp := config.CustomizationKubeProxy[0]
		other, has, lacks := "", len(kp.IPVS) > 0, len(kp.IPTables) == 0
		if mode == "ipvs" {
			has, lacks = len(kp.IPTables) > 0, len(kp.IPVS) == 0
			other = "iptables"
		} else {
			other = "ipvs"
		}
		if has && lacks {
			diags.AddAttributeWarning(path.Root("customization_kube_proxy").AtListIndex(0).AtName(other),
				"kube-proxy timings of another mode",
				fmt.Sprintf("customization_kube_proxy sets %s timings only, but kube_proxy_mode = %q: kube-proxy uses the "+
					"timings of the mode it runs, so these have no effect. Add an %s block, or set kube_proxy_mode = %q.",
					other, mode, mode, other))
		}
	}
	return diags
}

// unknownPlanWarning warns about a plan other than those OVHcloud documents.
// The API's schema makes plan a plain string, and no report shows the API
// refusing another name, so it is not an error: the plan goes to the API
// as written.
func unknownPlanWarning(plan types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	if plan.IsNull() || plan.IsUnknown() || slices.Contains(plans, plan.ValueString()) {
		return diags
	}
	got := plan.ValueString()
	example := plans[0]
	for _, p := range plans {
		if strings.EqualFold(got, p) {
			example = p
		}
	}
	diags.AddAttributeWarning(path.Root("plan"), "Unknown cluster plan",
		fmt.Sprintf("Attribute plan: %q is not a plan OVHcloud documents (%q or %q). The API's schema takes any name, so it "+
			"is sent as written, and the cluster gets the features of the plan the API makes of it. For example: plan = %q.",
			got, plans[0], plans[1], example))
	return diags
}

// validateSyncPeriods warns about what breaks kube-proxy's own rule:
// min_sync_period must not exceed sync_period. A zero sync_period is what OVHcloud's examples send, and
// the API accepts it, so it is not compared.
func validateSyncPeriods(blocks []kubeProxyModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if len(blocks) == 0 {
		return diags
	}
	check := func(mode string, minV, syncV isoduration.Duration) {
		if minV.IsNull() || minV.IsUnknown() || syncV.IsNull() || syncV.IsUnknown() {
			return
		}
		minD, err1 := isoduration.Parse(minV.ValueString())
		syncD, err2 := isoduration.Parse(syncV.ValueString())
		if err1 != nil || err2 != nil || syncD == 0 || minD <= syncD {
			return
		}
		p := path.Root("customization_kube_proxy").AtListIndex(0).AtName(mode).AtListIndex(0).AtName("min_sync_period")
		// kube-proxy's rule, not the schema's, and no report shows the API
		// refusing it: a warning.
		diags.AddAttributeWarning(p, "Invalid kube-proxy timing",
			fmt.Sprintf("Attribute %s: %q is longer than sync_period %q. kube-proxy requires min_sync_period <= sync_period: "+
				"the minimum time between two re-syncs cannot exceed the full refresh period. For example: min_sync_period = \"PT1S\" "+
				"with sync_period = \"PT30S\". %s", p, minV.ValueString(), syncV.ValueString(), validate.MayRefuse))
	}
	for _, b := range blocks[0].IPTables {
		check("iptables", b.MinSyncPeriod, b.SyncPeriod)
	}
	for _, b := range blocks[0].IPVS {
		check("ipvs", b.MinSyncPeriod, b.SyncPeriod)
	}
	return diags
}

func validateAdmissionPlugins(ctx context.Context, blocks []apiServerModel) diag.Diagnostics {
	return validateAdmissionPluginsAt(ctx, blocks, path.Root("customization_apiserver").AtListIndex(0))
}

// validateAdmissionPluginsAt warns about a plugin of an API server block at
// root that is both enabled and disabled: the API's schema shows such a
// creation in its own example, so it is not refused.
func validateAdmissionPluginsAt(ctx context.Context, blocks []apiServerModel, root path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if len(blocks) == 0 || len(blocks[0].AdmissionPlugins) == 0 {
		return diags
	}
	ap := blocks[0].AdmissionPlugins[0]
	var enabled, disabled []string
	if listInto(ctx, ap.Enabled, &enabled).HasError() || listInto(ctx, ap.Disabled, &disabled).HasError() {
		return diags
	}
	for _, e := range enabled {
		for _, d := range disabled {
			if e == d {
				p := root.AtName("admissionplugins").AtListIndex(0).AtName("disabled")
				diags.AddAttributeWarning(p, "Admission plugin both enabled and disabled",
					fmt.Sprintf("Attribute %s: %q is also in enabled. The API accepts a plugin in both lists, but which one it "+
						"applies is not documented. Keep the plugin in one list only, for example enabled = [\"AlwaysPullImages\"] "+
						"and disabled = [\"NodeRestriction\"].", p, d))
			}
		}
	}
	return diags
}

// privateWriter is the part of the framework's private state that
// recordModeOutcome needs.
type privateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// recordModeOutcome fails the apply when the API runs another kube-proxy mode
// than the one asked for at a creation or a reset, and records the refused
// mode in private state: the next plan explains instead of asking again. A
// mode the API honoured clears the record, so that a later out-of-band
// change is planned as any other change.
func recordModeOutcome(ctx context.Context, private privateWriter, plan clusterModel, k *ovhapi.Kube) diag.Diagnostics {
	var diags diag.Diagnostics
	want := plan.KubeProxyMode
	if want.IsNull() || want.IsUnknown() || k.KubeProxyMode == "" || k.KubeProxyMode == want.ValueString() {
		return private.SetKey(ctx, privateRequestedMode, nil)
	}
	diags.Append(private.SetKey(ctx, privateRequestedMode, []byte(strconv.Quote(want.ValueString())))...)
	diags.AddAttributeError(path.Root("kube_proxy_mode"), "The API did not apply kube_proxy_mode",
		fmt.Sprintf("kube_proxy_mode = %q was requested, but the API reports that cluster %s runs %q. "+
			"The cluster is kept in the state with the mode it really has. Set kube_proxy_mode = %q to accept it "+
			"(after a failed creation, also run \"terraform untaint\" on the resource to keep this cluster), "+
			"or contact OVHcloud support; asking again would most likely end the same way.",
			want.ValueString(), k.ID, k.KubeProxyMode, k.KubeProxyMode))
	return diags
}

// readyAfterApply plans status = "READY" for an update: every apply that
// succeeds waits for it, so the plan need not show "(known after apply)".
type readyAfterApply struct{}

func (readyAfterApply) Description(context.Context) string {
	return "an update ends with the cluster READY"
}

func (m readyAfterApply) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (readyAfterApply) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() || req.StateValue.ValueString() != statusReady {
		return
	}
	resp.PlanValue = types.StringValue(statusReady)
}

// keepStateWhenUnchanged plans no change at all when the only differences
// between configuration and state are of form (a duration written P0D for
// PT0S, which the attribute's plan modifier already planned as the prior
// value): the framework marks the read-only attributes unknown as soon as the
// configuration differs from the state, which would plan an update that
// changes nothing.
func keepStateWhenUnchanged(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, plan, state clusterModel) diag.Diagnostics {
	var diags diag.Diagnostics
	kept := plan
	keepString := func(p *types.String, s types.String) {
		if p.IsUnknown() {
			*p = s
		}
	}
	keepString(&kept.ID, state.ID)
	keepString(&kept.Status, state.Status)
	keepString(&kept.URL, state.URL)
	keepString(&kept.NodesURL, state.NodesURL)
	if kept.IsUpToDate.IsUnknown() {
		kept.IsUpToDate = state.IsUpToDate
	}
	if kept.ControlPlaneIsUpToDate.IsUnknown() {
		kept.ControlPlaneIsUpToDate = state.ControlPlaneIsUpToDate
	}
	if kept.NextUpgradeVersions.IsUnknown() {
		kept.NextUpgradeVersions = state.NextUpgradeVersions
	}
	if kept.AuditLogsSubscribed.IsUnknown() {
		kept.AuditLogsSubscribed = state.AuditLogsSubscribed
	}
	candidate := tfsdk.Plan{Schema: req.Plan.Schema}
	diags.Append(candidate.Set(ctx, &kept)...)
	if diags.HasError() {
		return diags
	}
	if !candidate.Raw.Equal(req.State.Raw) {
		only, d := providerSideOnly(ctx, req.Plan, kept, req.State.Raw)
		diags.Append(d...)
		if !only {
			return diags
		}
	}
	resp.Plan = candidate
	return diags
}

// planKubeconfig plans the kubeconfig and its parts from kubeconfig_in_state
// and the state, and reports whether it changed them: null when the state
// must not hold them, unknown when the apply will fetch them (a state without
// them, or a setting only known then), the state's otherwise.
func planKubeconfig(plan *clusterModel, state clusterModel) bool {
	kubeconfig, attributes := state.Kubeconfig, state.KubeconfigAttributes
	switch {
	case plan.KubeconfigInState.IsUnknown(), plan.wantsKubeconfig() && !state.hasKubeconfig():
		kubeconfig, attributes = types.StringUnknown(), types.ListUnknown(kubeconfigElemType())
	case !plan.wantsKubeconfig():
		kubeconfig, attributes = types.StringNull(), types.ListNull(kubeconfigElemType())
	}
	if plan.Kubeconfig.Equal(kubeconfig) && plan.KubeconfigAttributes.Equal(attributes) {
		return false
	}
	plan.Kubeconfig, plan.KubeconfigAttributes = kubeconfig, attributes
	return true
}

// providerSideOnly reports whether plan differs from the state (raw) only in
// what lives in the provider and never reaches the API: the reset settings,
// kubeconfig_in_state, the timeouts, and the kubeconfig that
// kubeconfig_in_state governs.
func providerSideOnly(ctx context.Context, like tfsdk.Plan, plan clusterModel, raw tftypes.Value) (bool, diag.Diagnostics) {
	var state clusterModel
	st := tfsdk.State{Schema: like.Schema, Raw: raw}
	diags := st.Get(ctx, &state)
	if diags.HasError() {
		return false, diags
	}
	p := plan
	p.ResetInsteadOfReplace, p.ResetWorkerNodesPolicy = state.ResetInsteadOfReplace, state.ResetWorkerNodesPolicy
	p.KubeconfigInState, p.Timeouts = state.KubeconfigInState, state.Timeouts
	p.Kubeconfig, p.KubeconfigAttributes = state.Kubeconfig, state.KubeconfigAttributes
	candidate := tfsdk.Plan{Schema: like.Schema}
	diags.Append(candidate.Set(ctx, &p)...)
	return !diags.HasError() && candidate.Raw.Equal(raw), diags
}
