package kube

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Resource identities (Terraform 1.12 and later): the typed attributes that
// name one object of each resource, in import blocks by `identity`, in the
// results of the list resources and in every state a CLI that knows
// identities keeps. Each identity holds what the resource's import id joins
// with slashes.

// clusterIdentity names a cluster: service_name/id.
type clusterIdentity struct {
	ServiceName types.String `tfsdk:"service_name"`
	ID          types.String `tfsdk:"id"`
}

// nodePoolIdentity names a node pool: service_name/kube_id/id.
type nodePoolIdentity struct {
	ServiceName types.String `tfsdk:"service_name"`
	KubeID      types.String `tfsdk:"kube_id"`
	ID          types.String `tfsdk:"id"`
}

// clusterPartIdentity names what a cluster has one of (its IP restrictions,
// its OIDC configuration): service_name/kube_id.
type clusterPartIdentity struct {
	ServiceName types.String `tfsdk:"service_name"`
	KubeID      types.String `tfsdk:"kube_id"`
}

// logSubscriptionIdentity names a log subscription:
// service_name/kube_id/subscription_id.
type logSubscriptionIdentity struct {
	ServiceName    types.String `tfsdk:"service_name"`
	KubeID         types.String `tfsdk:"kube_id"`
	SubscriptionID types.String `tfsdk:"subscription_id"`
}

const (
	identityServiceNameDesc = "The ID of the public cloud project."
	identityKubeIDDesc      = "The ID of the managed Kubernetes cluster."
)

func identityString(desc string) identityschema.StringAttribute {
	return identityschema.StringAttribute{RequiredForImport: true, Description: desc}
}

func clusterIdentitySchema() identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"service_name": identityString(identityServiceNameDesc),
		"id":           identityString(identityKubeIDDesc),
	}}
}

func nodePoolIdentitySchema() identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"service_name": identityString(identityServiceNameDesc),
		"kube_id":      identityString(identityKubeIDDesc),
		"id":           identityString("The ID of the node pool."),
	}}
}

func clusterPartIdentitySchema() identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"service_name": identityString(identityServiceNameDesc),
		"kube_id":      identityString(identityKubeIDDesc),
	}}
}

func logSubscriptionIdentitySchema() identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"service_name":    identityString(identityServiceNameDesc),
		"kube_id":         identityString(identityKubeIDDesc),
		"subscription_id": identityString("The ID of the log subscription."),
	}}
}

// The attributes of each identity, in the order the import id joins them.
var (
	clusterIdentityAttrs     = []string{"service_name", "id"}
	nodePoolIdentityAttrs    = []string{"service_name", "kube_id", "id"}
	clusterPartIdentityAttrs = []string{"service_name", "kube_id"}
	// logSubscriptionIdentityAttrs: the subscription's id is its
	// subscription_id.
	logSubscriptionIdentityAttrs = []string{"service_name", "kube_id", "subscription_id"}
)

// identityValue is the identity object of attrs with the values given, in
// the same order. It is built as a value directly, not from a struct: the
// refresh of a cluster sets one per request.
func identityValue(attrs []string, values ...string) tftypes.Value {
	types := make(map[string]tftypes.Type, len(attrs))
	vals := make(map[string]tftypes.Value, len(attrs))
	for i, name := range attrs {
		types[name] = tftypes.String
		vals[name] = tftypes.NewValue(tftypes.String, values[i])
	}
	return tftypes.NewValue(tftypes.Object{AttributeTypes: types}, vals)
}

// setIdentity sets a response's identity, when the request has one (the
// framework hands one to every request of a resource with an identity).
func setIdentity(id *tfsdk.ResourceIdentity, attrs []string, values ...string) {
	if id != nil {
		id.Raw = identityValue(attrs, values...)
	}
}

// importedID is the import id of req: its id, or the attributes of the
// identity an import block names (read as I, one of the identity models
// above, whose attributes parts lists in the order of attrs) joined as the
// id joins them. ok is false when the identity lacks one of them (diags
// says which).
func importedID[I any](ctx context.Context, req resource.ImportStateRequest, attrs []string, parts func(I) []types.String, diags *diag.Diagnostics) (string, bool) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, true
	}
	var id I
	if d := req.Identity.Get(ctx, &id); d.HasError() {
		diags.Append(d...)
		return "", false
	}
	values := make([]string, len(attrs))
	for i, v := range parts(id) {
		s, shown := v.ValueString(), "null"
		if !v.IsNull() && !v.IsUnknown() {
			shown = fmt.Sprintf("%q", s)
		}
		if s == "" || strings.Contains(s, "/") {
			diags.AddAttributeError(path.Root(attrs[i]), "Invalid import identity",
				fmt.Sprintf("The identity's %s must be set and hold no \"/\", for example %q; it is %s.",
					attrs[i], identityExamples[attrs[i]], shown))
			return "", false
		}
		values[i] = s
	}
	return strings.Join(values, "/"), true
}

func (id clusterIdentity) parts() []types.String { return []types.String{id.ServiceName, id.ID} }

func (id nodePoolIdentity) parts() []types.String {
	return []types.String{id.ServiceName, id.KubeID, id.ID}
}

func (id clusterPartIdentity) parts() []types.String {
	return []types.String{id.ServiceName, id.KubeID}
}

func (id logSubscriptionIdentity) parts() []types.String {
	return []types.String{id.ServiceName, id.KubeID, id.SubscriptionID}
}

// identityExamples are what the import ids' examples show for each
// attribute.
var identityExamples = map[string]string{
	"service_name":    "0123456789abcdef0123456789abcdef",
	"kube_id":         "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f",
	"id":              "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f",
	"subscription_id": "3d1c9e55-2f4b-4a6d-8e0f-1a2b3c4d5e6f",
}
