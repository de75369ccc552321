package kube

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// List resources (Terraform 1.14 and later): `terraform query` runs them to
// find existing objects, and `terraform query -generate-config-out` writes an
// import block (by identity) and a resource block for each. The object of a
// result is what an import of that object followed by a refresh holds, built
// by the resource's own ImportState and Read from the API's answer, so that
// the configuration generated from it plans nothing after the import.

// listBase is embedded by every list resource of the package: base, and the
// Metadata and Configure steps, from the type name of the resource it lists.
type listBase struct {
	base
	typeName string
}

func (l *listBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + l.typeName
}

func (l *listBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.configure(req.ProviderData, &resp.Diagnostics)
}

// start reads the list block's configuration into cfg and returns its
// project, or reports why it cannot list.
func (l *listBase) start(ctx context.Context, config tfsdk.Config, cfg dataSourceConfig, diags *diag.Diagnostics) (string, bool) {
	if !config.Raw.IsNull() {
		diags.Append(config.Get(ctx, cfg)...)
		if diags.HasError() {
			return "", false
		}
	}
	sn, ok := serviceNameOf(cfg.configuredServiceName(), diags)
	if !ok {
		return "", false
	}
	if l.client == nil {
		diags.AddError("Provider not configured", "The provider was not configured before the list ran. Please report this issue.")
		return "", false
	}
	return sn, true
}

// listError is a result that ends a list with an error.
func listError(summary, detail string) list.ListResult {
	var diags diag.Diagnostics
	diags.AddError(summary, detail)
	return list.ListResult{Diagnostics: diags}
}

// limited reports whether n results reach the request's limit (none when
// it is not positive).
func limited(req list.ListRequest, n int) bool {
	return req.Limit > 0 && int64(n) >= req.Limit
}

// importedState is the state that the resource's ImportState makes of id, as
// the framework's ImportResourceState does it: from a null state of the
// resource's schema.
func importedState(ctx context.Context, schema tfsdk.Resource, importer resource.ResourceWithImportState, id string) (tfsdk.State, diag.Diagnostics) {
	resp := resource.ImportStateResponse{State: tfsdk.State{
		Schema: schema.Schema,
		Raw:    tftypes.NewValue(schema.Schema.Type().TerraformType(ctx), nil),
	}}
	importer.ImportState(ctx, resource.ImportStateRequest{ID: id}, &resp)
	return resp.State, resp.Diagnostics
}

func listServiceNameAttribute() listschema.StringAttribute {
	return listschema.StringAttribute{
		Optional:            true,
		MarkdownDescription: "The id of the Public Cloud project. Defaults to the environment variable `OVH_CLOUD_PROJECT_SERVICE`.",
		Validators:          []validator.String{validate.ServiceName},
	}
}

func listedBy(what, serviceName string, err error) list.ListResult {
	return listError("Cannot list the "+what, fmt.Sprintf("Listing the %s of project %q failed: %s", what, serviceName, err))
}
