package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func envOf(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestResolveConfigWinsOverEnvironment(t *testing.T) {
	env := map[string]string{
		"OVH_ENDPOINT":           "env-endpoint",
		"OVH_APPLICATION_KEY":    "env-ak",
		"OVH_APPLICATION_SECRET": "env-as",
		"OVH_CONSUMER_KEY":       "env-ck",
		"OVH_CLIENT_ID":          "env-cid",
		"OVH_CLIENT_SECRET":      "env-cs",
		"OVH_ACCESS_TOKEN":       "env-at",
	}
	// Each field is read from its own variable and its own attribute.
	fields := []struct {
		env  string
		set  func(m *providerModel, v types.String)
		read func(c credentials) string
	}{
		{"OVH_ENDPOINT", func(m *providerModel, v types.String) { m.Endpoint = v }, func(c credentials) string { return c.endpoint }},
		{"OVH_APPLICATION_KEY", func(m *providerModel, v types.String) { m.ApplicationKey = v }, func(c credentials) string { return c.applicationKey }},
		{"OVH_APPLICATION_SECRET", func(m *providerModel, v types.String) { m.ApplicationSecret = v }, func(c credentials) string { return c.applicationSecret }},
		{"OVH_CONSUMER_KEY", func(m *providerModel, v types.String) { m.ConsumerKey = v }, func(c credentials) string { return c.consumerKey }},
		{"OVH_CLIENT_ID", func(m *providerModel, v types.String) { m.ClientID = v }, func(c credentials) string { return c.clientID }},
		{"OVH_CLIENT_SECRET", func(m *providerModel, v types.String) { m.ClientSecret = v }, func(c credentials) string { return c.clientSecret }},
		{"OVH_ACCESS_TOKEN", func(m *providerModel, v types.String) { m.AccessToken = v }, func(c credentials) string { return c.accessToken }},
	}
	cases := []struct {
		name    string
		config  types.String
		env     map[string]string
		fromEnv bool   // want the variable's value
		want    string // otherwise
	}{
		{"config wins over env", types.StringValue("from-config"), env, false, "from-config"},
		{"config without env", types.StringValue("from-config"), nil, false, "from-config"},
		{"null config takes env", types.StringNull(), env, true, ""},
		{"empty config takes env", types.StringValue(""), env, true, ""},
		{"unknown config takes env", types.StringUnknown(), env, true, ""},
		{"nothing anywhere", types.StringNull(), nil, false, ""},
	}
	for _, f := range fields {
		for _, tt := range cases {
			t.Run(f.env+"/"+tt.name, func(t *testing.T) {
				m := providerModel{
					Endpoint: types.StringNull(), ApplicationKey: types.StringNull(), ApplicationSecret: types.StringNull(),
					ConsumerKey: types.StringNull(), ClientID: types.StringNull(), ClientSecret: types.StringNull(),
					AccessToken: types.StringNull(),
				}
				f.set(&m, tt.config)
				got := f.read(resolve(m, envOf(tt.env)))
				want := tt.want
				if tt.fromEnv {
					want = tt.env[f.env]
				}
				if got != want {
					t.Fatalf("got %q, want %q", got, want)
				}
			})
		}
	}
}

func TestResolveMixesConfigAndEnvironment(t *testing.T) {
	m := providerModel{
		Endpoint:       types.StringValue("ovh-ca"),
		ApplicationKey: types.StringValue("ak"),
	}
	got := resolve(m, envOf(map[string]string{
		"OVH_ENDPOINT":           "ovh-eu",
		"OVH_APPLICATION_SECRET": "as",
		"OVH_CONSUMER_KEY":       "ck",
	}))
	want := credentials{endpoint: "ovh-ca", applicationKey: "ak", applicationSecret: "as", consumerKey: "ck"}
	if got != want {
		t.Fatalf("resolve = %+v, want %+v", got, want)
	}
}

const help = "Set exactly one of: application_key, application_secret and consumer_key " +
	"(or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY); " +
	"client_id and client_secret (or OVH_CLIENT_ID and OVH_CLIENT_SECRET); " +
	"or access_token (or OVH_ACCESS_TOKEN)."

func TestCredentialsCheck(t *testing.T) {
	tests := []struct {
		name       string
		creds      credentials
		wantTitle  string
		wantDetail string
	}{
		{
			name:       "none",
			creds:      credentials{endpoint: "ovh-eu"},
			wantTitle:  "Missing OVHcloud credentials",
			wantDetail: "No credentials were found in the provider configuration or the environment. " + help,
		},
		{
			name:      "application key and access token",
			creds:     credentials{applicationKey: "ak", applicationSecret: "as", consumerKey: "ck", accessToken: "at"},
			wantTitle: "Conflicting OVHcloud credentials",
			wantDetail: "More than one authentication method is set (application key, access token), from the provider " +
				"configuration or the environment. " + help + " Unset the others.",
		},
		{
			name:      "all three methods, partly set",
			creds:     credentials{consumerKey: "ck", clientSecret: "cs", accessToken: "at"},
			wantTitle: "Conflicting OVHcloud credentials",
			wantDetail: "More than one authentication method is set (application key, OAuth2 client (client_id/client_secret), " +
				"access token), from the provider configuration or the environment. " + help + " Unset the others.",
		},
		{
			name:      "oauth and access token",
			creds:     credentials{clientID: "id", clientSecret: "cs", accessToken: "at"},
			wantTitle: "Conflicting OVHcloud credentials",
			wantDetail: "More than one authentication method is set (OAuth2 client (client_id/client_secret), access token), " +
				"from the provider configuration or the environment. " + help + " Unset the others.",
		},
		{
			name:      "application key only",
			creds:     credentials{applicationKey: "ak"},
			wantTitle: "Incomplete OVHcloud credentials",
			wantDetail: "Application key authentication needs three values; missing: application_secret (OVH_APPLICATION_SECRET), " +
				"consumer_key (OVH_CONSUMER_KEY).",
		},
		{
			name:       "consumer key missing",
			creds:      credentials{applicationKey: "ak", applicationSecret: "as"},
			wantTitle:  "Incomplete OVHcloud credentials",
			wantDetail: "Application key authentication needs three values; missing: consumer_key (OVH_CONSUMER_KEY).",
		},
		{
			name:       "application key missing",
			creds:      credentials{applicationSecret: "as", consumerKey: "ck"},
			wantTitle:  "Incomplete OVHcloud credentials",
			wantDetail: "Application key authentication needs three values; missing: application_key (OVH_APPLICATION_KEY).",
		},
		{
			name:      "consumer key only",
			creds:     credentials{consumerKey: "ck"},
			wantTitle: "Incomplete OVHcloud credentials",
			wantDetail: "Application key authentication needs three values; missing: application_key (OVH_APPLICATION_KEY), " +
				"application_secret (OVH_APPLICATION_SECRET).",
		},
		{
			name:       "client id without secret",
			creds:      credentials{clientID: "id"},
			wantTitle:  "Incomplete OVHcloud credentials",
			wantDetail: "OAuth2 authentication needs both client_id (OVH_CLIENT_ID) and client_secret (OVH_CLIENT_SECRET).",
		},
		{
			name:       "client secret without id",
			creds:      credentials{clientSecret: "cs"},
			wantTitle:  "Incomplete OVHcloud credentials",
			wantDetail: "OAuth2 authentication needs both client_id (OVH_CLIENT_ID) and client_secret (OVH_CLIENT_SECRET).",
		},
		{name: "application key", creds: credentials{applicationKey: "ak", applicationSecret: "as", consumerKey: "ck"}},
		{name: "oauth", creds: credentials{endpoint: "ovh-eu", clientID: "id", clientSecret: "cs"}},
		{name: "access token", creds: credentials{accessToken: "at"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, detail := tt.creds.check()
			if title != tt.wantTitle {
				t.Errorf("title =\n %q\nwant\n %q", title, tt.wantTitle)
			}
			if detail != tt.wantDetail {
				t.Errorf("detail =\n %q\nwant\n %q", detail, tt.wantDetail)
			}
		})
	}
}

func TestCredentialsCheckNeverQuotesSecrets(t *testing.T) {
	for _, c := range []credentials{
		{applicationKey: "ak-SECRET", consumerKey: "ck-SECRET"},
		{applicationSecret: "as-SECRET", accessToken: "at-SECRET"},
		{clientSecret: "cs-SECRET"},
	} {
		title, detail := c.check()
		if title == "" {
			t.Fatalf("check(%+v) found nothing wrong", c)
		}
		for _, s := range []string{"ak-SECRET", "ck-SECRET", "as-SECRET", "at-SECRET", "cs-SECRET"} {
			if strings.Contains(title+detail, s) {
				t.Errorf("the message quotes %q: %s %s", s, title, detail)
			}
		}
	}
}

func TestSchemaMarksSecretsSensitive(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	// Exactly the secrets are sensitive: a value hidden without need, such as
	// the endpoint or the client id, makes plans and errors harder to read.
	want := map[string]bool{
		"endpoint":           false,
		"application_key":    false,
		"application_secret": true,
		"consumer_key":       true,
		"client_id":          false,
		"client_secret":      true,
		"access_token":       true,
	}
	for name := range want {
		if _, ok := resp.Schema.Attributes[name]; !ok {
			t.Errorf("attribute %s is missing", name)
		}
	}
	for name, a := range resp.Schema.Attributes {
		sensitive, known := want[name]
		if !known {
			t.Errorf("attribute %s is not in this test: decide whether it holds a secret and add it", name)
			continue
		}
		switch {
		case sensitive && !a.IsSensitive():
			t.Errorf("attribute %s is not Sensitive: its value would show in plans and logs", name)
		case !sensitive && a.IsSensitive():
			t.Errorf("attribute %s is Sensitive but holds no secret: plans would hide it for nothing", name)
		}
		if !a.IsOptional() || a.IsRequired() {
			t.Errorf("attribute %s must be optional: every argument can come from the environment", name)
		}
	}
	if len(resp.Schema.Blocks) != 0 {
		t.Errorf("schema has blocks %v: their attributes escape this check", resp.Schema.Blocks)
	}
}

// configure runs the provider's Configure with these arguments set and the
// others null.
func configure(t *testing.T, args map[string]string) provider.ConfigureResponse {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	var sresp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &sresp)
	values := map[string]tftypes.Value{}
	for name := range sresp.Schema.Attributes {
		values[name] = tftypes.NewValue(tftypes.String, nil)
	}
	for name, v := range args {
		values[name] = tftypes.NewValue(tftypes.String, v)
	}
	raw := tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), values)
	var resp provider.ConfigureResponse
	p.Configure(ctx, provider.ConfigureRequest{Config: tfsdk.Config{Schema: sresp.Schema, Raw: raw}}, &resp)
	return resp
}

func TestConfigureRefusesAnEndpointWithoutVersionPath(t *testing.T) {
	for _, name := range []string{"OVH_ENDPOINT", "OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY",
		"OVH_CLIENT_ID", "OVH_CLIENT_SECRET", "OVH_ACCESS_TOKEN"} {
		t.Setenv(name, "")
	}
	const want = `endpoint "http://127.0.0.1:8080" lacks the API version path: use "http://127.0.0.1:8080/1.0"`
	creds := map[string]string{"application_key": "ak", "application_secret": "as", "consumer_key": "ck"}

	t.Run("from the configuration", func(t *testing.T) {
		args := map[string]string{"endpoint": "http://127.0.0.1:8080"}
		for k, v := range creds {
			args[k] = v
		}
		resp := configure(t, args)
		if len(resp.Diagnostics) != 1 {
			t.Fatalf("diagnostics = %v, want one error", resp.Diagnostics)
		}
		d := resp.Diagnostics[0]
		if d.Summary() != "Invalid OVHcloud API endpoint" || d.Detail() != want {
			t.Errorf("diagnostic = %q: %q, want %q", d.Summary(), d.Detail(), want)
		}
		if wp, ok := d.(interface{ Path() path.Path }); !ok || !wp.Path().Equal(path.Root("endpoint")) {
			t.Errorf("the diagnostic is not on the endpoint attribute: %#v", d)
		}
		if resp.ResourceData != nil {
			t.Error("the provider was configured anyway")
		}
	})
	t.Run("from OVH_ENDPOINT", func(t *testing.T) {
		t.Setenv("OVH_ENDPOINT", "http://127.0.0.1:8080")
		resp := configure(t, creds)
		if len(resp.Diagnostics) != 1 {
			t.Fatalf("diagnostics = %v, want one error", resp.Diagnostics)
		}
		d := resp.Diagnostics[0]
		if d.Summary() != "Invalid OVHcloud API endpoint" || d.Detail() != "From OVH_ENDPOINT: "+want {
			t.Errorf("diagnostic = %q: %q", d.Summary(), d.Detail())
		}
		if _, onAttribute := d.(interface{ Path() path.Path }); onAttribute {
			t.Errorf("the diagnostic points at the endpoint attribute, which is not set: %#v", d)
		}
	})
	t.Run("with the version path", func(t *testing.T) {
		args := map[string]string{"endpoint": "http://127.0.0.1:8080/1.0"}
		for k, v := range creds {
			args[k] = v
		}
		// No API call is made at configuration: nothing needs to listen.
		if resp := configure(t, args); resp.Diagnostics.HasError() {
			t.Fatalf("diagnostics = %v", resp.Diagnostics)
		}
	})
}
