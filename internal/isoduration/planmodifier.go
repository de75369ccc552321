package isoduration

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// KeepEquivalentPrior plans the prior value when the configuration gives the
// same length of time in another form (P0D for PT0S, PT1M for PT60S): no
// change is planned and no API call made. The framework compares values by
// semantic equality on refresh and apply but not on plan; Terraform accepts
// a planned value equal to the prior one for a configuration that changed
// only in form.
func KeepEquivalentPrior() planmodifier.String { return keepEquivalentPrior{} }

type keepEquivalentPrior struct{}

func (keepEquivalentPrior) Description(context.Context) string {
	return "a duration of the same length as the prior one keeps the prior spelling"
}

func (m keepEquivalentPrior) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepEquivalentPrior) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if req.ConfigValue.ValueString() != req.StateValue.ValueString() && Equal(req.ConfigValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}
