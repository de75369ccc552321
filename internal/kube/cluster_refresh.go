package kube

import (
	"bytes"
	"context"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// ClusterTypeName is the cluster resource's type name.
const ClusterTypeName = "ovh_cloud_project_kube"

// A refresh reads every cluster of the state, and most find their cluster as
// the state says. Through the framework, each such ReadResource costs about
// four times what the cluster's Read itself costs: walks of the whole value
// against the schema (empty blocks made null and back, semantic equality,
// write-only attributes) and a MessagePack encoding of a state that has not
// changed (see BenchmarkSchemaCost).
//
// ClusterRefresher runs the cluster's Read itself, on the state as the
// framework would hand it over (empty lists of blocks null), and when the
// Read finds nothing new, answers with the request's own state: the very
// bytes Terraform sent, which is what the framework's answer decodes to.
// Anything else goes through the framework: a Read that changes the state,
// removes it or says anything, a state the framework would answer otherwise
// (a null list of blocks), a read following an import. The framework's Read
// then uses the API's answer that the first one got (refreshRecord), so a
// refresh still makes exactly one GET per cluster.
type ClusterRefresher struct {
	answered atomic.Int64
}

// Answered is the number of requests the refresher answered itself.
func (f *ClusterRefresher) Answered() int64 { return f.answered.Load() }

// clusterShape is what the shortcuts of the cluster's requests need of its
// schema, computed once.
type clusterShape struct {
	schema rschema.Schema
	typ    tftypes.Type
	blocks *blockNode
	// defaults are the values of the attributes with a default, which the
	// framework plans when the configuration leaves them out; ok is false
	// when the schema has a default the planning shortcut does not know.
	defaults map[string]tftypes.Value
	ok       bool
}

var theClusterShape = sync.OnceValue(func() *clusterShape {
	ctx := context.Background()
	sh := &clusterShape{schema: clusterSchema(ctx), defaults: map[string]tftypes.Value{}, ok: true}
	sh.typ = sh.schema.Type().TerraformType(ctx)
	sh.blocks = newBlockNode(sh.schema.Blocks)
	for name, a := range sh.schema.Attributes {
		switch a := a.(type) {
		case rschema.BoolAttribute:
			if a.Default != nil {
				var resp defaults.BoolResponse
				a.Default.DefaultBool(ctx, defaults.BoolRequest{}, &resp)
				sh.defaults[name] = tftypes.NewValue(tftypes.Bool, resp.PlanValue.ValueBool())
			}
		case rschema.StringAttribute:
			if a.Default != nil {
				var resp defaults.StringResponse
				a.Default.DefaultString(ctx, defaults.StringRequest{}, &resp)
				sh.defaults[name] = tftypes.NewValue(tftypes.String, resp.PlanValue.ValueString())
			}
		default:
			if anyDefault(reflect.ValueOf(a)) {
				sh.ok = false
			}
		}
	}
	if anyDefault(reflect.ValueOf(sh.schema.Blocks)) {
		sh.ok = false
	}
	return sh
})

// ClusterStateType is the type of a cluster's state.
func ClusterStateType() tftypes.Type { return theClusterShape().typ }

// anyDefault reports whether a schema element (an attribute, a block, a map
// of either), or anything nested in it, has a default: the framework's
// attribute types hold it in their Default field, and nest attributes and
// blocks in NestedObject, Attributes and Blocks.
func anyDefault(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		return !v.IsNil() && anyDefault(v.Elem())
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if anyDefault(v.MapIndex(k)) {
				return true
			}
		}
	case reflect.Struct:
		if f := v.FieldByName("Default"); f.IsValid() && (f.Kind() != reflect.Interface || !f.IsNil()) {
			return true
		}
		for _, name := range []string{"NestedObject", "Attributes", "Blocks"} {
			if f := v.FieldByName(name); f.IsValid() && anyDefault(f) {
				return true
			}
		}
	}
	return false
}

// blockNode holds the lists and sets of blocks of a block, by name.
type blockNode struct {
	blocks map[string]*blockNode
}

func newBlockNode(blocks map[string]rschema.Block) *blockNode {
	n := &blockNode{blocks: map[string]*blockNode{}}
	for name, b := range blocks {
		switch b := b.(type) {
		case rschema.ListNestedBlock:
			n.blocks[name] = newBlockNode(b.NestedObject.Blocks)
		case rschema.SetNestedBlock:
			n.blocks[name] = newBlockNode(b.NestedObject.Blocks)
		}
	}
	return n
}

// importBeforeRead is the framework's private state key of a read that
// follows an import, which only the framework removes.
var importBeforeRead = []byte(".import_before_read")

// Refresh answers req when its cluster is as the state says. Otherwise it
// returns no answer. The context it returns is for the framework's
// ReadResource of the same request: it holds the API's answer.
func (f *ClusterRefresher) Refresh(ctx context.Context, providerData any, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, context.Context) {
	pd, ok := providerData.(*ProviderData)
	if !ok || pd == nil || req == nil || req.TypeName != ClusterTypeName || req.CurrentState == nil ||
		len(req.CurrentState.MsgPack) == 0 || req.CurrentIdentity != nil || bytes.Contains(req.Private, importBeforeRead) {
		return nil, ctx
	}
	sh := theClusterShape()
	saved, err := req.CurrentState.Unmarshal(sh.typ)
	if err != nil {
		return nil, ctx
	}
	state, ok := sh.blocks.nullify(saved)
	if !ok {
		return nil, ctx
	}

	rec := &refreshRecord{}
	ctx = context.WithValue(ctx, refreshKey{}, rec)
	r := NewClusterResource().(*clusterResource)
	var resp resource.ReadResponse
	r.configure(pd, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return nil, ctx
	}
	resp.State = tfsdk.State{Schema: sh.schema, Raw: state}
	r.Read(ctx, resource.ReadRequest{State: tfsdk.State{Schema: sh.schema, Raw: state}}, &resp)
	if !rec.unchanged || len(resp.Diagnostics) > 0 {
		return nil, ctx
	}
	f.answered.Add(1)
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, ctx
}

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
// Anything else goes through the framework.
type ClusterPlanner struct {
	answered atomic.Int64
}

// Answered is the number of requests the planner answered itself.
func (p *ClusterPlanner) Answered() int64 { return p.answered.Load() }

// Plan answers req when the plan is the prior state; nil otherwise.
func (p *ClusterPlanner) Plan(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) *tfprotov6.PlanResourceChangeResponse {
	if req == nil || req.TypeName != ClusterTypeName || req.PriorState == nil || req.ProposedNewState == nil || req.Config == nil ||
		len(req.PriorState.MsgPack) == 0 || !bytes.Equal(req.PriorState.MsgPack, req.ProposedNewState.MsgPack) || req.PriorIdentity != nil {
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
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.PriorState, PlannedPrivate: req.PriorPrivate}
}

// nullify makes the empty lists and sets of blocks of v null, as the
// framework hands a state to Read. It reports false for a value the
// framework would answer otherwise than as it came: a null list or set of
// blocks, which the framework answers as an empty one.
func (n *blockNode) nullify(v tftypes.Value) (tftypes.Value, bool) {
	if len(n.blocks) == 0 || v.IsNull() {
		return v, true
	}
	if !v.IsKnown() {
		return v, false
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return v, false
	}
	for name, child := range n.blocks {
		list, ok := attrs[name]
		if !ok || list.IsNull() || !list.IsKnown() {
			return v, false
		}
		var elems []tftypes.Value
		if err := list.As(&elems); err != nil {
			return v, false
		}
		if len(elems) == 0 {
			attrs[name] = tftypes.NewValue(list.Type(), nil)
			continue
		}
		if len(child.blocks) == 0 {
			continue
		}
		for i, e := range elems {
			if elems[i], ok = child.nullify(e); !ok {
				return v, false
			}
		}
		attrs[name] = tftypes.NewValue(list.Type(), elems)
	}
	return tftypes.NewValue(v.Type(), attrs), true
}

// refreshRecord is what the Read of a ClusterRefresher leaves for the
// framework's Read of the same request, in its context: the API's answer,
// and whether the Read left the state as it was.
type refreshRecord struct {
	serviceName, id string
	kube            *ovhapi.Kube
	err             error
	read            bool
	unchanged       bool
}

type refreshKey struct{}

func recordOf(ctx context.Context) *refreshRecord {
	rec, _ := ctx.Value(refreshKey{}).(*refreshRecord)
	return rec
}

// getKube is the GET of a refresh: the answer a ClusterRefresher already
// got for this request, if any.
func (r *clusterResource) getKube(ctx context.Context, serviceName, id string) (*ovhapi.Kube, error) {
	rec := recordOf(ctx)
	if rec != nil && rec.read && rec.serviceName == serviceName && rec.id == id {
		return rec.kube, rec.err
	}
	k, err := r.client.GetKube(ctx, serviceName, id)
	if rec != nil {
		rec.serviceName, rec.id, rec.kube, rec.err, rec.read = serviceName, id, k, err, true
	}
	return k, err
}
