package kube

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// Values the API spells the same way for several resources.
const (
	policyNeverUpdate = "NEVER_UPDATE"
	workerNodesDelete = "delete"
	planStandard      = "standard"
)

// serviceEnv is the official provider's default for service_name.
const serviceEnv = "OVH_CLOUD_PROJECT_SERVICE"

// base is embedded by every resource and data source of the package, through
// resourceBase or dataSourceBase: the client and tuning the provider hands
// over.
type base struct {
	client  *ovhapi.Client
	opts    Options
	flavors *flavorCache
	// locks serializes the changes to each cluster (see lock.go), for every
	// resource of the provider process; nil when Options.NoClusterLock.
	locks *clusterLocks
}

// resourceBase is embedded by every resource of the package: base, and the
// Metadata, Schema and Configure steps, from the resource's type name (what
// follows the provider's name) and schema.
type resourceBase struct {
	base
	typeName string
	schema   func(context.Context) rschema.Schema
}

func (r *resourceBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.typeName
}

func (r *resourceBase) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema(ctx)
}

func (r *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

// dataSourceBase is resourceBase for the data sources.
type dataSourceBase struct {
	base
	typeName string
	schema   func() dschema.Schema
}

func (d *dataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.typeName
}

func (d *dataSourceBase) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema()
}

func (d *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

// configure takes the provider's data; it is nil while Terraform validates a
// configuration before the provider is configured.
func (b *base) configure(providerData any, diags *diag.Diagnostics) {
	if providerData == nil {
		return
	}
	pd, ok := providerData.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *kube.ProviderData, got %T. Please report this issue.", providerData))
		return
	}
	b.client, b.opts, b.flavors, b.locks = pd.Client, pd.Options.withDefaults(), pd.flavors, pd.locks
	if b.flavors == nil {
		b.flavors = &flavorCache{}
	}
}

// timedModel is a resource's model, M, with its timeouts block.
type timedModel[M any] interface {
	*M
	timeoutsBlock() timeouts.Value
}

// modelSource is the plan, the state or the configuration of a request.
type modelSource interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// readWithTimeout begins a resource operation: it reads the model from src
// (the plan or the state), then bounds ctx by the timeouts block's value for
// the operation (timeouts.Value.Create, ...), or by def when the block leaves
// it out. It reports false when diags holds an error, also one appended
// before.
func readWithTimeout[M any, P timedModel[M]](ctx context.Context, src modelSource,
	operation func(timeouts.Value, context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	def time.Duration, diags *diag.Diagnostics,
) (M, context.Context, context.CancelFunc, bool) {
	var m M
	diags.Append(src.Get(ctx, &m)...)
	if diags.HasError() {
		return m, ctx, func() {}, false
	}
	d, dd := operation(P(&m).timeoutsBlock(), ctx, def)
	diags.Append(dd...)
	if dd.HasError() {
		return m, ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return m, ctx, cancel, true
}

// readFailed reports whether a resource's Read ends with err, the error of
// reading its object (kind, e.g. "cluster"): on a 404 the object is gone and
// leaves the state, logged with fields; any other error is reported.
func readFailed(ctx context.Context, err error, kind string, fields map[string]any, resp *resource.ReadResponse) bool {
	if ovhapi.IsNotFound(err) {
		tflog.Warn(ctx, kind+" not found, removing it from state", fields)
		resp.State.RemoveResource(ctx)
		return true
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the "+kind, err.Error())
		return true
	}
	return false
}

func missingServiceName(diags *diag.Diagnostics, p path.Path) {
	diags.AddAttributeError(p, "Missing service_name",
		"service_name is not set and the environment variable "+serviceEnv+" is empty. "+
			"Set service_name to the id of your Public Cloud project, for example service_name = \"0123456789abcdef0123456789abcdef\".")
}

// serviceNameOf is a data source's service_name: the configured one, or the
// environment's. It reports the error itself when there is none.
func serviceNameOf(configured types.String, diags *diag.Diagnostics) (string, bool) {
	if v := configured.ValueString(); v != "" {
		return v, true
	}
	if v := os.Getenv(serviceEnv); v != "" {
		return v, true
	}
	missingServiceName(diags, path.Root("service_name"))
	return "", false
}

// dataSourceConfig is a data source's configuration, which names the project.
type dataSourceConfig interface {
	configuredServiceName() types.String
}

// readConfig reads a data source's configuration into cfg and returns its
// project (see serviceNameOf).
func readConfig(ctx context.Context, config modelSource, cfg dataSourceConfig, diags *diag.Diagnostics) (string, bool) {
	diags.Append(config.Get(ctx, cfg)...)
	if diags.HasError() {
		return "", false
	}
	return serviceNameOf(cfg.configuredServiceName(), diags)
}

// serviceNameAttribute is a resource's service_name: changing it replaces
// the object, a "cluster" or a "node pool".
func serviceNameAttribute(object string) rschema.StringAttribute {
	return rschema.StringAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: "The id of the Public Cloud project. Defaults to the environment variable " +
			"`OVH_CLOUD_PROJECT_SERVICE`. Changing it replaces the " + object + ".",
		Validators:    []validator.String{validate.ServiceName},
		PlanModifiers: []planmodifier.String{serviceNameFromEnv{}, stringplanmodifier.RequiresReplace()},
	}
}

// serviceNameFromEnv fills a resource's service_name from
// OVH_CLOUD_PROJECT_SERVICE when the configuration leaves it out, as the
// official provider does.
type serviceNameFromEnv struct{}

func (serviceNameFromEnv) Description(context.Context) string {
	return "defaults to the environment variable " + serviceEnv
}

func (m serviceNameFromEnv) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (serviceNameFromEnv) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	if !req.StateValue.IsNull() {
		resp.PlanValue = req.StateValue
		return
	}
	if v := os.Getenv(serviceEnv); v != "" {
		resp.PlanValue = types.StringValue(v)
		return
	}
	if req.Plan.Raw.IsNull() {
		return
	}
	missingServiceName(&resp.Diagnostics, req.Path)
}

// advisoryPrintable warns about a value of a body field over max characters
// or holding a control character: the schema's strings have no such bound,
// and no report shows the API refusing them.
func advisoryPrintable(maxLen int) validate.Advisory {
	return validate.Advisory{String: validate.Printable{Max: maxLen}}
}
