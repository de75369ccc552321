// Package provider is the `ovh` provider: its configuration and the one API
// client that all its resources share.
package provider

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mkscloud/terraform-provider-ovh/internal/kube"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

var (
	_ provider.ProviderWithEphemeralResources = (*ovhProvider)(nil)
	_ provider.ProviderWithListResources      = (*ovhProvider)(nil)
	_ provider.ProviderWithActions            = (*ovhProvider)(nil)
)

// New returns a constructor of the provider for providerserver.
func New(version string) func() provider.Provider {
	return NewWithOptions(version, kube.DefaultOptions())
}

// NewWithOptions is New with the waits and retries of the resources tuned,
// as tests against the mock API do.
func NewWithOptions(version string, opts kube.Options) func() provider.Provider {
	return func() provider.Provider { return &ovhProvider{version: version, kubeOptions: opts} }
}

type ovhProvider struct {
	version     string
	kubeOptions kube.Options
	// data is what Configure handed to the resources, for the server's
	// refreshes of clusters (see NewServer).
	data atomic.Pointer[kube.ProviderData]
}

type providerModel struct {
	Endpoint          types.String `tfsdk:"endpoint"`
	ApplicationKey    types.String `tfsdk:"application_key"`
	ApplicationSecret types.String `tfsdk:"application_secret"`
	ConsumerKey       types.String `tfsdk:"consumer_key"`
	ClientID          types.String `tfsdk:"client_id"`
	ClientSecret      types.String `tfsdk:"client_secret"`
	AccessToken       types.String `tfsdk:"access_token"`
}

func (p *ovhProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "ovh"
	resp.Version = p.version
}

func (p *ovhProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The `ovh` provider manages OVHcloud Managed Kubernetes (MKS) clusters. " +
			"Use exactly one authentication method: an application key, secret and consumer key; " +
			"an OAuth2 service account (`client_id`, `client_secret`); or an `access_token`. " +
			"Every argument can also come from its environment variable.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The API endpoint: a name (`ovh-eu`, `ovh-ca`, `ovh-us`, `kimsufi-eu`, `kimsufi-ca`, " +
					"`soyoustart-eu`, `soyoustart-ca`) or a full URL without trailing slash such as " +
					"`http://127.0.0.1:8080/1.0` for the bundled mock API. Plain `http://` is only accepted on loopback " +
					"addresses. Defaults to `OVH_ENDPOINT`, then `ovh-eu`.",
			},
			"application_key": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The application key. Defaults to `OVH_APPLICATION_KEY`.",
			},
			"application_secret": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The application secret. Defaults to `OVH_APPLICATION_SECRET`.",
			},
			"consumer_key": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The consumer key. Defaults to `OVH_CONSUMER_KEY`.",
			},
			"client_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The OAuth2 client id of a service account. Only on the named OVHcloud endpoints. Defaults to `OVH_CLIENT_ID`.",
			},
			"client_secret": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The OAuth2 client secret of a service account. Defaults to `OVH_CLIENT_SECRET`.",
			},
			"access_token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "A bearer access token. Defaults to `OVH_ACCESS_TOKEN`.",
			},
		},
	}
}

// credentials are the resolved settings, configuration first, then environment.
type credentials struct {
	endpoint, applicationKey, applicationSecret, consumerKey string
	clientID, clientSecret, accessToken                      string
}

func resolve(m providerModel, getenv func(string) string) credentials {
	pick := func(v types.String, env string) string {
		if !v.IsNull() && !v.IsUnknown() && v.ValueString() != "" {
			return v.ValueString()
		}
		return getenv(env)
	}
	return credentials{
		endpoint:          pick(m.Endpoint, "OVH_ENDPOINT"),
		applicationKey:    pick(m.ApplicationKey, "OVH_APPLICATION_KEY"),
		applicationSecret: pick(m.ApplicationSecret, "OVH_APPLICATION_SECRET"),
		consumerKey:       pick(m.ConsumerKey, "OVH_CONSUMER_KEY"),
		clientID:          pick(m.ClientID, "OVH_CLIENT_ID"),
		clientSecret:      pick(m.ClientSecret, "OVH_CLIENT_SECRET"),
		accessToken:       pick(m.AccessToken, "OVH_ACCESS_TOKEN"),
	}
}

const credentialsHelp = "Set exactly one of: application_key, application_secret and consumer_key " +
	"(or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY); " +
	"client_id and client_secret (or OVH_CLIENT_ID and OVH_CLIENT_SECRET); " +
	"or access_token (or OVH_ACCESS_TOKEN)."

// check returns the title and detail of what is wrong with the credentials,
// or empty strings when they are usable.
func (c credentials) check() (string, string) {
	var methods []string
	appKey := c.applicationKey != "" || c.applicationSecret != "" || c.consumerKey != ""
	oauth := c.clientID != "" || c.clientSecret != ""
	token := c.accessToken != ""
	if appKey {
		methods = append(methods, "application key")
	}
	if oauth {
		methods = append(methods, "OAuth2 client (client_id/client_secret)")
	}
	if token {
		methods = append(methods, "access token")
	}
	switch {
	case len(methods) == 0:
		return "Missing OVHcloud credentials", "No credentials were found in the provider configuration or the environment. " + credentialsHelp
	case len(methods) > 1:
		return "Conflicting OVHcloud credentials", fmt.Sprintf("More than one authentication method is set (%s), from the provider configuration or the environment. %s Unset the others.",
			strings.Join(methods, ", "), credentialsHelp)
	}
	if appKey {
		var missing []string
		if c.applicationKey == "" {
			missing = append(missing, "application_key (OVH_APPLICATION_KEY)")
		}
		if c.applicationSecret == "" {
			missing = append(missing, "application_secret (OVH_APPLICATION_SECRET)")
		}
		if c.consumerKey == "" {
			missing = append(missing, "consumer_key (OVH_CONSUMER_KEY)")
		}
		if len(missing) > 0 {
			return "Incomplete OVHcloud credentials", "Application key authentication needs three values; missing: " + strings.Join(missing, ", ") + "."
		}
	}
	if oauth && (c.clientID == "" || c.clientSecret == "") {
		return "Incomplete OVHcloud credentials", "OAuth2 authentication needs both client_id (OVH_CLIENT_ID) and client_secret (OVH_CLIENT_SECRET)."
	}
	return "", ""
}

func (p *ovhProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for name, v := range map[string]types.String{
		"endpoint": m.Endpoint, "application_key": m.ApplicationKey, "application_secret": m.ApplicationSecret,
		"consumer_key": m.ConsumerKey, "client_id": m.ClientID, "client_secret": m.ClientSecret, "access_token": m.AccessToken,
	} {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Provider argument not known yet",
				fmt.Sprintf("%s depends on a value that is only known after apply; the provider needs it to plan. Set it from a variable or the environment instead.", name))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	creds := resolve(m, os.Getenv)
	if title, detail := creds.check(); title != "" {
		resp.Diagnostics.AddError(title, detail)
		return
	}
	if _, err := ovhapi.ResolveEndpoint(creds.endpoint); err != nil {
		// An error on the attribute would point at a line of the
		// configuration that does not hold the value.
		if m.Endpoint.ValueString() == "" {
			resp.Diagnostics.AddError("Invalid OVHcloud API endpoint", "From OVH_ENDPOINT: "+err.Error())
			return
		}
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid OVHcloud API endpoint", err.Error())
		return
	}
	client, err := ovhapi.New(ovhapi.Config{
		Endpoint:          creds.endpoint,
		ApplicationKey:    creds.applicationKey,
		ApplicationSecret: creds.applicationSecret,
		ConsumerKey:       creds.consumerKey,
		ClientID:          creds.clientID,
		ClientSecret:      creds.clientSecret,
		AccessToken:       creds.accessToken,
		UserAgent:         "terraform-provider-ovh/" + p.version,
	})
	if err != nil {
		// go-ovh also reads ovh.conf files (./ovh.conf, ~/.ovh.conf,
		// /etc/ovh.conf) for the values left empty.
		resp.Diagnostics.AddError("Invalid OVHcloud API configuration", err.Error()+
			". Besides the provider configuration and the OVH_* environment variables, credentials may come from an "+
			"ovh.conf file (./ovh.conf, ~/.ovh.conf or /etc/ovh.conf); remove the conflicting ones.")
		return
	}
	tflog.Debug(ctx, "configured the OVHcloud API client", map[string]any{"endpoint": creds.endpoint})
	data := kube.NewProviderData(client, p.kubeOptions)
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
	p.data.Store(data)
}

func (p *ovhProvider) Resources(context.Context) []func() resource.Resource {
	return kube.Resources()
}

func (p *ovhProvider) DataSources(context.Context) []func() datasource.DataSource {
	return kube.DataSources()
}

func (p *ovhProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return kube.EphemeralResources()
}

func (p *ovhProvider) ListResources(context.Context) []func() list.ListResource {
	return kube.ListResources()
}

func (p *ovhProvider) Actions(context.Context) []func() action.Action {
	return kube.Actions()
}
