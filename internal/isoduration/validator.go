package isoduration

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Validator checks configured durations with Parse. It is a schema validator
// rather than a method of Duration: the framework runs a value's own
// ValidateAttribute on every conversion, state and API answers included, and
// a value the API or an older provider wrote must never make a resource
// unreadable. Null and unknown values are not checked.
func Validator() validator.String { return durationValidator{} }

type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "value must be an ISO 8601 duration without year or month parts, such as " + Example
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if _, err := Parse(value); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid ISO 8601 duration",
			"Attribute "+req.Path.String()+": "+Describe(value, err))
	}
}
