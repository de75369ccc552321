// Package kube implements the ovh_cloud_project_kube resource and data source:
// an OVHcloud Managed Kubernetes cluster.
package kube

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mkscloud/terraform-provider-ovh/internal/isoduration"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

var (
	_ resource.Resource                   = (*kubeResource)(nil)
	_ resource.ResourceWithConfigure      = (*kubeResource)(nil)
	_ resource.ResourceWithImportState    = (*kubeResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*kubeResource)(nil)
	_ resource.ResourceWithValidateConfig = (*kubeResource)(nil)
)

// Default timeouts, as in the official provider.
const (
	defaultCreateTimeout = 15 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultUpdateTimeout = time.Hour
	defaultDeleteTimeout = 10 * time.Minute
)

// privateRequestedMode records, in private state, the kube-proxy mode that was
// asked of the API, so that a cluster the API created with another mode is
// not replaced over and over.
const privateRequestedMode = "requested_kube_proxy_mode"

// NewResource returns the ovh_cloud_project_kube resource.
func NewResource() resource.Resource { return &kubeResource{} }

type kubeResource struct {
	client *ovhapi.Client
}

func (r *kubeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloud_project_kube"
}

func (r *kubeResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = resourceSchema(ctx)
}

func (r *kubeResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	c, ok := req.ProviderData.(*ovhapi.Client)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("Expected *ovhapi.Client, got %T. Please report this issue.", req.ProviderData))
		return
	}
	r.client = c
}

func (r *kubeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan kubeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	serviceName := plan.ServiceName.ValueString()
	body, diags := plan.createRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := createCluster(ctx, r.client, serviceName, body)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the cluster", err.Error())
		return
	}
	ctx = tflog.SetField(ctx, "kube_id", created.ID)

	// The cluster exists from here on: save it at once, so that a failed wait
	// leaves it in state (tainted) instead of orphaning it.
	state := plan
	resp.Diagnostics.Append(state.setFromAPI(ctx, serviceName, created, &plan, false)...)
	state.Kubeconfig = types.StringNull()
	state.KubeconfigAttributes = types.ListNull(typesKubeconfigElem())
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)

	ready, err := waitReady(ctx, r.client, serviceName, created.ID, waitOptions{operation: "creation", notFoundIsPending: true})
	if err != nil {
		resp.Diagnostics.AddError("Cluster creation did not complete",
			fmt.Sprintf("%s\n\nThe cluster %s is kept in the state, marked tainted: the next apply replaces it unless you untaint it.", err, created.ID))
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(ctx, serviceName, ready, &plan, false)...)
	r.fetchKubeconfigOrWarn(ctx, &state, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(recordModeOutcome(ctx, resp.Private, plan, ready)...)
}

func (r *kubeResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state kubeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	serviceName, id := state.ServiceName.ValueString(), state.ID.ValueString()
	k, err := r.client.GetKube(ctx, serviceName, id)
	if ovhapi.IsNotFound(err) {
		tflog.Warn(ctx, "cluster not found, removing it from state", map[string]any{"kube_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the cluster", err.Error())
		return
	}
	// A freshly imported cluster has nothing but its id and project in state.
	importing := state.Region.IsNull()
	next := state
	resp.Diagnostics.Append(next.setFromAPI(ctx, serviceName, k, &state, importing)...)
	// An import, or a state written by the official provider, has no value
	// for these provider-side settings: their defaults avoid a needless update.
	if next.ResetInsteadOfReplace.IsNull() {
		next.ResetInsteadOfReplace = types.BoolValue(false)
	}
	if next.ResetWorkerNodesPolicy.IsNull() {
		next.ResetWorkerNodesPolicy = types.StringValue("delete")
	}
	if !next.hasKubeconfig() {
		resp.Diagnostics.Append(r.fetchKubeconfig(ctx, &next)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

func (r *kubeResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state kubeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	serviceName, id := state.ServiceName.ValueString(), state.ID.ValueString()
	ctx = tflog.SetField(ctx, "kube_id", id)
	u := updater{ctx: ctx, client: r.client, serviceName: serviceName, id: id, diags: &resp.Diagnostics}

	reset := len(resetOnlyChanges(plan, plan, state)) > 0
	if reset {
		body, diags := plan.resetRequest(ctx)
		resp.Diagnostics.Append(diags...)
		// Without customization_apiserver the API server's settings are left
		// as they are, which a reset would otherwise return to defaults.
		if len(plan.CustomizationAPIServer) == 0 && len(state.CustomizationAPIServer) > 0 {
			kept, d := expandAPIServer(ctx, state.CustomizationAPIServer)
			resp.Diagnostics.Append(d...)
			if body.Customization == nil {
				body.Customization = &ovhapi.Customization{}
			}
			body.Customization.APIServer = kept
		}
		if resp.Diagnostics.HasError() {
			return
		}
		u.run("reset", func() error { return r.client.ResetKube(ctx, serviceName, id, body) }, resetApplied(body))
		if resp.Diagnostics.HasError() {
			// The reset may have gone through and revoked the old
			// credentials: drop them, so that the next refresh fetches the
			// kubeconfig again.
			state.Kubeconfig = types.StringNull()
			state.KubeconfigAttributes = types.ListNull(typesKubeconfigElem())
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			return
		}
	} else {
		r.applyInPlace(ctx, &u, plan, state)
	}
	if resp.Diagnostics.HasError() {
		// Whatever was applied stays applied; the state keeps its prior
		// values, so the next plan shows what is left to do.
		return
	}

	k := u.last
	if k == nil {
		// Nothing was sent to the API. The plan promised READY when the
		// cluster was READY at refresh; keep that promise or say why not.
		var err error
		if plan.Status.ValueString() == statusReady {
			k, err = waitReady(ctx, r.client, serviceName, id, waitOptions{operation: "update"})
		} else {
			k, err = r.client.GetKube(ctx, serviceName, id)
		}
		if err != nil {
			resp.Diagnostics.AddError("Cannot read the cluster after the update", err.Error())
			return
		}
	}
	next := plan
	resp.Diagnostics.Append(next.setFromAPI(ctx, serviceName, k, &plan, false)...)
	next.Kubeconfig, next.KubeconfigAttributes = state.Kubeconfig, state.KubeconfigAttributes
	if reset || !next.hasKubeconfig() {
		r.fetchKubeconfigOrWarn(ctx, &next, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
	if reset {
		resp.Diagnostics.Append(recordModeOutcome(ctx, resp.Private, plan, k)...)
	}
}

// applyInPlace sends each changed part to its own endpoint and waits for the
// cluster to be READY after each.
func (r *kubeResource) applyInPlace(ctx context.Context, u *updater, plan, state kubeModel) {
	sn, id := u.serviceName, u.id
	if changed(plan.Name, state.Name) {
		name := plan.Name.ValueString()
		u.run("rename", func() error { return r.client.UpdateKube(ctx, sn, id, ovhapi.KubeUpdate{Name: &name}) },
			func(k *ovhapi.Kube) bool { return k.Name == name })
	}

	policyChanged := changed(plan.UpdatePolicy, state.UpdatePolicy)
	setPolicy := func() {
		policy := plan.UpdatePolicy.ValueString()
		u.run("update policy change", func() error { return r.client.SetUpdatePolicy(ctx, sn, id, policy) },
			func(k *ovhapi.Kube) bool { return k.UpdatePolicy == policy })
	}
	// Leaving NEVER_UPDATE must come before an upgrade, entering it after.
	if policyChanged && plan.UpdatePolicy.ValueString() != "NEVER_UPDATE" {
		setPolicy()
	}
	if changed(plan.Version, state.Version) {
		target := plan.Version.ValueString()
		u.run("version upgrade", func() error { return r.client.UpgradeKube(ctx, sn, id, ovhapi.StrategyNextMinor) },
			func(k *ovhapi.Kube) bool { return minorVersion(k.Version) == target })
	}
	if policyChanged && plan.UpdatePolicy.ValueString() == "NEVER_UPDATE" {
		setPolicy()
	}

	if cu, ok := customizationChange(ctx, plan, state, u.diags); ok {
		u.run("customization change", func() error { return r.client.PutCustomization(ctx, sn, id, cu) },
			func(k *ovhapi.Kube) bool {
				var got ovhapi.Customization
				if k.Customization != nil {
					got = *k.Customization
				}
				return cu.KubeProxy == nil || kubeProxyMatches(got.KubeProxy, cu.KubeProxy, true)
			})
	}

	if !privateNetworkConfigurationEqual(plan.PrivateNetworkConfiguration, state.PrivateNetworkConfiguration) {
		pnc := expandPrivateNetworkConfiguration(plan.PrivateNetworkConfiguration)
		if pnc == nil {
			pnc = &ovhapi.PrivateNetworkConfiguration{}
		}
		u.run("private network configuration change", func() error { return r.client.PutPrivateNetworkConfiguration(ctx, sn, id, *pnc) },
			func(k *ovhapi.Kube) bool {
				return k.PrivateNetworkConfiguration != nil && *k.PrivateNetworkConfiguration == *pnc
			})
	}

	// A removed subnet is never sent as "": the API refuses it, and the plan
	// kept the current subnet with a warning.
	if subnet := strPtr(plan.LoadBalancersSubnetID); subnet != nil && changed(plan.LoadBalancersSubnetID, state.LoadBalancersSubnetID) {
		u.run("load balancers subnet change", func() error { return r.client.UpdateLoadBalancersSubnetID(ctx, sn, id, *subnet) },
			func(k *ovhapi.Kube) bool {
				return k.LoadBalancersSubnetID != nil && *k.LoadBalancersSubnetID == *subnet
			})
	}
}

// resetApplied reports whether a READY cluster shows the reset's settings.
func resetApplied(body ovhapi.KubeReset) func(*ovhapi.Kube) bool {
	return func(k *ovhapi.Kube) bool {
		if body.KubeProxyMode != nil && k.KubeProxyMode != *body.KubeProxyMode {
			return false
		}
		if optString(k.PrivateNetworkID) != optString(body.PrivateNetworkID) {
			return false
		}
		if body.NodesSubnetID != nil && optString(k.NodesSubnetID) != optString(body.NodesSubnetID) {
			return false
		}
		if want := body.IPAllocationPolicy; want != nil {
			got := k.IPAllocationPolicy
			if got == nil {
				return false
			}
			if want.PodsIPv4CIDR != nil && optString(got.PodsIPv4CIDR) != optString(want.PodsIPv4CIDR) ||
				want.ServicesIPv4CIDR != nil && optString(got.ServicesIPv4CIDR) != optString(want.ServicesIPv4CIDR) {
				return false
			}
		}
		var got ovhapi.Customization
		if k.Customization != nil {
			got = *k.Customization
		}
		var want *ovhapi.KubeProxyCustomization
		if body.Customization != nil {
			want = body.Customization.KubeProxy
		}
		return kubeProxyMatches(got.KubeProxy, want, true)
	}
}

// updateAttempts bounds the requests of one change whose answers are lost.
var updateAttempts = 4

// updater runs one change after the other and stops at the first error.
type updater struct {
	ctx         context.Context
	client      *ovhapi.Client
	serviceName string
	id          string
	diags       *diag.Diagnostics
	last        *ovhapi.Kube
}

func (u *updater) run(operation string, call func() error, applied func(*ovhapi.Kube) bool) {
	if u.diags.HasError() {
		return
	}
	tflog.Debug(u.ctx, "cluster "+operation)
	for attempt := 1; ; attempt++ {
		err := call()
		if err == nil {
			break
		}
		// A lost answer may hide an applied change, and a 409 a cluster
		// still busy (with this change, or an earlier one): let the cluster
		// settle, then look before sending again.
		if uncertain := ovhapi.MaybeApplied(err) || ovhapi.IsConflict(err); !uncertain || attempt >= updateAttempts {
			u.diags.AddError("Cannot apply the cluster "+operation, err.Error())
			return
		}
		tflog.Warn(u.ctx, "cluster change not confirmed; checking the cluster", map[string]any{"operation": operation, "error": err.Error()})
		k, werr := waitReady(u.ctx, u.client, u.serviceName, u.id, waitOptions{operation: operation, applied: applied})
		if werr != nil {
			u.diags.AddError("Cannot apply the cluster "+operation, fmt.Sprintf("%s\n\nChecking the cluster afterwards failed too: %s", err, werr))
			return
		}
		if applied(k) {
			u.last = k
			return
		}
	}
	k, err := waitReady(u.ctx, u.client, u.serviceName, u.id, waitOptions{operation: operation, applied: applied})
	if err != nil {
		u.diags.AddError("Cluster "+operation+" did not complete", err.Error())
		return
	}
	u.last = k
}

func changed(plan, state types.String) bool {
	return !plan.IsUnknown() && !plan.IsNull() && !plan.Equal(state)
}

// customizationChange returns the PUT /customization body: the whole
// kubeProxy subtree when it changed (the API replaces it as a whole), and
// apiServer only when it changed.
func customizationChange(ctx context.Context, plan, state kubeModel, diags *diag.Diagnostics) (ovhapi.Customization, bool) {
	var cu ovhapi.Customization
	changedAny := false
	if !kubeProxyEqual(plan.CustomizationKubeProxy, state.CustomizationKubeProxy) {
		cu.KubeProxy = expandKubeProxy(plan.CustomizationKubeProxy)
		if cu.KubeProxy == nil {
			cu.KubeProxy = &ovhapi.KubeProxyCustomization{}
		}
		changedAny = true
	}
	// Like the official provider, whose block is computed, a configuration
	// without customization_apiserver leaves the API server's settings alone.
	if len(plan.CustomizationAPIServer) > 0 && !apiServerEqual(ctx, plan.CustomizationAPIServer, state.CustomizationAPIServer) {
		as, d := expandAPIServer(ctx, plan.CustomizationAPIServer)
		diags.Append(d...)
		cu.APIServer = as
		changedAny = true
	}
	return cu, changedAny
}

func kubeProxyEqual(a, b []kubeProxyModel) bool {
	ea, eb := expandKubeProxy(a), expandKubeProxy(b)
	return kubeProxyMatches(ea, eb, false) && kubeProxyMatches(eb, ea, false)
}

// kubeProxyMatches reports whether got holds every setting of want, durations
// compared by value. With subset, settings that want leaves out are ignored:
// the API may echo defaults nobody set.
func kubeProxyMatches(got, want *ovhapi.KubeProxyCustomization, subset bool) bool {
	if want == nil {
		return subset || got == nil
	}
	if got == nil {
		got = &ovhapi.KubeProxyCustomization{}
	}
	eq := func(g, w *string, dur bool) bool {
		if w == nil {
			return subset || g == nil
		}
		if g == nil {
			return false
		}
		if dur {
			return isoduration.Equal(*g, *w)
		}
		return *g == *w
	}
	if w := want.IPTables; w != nil {
		g := got.IPTables
		if g == nil {
			g = &ovhapi.KubeProxyIPTables{}
		}
		if !eq(g.MinSyncPeriod, w.MinSyncPeriod, true) || !eq(g.SyncPeriod, w.SyncPeriod, true) {
			return false
		}
	} else if !subset && got.IPTables != nil {
		return false
	}
	if w := want.IPVS; w != nil {
		g := got.IPVS
		if g == nil {
			g = &ovhapi.KubeProxyIPVS{}
		}
		if !eq(g.MinSyncPeriod, w.MinSyncPeriod, true) || !eq(g.SyncPeriod, w.SyncPeriod, true) || !eq(g.Scheduler, w.Scheduler, false) ||
			!eq(g.TCPTimeout, w.TCPTimeout, true) || !eq(g.TCPFinTimeout, w.TCPFinTimeout, true) || !eq(g.UDPTimeout, w.UDPTimeout, true) {
			return false
		}
	} else if !subset && got.IPVS != nil {
		return false
	}
	return true
}

func strEq(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func apiServerEqual(ctx context.Context, a, b []apiServerModel) bool {
	ea, _ := expandAPIServer(ctx, a)
	eb, _ := expandAPIServer(ctx, b)
	if ea == nil || eb == nil {
		return ea == nil && eb == nil
	}
	if ea.AdmissionPlugins == nil || eb.AdmissionPlugins == nil {
		return ea.AdmissionPlugins == nil && eb.AdmissionPlugins == nil
	}
	return sameSet(ea.AdmissionPlugins.Enabled, eb.AdmissionPlugins.Enabled) && sameSet(ea.AdmissionPlugins.Disabled, eb.AdmissionPlugins.Disabled)
}

func privateNetworkConfigurationEqual(a, b []privateNetModel) bool {
	ea, eb := expandPrivateNetworkConfiguration(a), expandPrivateNetworkConfiguration(b)
	if ea == nil || eb == nil {
		return ea == nil && eb == nil
	}
	return *ea == *eb
}

func (r *kubeResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state kubeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	serviceName, id := state.ServiceName.ValueString(), state.ID.ValueString()
	for attempt := 1; ; attempt++ {
		err := r.client.DeleteKube(ctx, serviceName, id)
		if err == nil || ovhapi.IsNotFound(err) {
			break
		}
		if uncertain := ovhapi.IsConflict(err) || ovhapi.MaybeApplied(err); !uncertain || attempt >= updateAttempts {
			resp.Diagnostics.AddError("Cannot delete the cluster", err.Error())
			return
		}
		// Busy with another change, or the answer was lost: look first.
		k, gerr := r.client.GetKube(ctx, serviceName, id)
		if ovhapi.IsNotFound(gerr) {
			return
		}
		if gerr != nil {
			resp.Diagnostics.AddError("Cannot delete the cluster", fmt.Sprintf("%s\n\nReading the cluster afterwards failed too: %s", err, gerr))
			return
		}
		if k.Status == "DELETING" {
			break
		}
		if _, werr := waitReady(ctx, r.client, serviceName, id, waitOptions{operation: "pending operation"}); werr != nil && !ovhapi.IsNotFound(werr) {
			resp.Diagnostics.AddError("Cannot delete the cluster", fmt.Sprintf("%s\n\nWaiting for the cluster to be ready for deletion failed: %s", err, werr))
			return
		}
	}
	if err := waitDeleted(ctx, r.client, serviceName, id); err != nil {
		resp.Diagnostics.AddError("Cluster deletion did not complete", err.Error())
	}
}

func (r *kubeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	serviceName, id, ok := strings.Cut(req.ID, "/")
	if !ok || serviceName == "" || id == "" || strings.Contains(id, "/") {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("The import id %q must be service_name/kube_id, for example \"0123456789abcdef0123456789abcdef/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f\".", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_name"), serviceName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

func (r *kubeResource) fetchKubeconfig(ctx context.Context, m *kubeModel) diag.Diagnostics {
	content, err := r.client.Kubeconfig(ctx, m.ServiceName.ValueString(), m.ID.ValueString())
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Cannot fetch the kubeconfig", err.Error())
		return diags
	}
	return m.setKubeconfig(content)
}

// fetchKubeconfigOrWarn does not fail a change that succeeded because its
// kubeconfig could not be fetched: the state is saved without one, and the
// next refresh fetches it.
func (r *kubeResource) fetchKubeconfigOrWarn(ctx context.Context, m *kubeModel, diags *diag.Diagnostics) {
	d := r.fetchKubeconfig(ctx, m)
	if !d.HasError() {
		return
	}
	m.Kubeconfig = types.StringNull()
	m.KubeconfigAttributes = types.ListNull(typesKubeconfigElem())
	for _, e := range d.Errors() {
		diags.AddWarning(e.Summary(), e.Detail()+"\n\nThe cluster is ready and saved in state; the kubeconfig will be fetched at the next refresh.")
	}
}

func typesKubeconfigElem() types.ObjectType {
	return types.ObjectType{AttrTypes: kubeconfigAttrTypes}
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
func recordModeOutcome(ctx context.Context, private privateWriter, plan kubeModel, k *ovhapi.Kube) diag.Diagnostics {
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

// serviceNameFromEnv fills service_name from OVH_CLOUD_PROJECT_SERVICE when
// the configuration leaves it out, as the official provider does.
type serviceNameFromEnv struct{}

func (serviceNameFromEnv) Description(context.Context) string {
	return "defaults to the environment variable OVH_CLOUD_PROJECT_SERVICE"
}

func (m serviceNameFromEnv) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (serviceNameFromEnv) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	if !req.StateValue.IsNull() {
		resp.PlanValue = req.StateValue
		return
	}
	if v := os.Getenv("OVH_CLOUD_PROJECT_SERVICE"); v != "" {
		resp.PlanValue = types.StringValue(v)
		return
	}
	if req.Plan.Raw.IsNull() {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Missing service_name",
		"service_name is not set and the environment variable OVH_CLOUD_PROJECT_SERVICE is empty. "+
			"Set service_name to the id of your Public Cloud project, for example service_name = \"0123456789abcdef0123456789abcdef\".")
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
