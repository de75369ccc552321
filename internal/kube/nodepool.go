package kube

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
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

// Default timeouts, as in the official provider: new nodes, GPU ones above
// all, can take long.
const (
	defaultPoolTimeout     = time.Hour
	defaultPoolReadTimeout = 5 * time.Minute
)

// NewNodePoolResource returns the ovh_cloud_project_kube_nodepool resource.
func NewNodePoolResource() resource.Resource {
	return &nodePoolResource{resourceBase{typeName: "_cloud_project_kube_nodepool", schema: nodePoolSchema}}
}

type nodePoolResource struct {
	resourceBase
}

// IdentitySchema is the node pool's identity: service_name, kube_id and id.
func (r *nodePoolResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = nodePoolIdentitySchema()
}

func (r *nodePoolResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, cancel, ok := readWithTimeout[nodePoolModel](ctx, req.Plan, timeouts.Value.Create, defaultPoolTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID := plan.ServiceName.ValueString(), plan.KubeID.ValueString()
	ctx = tflog.SetField(ctx, "kube_id", kubeID)
	// A cluster created in the same apply was unknown at plan time, and a
	// flavor the plan found unknown was only a warning: either is checked
	// now, before anything is created.
	if checked, d := resp.Private.GetKey(ctx, privateFlavorChecked); !d.HasError() && len(checked) == 0 {
		resp.Diagnostics.Append(r.checkFlavor(ctx, sn, kubeID, plan.FlavorName.ValueString(), flavorAtApply)...)
	}
	body, diags := plan.createRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	unlock, err := r.locks.lockBrief(ctx, sn, kubeID, "node pool creation")
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the node pool", err.Error())
		return
	}
	// The cluster's lock is held until the API accepts the pool: a node
	// pool does not change the cluster's status while it installs, so the
	// cluster is settled again from there on.
	created, err := r.createNodePool(ctx, sn, kubeID, body)
	unlock()
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the node pool", err.Error())
		return
	}

	// The pool exists from here on: save it at once, so that a failed wait
	// leaves it in state (tainted) instead of orphaning it.
	state := plan
	resp.Diagnostics.Append(state.setFromAPI(ctx, sn, kubeID, created, &plan, false)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(resp.Identity, nodePoolIdentityAttrs, sn, kubeID, created.ID)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateFlavorChecked, nil)...)
	resp.Diagnostics.Append(recordAppliedDesired(ctx, resp.Private, plan.DesiredNodes)...)

	ready, ok := waitCreated(ctx, r.opts, nodePoolWait(r.client, sn, kubeID, created.ID, "creation"), &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(ctx, sn, kubeID, ready, &plan, false)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// createNodePool sends the creation. A cluster busy with another change
// answers 409: the pool waits for it and asks again. A lost answer may hide
// a created pool: it is looked for by name before anything is sent again.
// A 409 because another pool has the name ends the creation, unless that
// pool is being deleted (the name is free once it is gone), or an earlier
// answer was lost: then the pool is the one created, which a list may have
// missed for a moment, and it is adopted.
func (r *nodePoolResource) createNodePool(ctx context.Context, sn, kubeID string, body ovhapi.NodePoolCreate) (*ovhapi.NodePool, error) {
	lost := false
	np, _, err := sendChange(ctx, changeSpec[*ovhapi.NodePool]{
		send: func(ctx context.Context) (*ovhapi.NodePool, error) {
			return r.client.CreateNodePool(ctx, sn, kubeID, body)
		},
		uncertain: lostOrBusy,
		check: func(ctx context.Context, err error) (*ovhapi.NodePool, bool, error) {
			if ovhapi.IsConflict(err) {
				if werr := r.waitClusterIdle(ctx, sn, kubeID, err); werr != nil || body.Name == nil {
					return nil, false, werr
				}
				return r.nameTaken(ctx, sn, kubeID, *body.Name, lost, err)
			}
			lost = true
			if body.Name == nil {
				return nil, false, fmt.Errorf("%w\n\nThe creation may have succeeded, and a pool without a name cannot be told apart "+
					"from the others: list the cluster's node pools and import the new one, if any, with: terraform import <address> %s/%s/<id>",
					err, sn, kubeID)
			}
			lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
			defer cancel()
			pools, lerr := r.client.ListNodePools(lookupCtx, sn, kubeID)
			if lerr != nil {
				return nil, false, fmt.Errorf("%w\n\nThe creation may have succeeded, and listing the node pools failed too: %v. "+
					"Import the new pool, if any, with: terraform import <address> %s/%s/<id>", err, lerr, sn, kubeID)
			}
			for i := range pools {
				if pools[i].Name == *body.Name {
					tflog.Info(ctx, "adopted the node pool whose creation answer was lost", map[string]any{"nodepool_id": pools[i].ID})
					return &pools[i], true, nil
				}
			}
			return nil, false, nil
		},
		attempts: r.opts.CreateAttempts,
		opts:     r.opts,
		what:     "node pool creation in cluster " + kubeID,
	})
	return np, err
}

// nameTaken looks, after a creation refused with 409 (cause), for a pool of
// that name which is not being deleted: after a lost answer (lost) it is the
// pool created, adopted (done); otherwise another pool has the name, which
// ends the creation.
func (r *nodePoolResource) nameTaken(ctx context.Context, sn, kubeID, name string, lost bool, cause error) (*ovhapi.NodePool, bool, error) {
	pools, err := r.client.ListNodePools(ctx, sn, kubeID)
	if err != nil {
		return nil, false, fmt.Errorf("%w\n\nListing the node pools afterwards failed too: %s", cause, err)
	}
	for i, p := range pools {
		if p.Name != name || p.Status == statusDeleting {
			continue
		}
		if lost {
			tflog.Info(ctx, "adopted the node pool whose creation answer was lost", map[string]any{"nodepool_id": p.ID})
			return &pools[i], true, nil
		}
		return nil, false, fmt.Errorf("%w\n\nCluster %s already has a node pool named %q (id %s, status %s). Choose another name, or import that pool "+
			"with: terraform import <address> %s/%s/%s", cause, kubeID, name, p.ID, p.Status, sn, kubeID, p.ID)
	}
	return nil, false, nil
}

// waitClusterIdle waits, after a change was refused with 409 (cause), until
// the cluster is READY again: the cluster may be what is busy. Other failures
// need no wait.
func (r *nodePoolResource) waitClusterIdle(ctx context.Context, sn, kubeID string, cause error) error {
	if !ovhapi.IsConflict(cause) {
		return nil
	}
	if _, err := waitFor(ctx, r.opts, clusterWait(r.client, sn, kubeID, "pending operation")); err != nil {
		return fmt.Errorf("%w\n\nWaiting for the cluster to be ready failed too: %s", cause, err)
	}
	return nil
}

func (r *nodePoolResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ctx, cancel, ok := readWithTimeout[nodePoolModel](ctx, req.State, timeouts.Value.Read, defaultPoolReadTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID, id := state.ServiceName.ValueString(), state.KubeID.ValueString(), state.ID.ValueString()
	// Set first: an official provider's state gains it even when the pool is gone.
	setIdentity(resp.Identity, nodePoolIdentityAttrs, sn, kubeID, id)
	np, err := r.client.GetNodePool(ctx, sn, kubeID, id)
	// A 404: deleted out of band, with its cluster, or by a cluster reset.
	if readFailed(ctx, err, "node pool", map[string]any{"nodepool_id": id, "kube_id": kubeID}, resp) {
		return
	}
	importing := state.FlavorName.IsNull()
	next := state
	resp.Diagnostics.Append(next.setFromAPI(ctx, sn, kubeID, np, &state, importing)...)
	if np.Autoscale && state.Autoscale.ValueBool() && !state.DesiredNodes.IsNull() {
		raw, d := req.Private.GetKey(ctx, privateAppliedDesired)
		resp.Diagnostics.Append(d...)
		if applied, ok := parseInt(raw); ok && applied == state.DesiredNodes.ValueInt64() && np.DesiredNodes != applied {
			tflog.Debug(ctx, "desired_nodes moved by the autoscaler; keeping the configured value", map[string]any{
				"configured": applied, "api": np.DesiredNodes,
			})
			next.DesiredNodes = state.DesiredNodes
		}
	}
	if importing {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateAppliedDesired, []byte(desiredNotApplied))...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

func (r *nodePoolResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var config, state nodePoolModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	plan, ctx, cancel, ok := readWithTimeout[nodePoolModel](ctx, req.Plan, timeouts.Value.Update, defaultPoolTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID, id := state.ServiceName.ValueString(), state.KubeID.ValueString(), state.ID.ValueString()
	setIdentity(resp.Identity, nodePoolIdentityAttrs, sn, kubeID, id)
	ctx = tflog.SetField(ctx, "nodepool_id", id)
	u, changedAny, diags := plan.updateRequest(ctx, state)
	resp.Diagnostics.Append(diags...)
	adopt, diags := adoptsDesired(ctx, req.Private, state, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if adopt && u.DesiredNodes != nil {
		// An imported autoscaled pool: the configured value is taken as
		// applied, not sent (see desiredNotApplied).
		u.DesiredNodes = nil
		changedAny = !reflect.DeepEqual(u, ovhapi.NodePoolUpdate{})
	}
	var np *ovhapi.NodePool
	if changedAny {
		var err error
		np, err = r.updateNodePool(ctx, sn, kubeID, id, u)
		if err != nil {
			// Whatever was applied stays applied; the state keeps its prior
			// values, so the next plan shows what is left to do.
			resp.Diagnostics.AddError("Cannot update the node pool", err.Error())
			return
		}
	} else {
		var err error
		if np, err = r.client.GetNodePool(ctx, sn, kubeID, id); err != nil {
			resp.Diagnostics.AddError("Cannot read the node pool after the update", err.Error())
			return
		}
	}
	next := plan
	resp.Diagnostics.Append(next.setFromAPI(ctx, sn, kubeID, np, &plan, false)...)
	if u.DesiredNodes == nil && !plan.DesiredNodes.IsNull() && !plan.DesiredNodes.IsUnknown() {
		// desired_nodes was not sent: the API's may be the autoscaler's,
		// and the state keeps the planned, configured value.
		next.DesiredNodes = plan.DesiredNodes
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
	resp.Diagnostics.Append(recordAppliedDesired(ctx, resp.Private, config.DesiredNodes)...)
}

// updateNodePool sends the change, then waits until the pool is READY and
// shows it.
func (r *nodePoolResource) updateNodePool(ctx context.Context, sn, kubeID, id string, u ovhapi.NodePoolUpdate) (*ovhapi.NodePool, error) {
	w := nodePoolWait(r.client, sn, kubeID, id, "update")
	w.applied = poolShows(u)
	unlock, err := r.locks.lockBrief(ctx, sn, kubeID, "update of node pool "+id)
	if err != nil {
		return nil, err
	}
	np, checked, err := sendChange(ctx, changeSpec[*ovhapi.NodePool]{
		send: func(ctx context.Context) (*ovhapi.NodePool, error) {
			return nil, r.client.UpdateNodePool(ctx, sn, kubeID, id, u)
		},
		uncertain: lostOrBusy,
		check: func(ctx context.Context, err error) (*ovhapi.NodePool, bool, error) {
			if werr := r.waitClusterIdle(ctx, sn, kubeID, err); werr != nil {
				return nil, false, werr
			}
			np, werr := waitFor(ctx, r.opts, w)
			if werr != nil {
				return nil, false, fmt.Errorf("%w\n\nChecking the node pool afterwards failed too: %s", err, werr)
			}
			return np, poolShows(u)(np), nil
		},
		attempts: r.opts.ChangeAttempts,
		opts:     r.opts,
		what:     "update of node pool " + id,
	})
	unlock()
	if err != nil || checked {
		return np, err
	}
	return waitFor(ctx, r.opts, w)
}

// poolShows reports whether a pool shows every setting of an update.
func poolShows(u ovhapi.NodePoolUpdate) func(*ovhapi.NodePool) bool {
	return func(np *ovhapi.NodePool) bool {
		eq := func(want *int64, got int64) bool { return want == nil || *want == got }
		if !eq(u.DesiredNodes, np.DesiredNodes) || !eq(u.MinNodes, np.MinNodes) || !eq(u.MaxNodes, np.MaxNodes) {
			return false
		}
		if u.Autoscale != nil && *u.Autoscale != np.Autoscale {
			return false
		}
		if u.AttachFloatingIPs != nil && (np.AttachFloatingIPs == nil || *np.AttachFloatingIPs != *u.AttachFloatingIPs) {
			return false
		}
		if u.Template != nil {
			got := np.Template
			if got == nil {
				got = &ovhapi.NodePoolTemplate{}
			}
			if !templatesEqual(normalizedTemplate(got), normalizedTemplate(u.Template)) {
				return false
			}
		}
		return true
	}
}

// normalizedTemplate makes nil and empty collections compare equal.
func normalizedTemplate(t *ovhapi.NodePoolTemplate) *ovhapi.NodePoolTemplate {
	n := *t
	n.Metadata.Labels = nonNilMap(n.Metadata.Labels)
	n.Metadata.Annotations = nonNilMap(n.Metadata.Annotations)
	n.Metadata.Finalizers = nonNil(n.Metadata.Finalizers)
	n.Spec.Taints = nonNil(n.Spec.Taints)
	return &n
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func (r *nodePoolResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ctx, cancel, ok := readWithTimeout[nodePoolModel](ctx, req.State, timeouts.Value.Delete, defaultPoolTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID, id := state.ServiceName.ValueString(), state.KubeID.ValueString(), state.ID.ValueString()
	deleteAndWait(ctx, r.opts, r.lockFor(sn, kubeID, "deletion of node pool "+id, true),
		func(ctx context.Context) error { return r.client.DeleteNodePool(ctx, sn, kubeID, id) },
		nodePoolWait(r.client, sn, kubeID, id, "pending operation"),
		func(ctx context.Context, err error) error { return r.waitClusterIdle(ctx, sn, kubeID, err) }, &resp.Diagnostics)
}

func (r *nodePoolResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, ok := importedID(ctx, req, nodePoolIdentityAttrs, nodePoolIdentity.parts, &resp.Diagnostics)
	if !ok {
		return
	}
	parts := strings.Split(importID, "/")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("The import id %q must be service_name/kube_id/nodepool_id, for example "+
				"\"0123456789abcdef0123456789abcdef/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f/7c0e9a4b-2f1d-4e3c-8b5a-6d7e8f9a0b1c\".", importID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_name"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("kube_id"), parts[1])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), parts[2])...)
	setIdentity(resp.Identity, nodePoolIdentityAttrs, parts...)
}

// nodePoolWait is the wait for a node pool to be READY; ERROR, USER_* and
// DELETED end it with an error, every other status of the schema's
// cloud.kube.NodePoolStatusEnum is pending (INSTALLING, UPDATING,
// REDEPLOYING, UPSCALING, DOWNSCALING, RESETTING, UNKNOWN...), and so would
// be a status the schema does not list.
func nodePoolWait(c *ovhapi.Client, sn, kubeID, id, operation string) waitSpec[*ovhapi.NodePool] {
	return waitSpec[*ovhapi.NodePool]{
		kind: "node pool", id: id, operation: operation, target: []string{statusReady},
		refresh: func(ctx context.Context) (*ovhapi.NodePool, string, error) {
			np, err := c.GetNodePool(ctx, sn, kubeID, id)
			if err != nil {
				return nil, "", err
			}
			return np, np.Status, nil
		},
	}
}

// recordAppliedDesired remembers the desired_nodes the configuration asked
// for (see privateAppliedDesired).
func recordAppliedDesired(ctx context.Context, private privateWriter, desired types.Int64) diag.Diagnostics {
	if desired.IsNull() || desired.IsUnknown() {
		return private.SetKey(ctx, privateAppliedDesired, nil)
	}
	return private.SetKey(ctx, privateAppliedDesired, []byte(strconv.FormatInt(desired.ValueInt64(), 10)))
}
