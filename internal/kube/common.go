package kube

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// Values the API spells the same way for several resources.
const (
	policyNeverUpdate = "NEVER_UPDATE"
	workerNodesDelete = "delete"
	planStandard      = "standard"
)

// serviceEnv is the official provider's default for service_name.
const serviceEnv = "OVH_CLOUD_PROJECT_SERVICE"

// base is embedded by every resource and data source of the package: the
// client and tuning the provider hands over, and the Configure step.
type base struct {
	client  *ovhapi.Client
	opts    Options
	flavors *flavorCache
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
	b.client, b.opts, b.flavors = pd.Client, pd.Options.withDefaults(), pd.flavors
	if b.flavors == nil {
		b.flavors = &flavorCache{}
	}
}

// withTimeout bounds ctx by the timeouts block's value for the operation, or
// by def when the block leaves it out.
func withTimeout(ctx context.Context, timeout func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	def time.Duration, diags *diag.Diagnostics,
) (context.Context, context.CancelFunc, bool) {
	d, dd := timeout(ctx, def)
	diags.Append(dd...)
	if dd.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, true
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
