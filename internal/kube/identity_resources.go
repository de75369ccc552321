package kube

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The identity schemas of the cluster and the node pool, which their list
// resources need (the framework takes a list resource's identity schema from
// the managed resource of the same type name).

func (r *clusterResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = clusterIdentitySchema()
}

func (r *nodePoolResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = nodePoolIdentitySchema()
}

var (
	_ resource.ResourceWithIdentity = (*clusterResource)(nil)
	_ resource.ResourceWithIdentity = (*nodePoolResource)(nil)
)

// identifiedResource is a resource with an identity schema.
type identifiedResource interface {
	fullResource
	resource.ResourceWithIdentity
}

// withIdentity fills the identity of a resource whose own methods leave it
// null: once a resource has an identity schema, the framework refuses a
// Create, Read or Update that answers without one. Each attribute of the
// identity is the state's attribute of the same name, and an import by
// identity is the import by the id that joins them, in order, with slashes.
type withIdentity struct {
	identifiedResource
	keys []string
}

func identified(newResource func() resource.Resource, keys ...string) func() resource.Resource {
	return func() resource.Resource {
		return &withIdentity{identifiedResource: newResource().(identifiedResource), keys: keys}
	}
}

func (w *withIdentity) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	w.identifiedResource.Create(ctx, req, resp)
	resp.Diagnostics.Append(w.fill(ctx, resp.Identity, resp.State)...)
}

func (w *withIdentity) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	w.identifiedResource.Read(ctx, req, resp)
	if resp.State.Raw.IsNull() {
		// Gone: the identity of the state that was read.
		resp.Diagnostics.Append(w.fill(ctx, resp.Identity, req.State)...)
		return
	}
	resp.Diagnostics.Append(w.fill(ctx, resp.Identity, resp.State)...)
}

func (w *withIdentity) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	w.identifiedResource.Update(ctx, req, resp)
	resp.Diagnostics.Append(w.fill(ctx, resp.Identity, resp.State)...)
}

func (w *withIdentity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull() {
		parts := make([]string, len(w.keys))
		for i, k := range w.keys {
			var v types.String
			resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root(k), &v)...)
			parts[i] = v.ValueString()
		}
		if resp.Diagnostics.HasError() {
			return
		}
		req.ID = strings.Join(parts, "/")
	}
	w.identifiedResource.ImportState(ctx, req, resp)
}

// fill sets identity from state when the resource left it null.
func (w *withIdentity) fill(ctx context.Context, identity *tfsdk.ResourceIdentity, state tfsdk.State) diag.Diagnostics {
	var diags diag.Diagnostics
	if identity == nil || !identity.Raw.IsFullyNull() || state.Raw.IsNull() {
		return diags
	}
	for _, k := range w.keys {
		var v types.String
		diags.Append(state.GetAttribute(ctx, path.Root(k), &v)...)
		diags.Append(identity.SetAttribute(ctx, path.Root(k), v)...)
	}
	return diags
}
