package isoduration

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestKeepEquivalentPrior(t *testing.T) {
	tests := []struct {
		config, state types.String
		want          string
	}{
		{types.StringValue("P0D"), types.StringValue("PT0S"), "PT0S"},
		{types.StringValue("PT1M"), types.StringValue("PT60S"), "PT60S"},
		{types.StringValue("PT60S"), types.StringValue("PT1M"), "PT1M"},
		{types.StringValue("PT2M"), types.StringValue("PT60S"), "PT2M"},
		{types.StringValue("PT1M"), types.StringNull(), "PT1M"},
		{types.StringValue("PT1M"), types.StringValue("PT1M"), "PT1M"},
	}
	for _, tt := range tests {
		req := planmodifier.StringRequest{ConfigValue: tt.config, StateValue: tt.state, PlanValue: tt.config}
		resp := planmodifier.StringResponse{PlanValue: req.PlanValue}
		KeepEquivalentPrior().PlanModifyString(context.Background(), req, &resp)
		if got := resp.PlanValue.ValueString(); got != tt.want {
			t.Errorf("config %s, state %s: planned %s, want %s", tt.config, tt.state, got, tt.want)
		}
	}
	if got := (planmodifier.StringResponse{}).PlanValue; !got.IsNull() {
		t.Fatal("zero response")
	}
	unknown := planmodifier.StringRequest{ConfigValue: types.StringUnknown(), StateValue: types.StringValue("PT0S"), PlanValue: types.StringUnknown()}
	resp := planmodifier.StringResponse{PlanValue: unknown.PlanValue}
	KeepEquivalentPrior().PlanModifyString(context.Background(), unknown, &resp)
	if !resp.PlanValue.IsUnknown() {
		t.Errorf("an unknown configuration planned %s", resp.PlanValue)
	}
}
