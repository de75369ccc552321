package validate

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The validators of an OIDC configuration: the issuer, the required claims
// and the CA of the identity provider.

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

// IssuerURL accepts what the Kubernetes API server accepts as an OIDC
// issuer: an https URL with a host, without user, query or fragment.
type IssuerURL struct{}

func (IssuerURL) Description(context.Context) string {
	return "value must be an https:// URL without query or fragment"
}

func (v IssuerURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (IssuerURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
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
	detail := fmt.Sprintf("Attribute %s: %s is not an https:// URL the API server accepts as an OIDC issuer: %s. Give the issuer exactly "+
		"as the identity provider's tokens have it, for example: issuer_url = \"https://keycloak.example.com/realms/kubernetes\".",
		req.Path, oidcQuote(got), reason)
	if reason == issuerNotURL {
		// OVHcloud's guide says the API checks the issuer URL (API-MKS.md §3):
		// a value that is not a URL at all is refused.
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid issuer_url", detail)
		return
	}
	// The rest is the Kubernetes API server's rule; the schema takes any
	// string and no report shows the API refusing it.
	resp.Diagnostics.AddAttributeWarning(req.Path, "Invalid issuer_url", detail+" "+MayRefuse)
}

const issuerNotURL = "it is not an absolute URL"

func issuerProblem(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Scheme == "" || u.Opaque != "":
		return issuerNotURL
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

// RequiredClaim accepts a key=value pair with a non-empty key and value.
type RequiredClaim struct{}

func (RequiredClaim) Description(context.Context) string { return "value must be a key=value pair" }

func (v RequiredClaim) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (RequiredClaim) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	key, value, ok := strings.Cut(got, "=")
	reason := ""
	advisory := false
	switch {
	case got == "":
		// An empty claim made the official provider crash (ovh/terraform-provider-ovh#653).
		reason = "it is empty"
	case !ok:
		// OVHcloud's guide: the API checks the required claims, key=value pairs (API-MKS.md §3).
		reason = "it has no '='"
	case key == "":
		reason, advisory = "the claim name before '=' is empty", true
	case value == "":
		reason, advisory = "the value after '=' is empty", true
	default:
		return
	}
	detail := fmt.Sprintf("Attribute %s: %s is not a key=value pair: %s. Every token must then hold claim key with that value, "+
		"for example: oidc_required_claim = [\"hd=example.com\"].", req.Path, oidcQuote(got), reason)
	if advisory {
		resp.Diagnostics.AddAttributeWarning(req.Path, "Invalid oidc_required_claim", detail+" "+MayRefuse)
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid oidc_required_claim", detail)
}

// CACertificate accepts base64 of PEM text made of CERTIFICATE blocks that
// parse: what the API server needs to trust the identity provider. The empty
// string, which stands for the host's root CAs, is accepted.
type CACertificate struct{}

func (CACertificate) Description(context.Context) string {
	return "value must be base64 of one or more PEM CERTIFICATE blocks"
}

func (v CACertificate) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (CACertificate) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == "" {
		return
	}
	got := req.ConfigValue.ValueString()
	reason, secret, advisory := caProblem(got)
	if reason == "" {
		return
	}
	value := oidcQuote(got)
	if secret {
		// Not even the start of a private key is shown.
		value = "the value"
	}
	detail := fmt.Sprintf("Attribute %s: %s is not base64 of a PEM certificate: %s. Give the CA certificate of the identity provider, "+
		"PEM encoded then base64 encoded, for example: oidc_ca_content = filebase64(\"idp-ca.pem\").", req.Path, value, reason)
	if advisory {
		resp.Diagnostics.AddAttributeWarning(req.Path, "Invalid oidc_ca_content", detail+" "+MayRefuse)
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid oidc_ca_content", detail)
}

// caProblem says what is wrong with a CA content, whether the value holds a
// private key, which must not be shown, and whether the problem is advisory.
// Errors: a value that is not base64 (the API takes base64 of PEM and,
// OVHcloud's guide says, checks the CA content: API-MKS.md §3), and a
// private key, which the provider never sends anywhere. What the base64
// decodes to is the API server's concern: a warning.
func caProblem(s string) (reason string, secret, advisory bool) {
	if strings.Contains(s, "-----BEGIN") {
		if strings.Contains(s, "PRIVATE KEY") {
			return "it is PEM text holding a private key, which must never be given here", true, false
		}
		return "it is PEM text, not base64: encode it with base64encode(...), or read the file with filebase64(...)", false, false
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "it is not valid base64 (corrupt data " + strings.TrimPrefix(err.Error(), "illegal base64 data ") + ")", false, false
	}
	certificates := 0
	for n := 1; ; n++ {
		var block *pem.Block
		block, raw = pem.Decode(raw)
		if block == nil {
			break
		}
		if strings.Contains(block.Type, "PRIVATE KEY") {
			return fmt.Sprintf("its PEM block %d is a %s, which must never be given here", n, block.Type), true, false
		}
		if block.Type != "CERTIFICATE" {
			return fmt.Sprintf("its PEM block %d is a %s, not a CERTIFICATE", n, block.Type), false, true
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return fmt.Sprintf("its PEM block %d is not a valid certificate (%s)", n, strings.TrimPrefix(err.Error(), "x509: ")), false, true
		}
		certificates++
	}
	if certificates == 0 {
		return "it decodes to text without any PEM block (-----BEGIN CERTIFICATE-----)", false, true
	}
	return "", false, false
}
