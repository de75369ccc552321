package kube

import (
	"bytes"
	"context"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ClusterPlanner answers the PlanResourceChange of a cluster that the
// configuration leaves as it is, which is what most clusters of most plans
// are: through the framework, such a request costs some 7 ms of walks of
// the schema (defaults, attribute plan modifiers) that change nothing.
//
// It answers only when Terraform proposes the prior state itself (the same
// bytes), every attribute with a default that the configuration leaves out
// already holds that default, and the cluster's ModifyPlan leaves the plan
// as it is and says nothing. Every attribute plan modifier of the schema
// acts on an unknown or changed value, and there is none in such a plan.
// The planned identity is the prior one, as the framework plans it: a null
// one when the request carries none. An identity that is not the prior
// state's goes to the framework.
// Anything else goes through the framework.
type ClusterPlanner struct {
	answered atomic.Int64
}

// Answered is the number of requests the planner answered itself.
func (p *ClusterPlanner) Answered() int64 { return p.answered.Load() }

// Plan answers req when the plan is the prior state; nil otherwise.
func (p *ClusterPlanner) Plan(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) *tfprotov6.PlanResourceChangeResponse {
	if req == nil || req.TypeName != ClusterTypeName || req.PriorState == nil || req.ProposedNewState == nil || req.Config == nil ||
		len(req.PriorState.MsgPack) == 0 || !bytes.Equal(req.PriorState.MsgPack, req.ProposedNewState.MsgPack) {
		return nil
	}
	sh := theClusterShape()
	if !sh.ok {
		return nil
	}
	prior, err := req.PriorState.Unmarshal(sh.typ)
	if err != nil || prior.IsNull() {
		return nil
	}
	state, ok := sh.blocks.nullify(prior)
	if !ok {
		return nil
	}
	given, ok := sh.givenIdentity(req.PriorIdentity)
	if !ok {
		return nil
	}
	var planned *tfprotov6.ResourceIdentityData
	if sh.identity != nil {
		switch {
		case given.Type() == nil && (req.PriorIdentity == nil || req.PriorIdentity.IdentityData == nil):
			planned = &tfprotov6.ResourceIdentityData{IdentityData: &tfprotov6.DynamicValue{MsgPack: sh.nullIdentity}}
		case given.Type() == nil || given.Equal(stateIdentity(prior)):
			planned = req.PriorIdentity
		default:
			return nil
		}
	}
	rawConfig, err := req.Config.Unmarshal(sh.typ)
	if err != nil || rawConfig.IsNull() || !rawConfig.IsFullyKnown() {
		return nil
	}
	config, ok := sh.blocks.nullify(rawConfig)
	if !ok {
		return nil
	}
	var configured, saved map[string]tftypes.Value
	if config.As(&configured) != nil || state.As(&saved) != nil {
		return nil
	}
	for name, def := range sh.defaults {
		if configured[name].IsNull() && !saved[name].Equal(def) {
			return nil
		}
	}

	r := NewClusterResource().(*clusterResource)
	mreq := resource.ModifyPlanRequest{
		Config: tfsdk.Config{Schema: sh.schema, Raw: config},
		Plan:   tfsdk.Plan{Schema: sh.schema, Raw: state},
		State:  tfsdk.State{Schema: sh.schema, Raw: state},
	}
	mresp := resource.ModifyPlanResponse{Plan: tfsdk.Plan{Schema: sh.schema, Raw: state}}
	r.ModifyPlan(ctx, mreq, &mresp)
	if len(mresp.Diagnostics) > 0 || len(mresp.RequiresReplace) > 0 || mresp.Deferred != nil || !mresp.Plan.Raw.Equal(state) {
		return nil
	}
	p.answered.Add(1)
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.PriorState, PlannedPrivate: req.PriorPrivate, PlannedIdentity: planned}
}
