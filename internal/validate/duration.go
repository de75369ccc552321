package validate

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/mkscloud/terraform-provider-ovh/internal/isoduration"
)

// Duration checks configured durations with isoduration.Parse. It is a
// schema validator rather than a method of isoduration.Duration: the
// framework runs a value's own ValidateAttribute on every conversion, state
// and API answers included, and a value the API or an older provider wrote
// must never make a resource unreadable. Null and unknown values are not
// checked.
type Duration struct{}

func (Duration) Description(context.Context) string {
	return "value must be an ISO 8601 duration without year or month parts, such as " + isoduration.Example
}

func (v Duration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (Duration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	if _, err := isoduration.Parse(got); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid ISO 8601 duration",
			"Attribute "+req.Path.String()+": "+isoduration.Describe(got, err))
	}
}
