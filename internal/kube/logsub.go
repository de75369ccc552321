package kube

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// defaultLogSubscriptionTimeout is the official provider's, for the creation
// and the deletion.
const defaultLogSubscriptionTimeout = 20 * time.Minute

// Logs Data Platform operation states: those still under way, and the one
// that ends it well. Any other ends it in failure.
var logOperationPending = []string{"PENDING", "RECEIVED", "STARTED", "RETRY", "RUNNING"}

const logOperationSuccess = "SUCCESS"

// NewLogSubscriptionResource returns the
// ovh_cloud_project_kube_log_subscription resource.
func NewLogSubscriptionResource() resource.Resource {
	return &logSubscriptionResource{resourceBase{typeName: "_cloud_project_kube_log_subscription", schema: logSubscriptionSchema}}
}

type logSubscriptionResource struct {
	resourceBase
}

// IdentitySchema is the identity of a log subscription:
// service_name/kube_id/subscription_id.
func (r *logSubscriptionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = logSubscriptionIdentitySchema()
}

func (r *logSubscriptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, cancel, ok := readWithTimeout[logSubscriptionModel](ctx, req.Plan, timeouts.Value.Create, defaultLogSubscriptionTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID := plan.ServiceName.ValueString(), plan.KubeID.ValueString()
	kind, stream := plan.Kind.ValueString(), plan.StreamID.ValueString()
	ctx = tflog.SetField(ctx, "kube_id", kubeID)
	const summary = "Cannot create the log subscription"
	// The cluster's lock is held until the API server has redeployed.
	unlock, err := r.locks.lock(ctx, sn, kubeID, "log subscription creation")
	if err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	defer unlock()

	// What exists before the request, so that a creation whose answer is
	// lost is told apart from the subscriptions of others.
	before, err := r.client.ListLogSubscriptions(ctx, sn, kubeID, kind)
	if err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	ref, adopted, err := r.send(ctx, sn, kubeID, kind, stream, before)
	if err != nil {
		resp.Diagnostics.AddError(summary, r.creationError(ctx, sn, kubeID, stream, err))
		return
	}

	id := adopted
	if ref != nil {
		op, err := waitFor(ctx, r.opts, logOperationWait(r.client, ref, "log subscription creation"))
		if op != nil && op.SubscriptionID != nil {
			id = *op.SubscriptionID
		}
		if err != nil {
			// Something may exist all the same: kept in state, tainted, when
			// the operation named it and the API still has it.
			if id != "" {
				if _, gerr := r.client.GetLogSubscription(ctx, sn, kubeID, id); gerr == nil {
					r.saveCreated(ctx, &plan, id, resp)
					resp.Diagnostics.AddError("Log subscription creation did not complete", fmt.Sprintf("%s\n\nSubscription %s "+
						"is kept in the state, marked tainted: the next apply replaces it unless you untaint it.", err, id))
					return
				}
			}
			resp.Diagnostics.AddError("Log subscription creation did not complete", err.Error())
			return
		}
		if id == "" {
			id, err = r.findNew(ctx, sn, kubeID, kind, stream, before)
			if err != nil {
				resp.Diagnostics.AddError("Log subscription creation did not complete", fmt.Sprintf(
					"Logs Data Platform operation %s succeeded without naming the subscription, and looking for it failed: %s", ref.OperationID, err))
				return
			}
		}
	}

	// The subscription exists from here on: save it at once, so that a
	// failed wait leaves it in state (tainted) instead of forgetting it.
	state := r.saveCreated(ctx, &plan, id, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := waitFor(ctx, r.opts, logRedeployWait(r.client, sn, kubeID, "log subscription creation", true)); err != nil {
		resp.Diagnostics.AddError("The cluster did not complete the log subscription creation", err.Error())
		return
	}
	s, err := r.client.GetLogSubscription(ctx, sn, kubeID, id)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the log subscription after its creation", err.Error())
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(s)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// saveCreated saves the subscription id, read from the API when it can be.
func (r *logSubscriptionResource) saveCreated(ctx context.Context, plan *logSubscriptionModel, id string, resp *resource.CreateResponse) logSubscriptionModel {
	state := *plan
	sn, kubeID := plan.ServiceName.ValueString(), plan.KubeID.ValueString()
	if s, err := r.client.GetLogSubscription(ctx, sn, kubeID, id); err == nil {
		resp.Diagnostics.Append(state.setFromAPI(s)...)
	}
	state.setCreated(id)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(resp.Identity, logSubscriptionIdentityAttrs, sn, kubeID, id)
	return state
}

// send sends the creation. A lost answer may hide a created subscription,
// and a 409 a cluster busy with another change: the cluster is waited for
// and a new subscription to the stream looked for, among those that were
// not there before, before anything is sent again. adopted is the id of
// one found that way, whose operation is unknown.
func (r *logSubscriptionResource) send(ctx context.Context, sn, kubeID, kind, stream string, before []string) (ref *ovhapi.LogOperationRef, adopted string, err error) {
	ref, _, err = sendChange(ctx, changeSpec[*ovhapi.LogOperationRef]{
		send: func(ctx context.Context) (*ovhapi.LogOperationRef, error) {
			return r.client.CreateLogSubscription(ctx, sn, kubeID, kind, stream)
		},
		uncertain: lostOrBusy,
		check: func(ctx context.Context, err error) (*ovhapi.LogOperationRef, bool, error) {
			if _, werr := waitFor(ctx, r.opts, clusterWait(r.client, sn, kubeID, "pending operation")); werr != nil {
				return nil, false, fmt.Errorf("%w\n\nWaiting for the cluster to be ready failed too: %s", err, werr)
			}
			id, ferr := r.findNew(ctx, sn, kubeID, kind, stream, before)
			switch {
			case ferr == nil:
				tflog.Info(ctx, "adopted the log subscription whose creation answer was lost", map[string]any{"subscription_id": id})
				adopted = id
				return nil, true, nil
			case ferr != errNoNewSubscription:
				return nil, false, fmt.Errorf("%w\n\nThe creation may have succeeded, and looking for the subscription failed too: %v. "+
					"Import it, if any, with: terraform import <address> %s/%s/<subscription_id>", err, ferr, sn, kubeID)
			}
			return nil, false, nil
		},
		attempts: r.opts.ChangeAttempts,
		opts:     r.opts,
		what:     "log subscription creation in cluster " + kubeID,
	})
	return ref, adopted, err
}

// errNoNewSubscription: no subscription to the stream appeared.
var errNoNewSubscription = fmt.Errorf("no new subscription to the stream")

// findNew returns the one subscription of kind to stream that is not in
// before; errNoNewSubscription when there is none.
func (r *logSubscriptionResource) findNew(ctx context.Context, sn, kubeID, kind, stream string, before []string) (string, error) {
	ids, err := r.client.ListLogSubscriptions(ctx, sn, kubeID, kind)
	if err != nil {
		return "", err
	}
	var found []string
	for _, id := range ids {
		if slices.Contains(before, id) {
			continue
		}
		s, err := r.client.GetLogSubscription(ctx, sn, kubeID, id)
		if ovhapi.IsNotFound(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		if s.StreamID == stream {
			found = append(found, id)
		}
	}
	switch len(found) {
	case 0:
		return "", errNoNewSubscription
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("%d new subscriptions to stream %s appeared (%s): import the right one", len(found), stream, strings.Join(found, ", "))
}

// creationError explains a refused creation: a 404 names the stream unless
// the cluster itself is gone.
func (r *logSubscriptionResource) creationError(ctx context.Context, sn, kubeID, stream string, err error) string {
	if !ovhapi.IsNotFound(err) {
		return err.Error()
	}
	if _, kerr := r.client.GetKube(ctx, sn, kubeID); ovhapi.IsNotFound(kerr) {
		return fmt.Sprintf("Cluster %s does not exist in project %s: %s", kubeID, sn, err)
	}
	return fmt.Sprintf("The API does not know the Logs Data Platform stream %q (stream_id): %s\n\n"+
		"Streams come from the Logs Data Platform: create one, or read the id of an existing one, with the official "+
		"OVH provider's ovh_dbaas_logs_output_graylog_stream resource or data source, and check that the credentials "+
		"may forward logs to it.", stream, err)
}

// logRedeployWait is the wait for the cluster to be READY after a change of
// its log subscriptions, which redeploys its API server. The redeploy may
// be over by the time the operation has succeeded, so a READY cluster whose
// auditLogsSubscribed shows the change (subscribed, after a creation; not
// subscribed, after a deletion) is taken as redeployed at once; otherwise,
// as after any redeploy, READY counts once another status was seen or
// after Options.StaleGrace (a deletion that leaves other subscriptions).
func logRedeployWait(c *ovhapi.Client, serviceName, kubeID, operation string, subscribed bool) waitSpec[*ovhapi.Kube] {
	w := redeployWait(c, serviceName, kubeID, operation)
	w.applied = func(k *ovhapi.Kube) bool { return k.AuditLogsSubscribed == subscribed }
	return w
}

// logOperationWait is the wait for a Logs Data Platform operation to
// succeed; every state but the pending ones and SUCCESS fails it at once.
func logOperationWait(c *ovhapi.Client, ref *ovhapi.LogOperationRef, operation string) waitSpec[*ovhapi.LogOperation] {
	return waitSpec[*ovhapi.LogOperation]{
		kind: "Logs Data Platform operation", id: ref.OperationID, operation: operation,
		target: []string{logOperationSuccess},
		failed: func(s string) bool { return s != logOperationSuccess && !slices.Contains(logOperationPending, s) },
		refresh: func(ctx context.Context) (*ovhapi.LogOperation, string, error) {
			op, err := c.GetLogOperation(ctx, ref.ServiceName, ref.OperationID)
			if err != nil {
				return nil, "", err
			}
			return op, op.State, nil
		},
	}
}

func (r *logSubscriptionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state logSubscriptionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sn, kubeID, id := state.ServiceName.ValueString(), state.KubeID.ValueString(), state.ID.ValueString()
	// Set before the read: a state without an identity yet whose object is
	// gone still needs one (the framework refuses a Read without it).
	setIdentity(resp.Identity, logSubscriptionIdentityAttrs, sn, kubeID, id)
	s, err := r.client.GetLogSubscription(ctx, sn, kubeID, id)
	// A 404: deleted out of band, or the cluster is gone.
	if readFailed(ctx, err, "log subscription", map[string]any{"kube_id": kubeID, "subscription_id": id}, resp) {
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(s)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only ever changes the timeouts: every argument replaces.
func (r *logSubscriptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan logSubscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(resp.Identity, logSubscriptionIdentityAttrs, plan.ServiceName.ValueString(), plan.KubeID.ValueString(), plan.ID.ValueString())
}

func (r *logSubscriptionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ctx, cancel, ok := readWithTimeout[logSubscriptionModel](ctx, req.State, timeouts.Value.Delete, defaultLogSubscriptionTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	sn, kubeID, id := state.ServiceName.ValueString(), state.KubeID.ValueString(), state.ID.ValueString()
	ctx = tflog.SetField(ctx, "kube_id", kubeID)
	const summary = "Cannot delete the log subscription"
	unlock, err := r.locks.lock(ctx, sn, kubeID, "log subscription deletion")
	if err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	defer unlock()
	gone := false
	ref, checked, err := sendChange(ctx, changeSpec[*ovhapi.LogOperationRef]{
		send: func(ctx context.Context) (*ovhapi.LogOperationRef, error) {
			ref, err := r.client.DeleteLogSubscription(ctx, sn, kubeID, id)
			if ovhapi.IsNotFound(err) {
				gone = true
				return nil, nil
			}
			return ref, err
		},
		uncertain: lostOrBusy,
		check: func(ctx context.Context, err error) (*ovhapi.LogOperationRef, bool, error) {
			if _, werr := waitFor(ctx, r.opts, clusterWait(r.client, sn, kubeID, "pending operation")); werr != nil {
				if ovhapi.IsNotFound(werr) {
					return nil, true, nil
				}
				return nil, false, fmt.Errorf("%w\n\nWaiting for the cluster to be ready failed too: %s", err, werr)
			}
			_, gerr := r.client.GetLogSubscription(ctx, sn, kubeID, id)
			switch {
			case ovhapi.IsNotFound(gerr):
				return nil, true, nil
			case gerr != nil:
				return nil, false, fmt.Errorf("%w\n\nReading the log subscription afterwards failed too: %s", err, gerr)
			}
			return nil, false, nil
		},
		attempts: r.opts.ChangeAttempts,
		opts:     r.opts,
		what:     "log subscription deletion in cluster " + kubeID,
	})
	if err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	// Already gone, or found gone on a READY cluster (or on none): nothing
	// to wait for.
	if gone || checked {
		return
	}
	if ref != nil {
		if _, err := waitFor(ctx, r.opts, logOperationWait(r.client, ref, "log subscription deletion")); err != nil {
			resp.Diagnostics.AddError("Log subscription deletion did not complete", err.Error())
			return
		}
	}
	if _, err := waitFor(ctx, r.opts, logRedeployWait(r.client, sn, kubeID, "log subscription deletion", false)); err != nil && !ovhapi.IsNotFound(err) {
		resp.Diagnostics.AddError("The cluster did not complete the log subscription deletion", err.Error())
	}
}

func (r *logSubscriptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, ok := importedID(ctx, req, logSubscriptionIdentityAttrs, logSubscriptionIdentity.parts, &resp.Diagnostics)
	if !ok {
		return
	}
	parts := strings.Split(importID, "/")
	if len(parts) != 3 || slices.Contains(parts, "") {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("The import id %q must be service_name/kube_id/subscription_id, the project, the cluster and the "+
				"subscription, for example \"0123456789abcdef0123456789abcdef/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f/"+
				"3d1c9e55-2f4b-4a6d-8e0f-1a2b3c4d5e6f\".", importID))
		return
	}
	for name, v := range map[string]string{"service_name": parts[0], "kube_id": parts[1], "id": parts[2], "subscription_id": parts[2]} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	setIdentity(resp.Identity, logSubscriptionIdentityAttrs, parts[0], parts[1], parts[2])
}
