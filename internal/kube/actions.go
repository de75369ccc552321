package kube

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// The actions (Terraform 1.14+) run an operation on a cluster that is not a
// resource's state: each sends its request, then waits for the cluster to be
// READY again with waitFor, reporting every status it sees as a progress
// event. Like every change to a cluster, each holds the cluster's lock (see
// lock.go) from its request until the cluster is READY again, and a 409 from
// a busy cluster is waited out until the timeout (sendChange).

// Default timeouts of the actions, when the timeouts block leaves them out.
const (
	defaultRestartTimeout         = 30 * time.Minute
	defaultKubeconfigResetTimeout = time.Hour
	defaultUpgradeTimeout         = time.Hour
)

var (
	_ action.ActionWithConfigure = (*clusterAction)(nil)
)

// clusterAction is one of the package's actions: its type name (what follows
// the provider's name), its own attributes besides service_name, kube_id and
// timeouts, and what it sends.
type clusterAction struct {
	base
	typeName string
	// description is the action's markdown description.
	description string
	// attributes are the action's own attributes.
	attributes map[string]schema.Attribute
	// operation names the change in messages, e.g. "restart".
	operation string
	// timeout is the default of timeouts.invoke.
	timeout time.Duration
	// send makes the request, from the action's configuration.
	send func(ctx context.Context, c *ovhapi.Client, serviceName, id string, cfg clusterActionModel) error
	// refused, if not nil, reports a 409 that waiting cannot end, k being
	// the cluster once READY: the change then fails with its error.
	refused func(k *ovhapi.Kube, id string, err error) error
}

// clusterActionModel is the configuration of every action: what they share,
// and the attributes of each (null for the others).
type clusterActionModel struct {
	ServiceName types.String   `tfsdk:"service_name"`
	KubeID      types.String   `tfsdk:"kube_id"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
	Force       types.Bool     `tfsdk:"force"`
	Strategy    types.String   `tfsdk:"strategy"`
}

// NewRestartAction returns the ovh_cloud_project_kube_restart action.
func NewRestartAction() action.Action {
	return &clusterAction{
		typeName:  "_cloud_project_kube_restart",
		operation: "restart",
		timeout:   defaultRestartTimeout,
		description: "Restarts the API server of a Managed Kubernetes cluster (`POST /restart`), to clear its caches, then waits " +
			"until the cluster is `READY` again. Without `force` the restart causes no downtime; with `force` it restarts " +
			"even an API server that looks healthy, with a slight downtime. A cluster busy with another change is waited " +
			"for.",
		attributes: map[string]schema.Attribute{
			"force": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Restart the API server even when it looks healthy, with a slight downtime. " +
					"Defaults to `false`.",
			},
		},
		send: func(ctx context.Context, c *ovhapi.Client, sn, id string, cfg clusterActionModel) error {
			return c.RestartCluster(ctx, sn, id, cfg.Force.ValueBool())
		},
	}
}

// NewKubeconfigResetAction returns the ovh_cloud_project_kube_kubeconfig_reset
// action.
func NewKubeconfigResetAction() action.Action {
	return &clusterAction{
		typeName:  "_cloud_project_kube_kubeconfig_reset",
		operation: "kubeconfig reset",
		timeout:   defaultKubeconfigResetTimeout,
		description: "Every kubeconfig of the cluster issued before stops working, and its nodes are reinstalled: " +
			"this action regenerates the certificates of a Managed Kubernetes cluster (`POST /kubeconfig/reset`), " +
			"for instance after a kubeconfig leaked, then waits until the cluster is `READY` again. " +
			"The `kubeconfig` that an `ovh_cloud_project_kube` resource keeps in its state (`kubeconfig_in_state`) " +
			"is planned to be fetched again by the next apply; providers configured from it need that apply, or the " +
			"`ovh_cloud_project_kube_kubeconfig` ephemeral resource, which fetches a fresh one every run. " +
			"A cluster busy with another change is waited for.",
		attributes: map[string]schema.Attribute{},
		send: func(ctx context.Context, c *ovhapi.Client, sn, id string, _ clusterActionModel) error {
			return c.ResetKubeconfig(ctx, sn, id)
		},
	}
}

// NewUpgradeAction returns the ovh_cloud_project_kube_upgrade action.
func NewUpgradeAction() action.Action {
	return &clusterAction{
		typeName:  "_cloud_project_kube_upgrade",
		operation: "upgrade",
		timeout:   defaultUpgradeTimeout,
		description: "Upgrades a Managed Kubernetes cluster now (`POST /update`): to the newest patch of its minor version " +
			"(`LATEST_PATCH`) or to the next minor version (`NEXT_MINOR`), then waits until the cluster and its nodes " +
			"are `READY` again. The API refuses an upgrade of a cluster whose `update_policy` is `NEVER_UPDATE` (409 " +
			"\"Update aborted ... because of policy NEVER_UPDATE\"): the action then fails at once and says so. A cluster " +
			"busy with another change is waited for. An `ovh_cloud_project_kube` resource whose `version` names the old " +
			"minor version plans the upgrade back as a change after a `NEXT_MINOR`: update `version` in the configuration " +
			"too, or leave it out.",
		attributes: map[string]schema.Attribute{
			"strategy": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "`LATEST_PATCH` (the newest patch of the cluster's minor version) or `NEXT_MINOR` " +
					"(the next minor version).",
				Validators: []validator.String{stringvalidator.OneOf(ovhapi.StrategyLatestPatch, ovhapi.StrategyNextMinor)},
			},
		},
		send: func(ctx context.Context, c *ovhapi.Client, sn, id string, cfg clusterActionModel) error {
			return c.UpgradeKube(ctx, sn, id, cfg.Strategy.ValueString())
		},
		refused: func(k *ovhapi.Kube, id string, err error) error {
			if k.UpdatePolicy != policyNeverUpdate {
				return nil
			}
			return fmt.Errorf("%w\n\nCluster %s has update_policy = \"NEVER_UPDATE\", under which the API refuses upgrades. "+
				"Set its update_policy to \"MINIMAL_DOWNTIME\" or \"ALWAYS_UPDATE\" first, then run the upgrade again", err, id)
		},
	}
}

func (a *clusterAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + a.typeName
}

func (a *clusterAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attributes := map[string]schema.Attribute{
		"service_name": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "The id of the Public Cloud project. Defaults to the environment variable `OVH_CLOUD_PROJECT_SERVICE`.",
			Validators:          []validator.String{validate.ServiceName},
		},
		"kube_id": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "The id of the cluster, e.g. `ovh_cloud_project_kube.my_cluster.id`.",
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		},
	}
	for name, attr := range a.attributes {
		attributes[name] = attr
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: a.description,
		Attributes:          attributes,
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: fmt.Sprintf("How long the %s may take, waits for a busy cluster included (default `%s`).",
					a.operation, shortDuration(a.timeout)),
			}),
		},
	}
}

func (a *clusterAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.configure(req.ProviderData, &resp.Diagnostics)
}

func (a *clusterAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg clusterActionModel
	// Each action's configuration holds its own attributes only: read them
	// one by one into the shared model.
	diags := req.Config.GetAttribute(ctx, path.Root("service_name"), &cfg.ServiceName)
	diags.Append(req.Config.GetAttribute(ctx, path.Root("kube_id"), &cfg.KubeID)...)
	diags.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &cfg.Timeouts)...)
	if _, ok := a.attributes["force"]; ok {
		diags.Append(req.Config.GetAttribute(ctx, path.Root("force"), &cfg.Force)...)
	}
	if _, ok := a.attributes["strategy"]; ok {
		diags.Append(req.Config.GetAttribute(ctx, path.Root("strategy"), &cfg.Strategy)...)
	}
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if a.client == nil {
		resp.Diagnostics.AddError("Provider not configured", "The "+a.operation+" action needs a configured provider. Please report this issue.")
		return
	}
	serviceName, ok := serviceNameOf(cfg.ServiceName, &resp.Diagnostics)
	if !ok {
		return
	}
	id := cfg.KubeID.ValueString()
	d, dd := cfg.Timeouts.Invoke(ctx, a.timeout)
	resp.Diagnostics.Append(dd...)
	if dd.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	ctx = tflog.SetField(ctx, "kube_id", id)

	progress := func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		tflog.Info(ctx, msg)
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
	summary := "Cannot run the cluster " + a.operation

	k, err := a.client.GetKube(ctx, serviceName, id)
	if ovhapi.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("kube_id"), summary,
			fmt.Sprintf("Cluster %s does not exist in project %s: check kube_id and service_name.\n\n%s", id, serviceName, err))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(summary, "Reading the cluster failed: "+err.Error())
		return
	}
	progress("Cluster %s (%s) is %s before its %s", id, k.Name, k.Status, a.operation)

	unlock, err := a.locks.lock(ctx, serviceName, id, "cluster "+a.operation)
	if err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	defer unlock()

	// The wait reports every status it sees, and whether the cluster left
	// READY: the API shows no field of its own for a restart or a
	// kubeconfig reset, so a READY answer right after the request counts
	// once another status was seen, or after Options.StaleGrace.
	start := time.Now()
	w := redeployWait(a.client, serviceName, id, a.operation)
	left := false
	lastSeen := ""
	refresh := w.refresh
	w.refresh = func(ctx context.Context) (*ovhapi.Kube, string, error) {
		k, status, err := refresh(ctx)
		if err == nil && status != lastSeen {
			lastSeen = status
			progress("Cluster %s is %s (%s into the %s)", id, status, time.Since(start).Round(time.Second), a.operation)
		}
		if err == nil && status != statusReady {
			left = true
		}
		return k, status, err
	}

	progress("Sending the %s of cluster %s", a.operation, id)
	_, checked, err := sendChange(ctx, changeSpec[*ovhapi.Kube]{
		send: func(ctx context.Context) (*ovhapi.Kube, error) {
			return nil, a.send(ctx, a.client, serviceName, id, cfg)
		},
		uncertain: lostOrBusy,
		check: func(ctx context.Context, err error) (*ovhapi.Kube, bool, error) {
			if ovhapi.IsConflict(err) {
				progress("Cluster %s refused the %s because it is busy (409); waiting for it to be READY before sending it again", id, a.operation)
			}
			left = false
			settle := w
			if ovhapi.IsConflict(err) {
				// The cluster is busy with another change: READY ends
				// the wait at once, and the pause before sending again
				// covers a READY that still refuses changes.
				settle.applied = nil
			}
			k, werr := waitFor(ctx, a.opts, settle)
			if werr != nil {
				return nil, false, fmt.Errorf("%w\n\nWaiting for the cluster afterwards failed too: %s", err, werr)
			}
			if ovhapi.IsConflict(err) && a.refused != nil {
				if rerr := a.refused(k, id, err); rerr != nil {
					return k, false, rerr
				}
			}
			// A lost answer: the cluster went through another status,
			// so the request went through.
			return k, !ovhapi.IsConflict(err) && left, nil
		},
		attempts: a.opts.ChangeAttempts,
		opts:     a.opts,
		what:     a.operation + " of cluster " + id,
	})
	if err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	if !checked {
		if _, err := waitFor(ctx, a.opts, w); err != nil {
			resp.Diagnostics.AddError(capitalized("cluster "+a.operation)+" did not complete", err.Error())
			return
		}
	}
	progress("Cluster %s is READY again: %s done in %s", id, a.operation, time.Since(start).Round(time.Second))
}

// shortDuration writes a default timeout as a timeouts block takes it: "30m", "1h".
func shortDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return fmt.Sprintf("%dm", d/time.Minute)
}
