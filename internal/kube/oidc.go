package kube

import (
	"context"
	"fmt"
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
	defaultOIDCTimeout     = 10 * time.Minute
	defaultOIDCReadTimeout = 5 * time.Minute
)

// NewOIDCResource returns the ovh_cloud_project_kube_oidc resource.
func NewOIDCResource() resource.Resource {
	return &oidcResource{resourceBase{typeName: "_cloud_project_kube_oidc", schema: oidcSchema}}
}

type oidcResource struct {
	resourceBase
}

// IdentitySchema is the identity of a cluster's OIDC configuration:
// service_name and kube_id.
func (r *oidcResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = clusterPartIdentitySchema()
}

func (r *oidcResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, cancel, ok := readWithTimeout[oidcModel](ctx, req.Plan, timeouts.Value.Create, defaultOIDCTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID := plan.ServiceName.ValueString(), plan.KubeID.ValueString()
	ctx = tflog.SetField(ctx, "kube_id", kubeID)
	body, diags := plan.apiConfig(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The cluster's lock is held until the API server has redeployed.
	unlock, err := r.locks.lock(ctx, sn, kubeID, "OIDC creation")
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the OIDC configuration", err.Error())
		return
	}
	defer unlock()
	checked, err := r.send(ctx, sn, kubeID, body, true, func(ctx context.Context) error {
		_, err := r.client.CreateOIDC(ctx, sn, kubeID, body)
		return err
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the OIDC configuration", err.Error())
		return
	}

	// The configuration exists from here on: save it at once, so that a
	// failed wait leaves it in state (tainted) instead of forgetting it.
	state := plan
	state.ID = types.StringValue(oidcID(sn, kubeID))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(resp.Identity, clusterPartIdentityAttrs, sn, kubeID)
	if !checked && !r.waitApplied(ctx, sn, kubeID, "OIDC creation", &resp.Diagnostics) {
		return
	}
	r.readInto(ctx, &state, "creation", &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// send sends a creation or an update of the configuration, body. A lost
// answer may hide an applied change, and a 409 a cluster busy with another
// change, or, for a creation, one that already has a configuration: the
// cluster is waited for and the configuration looked at before anything is
// sent again. A creation never overwrites another configuration. checked
// reports that the change was found applied on a READY cluster, which then
// needs no more waiting.
func (r *oidcResource) send(ctx context.Context, sn, kubeID string, body ovhapi.OpenIDConnect, creating bool, call func(context.Context) error) (checked bool, err error) {
	_, checked, err = sendChange(ctx, changeSpec[struct{}]{
		send:      func(ctx context.Context) (struct{}, error) { return struct{}{}, call(ctx) },
		uncertain: lostOrBusy,
		check: func(ctx context.Context, err error) (struct{}, bool, error) {
			if _, werr := waitFor(ctx, r.opts, redeployWait(r.client, sn, kubeID, "pending operation")); werr != nil {
				return struct{}{}, false, fmt.Errorf("%w\n\nWaiting for the cluster to be ready failed too: %s", err, werr)
			}
			got, gerr := r.client.GetOIDC(ctx, sn, kubeID)
			switch {
			case ovhapi.IsNotFound(gerr):
				return struct{}{}, false, nil
			case gerr != nil:
				return struct{}{}, false, fmt.Errorf("%w\n\nReading the OIDC configuration afterwards failed too: %s", err, gerr)
			case sameOIDC(*got, body):
				tflog.Info(ctx, "the OIDC configuration shows the change whose answer was lost or refused", map[string]any{"creation": creating})
				return struct{}{}, true, nil
			case creating:
				return struct{}{}, false, fmt.Errorf("%w\n\nCluster %s already has another OIDC configuration (issuer_url %q, client_id %q). "+
					"Delete it first, or import it with: terraform import <address> %s", err, kubeID, got.IssuerURL, got.ClientID, oidcID(sn, kubeID))
			}
			return struct{}{}, false, nil
		},
		attempts: r.opts.ChangeAttempts,
		opts:     r.opts,
		what:     oidcChange(creating) + " of cluster " + kubeID,
	})
	return checked, err
}

// waitApplied waits until the cluster has redeployed its API server after
// a change (operation) and is READY again.
func (r *oidcResource) waitApplied(ctx context.Context, sn, kubeID, operation string, diags *diag.Diagnostics) bool {
	if _, err := waitFor(ctx, r.opts, redeployWait(r.client, sn, kubeID, operation)); err != nil {
		diags.AddError("The cluster did not complete the "+operation, err.Error())
		return false
	}
	return true
}

// readInto reads the configuration the API holds into m, after an
// operation.
func (r *oidcResource) readInto(ctx context.Context, m *oidcModel, operation string, diags *diag.Diagnostics) {
	sn, kubeID := m.ServiceName.ValueString(), m.KubeID.ValueString()
	o, err := r.client.GetOIDC(ctx, sn, kubeID)
	if err != nil {
		diags.AddError("Cannot read the OIDC configuration after its "+operation, err.Error())
		return
	}
	diags.Append(m.setFromAPI(ctx, sn, kubeID, o)...)
}

func (r *oidcResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ctx, cancel, ok := readWithTimeout[oidcModel](ctx, req.State, timeouts.Value.Read, defaultOIDCReadTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID := state.ServiceName.ValueString(), state.KubeID.ValueString()
	// Set first: an official provider's state gains it even when it is gone.
	setIdentity(resp.Identity, clusterPartIdentityAttrs, sn, kubeID)
	o, err := r.client.GetOIDC(ctx, sn, kubeID)
	// A 404: removed out of band, or the cluster is gone.
	if readFailed(ctx, err, "OIDC configuration", map[string]any{"kube_id": kubeID}, resp) {
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(ctx, sn, kubeID, o)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *oidcResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var state oidcModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	plan, ctx, cancel, ok := readWithTimeout[oidcModel](ctx, req.Plan, timeouts.Value.Update, defaultOIDCTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID := state.ServiceName.ValueString(), state.KubeID.ValueString()
	setIdentity(resp.Identity, clusterPartIdentityAttrs, sn, kubeID)
	ctx = tflog.SetField(ctx, "kube_id", kubeID)
	body, diags := plan.apiConfig(ctx)
	resp.Diagnostics.Append(diags...)
	before, diags := state.apiConfig(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Only the timeouts, or a null list of a state the official provider
	// wrote becoming []: nothing to send.
	if !sameOIDC(body, before) {
		unlock, err := r.locks.lock(ctx, sn, kubeID, "OIDC update")
		if err != nil {
			resp.Diagnostics.AddError("Cannot update the OIDC configuration", err.Error())
			return
		}
		defer unlock()
		checked, err := r.send(ctx, sn, kubeID, body, false, func(ctx context.Context) error {
			return r.client.UpdateOIDC(ctx, sn, kubeID, body)
		})
		if err != nil {
			// The state keeps its prior values: the next plan shows the
			// change again.
			resp.Diagnostics.AddError("Cannot update the OIDC configuration", err.Error())
			return
		}
		if !checked && !r.waitApplied(ctx, sn, kubeID, "OIDC update", &resp.Diagnostics) {
			return
		}
	}
	next := plan
	r.readInto(ctx, &next, "update", &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

func (r *oidcResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ctx, cancel, ok := readWithTimeout[oidcModel](ctx, req.State, timeouts.Value.Delete, defaultOIDCTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID := state.ServiceName.ValueString(), state.KubeID.ValueString()
	ctx = tflog.SetField(ctx, "kube_id", kubeID)
	unlock, err := r.locks.lock(ctx, sn, kubeID, "OIDC deletion")
	if err != nil {
		resp.Diagnostics.AddError("Cannot delete the OIDC configuration", err.Error())
		return
	}
	defer unlock()
	gone := false
	_, checked, err := sendChange(ctx, changeSpec[struct{}]{
		send: func(ctx context.Context) (struct{}, error) {
			err := r.client.DeleteOIDC(ctx, sn, kubeID)
			if ovhapi.IsNotFound(err) {
				gone = true
				return struct{}{}, nil
			}
			return struct{}{}, err
		},
		uncertain: lostOrBusy,
		check: func(ctx context.Context, err error) (struct{}, bool, error) {
			if _, werr := waitFor(ctx, r.opts, redeployWait(r.client, sn, kubeID, "pending operation")); werr != nil {
				if ovhapi.IsNotFound(werr) {
					return struct{}{}, true, nil
				}
				return struct{}{}, false, fmt.Errorf("%w\n\nWaiting for the cluster to be ready failed too: %s", err, werr)
			}
			_, gerr := r.client.GetOIDC(ctx, sn, kubeID)
			switch {
			case ovhapi.IsNotFound(gerr):
				return struct{}{}, true, nil
			case gerr != nil:
				return struct{}{}, false, fmt.Errorf("%w\n\nReading the OIDC configuration afterwards failed too: %s", err, gerr)
			}
			return struct{}{}, false, nil
		},
		attempts: r.opts.ChangeAttempts,
		opts:     r.opts,
		what:     "OIDC deletion of cluster " + kubeID,
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot delete the OIDC configuration", err.Error())
		return
	}
	// Already gone, or found gone on a READY cluster (or on none): no
	// redeployment to wait for.
	if gone || checked {
		return
	}
	if _, err := waitFor(ctx, r.opts, redeployWait(r.client, sn, kubeID, "OIDC deletion")); err != nil && !ovhapi.IsNotFound(err) {
		resp.Diagnostics.AddError("The cluster did not complete the OIDC deletion", err.Error())
	}
}

func (r *oidcResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, ok := importedID(ctx, req, clusterPartIdentityAttrs, clusterPartIdentity.parts, &resp.Diagnostics)
	if !ok {
		return
	}
	sn, kubeID, ok := strings.Cut(importID, "/")
	if !ok || sn == "" || kubeID == "" || strings.Contains(kubeID, "/") {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("The import id %q must be service_name/kube_id, the project and the cluster that has the OIDC configuration, "+
				"for example \"0123456789abcdef0123456789abcdef/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f\".", importID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), oidcID(sn, kubeID))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_name"), sn)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("kube_id"), kubeID)...)
	setIdentity(resp.Identity, clusterPartIdentityAttrs, sn, kubeID)
}

// oidcChange names a change of the configuration in logs and messages.
func oidcChange(creating bool) string {
	if creating {
		return "OIDC creation"
	}
	return "OIDC update"
}
