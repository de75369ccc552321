package kube

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
