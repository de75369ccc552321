package kube

import (
	"context"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The shortcuts past the framework for the cluster's requests, speaking
// tfprotov6 and tftypes: ClusterRefresher (shortcut_refresh.go) answers
// ReadResource, ClusterPlanner (shortcut_plan.go) PlanResourceChange. What
// they share follows: the cluster's schema as they need it, and the walk that
// makes empty lists of blocks null as the framework does.

// ClusterTypeName is the cluster resource's type name.
const ClusterTypeName = "ovh_cloud_project_kube"

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
	// identity is the type of the cluster's identity, nil when the
	// resource has none; nullIdentity is the framework's answer of a null
	// one, encoded once.
	identity     tftypes.Type
	nullIdentity []byte
}

var theClusterShape = sync.OnceValue(func() *clusterShape {
	ctx := context.Background()
	sh := &clusterShape{schema: clusterSchema(ctx), defaults: map[string]tftypes.Value{}, ok: true}
	sh.typ = sh.schema.Type().TerraformType(ctx)
	sh.blocks = newBlockNode(sh.schema.Blocks)
	if r, ok := NewClusterResource().(resource.ResourceWithIdentity); ok {
		var resp resource.IdentitySchemaResponse
		r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &resp)
		sh.identity = resp.IdentitySchema.Type().TerraformType(ctx)
		null, err := tfprotov6.NewDynamicValue(sh.identity, tftypes.NewValue(sh.identity, nil))
		if err != nil {
			panic(err)
		}
		sh.nullIdentity = null.MsgPack
	}
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

// ClusterIdentityType is the type of a cluster's identity; nil when the
// resource has none.
func ClusterIdentityType() tftypes.Type { return theClusterShape().identity }

// stateIdentity is the identity the cluster's Read, Update and ImportState
// set for a state (a null attribute as the empty string, as ValueString
// reads it).
func stateIdentity(state tftypes.Value) tftypes.Value {
	var attrs map[string]tftypes.Value
	_ = state.As(&attrs)
	values := make([]string, len(clusterIdentityAttrs))
	for i, name := range clusterIdentityAttrs {
		if v := attrs[name]; v.IsKnown() && !v.IsNull() {
			_ = v.As(&values[i])
		}
	}
	return identityValue(clusterIdentityAttrs, values...)
}

// givenIdentity is the identity a request carries: ok is false when it
// cannot be read as the cluster's, and v is null when the request carries
// none, or a null one (which the framework takes as none).
func (sh *clusterShape) givenIdentity(id *tfprotov6.ResourceIdentityData) (v tftypes.Value, ok bool) {
	if id == nil || id.IdentityData == nil {
		return tftypes.Value{}, true
	}
	if sh.identity == nil {
		// The framework refuses an identity for a resource without one.
		return tftypes.Value{}, false
	}
	v, err := id.IdentityData.Unmarshal(sh.identity)
	if err != nil {
		return tftypes.Value{}, false
	}
	if v.IsFullyNull() {
		return tftypes.Value{}, true
	}
	return v, true
}

// encodeIdentity is v as a response carries it.
func (sh *clusterShape) encodeIdentity(v tftypes.Value) (*tfprotov6.ResourceIdentityData, bool) {
	dv, err := tfprotov6.NewDynamicValue(sh.identity, v)
	if err != nil {
		return nil, false
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: &dv}, true
}

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
