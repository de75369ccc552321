package kube

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// Default timeouts, as in the official provider.
const (
	defaultIPRestrictionsCreateTimeout = 10 * time.Minute
	defaultIPRestrictionsUpdateTimeout = 5 * time.Minute
	defaultIPRestrictionsDeleteTimeout = 5 * time.Minute
	// The official resource has no read timeout; reads are bounded anyway.
	defaultIPRestrictionsReadTimeout = 5 * time.Minute
)

// NewIPRestrictionsResource returns the ovh_cloud_project_kube_iprestrictions
// resource.
func NewIPRestrictionsResource() resource.Resource {
	return &ipRestrictionsResource{resourceBase{typeName: "_cloud_project_kube_iprestrictions", schema: ipRestrictionsSchema}}
}

type ipRestrictionsResource struct {
	resourceBase
}

// IdentitySchema is the identity of a cluster's IP restrictions:
// service_name and kube_id.
func (r *ipRestrictionsResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = clusterPartIdentitySchema()
}

func (r *ipRestrictionsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, cancel, ok := readWithTimeout[ipRestrictionsModel](ctx, req.Plan, timeouts.Value.Create,
		defaultIPRestrictionsCreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID := plan.ServiceName.ValueString(), plan.KubeID.ValueString()
	ctx = tflog.SetField(ctx, "kube_id", kubeID)
	want := ipStrings(plan.IPs)
	got, err := r.replace(ctx, sn, kubeID, want, "IP restrictions change")
	if err == nil && !sameBlocks(want, got) {
		err = heldOtherwise(kubeID, want, got)
	}
	if err != nil {
		// Nothing is saved: sending the list again is harmless, whereas a
		// tainted resource would be replaced by emptying the list first,
		// opening the API server to every address for a while.
		resp.Diagnostics.AddError("Cannot set the IP restrictions",
			fmt.Sprintf("%s\n\nThe list may have been applied; it is not saved in the state, so the next apply sends it again.", err))
		return
	}
	state := plan
	state.ID = types.StringValue(kubeID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(resp.Identity, clusterPartIdentityAttrs, sn, kubeID)
}

// heldOtherwise is the error of a change after which the API holds other
// blocks (got) than were sent (want).
func heldOtherwise(kubeID string, want, got []string) error {
	return fmt.Errorf("cluster %s was sent the IP restrictions %s, but holds %s once its API server has redeployed",
		kubeID, describeIPs(want), describeIPs(got))
}

func (r *ipRestrictionsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ctx, cancel, ok := readWithTimeout[ipRestrictionsModel](ctx, req.State, timeouts.Value.Read,
		defaultIPRestrictionsReadTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID := state.ServiceName.ValueString(), state.KubeID.ValueString()
	// Set first: an official provider's state gains it even when the cluster is gone.
	setIdentity(resp.Identity, clusterPartIdentityAttrs, sn, kubeID)
	got, err := r.client.GetIPRestrictions(ctx, sn, kubeID)
	// A 404: the cluster is gone, and its restrictions with it.
	if readFailed(ctx, err, "cluster of the IP restrictions", map[string]any{"kube_id": kubeID}, resp) {
		return
	}
	ips, diags := flattenIPs(got)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	// An empty list (a reset, or a change outside Terraform) stays in state
	// as such: the next plan adds the configured blocks back.
	state.ID, state.IPs = types.StringValue(kubeID), ips
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *ipRestrictionsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var state ipRestrictionsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	plan, ctx, cancel, ok := readWithTimeout[ipRestrictionsModel](ctx, req.Plan, timeouts.Value.Update,
		defaultIPRestrictionsUpdateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID := plan.ServiceName.ValueString(), plan.KubeID.ValueString()
	setIdentity(resp.Identity, clusterPartIdentityAttrs, sn, kubeID)
	ctx = tflog.SetField(ctx, "kube_id", kubeID)
	want := ipStrings(plan.IPs)
	next := plan
	next.ID = types.StringValue(kubeID)
	if sameBlocks(want, ipStrings(state.IPs)) {
		// Only spellings differ (ModifyPlan said so): the API holds the
		// list already, and a PUT would redeploy the API server for nothing.
		resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
		return
	}
	got, err := r.replace(ctx, sn, kubeID, want, "IP restrictions change")
	if err != nil {
		// The state keeps its prior list; the next refresh reads what the
		// API holds, applied or not.
		resp.Diagnostics.AddError("Cannot change the IP restrictions", err.Error())
		return
	}
	if !sameBlocks(want, got) {
		// The state records what the API holds: the next plan shows the
		// difference.
		ips, diags := flattenIPs(got)
		resp.Diagnostics.Append(diags...)
		next.IPs = ips
		resp.Diagnostics.AddError("Cannot change the IP restrictions", heldOtherwise(kubeID, want, got).Error())
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

func (r *ipRestrictionsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ctx, cancel, ok := readWithTimeout[ipRestrictionsModel](ctx, req.State, timeouts.Value.Delete,
		defaultIPRestrictionsDeleteTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID := state.ServiceName.ValueString(), state.KubeID.ValueString()
	ctx = tflog.SetField(ctx, "kube_id", kubeID)
	_, err := r.replace(ctx, sn, kubeID, []string{}, "IP restrictions removal")
	if ovhapi.IsNotFound(err) {
		tflog.Info(ctx, "the cluster is gone, and its IP restrictions with it")
		return
	}
	// A failed cluster refuses every change but its deletion: failing here
	// would block the destruction of the cluster itself, which follows.
	if ovhapi.IsConflict(err) {
		if k, gerr := r.client.GetKube(ctx, sn, kubeID); gerr == nil && isFailedStatus(k.Status) {
			resp.Diagnostics.AddWarning("IP restrictions left on a failed cluster",
				fmt.Sprintf("Cluster %s is in status %s, which refuses changes: its IP restrictions were not removed, and they "+
					"leave the state. They go with the cluster when it is deleted; if it is repaired instead, remove them in "+
					"the OVHcloud Control Panel or with this resource again.", kubeID, k.Status))
			return
		}
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot remove the IP restrictions", err.Error())
	}
}

func (r *ipRestrictionsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, ok := importedID(ctx, req, clusterPartIdentityAttrs, clusterPartIdentity.parts, &resp.Diagnostics)
	if !ok {
		return
	}
	serviceName, kubeID, ok := strings.Cut(importID, "/")
	if !ok || serviceName == "" || kubeID == "" || strings.Contains(kubeID, "/") {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("The import id %q must be service_name/kube_id, for example "+
				"\"0123456789abcdef0123456789abcdef/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f\".", importID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_name"), serviceName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("kube_id"), kubeID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), kubeID)...)
	setIdentity(resp.Identity, clusterPartIdentityAttrs, serviceName, kubeID)
}

// replace sends the whole list, then waits until the cluster has redeployed
// its API server and is READY, and returns the list the API holds. A cluster
// busy with another change answers 409, and an answer may be lost: the
// cluster is waited for and the list read before the PUT is sent again. The
// cluster's lock is held throughout: the redeploy refuses other changes
// while the cluster may still read READY.
func (r *ipRestrictionsResource) replace(ctx context.Context, sn, kubeID string, ips []string, operation string) ([]string, error) {
	unlock, err := r.locks.lock(ctx, sn, kubeID, operation)
	if err != nil {
		return nil, err
	}
	defer unlock()
	w := redeployWait(r.client, sn, kubeID, operation)
	current, checked, err := sendChange(ctx, changeSpec[[]string]{
		send: func(ctx context.Context) ([]string, error) {
			return r.client.PutIPRestrictions(ctx, sn, kubeID, ips)
		},
		uncertain: lostOrBusy,
		check: func(ctx context.Context, err error) ([]string, bool, error) {
			if _, werr := waitFor(ctx, r.opts, w); werr != nil {
				if ovhapi.IsNotFound(werr) {
					return nil, false, werr // the cluster is gone
				}
				return nil, false, fmt.Errorf("%w\n\nWaiting for the cluster afterwards failed too: %s", err, werr)
			}
			held, gerr := r.client.GetIPRestrictions(ctx, sn, kubeID)
			if gerr != nil {
				return nil, false, fmt.Errorf("%w\n\nReading the IP restrictions afterwards failed too: %s", err, gerr)
			}
			return held, sameBlocks(held, ips), nil
		},
		attempts: r.opts.ChangeAttempts,
		opts:     r.opts,
		what:     operation + " of cluster " + kubeID,
	})
	if err != nil || checked {
		return current, err
	}
	tflog.Debug(ctx, "IP restrictions sent; waiting for the API server's redeploy", map[string]any{"count": len(ips)})
	if _, err := waitFor(ctx, r.opts, w); err != nil {
		return nil, err
	}
	// What the API holds once redeployed, rather than the PUT's answer,
	// which the API documentation does not describe.
	return r.client.GetIPRestrictions(ctx, sn, kubeID)
}
