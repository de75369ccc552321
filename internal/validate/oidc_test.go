package validate

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// testCertificatePEM returns a freshly generated self-signed CA certificate.
func testCertificatePEM(t *testing.T, name string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestIssuerURL(t *testing.T) {
	const tail = ". Give the issuer exactly as the identity provider's tokens have it, for example: issuer_url = \"https://keycloak.example.com/realms/kubernetes\"."
	// Only a value that is not a URL at all is refused (the API checks the
	// issuer URL, API-MKS.md §3); the rest is the API server's rule: a warning.
	tests := []struct {
		value, want string
		warning     bool
	}{
		{"https://keycloak.example.com/realms/kubernetes", "", false},
		{"https://dex.example.com:5556/dex", "", false},
		{"https://accounts.google.com", "", false},
		{"https://gitlab.com", "", false},
		{"http://keycloak.example.com", `"http://keycloak.example.com" is not an https:// URL the API server accepts as an OIDC issuer: its scheme is "http"; only https is allowed`, true},
		{"keycloak.example.com", `"keycloak.example.com" is not an https:// URL the API server accepts as an OIDC issuer: it is not an absolute URL`, false},
		{"https:keycloak.example.com", `"https:keycloak.example.com" is not an https:// URL the API server accepts as an OIDC issuer: it is not an absolute URL`, false},
		{"https://", `"https://" is not an https:// URL the API server accepts as an OIDC issuer: it has no host`, true},
		{"https://:443/dex", `"https://:443/dex" is not an https:// URL the API server accepts as an OIDC issuer: it has no host`, true},
		{"https://idp.example.com/?a=b", `"https://idp.example.com/?a=b" is not an https:// URL the API server accepts as an OIDC issuer: it must not have a query (?...)`, true},
		{"https://idp.example.com/?", `"https://idp.example.com/?" is not an https:// URL the API server accepts as an OIDC issuer: it must not have a query (?...)`, true},
		{"https://idp.example.com/#", `"https://idp.example.com/#" is not an https:// URL the API server accepts as an OIDC issuer: it must not have a fragment (#...)`, true},
		{"https://u:secret-pw@idp.example.com", `"https://u:xxxxx@idp.example.com" is not an https:// URL the API server accepts as an OIDC issuer: it must not hold a user name or password`, true},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			run, other := runStringValidator, runStringWarning
			if tt.warning {
				run, other = runStringWarning, runStringValidator
			}
			got := run(t, IssuerURL{}, path.Root("issuer_url"), types.StringValue(tt.value))
			if o := other(t, IssuerURL{}, path.Root("issuer_url"), types.StringValue(tt.value)); o != "" {
				t.Errorf("also: %s", o)
			}
			want := ""
			if tt.want != "" {
				want = "Attribute issuer_url: " + tt.want + tail
				if tt.warning {
					want += mayRefuse
				}
			}
			if got != want {
				t.Errorf("detail =\n %s\nwant\n %s", got, want)
			}
			if strings.Contains(got, "secret-pw") {
				t.Error("the password is shown")
			}
		})
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		if got := runStringValidator(t, IssuerURL{}, path.Root("issuer_url"), v); got != "" {
			t.Errorf("%v: %s", v, got)
		}
	}
}

func TestRequiredClaim(t *testing.T) {
	p := path.Root("oidc_required_claim").AtListIndex(2)
	const tail = ". Every token must then hold claim key with that value, for example: oidc_required_claim = [\"hd=example.com\"]."
	// An empty claim (#653) and one without '=' are refused; an empty key
	// or value only warns.
	tests := []struct {
		value, want string
		warning     bool
	}{
		{"hd=example.com", "", false},
		{"groups=a=b", "", false},
		{"", `"" is not a key=value pair: it is empty`, false},
		{"hd", `"hd" is not a key=value pair: it has no '='`, false},
		{"=x", `"=x" is not a key=value pair: the claim name before '=' is empty`, true},
		{"hd=", `"hd=" is not a key=value pair: the value after '=' is empty`, true},
	}
	for _, tt := range tests {
		run, other := runStringValidator, runStringWarning
		if tt.warning {
			run, other = runStringWarning, runStringValidator
		}
		got := run(t, RequiredClaim{}, p, types.StringValue(tt.value))
		if o := other(t, RequiredClaim{}, p, types.StringValue(tt.value)); o != "" {
			t.Errorf("%q: also: %s", tt.value, o)
		}
		want := ""
		if tt.want != "" {
			want = "Attribute oidc_required_claim[2]: " + tt.want + tail
			if tt.warning {
				want += mayRefuse
			}
		}
		if got != want {
			t.Errorf("%q: detail =\n %s\nwant\n %s", tt.value, got, want)
		}
	}
}

func TestCACertificate(t *testing.T) {
	ca, other := testCertificatePEM(t, "idp-ca"), testCertificatePEM(t, "intermediate")
	bundle := b64(ca + other)
	privateKey := b64(ca + "-----BEGIN EC PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END EC PRIVATE KEY-----\n")
	lines := strings.Split(ca, "\n")
	truncated := lines[0] + "\n" + lines[1] + "\n-----END CERTIFICATE-----\n"
	tests := []struct {
		name, value, reason string
		hidden              bool // the value must not be shown
		warning             bool // what the base64 holds only warns
	}{
		{"one certificate", b64(ca), "", false, false},
		{"a bundle", bundle, "", false, false},
		{"with text around", b64("# our CA\n" + ca + "\n"), "", false, false},
		{"PEM text", ca, "it is PEM text, not base64: encode it with base64encode(...), or read the file with filebase64(...)", false, false},
		{"not base64", "abc$", "it is not valid base64 (corrupt data at input byte 3)", false, false},
		{"no PEM", b64("hello"), "it decodes to text without any PEM block (-----BEGIN CERTIFICATE-----)", false, true},
		{"second block not a certificate", b64(ca + "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n"),
			"its PEM block 2 is a X509 CRL, not a CERTIFICATE", false, true},
		{"bad certificate", b64(truncated), "its PEM block 1 is not a valid certificate (malformed certificate)", false, true},
		{"private key", privateKey, "its PEM block 2 is a EC PRIVATE KEY, which must never be given here", true, false},
		{"private key as PEM text", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n",
			"it is PEM text holding a private key, which must never be given here", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run, other := runStringValidator, runStringWarning
			if tt.warning {
				run, other = runStringWarning, runStringValidator
			}
			got := run(t, CACertificate{}, path.Root("oidc_ca_content"), types.StringValue(tt.value))
			if o := other(t, CACertificate{}, path.Root("oidc_ca_content"), types.StringValue(tt.value)); o != "" {
				t.Errorf("also: %s", o)
			}
			if tt.reason == "" {
				if got != "" {
					t.Fatalf("refused: %s", got)
				}
				return
			}
			shown := oidcQuote(tt.value)
			if tt.hidden {
				shown = "the value"
			}
			want := "Attribute oidc_ca_content: " + shown + " is not base64 of a PEM certificate: " + tt.reason +
				". Give the CA certificate of the identity provider, PEM encoded then base64 encoded, for example: oidc_ca_content = filebase64(\"idp-ca.pem\")."
			if tt.warning {
				want += mayRefuse
			}
			if got != want {
				t.Errorf("detail =\n %s\nwant\n %s", got, want)
			}
			if tt.hidden && (strings.Contains(got, tt.value[:20]) || strings.Contains(got, "c2VjcmV0")) {
				t.Error("the value holding a private key is shown")
			}
		})
	}
	for _, v := range []types.String{types.StringValue(""), types.StringNull(), types.StringUnknown()} {
		if got := runStringValidator(t, CACertificate{}, path.Root("oidc_ca_content"), v); got != "" {
			t.Errorf("%v refused: %s", v, got)
		}
	}
}

func TestOIDCQuote(t *testing.T) {
	if got := oidcQuote("short"); got != `"short"` {
		t.Errorf("short: %s", got)
	}
	long := strings.Repeat("é", 80) // 160 bytes
	got := oidcQuote(long)
	if !strings.HasSuffix(got, `"... (80 characters)`) || strings.Count(got, "é") != 50 {
		t.Errorf("long: %s", got)
	}
}
