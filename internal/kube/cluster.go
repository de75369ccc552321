package kube

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// Default timeouts, as in the official provider.
const (
	defaultCreateTimeout = 15 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultUpdateTimeout = time.Hour
	defaultDeleteTimeout = 10 * time.Minute
)

// NewClusterResource returns the ovh_cloud_project_kube resource.
func NewClusterResource() resource.Resource {
	return &clusterResource{resourceBase{typeName: "_cloud_project_kube", schema: clusterSchema}}
}

type clusterResource struct {
	resourceBase
}

// IdentitySchema is the cluster's identity: service_name and id.
func (r *clusterResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = clusterIdentitySchema()
}

func (r *clusterResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, cancel, ok := readWithTimeout[clusterModel](ctx, req.Plan, timeouts.Value.Create, defaultCreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	serviceName := plan.ServiceName.ValueString()
	eff := plan.effective()
	body, diags := eff.createRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.createCluster(ctx, serviceName, body)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the cluster", err.Error())
		return
	}
	ctx = tflog.SetField(ctx, "kube_id", created.ID)

	// The cluster exists from here on: save it at once, so that a failed wait
	// leaves it in state (tainted) instead of orphaning it.
	state := plan
	resp.Diagnostics.Append(state.readAPI(ctx, serviceName, created, &plan, false)...)
	state.clearKubeconfig()
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(resp.Identity, clusterIdentityAttrs, serviceName, created.ID)

	ready, ok := waitCreated(ctx, r.opts, clusterWait(r.client, serviceName, created.ID, "creation"), &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(state.readAPI(ctx, serviceName, ready, &plan, false)...)
	if state.wantsKubeconfig() {
		r.fetchKubeconfigOrWarn(ctx, &state, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(recordKubeconfigChecked(ctx, resp.Private, ready)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(recordModeOutcome(ctx, resp.Private, plan, ready)...)
}

func (r *clusterResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ctx, cancel, ok := readWithTimeout[clusterModel](ctx, req.State, timeouts.Value.Read, defaultReadTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	serviceName, id := state.ServiceName.ValueString(), state.ID.ValueString()
	// Set before anything else, so that a state the official provider wrote
	// (no identity) gains one, even when its cluster is gone.
	setIdentity(resp.Identity, clusterIdentityAttrs, serviceName, id)
	k, err := r.getKube(ctx, serviceName, id)
	if readFailed(ctx, err, "cluster", map[string]any{"kube_id": id}, resp) {
		return
	}
	// A freshly imported cluster has nothing but its id and project in state.
	importing := state.Region.IsNull()
	next := state
	resp.Diagnostics.Append(next.readAPI(ctx, serviceName, k, &state, importing)...)
	// An import, or a state written by the official provider, has no value
	// for these provider-side settings: their defaults avoid a needless update.
	if next.ResetInsteadOfReplace.IsNull() {
		next.ResetInsteadOfReplace = types.BoolValue(false)
	}
	if next.ResetWorkerNodesPolicy.IsNull() {
		next.ResetWorkerNodesPolicy = types.StringValue(workerNodesDelete)
	}
	// An import fetches no kubeconfig, and says so: false, so that a
	// configuration generated from the import (terraform query) plans
	// nothing; one that keeps the default true plans the fetch.
	if next.KubeconfigInState.IsNull() {
		next.KubeconfigInState = types.BoolValue(!importing)
	}
	// A refresh never fetches the kubeconfig: it cannot see the
	// configuration's kubeconfig_in_state, which an import has not even
	// recorded. A state without one (an import, a failed fetch) gets it
	// from the next apply, which the plan shows.
	if !next.wantsKubeconfig() {
		next.clearKubeconfig()
	}
	// A kubeconfig reset since the last check revokes the stored
	// kubeconfig (see kubeconfigRevoked): the plan then shows it fetched
	// again. The refresh shortcut calls Read without private state, and
	// steps aside when the record differs from the API's updatedAt.
	if at := kubeconfigCheckedAt(ctx, req.Private); at != "" && at != k.UpdatedAt {
		ok := true
		if next.hasKubeconfig() {
			var revoked bool
			if revoked, ok = kubeconfigRevoked(ctx, r.client, &next); revoked {
				tflog.Warn(ctx, "the cluster's certificate authority changed (a kubeconfig reset): the stored kubeconfig no longer works; "+
					"the next apply fetches it again", map[string]any{"kube_id": id})
				next.clearKubeconfig()
			}
		}
		if ok {
			resp.Diagnostics.Append(recordKubeconfigChecked(ctx, resp.Private, k)...)
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// The response starts as the prior state: a refresh that found nothing
	// new leaves it, without converting the whole model back.
	if reflect.DeepEqual(next, state) {
		if rec := recordOf(ctx); rec != nil {
			rec.unchanged = true
		}
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

func (r *clusterResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var state clusterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	plan, ctx, cancel, ok := readWithTimeout[clusterModel](ctx, req.Plan, timeouts.Value.Update, defaultUpdateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	serviceName, id := state.ServiceName.ValueString(), state.ID.ValueString()
	setIdentity(resp.Identity, clusterIdentityAttrs, serviceName, id)
	ctx = tflog.SetField(ctx, "kube_id", id)
	only, d := providerSideOnly(ctx, req.Plan, plan, req.State.Raw)
	resp.Diagnostics.Append(d...)
	if only {
		// Nothing for the API: the new settings, and the kubeconfig fetched
		// or dropped as kubeconfig_in_state says.
		next := state
		next.ResetInsteadOfReplace, next.ResetWorkerNodesPolicy = plan.ResetInsteadOfReplace, plan.ResetWorkerNodesPolicy
		next.KubeconfigInState, next.Timeouts = plan.KubeconfigInState, plan.Timeouts
		r.applyKubeconfigSetting(ctx, &next, false, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
		return
	}
	unlock, err := r.locks.lock(ctx, serviceName, id, "cluster update")
	if err != nil {
		resp.Diagnostics.AddError("Cannot update the cluster", err.Error())
		return
	}
	defer unlock()
	u := updater{r: r, serviceName: serviceName, id: id, diags: &resp.Diagnostics}

	reset := len(resetOnlyChanges(plan, plan, state)) > 0
	if reset {
		pe, se := plan.effectiveModel(), state.effectiveModel()
		body, diags := pe.resetRequest(ctx)
		resp.Diagnostics.Append(diags...)
		// Without customization_apiserver the API server's settings are left
		// as they are, which a reset would otherwise return to defaults.
		if len(pe.CustomizationAPIServer) == 0 && len(se.CustomizationAPIServer) > 0 {
			kept, d := expandAPIServer(ctx, se.CustomizationAPIServer)
			resp.Diagnostics.Append(d...)
			if body.Customization == nil {
				body.Customization = &ovhapi.Customization{}
			}
			body.Customization.APIServer = kept
		}
		if resp.Diagnostics.HasError() {
			return
		}
		var planned *ovhapi.CiliumCustomization
		if body.Customization != nil {
			planned = body.Customization.Cilium
		}
		cilium, err := r.keepCilium(ctx, serviceName, id, planned)
		if err != nil {
			resp.Diagnostics.AddError("Cannot read the cluster before its reset", err.Error())
			return
		}
		if cilium != nil {
			if body.Customization == nil {
				body.Customization = &ovhapi.Customization{}
			}
			body.Customization.Cilium = cilium
		}
		u.run(ctx, "reset", func(ctx context.Context) error { return r.client.ResetKube(ctx, serviceName, id, body) }, resetApplied(body))
		if resp.Diagnostics.HasError() {
			// The reset may have gone through and revoked the old
			// credentials: drop them, so that the next apply fetches the
			// kubeconfig again.
			state.clearKubeconfig()
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			return
		}
	} else {
		// Whichever spelling of the API server settings each uses.
		r.applyInPlace(ctx, &u, plan.effectiveModel(), state.effectiveModel())
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
			k, err = waitFor(ctx, r.opts, clusterWait(r.client, serviceName, id, "update"))
		} else {
			k, err = r.client.GetKube(ctx, serviceName, id)
		}
		if err != nil {
			resp.Diagnostics.AddError("Cannot read the cluster after the update", err.Error())
			return
		}
	}
	next := plan
	resp.Diagnostics.Append(next.readAPI(ctx, serviceName, k, &plan, false)...)
	keepPlannedComputed(&next, plan)
	next.Kubeconfig, next.KubeconfigAttributes = state.Kubeconfig, state.KubeconfigAttributes
	r.applyKubeconfigSetting(ctx, &next, reset, &resp.Diagnostics)
	// The change moved the cluster's updatedAt; its kubeconfig is still
	// the one the state holds (fetched again after a reset).
	resp.Diagnostics.Append(recordKubeconfigChecked(ctx, resp.Private, k)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
	if reset {
		resp.Diagnostics.Append(recordModeOutcome(ctx, resp.Private, plan, k)...)
	}
}

// applyInPlace sends each changed part to its own endpoint and waits for the
// cluster to be READY after each.
func (r *clusterResource) applyInPlace(ctx context.Context, u *updater, plan, state clusterModel) {
	sn, id := u.serviceName, u.id
	if changed(plan.Name, state.Name) {
		name := plan.Name.ValueString()
		u.run(ctx, "rename", func(ctx context.Context) error {
			return r.client.UpdateKube(ctx, sn, id, ovhapi.KubeUpdate{Name: &name})
		},
			func(k *ovhapi.Kube) bool { return k.Name == name })
	}

	policyChanged := changed(plan.UpdatePolicy, state.UpdatePolicy)
	setPolicy := func() {
		policy := plan.UpdatePolicy.ValueString()
		u.run(ctx, "update policy change", func(ctx context.Context) error { return r.client.SetUpdatePolicy(ctx, sn, id, policy) },
			func(k *ovhapi.Kube) bool { return k.UpdatePolicy == policy })
	}
	// Leaving NEVER_UPDATE must come before an upgrade, entering it after.
	if policyChanged && plan.UpdatePolicy.ValueString() != policyNeverUpdate {
		setPolicy()
	}
	if changed(plan.Version, state.Version) {
		target := plan.Version.ValueString()
		u.run(ctx, opVersionUpgrade, func(ctx context.Context) error { return r.client.UpgradeKube(ctx, sn, id, ovhapi.StrategyNextMinor) },
			func(k *ovhapi.Kube) bool { return minorVersion(k.Version) == target })
	}
	if policyChanged && plan.UpdatePolicy.ValueString() == policyNeverUpdate {
		setPolicy()
	}

	if cu, ok := customizationChange(ctx, plan, state, u.diags); ok {
		if cu.Cilium != nil && !u.diags.HasError() {
			cilium, err := r.keepCilium(ctx, sn, id, cu.Cilium)
			if err != nil {
				u.diags.AddError("Cannot read the cluster before its customization change", err.Error())
				return
			}
			cu.Cilium = cilium
		}
		u.run(ctx, "customization change", func(ctx context.Context) error { return r.client.PutCustomization(ctx, sn, id, cu) },
			func(k *ovhapi.Kube) bool {
				var got ovhapi.Customization
				if k.Customization != nil {
					got = *k.Customization
				}
				return (cu.KubeProxy == nil || kubeProxyMatches(got.KubeProxy, cu.KubeProxy, true)) && ciliumMatches(got.Cilium, cu.Cilium)
			})
	}

	if !privateNetworkConfigurationEqual(plan.PrivateNetworkConfiguration, state.PrivateNetworkConfiguration) {
		pnc := expandPrivateNetworkConfiguration(plan.PrivateNetworkConfiguration)
		if pnc == nil {
			pnc = &ovhapi.PrivateNetworkConfiguration{}
		}
		u.run(ctx, "private network configuration change", func(ctx context.Context) error { return r.client.PutPrivateNetworkConfiguration(ctx, sn, id, *pnc) },
			func(k *ovhapi.Kube) bool {
				return k.PrivateNetworkConfiguration != nil && *k.PrivateNetworkConfiguration == *pnc
			})
	}

	// A removed subnet is never sent as "": the API refuses it, and the plan
	// kept the current subnet with a warning.
	if subnet := strPtr(plan.LoadBalancersSubnetID); subnet != nil && changed(plan.LoadBalancersSubnetID, state.LoadBalancersSubnetID) {
		u.run(ctx, "load balancers subnet change", func(ctx context.Context) error { return r.client.UpdateLoadBalancersSubnetID(ctx, sn, id, *subnet) },
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

// opVersionUpgrade names the version upgrade among the updater's changes.
const opVersionUpgrade = "version upgrade"

// updater runs one change after the other and stops at the first error.
type updater struct {
	r           *clusterResource
	serviceName string
	id          string
	diags       *diag.Diagnostics
	// last is the cluster as the last change left it, READY.
	last *ovhapi.Kube
}

// run sends one change, then waits until the cluster is READY and shows it.
// A lost answer may hide an applied change, and a 409 a cluster still busy
// (with this change, or an earlier one): the cluster settles and is looked
// at before the change is sent again.
func (u *updater) run(ctx context.Context, operation string, call func(context.Context) error, applied func(*ovhapi.Kube) bool) {
	if u.diags.HasError() {
		return
	}
	tflog.Debug(ctx, "cluster "+operation)
	w := clusterWait(u.r.client, u.serviceName, u.id, operation)
	w.applied = applied
	k, checked, err := sendChange(ctx, changeSpec[*ovhapi.Kube]{
		send:      func(ctx context.Context) (*ovhapi.Kube, error) { return nil, call(ctx) },
		uncertain: lostOrBusy,
		check: func(ctx context.Context, err error) (*ovhapi.Kube, bool, error) {
			k, werr := waitFor(ctx, u.r.opts, w)
			if werr != nil {
				return nil, false, fmt.Errorf("%w\n\nChecking the cluster afterwards failed too: %s", err, werr)
			}
			// A 409 that waiting does not end: an upgrade under a policy
			// set out of band since the plan.
			if ovhapi.IsConflict(err) && operation == opVersionUpgrade && k.UpdatePolicy == policyNeverUpdate && !applied(k) {
				return k, false, fmt.Errorf("%w\n\nCluster %s has update_policy = \"NEVER_UPDATE\", under which the API refuses upgrades; "+
					"it was set outside Terraform since the plan. Set update_policy to another value in the configuration and apply again", err, u.id)
			}
			return k, applied(k), nil
		},
		attempts: u.r.opts.ChangeAttempts,
		opts:     u.r.opts,
		what:     operation + " of cluster " + u.id,
	})
	if err != nil {
		u.diags.AddError("Cannot apply the cluster "+operation, err.Error())
		return
	}
	if !checked {
		if k, err = waitFor(ctx, u.r.opts, w); err != nil {
			u.diags.AddError("Cluster "+operation+" did not complete", err.Error())
			return
		}
	}
	u.last = k
}

// customizationChange returns the PUT /customization body: the whole
// kubeProxy subtree when it changed (the API replaces it as a whole), and
// apiServer only when it changed.
func customizationChange(ctx context.Context, plan, state clusterModel, diags *diag.Diagnostics) (ovhapi.Customization, bool) {
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
	// Like customization_apiserver: a configuration without the block
	// leaves Cilium's settings alone.
	// A setting the configuration leaves out is not compared, so a state
	// that holds more (an import, a takeover) plans no change.
	if len(plan.CustomizationCilium) > 0 && !ciliumMatches(expandCilium(state.CustomizationCilium), expandCilium(plan.CustomizationCilium)) {
		cu.Cilium = expandCilium(plan.CustomizationCilium)
		changedAny = true
	}
	return cu, changedAny
}

func (r *clusterResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ctx, cancel, ok := readWithTimeout[clusterModel](ctx, req.State, timeouts.Value.Delete, defaultDeleteTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	serviceName, id := state.ServiceName.ValueString(), state.ID.ValueString()
	deleteAndWait(ctx, r.opts, r.lockFor(serviceName, id, "cluster deletion", false),
		func(ctx context.Context) error { return r.client.DeleteKube(ctx, serviceName, id) },
		clusterWait(r.client, serviceName, id, "pending operation"), nil, &resp.Diagnostics)
}

func (r *clusterResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, ok := importedID(ctx, req, clusterIdentityAttrs, clusterIdentity.parts, &resp.Diagnostics)
	if !ok {
		return
	}
	serviceName, id, ok := strings.Cut(importID, "/")
	if !ok || serviceName == "" || id == "" || strings.Contains(id, "/") {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("The import id %q must be service_name/kube_id, for example \"0123456789abcdef0123456789abcdef/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f\".", importID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_name"), serviceName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	setIdentity(resp.Identity, clusterIdentityAttrs, serviceName, id)
}

// fetchKubeconfig stores the cluster's kubeconfig in m.
func (r *clusterResource) fetchKubeconfig(ctx context.Context, m *clusterModel) diag.Diagnostics {
	content, parts, diags := fetchKubeconfig(ctx, r.client, m.ServiceName.ValueString(), m.ID.ValueString())
	if diags.HasError() {
		return diags
	}
	return m.setKubeconfig(content, parts)
}

// applyKubeconfigSetting drops the kubeconfig from m when kubeconfig_in_state
// is false, and fetches it when it is true and m has none or renew asks for a
// new one (after a reset).
func (r *clusterResource) applyKubeconfigSetting(ctx context.Context, m *clusterModel, renew bool, diags *diag.Diagnostics) {
	if !m.wantsKubeconfig() {
		m.clearKubeconfig()
		return
	}
	if renew || !m.hasKubeconfig() {
		r.fetchKubeconfigOrWarn(ctx, m, diags)
	}
}

// fetchKubeconfigOrWarn does not fail a change that succeeded because its
// kubeconfig could not be fetched: the state is saved without one, and the
// next apply fetches it.
func (r *clusterResource) fetchKubeconfigOrWarn(ctx context.Context, m *clusterModel, diags *diag.Diagnostics) {
	d := r.fetchKubeconfig(ctx, m)
	if !d.HasError() {
		return
	}
	m.clearKubeconfig()
	for _, e := range d.Errors() {
		diags.AddWarning(e.Summary(), e.Detail()+"\n\nThe cluster is ready and saved in state; the next apply fetches the kubeconfig.")
	}
}

// keepCilium returns the Cilium settings to send: the API replaces the whole
// cilium key on a change and a reset, so what the configuration leaves out
// is sent as the cluster has it now, not reverted.
func (r *clusterResource) keepCilium(ctx context.Context, sn, id string, planned *ovhapi.CiliumCustomization) (*ovhapi.CiliumCustomization, error) {
	k, err := r.client.GetKube(ctx, sn, id)
	if err != nil {
		return nil, err
	}
	if k.Customization == nil || k.Customization.Cilium == nil {
		return planned, nil
	}
	if planned == nil {
		planned = &ovhapi.CiliumCustomization{}
	}
	return mergeCilium(k.Customization.Cilium, planned), nil
}
