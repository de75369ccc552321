package kube

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// oidcAttributes are the attributes that the resource and the data source
// share, named as in the official provider.
type oidcAttributes struct {
	ID             types.String `tfsdk:"id"`
	ServiceName    types.String `tfsdk:"service_name"`
	KubeID         types.String `tfsdk:"kube_id"`
	IssuerURL      types.String `tfsdk:"issuer_url"`
	ClientID       types.String `tfsdk:"client_id"`
	UsernameClaim  types.String `tfsdk:"oidc_username_claim"`
	UsernamePrefix types.String `tfsdk:"oidc_username_prefix"`
	GroupsClaim    types.List   `tfsdk:"oidc_groups_claim"`
	GroupsPrefix   types.String `tfsdk:"oidc_groups_prefix"`
	RequiredClaim  types.List   `tfsdk:"oidc_required_claim"`
	SigningAlgs    types.List   `tfsdk:"oidc_signing_algs"`
	CAContent      types.String `tfsdk:"oidc_ca_content"`
}

// oidcModel is the state and plan of ovh_cloud_project_kube_oidc.
type oidcModel struct {
	oidcAttributes
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (m *oidcModel) timeoutsBlock() timeouts.Value { return m.Timeouts }

// oidcID is the id the official provider gives the resource.
func oidcID(serviceName, kubeID string) string { return serviceName + "/" + kubeID }

// apiConfig is the whole configuration, as POST and PUT take it: what is
// null (a state the official provider wrote, whose lists may be null) is
// sent empty, like what is not set.
func (m *oidcAttributes) apiConfig(ctx context.Context) (ovhapi.OpenIDConnect, diag.Diagnostics) {
	var diags diag.Diagnostics
	o := ovhapi.OpenIDConnect{
		IssuerURL:      m.IssuerURL.ValueString(),
		ClientID:       m.ClientID.ValueString(),
		UsernameClaim:  m.UsernameClaim.ValueString(),
		UsernamePrefix: m.UsernamePrefix.ValueString(),
		GroupsPrefix:   m.GroupsPrefix.ValueString(),
		CAContent:      m.CAContent.ValueString(),
	}
	diags.Append(listInto(ctx, m.GroupsClaim, &o.GroupsClaim)...)
	diags.Append(listInto(ctx, m.RequiredClaim, &o.RequiredClaim)...)
	diags.Append(listInto(ctx, m.SigningAlgs, &o.SigningAlgorithms)...)
	return o.Normalized(), diags
}

// setFromAPI takes the configuration the API reports: every attribute is
// known, "" and [] for what is not set, as in the plan of a configuration
// that leaves them out.
func (m *oidcAttributes) setFromAPI(ctx context.Context, serviceName, kubeID string, o *ovhapi.OpenIDConnect) diag.Diagnostics {
	var diags diag.Diagnostics
	n := o.Normalized()
	m.ID = types.StringValue(oidcID(serviceName, kubeID))
	m.ServiceName = types.StringValue(serviceName)
	m.KubeID = types.StringValue(kubeID)
	m.IssuerURL = types.StringValue(n.IssuerURL)
	m.ClientID = types.StringValue(n.ClientID)
	m.UsernameClaim = types.StringValue(n.UsernameClaim)
	m.UsernamePrefix = types.StringValue(n.UsernamePrefix)
	m.GroupsPrefix = types.StringValue(n.GroupsPrefix)
	m.CAContent = types.StringValue(n.CAContent)
	for _, l := range []struct {
		to   *types.List
		from []string
	}{{&m.GroupsClaim, n.GroupsClaim}, {&m.RequiredClaim, n.RequiredClaim}, {&m.SigningAlgs, n.SigningAlgorithms}} {
		v, d := types.ListValueFrom(ctx, types.StringType, l.from)
		diags.Append(d...)
		*l.to = v
	}
	return diags
}

// sameOIDC reports whether two configurations are the same for the API.
func sameOIDC(a, b ovhapi.OpenIDConnect) bool {
	a, b = a.Normalized(), b.Normalized()
	return a.IssuerURL == b.IssuerURL && a.ClientID == b.ClientID && a.UsernameClaim == b.UsernameClaim &&
		a.UsernamePrefix == b.UsernamePrefix && a.GroupsPrefix == b.GroupsPrefix && a.CAContent == b.CAContent &&
		slices.Equal(a.GroupsClaim, b.GroupsClaim) && slices.Equal(a.RequiredClaim, b.RequiredClaim) &&
		slices.Equal(a.SigningAlgorithms, b.SigningAlgorithms)
}
