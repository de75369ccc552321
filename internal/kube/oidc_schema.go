package kube

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// oidcSigningAlgorithms are the values of the API's enumeration, the
// Kubernetes default first.
var oidcSigningAlgorithms = []string{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"}

// Descriptions shared by the resource and the data source.
const (
	oidcIssuerDesc = "The URL of the identity provider, exactly as its tokens give it in their `iss` claim, such as " +
		"`https://keycloak.example.com/realms/kubernetes`: `https://`, no query, no fragment."
	oidcClientDesc        = "The client id the identity provider issues the tokens to (their `aud` claim), such as `kubernetes`."
	oidcUsernameClaimDesc = "The token claim used as the user name. The API server uses `sub` when empty. Claims other " +
		"than `email` are prefixed with the issuer URL unless `oidc_username_prefix` says otherwise."
	oidcUsernamePrefixDesc = "Prepended to user names, such as `oidc:`; `-` disables every prefix."
	oidcGroupsClaimDesc    = "The token claims that hold the user's groups, such as `[\"groups\"]`."
	oidcGroupsPrefixDesc   = "Prepended to group names, such as `oidc:`."
	oidcRequiredClaimDesc  = "Claims that every token must hold, each as `key=value`, such as `[\"hd=example.com\"]`."
	oidcSigningAlgsDesc    = "The signing algorithms accepted, among `RS256`, `RS384`, `RS512`, `ES256`, `ES384`, " +
		"`ES512`, `PS256`, `PS384` and `PS512`. The API server accepts `RS256` only when empty."
	oidcCADesc = "The certificate of the CA that signed the identity provider's HTTPS certificate, PEM encoded then " +
		"base64 encoded, such as `filebase64(\"idp-ca.pem\")`. The host's root CAs are used when empty."
	oidcUnsetDesc = " when not set, as the official provider stores it. Changed in place."
)

func oidcSchema(ctx context.Context) schema.Schema {
	optionalString := func(description string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{
			Optional: true, Computed: true, Default: stringdefault.StaticString(""),
			MarkdownDescription: description + " `\"\"`" + oidcUnsetDesc,
			Validators:          append([]validator.String{advisoryPrintable(256)}, validators...),
		}
	}
	optionalList := func(description string, validators ...validator.List) schema.ListAttribute {
		return schema.ListAttribute{
			Optional: true, Computed: true, ElementType: types.StringType,
			Default:             listdefault.StaticValue(types.ListValueMust(types.StringType, []attr.Value{})),
			MarkdownDescription: description + " `[]`" + oidcUnsetDesc,
			Validators:          validators,
		}
	}
	return schema.Schema{
		MarkdownDescription: "The OpenID Connect (OIDC) configuration of an OVHcloud Managed Kubernetes cluster's API server: " +
			"users then log in with the tokens of an identity provider such as Keycloak, Dex, Google or GitLab. A cluster " +
			"has at most one. Every change, creation and deletion included, redeploys the API server; the apply waits " +
			"until the cluster is `READY` again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`service_name/kube_id`, as the official provider stores it.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"service_name": serviceNameAttribute("OIDC configuration"),
			"kube_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the cluster. Changing it replaces the OIDC configuration.",
				Validators:          []validator.String{validate.NotEmpty{Example: "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"}, validate.Printable{Max: 128}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"issuer_url": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: oidcIssuerDesc + " Changed in place.",
				Validators:          []validator.String{validate.IssuerURL{}},
			},
			"client_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: oidcClientDesc + " Changed in place.",
				Validators:          []validator.String{validate.NotEmpty{Example: "kubernetes"}, advisoryPrintable(256)},
			},
			"oidc_username_claim":  optionalString(oidcUsernameClaimDesc),
			"oidc_username_prefix": optionalString(oidcUsernamePrefixDesc),
			"oidc_groups_claim": optionalList(oidcGroupsClaimDesc,
				listvalidator.ValueStringsAre(validate.NotEmpty{Example: "groups"}, advisoryPrintable(256))),
			"oidc_groups_prefix": optionalString(oidcGroupsPrefixDesc),
			"oidc_required_claim": optionalList(oidcRequiredClaimDesc,
				listvalidator.ValueStringsAre(validate.RequiredClaim{}, advisoryPrintable(256))),
			"oidc_signing_algs": optionalList(oidcSigningAlgsDesc,
				listvalidator.ValueStringsAre(validate.NewOneOf(oidcSigningAlgorithms...))),
			"oidc_ca_content": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: oidcCADesc + " `\"\"`" + oidcUnsetDesc,
				Validators:          []validator.String{validate.CACertificate{}},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}
