package kube

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
			Validators:          append([]validator.String{validate.Printable{Max: 256}}, validators...),
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
				Validators:          []validator.String{notEmpty{example: "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"}, validate.Printable{Max: 128}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"issuer_url": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: oidcIssuerDesc + " Changed in place.",
				Validators:          []validator.String{issuerURL{}},
			},
			"client_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: oidcClientDesc + " Changed in place.",
				Validators:          []validator.String{notEmpty{example: "kubernetes"}, validate.Printable{Max: 256}},
			},
			"oidc_username_claim":  optionalString(oidcUsernameClaimDesc),
			"oidc_username_prefix": optionalString(oidcUsernamePrefixDesc),
			"oidc_groups_claim": optionalList(oidcGroupsClaimDesc,
				listvalidator.ValueStringsAre(notEmpty{example: "groups"}, validate.Printable{Max: 256})),
			"oidc_groups_prefix": optionalString(oidcGroupsPrefixDesc),
			"oidc_required_claim": optionalList(oidcRequiredClaimDesc,
				listvalidator.ValueStringsAre(requiredClaim{}, validate.Printable{Max: 256})),
			"oidc_signing_algs": optionalList(oidcSigningAlgsDesc,
				listvalidator.ValueStringsAre(validate.NewOneOf(oidcSigningAlgorithms...))),
			"oidc_ca_content": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: oidcCADesc + " `\"\"`" + oidcUnsetDesc,
				Validators:          []validator.String{caCertificate{}},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// oidcQuote quotes a value, cutting a long one (a CA) so that the message
// stays readable.
func oidcQuote(s string) string {
	const maxLen = 100
	if len(s) <= maxLen {
		return fmt.Sprintf("%q", s)
	}
	cut := maxLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%q... (%d characters)", s[:cut], utf8.RuneCountInString(s))
}

// attributeName is the attribute of a path such as oidc_groups_claim[1].
func attributeName(p path.Path) string {
	name, _, _ := strings.Cut(p.String(), "[")
	return name
}

// notEmpty refuses "": the API refuses an empty claim name or client id
// (an empty claim made the official provider crash, ovh/terraform-provider-ovh#653).
type notEmpty struct{ example string }

func (notEmpty) Description(context.Context) string { return "value must not be empty" }

func (v notEmpty) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v notEmpty) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() != "" {
		return
	}
	name := attributeName(req.Path)
	example := fmt.Sprintf("%s = %q", name, v.example)
	if strings.HasSuffix(req.Path.String(), "]") {
		example = fmt.Sprintf("%s = [%q]", name, v.example)
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+name,
		fmt.Sprintf("Attribute %s: \"\" is empty, which the API refuses. Remove it or give a value, for example: %s.", req.Path, example))
}

// issuerURL accepts what the Kubernetes API server accepts as an OIDC
// issuer: an https URL with a host, without user, query or fragment.
type issuerURL struct{}

func (issuerURL) Description(context.Context) string {
	return "value must be an https:// URL without query or fragment"
}

func (v issuerURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (issuerURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	reason := issuerProblem(got)
	if reason == "" {
		return
	}
	if u, err := url.Parse(got); err == nil && u.User != nil {
		// The password is not shown.
		got = u.Redacted()
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid issuer_url",
		fmt.Sprintf("Attribute %s: %s is not an https:// URL the API server accepts as an OIDC issuer: %s. Give the issuer exactly "+
			"as the identity provider's tokens have it, for example: issuer_url = \"https://keycloak.example.com/realms/kubernetes\".",
			req.Path, oidcQuote(got), reason))
}

func issuerProblem(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Scheme == "" || u.Opaque != "":
		return "it is not an absolute URL"
	case u.Scheme != "https":
		return fmt.Sprintf("its scheme is %q; only https is allowed", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return "it has no host"
	case u.User != nil:
		return "it must not hold a user name or password"
	case u.RawQuery != "" || u.ForceQuery:
		return "it must not have a query (?...)"
	case u.Fragment != "" || strings.Contains(s, "#"):
		return "it must not have a fragment (#...)"
	}
	return ""
}

// requiredClaim accepts a key=value pair with a non-empty key and value.
type requiredClaim struct{}

func (requiredClaim) Description(context.Context) string { return "value must be a key=value pair" }

func (v requiredClaim) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (requiredClaim) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	key, value, ok := strings.Cut(got, "=")
	reason := ""
	switch {
	case got == "":
		reason = "it is empty"
	case !ok:
		reason = "it has no '='"
	case key == "":
		reason = "the claim name before '=' is empty"
	case value == "":
		reason = "the value after '=' is empty"
	default:
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid oidc_required_claim",
		fmt.Sprintf("Attribute %s: %s is not a key=value pair: %s. Every token must then hold claim key with that value, "+
			"for example: oidc_required_claim = [\"hd=example.com\"].", req.Path, oidcQuote(got), reason))
}

// caCertificate accepts base64 of PEM text made of CERTIFICATE blocks that
// parse: what the API server needs to trust the identity provider.
type caCertificate struct{}

func (caCertificate) Description(context.Context) string {
	return "value must be base64 of one or more PEM CERTIFICATE blocks"
}

func (v caCertificate) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (caCertificate) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == "" {
		return
	}
	got := req.ConfigValue.ValueString()
	reason, secret := caProblem(got)
	if reason == "" {
		return
	}
	value := oidcQuote(got)
	if secret {
		// Not even the start of a private key is shown.
		value = "the value"
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid oidc_ca_content",
		fmt.Sprintf("Attribute %s: %s is not base64 of a PEM certificate: %s. Give the CA certificate of the identity provider, "+
			"PEM encoded then base64 encoded, for example: oidc_ca_content = filebase64(\"idp-ca.pem\").", req.Path, value, reason))
}

// caProblem says what is wrong with a CA content, and whether the value
// holds a private key, which must not be shown.
func caProblem(s string) (reason string, secret bool) {
	if strings.Contains(s, "-----BEGIN") {
		if strings.Contains(s, "PRIVATE KEY") {
			return "it is PEM text holding a private key, which must never be given here", true
		}
		return "it is PEM text, not base64: encode it with base64encode(...), or read the file with filebase64(...)", false
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "it is not valid base64 (corrupt data " + strings.TrimPrefix(err.Error(), "illegal base64 data ") + ")", false
	}
	certificates := 0
	for n := 1; ; n++ {
		var block *pem.Block
		block, raw = pem.Decode(raw)
		if block == nil {
			break
		}
		if strings.Contains(block.Type, "PRIVATE KEY") {
			return fmt.Sprintf("its PEM block %d is a %s, which must never be given here", n, block.Type), true
		}
		if block.Type != "CERTIFICATE" {
			return fmt.Sprintf("its PEM block %d is a %s, not a CERTIFICATE", n, block.Type), false
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return fmt.Sprintf("its PEM block %d is not a valid certificate (%s)", n, strings.TrimPrefix(err.Error(), "x509: ")), false
		}
		certificates++
	}
	if certificates == 0 {
		return "it decodes to text without any PEM block (-----BEGIN CERTIFICATE-----)", false
	}
	return "", false
}
