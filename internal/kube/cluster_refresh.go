package kube

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
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
	once     sync.Once
	schema   rschema.Schema
	typ      tftypes.Type
	blocks   *blockNode
	answered atomic.Int64
}

// Answered is the number of requests the refresher answered itself.
func (f *ClusterRefresher) Answered() int64 { return f.answered.Load() }

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
// returns no answer and the context for the framework's ReadResource.
func (f *ClusterRefresher) Refresh(ctx context.Context, providerData any, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, context.Context) {
	pd, ok := providerData.(*ProviderData)
	if !ok || pd == nil || req == nil || req.TypeName != ClusterTypeName || req.CurrentState == nil ||
		len(req.CurrentState.MsgPack) == 0 || req.CurrentIdentity != nil || bytes.Contains(req.Private, importBeforeRead) {
		return nil, ctx
	}
	f.once.Do(func() {
		f.schema = clusterSchema(ctx)
		f.typ = f.schema.Type().TerraformType(ctx)
		f.blocks = newBlockNode(f.schema.Blocks)
	})
	saved, err := req.CurrentState.Unmarshal(f.typ)
	if err != nil {
		return nil, ctx
	}
	state, ok := f.blocks.nullify(saved)
	if !ok {
		return nil, ctx
	}

	rec := &refreshRecord{}
	ctx = context.WithValue(ctx, refreshKey{}, rec)
	r := &clusterResource{resourceBase{typeName: "_cloud_project_kube", schema: clusterSchema}}
	var resp resource.ReadResponse
	r.configure(pd, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return nil, ctx
	}
	resp.State = tfsdk.State{Schema: f.schema, Raw: state}
	r.Read(ctx, resource.ReadRequest{State: tfsdk.State{Schema: f.schema, Raw: state}}, &resp)
	if !rec.unchanged || len(resp.Diagnostics) > 0 {
		return nil, ctx
	}
	f.answered.Add(1)
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
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
