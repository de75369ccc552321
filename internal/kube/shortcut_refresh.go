package kube

import (
	"bytes"
	"context"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

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
// Its answer's identity is the one the request carries when it is the
// state's, and the state's otherwise (a state written without identities,
// by the official provider or a CLI that does not keep them), as the Read
// sets it.
// Anything else goes through the framework: a Read that changes the state,
// removes it or says anything, a state the framework would answer otherwise
// (a null list of blocks), a read following an import, an identity that is
// not the state's (the framework refuses it). The framework's Read
// then uses the API's answer that the first one got (refreshRecord), so a
// refresh still makes exactly one GET per cluster.
type ClusterRefresher struct {
	answered atomic.Int64
}

// Answered is the number of requests the refresher answered itself.
func (f *ClusterRefresher) Answered() int64 { return f.answered.Load() }

// importBeforeRead is the framework's private state key of a read that
// follows an import, which only the framework removes.
var importBeforeRead = []byte(".import_before_read")

// Refresh answers req when its cluster is as the state says. Otherwise it
// returns no answer. The context it returns is for the framework's
// ReadResource of the same request: it holds the API's answer.
func (f *ClusterRefresher) Refresh(ctx context.Context, providerData any, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, context.Context) {
	pd, ok := providerData.(*ProviderData)
	if !ok || pd == nil || req == nil || req.TypeName != ClusterTypeName || req.CurrentState == nil ||
		len(req.CurrentState.MsgPack) == 0 || bytes.Contains(req.Private, importBeforeRead) {
		return nil, ctx
	}
	sh := theClusterShape()
	saved, err := req.CurrentState.Unmarshal(sh.typ)
	if err != nil {
		return nil, ctx
	}
	state, ok := sh.blocks.nullify(saved)
	if !ok || saved.IsNull() {
		return nil, ctx
	}
	given, ok := sh.givenIdentity(req.CurrentIdentity)
	if !ok {
		return nil, ctx
	}
	var newIdentity *tfprotov6.ResourceIdentityData
	if sh.identity != nil {
		own := stateIdentity(saved)
		switch {
		case given.Type() == nil:
			if newIdentity, ok = sh.encodeIdentity(own); !ok {
				return nil, ctx
			}
		case given.Equal(own):
			newIdentity = req.CurrentIdentity
		default:
			return nil, ctx
		}
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
	// The cluster changed since its kubeconfig was last checked: the
	// framework's Read, which has the private state, checks it again.
	if at := kubeconfigCheckedAtRaw(req.Private); at != "" && rec.kube != nil && at != rec.kube.UpdatedAt {
		return nil, ctx
	}
	f.answered.Add(1)
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private, NewIdentity: newIdentity}, ctx
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
