package validate

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/mkscloud/terraform-provider-ovh/internal/isoduration"
)

func TestDuration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	const example = ` Use an ISO 8601 duration such as "PT30S", "PT1M30S" or "PT0S".`
	attrPath := path.Root("customization_kube_proxy").AtListIndex(0).AtName("ipvs").AtListIndex(0).AtName("sync_period")
	prefix := "Attribute customization_kube_proxy[0].ipvs[0].sync_period: "

	tests := []struct {
		value      isoduration.Duration
		wantDetail string // empty when valid
	}{
		{isoduration.NewDurationValue("PT30S"), ""},
		{isoduration.NewDurationValue("PT0S"), ""},
		{isoduration.NewDurationValue("P0D"), ""},
		{isoduration.NewDurationValue("PT0.5S"), ""},
		{isoduration.NewDurationValue("P1DT2H"), ""},
		{isoduration.NewDurationNull(), ""},
		{isoduration.NewDurationUnknown(), ""},
		{isoduration.NewDurationValue("PT-5S"), prefix + `"PT-5S" is not a valid duration: negative durations are not allowed.` + example},
		{isoduration.NewDurationValue("-PT5S"), prefix + `"-PT5S" is not a valid duration: negative durations are not allowed.` + example},
		{isoduration.NewDurationValue("30s"), prefix + `"30s" is not a valid duration: it is not an ISO 8601 duration.` + example},
		{isoduration.NewDurationValue("PT"), prefix + `"PT" is not a valid duration: it is not an ISO 8601 duration.` + example},
		{isoduration.NewDurationValue(" PT5S"), prefix + `" PT5S" is not a valid duration: it is not an ISO 8601 duration.` + example},
		{isoduration.NewDurationValue(""), prefix + `"" is not a valid duration: it is empty.` + example},
		{isoduration.NewDurationValue("P1M"), prefix + `"P1M" is not a valid duration: year and month parts are not allowed because their length is not fixed; use days, hours, minutes or seconds.` + example},
		{isoduration.NewDurationValue("P1Y2M3D"), prefix + `"P1Y2M3D" is not a valid duration: year and month parts are not allowed because their length is not fixed; use days, hours, minutes or seconds.` + example},
		{isoduration.NewDurationValue("PT9999999999999H"), prefix + `"PT9999999999999H" is not a valid duration: it is too large.` + example},
	}
	for _, tt := range tests {
		t.Run(tt.value.String(), func(t *testing.T) {
			t.Parallel()
			req := validator.StringRequest{Path: attrPath, ConfigValue: tt.value.StringValue}
			resp := &validator.StringResponse{}
			Duration{}.ValidateString(ctx, req, resp)

			if tt.wantDetail == "" {
				if len(resp.Diagnostics) != 0 {
					t.Fatalf("unexpected diagnostics: %v", resp.Diagnostics)
				}
				return
			}
			want := diag.Diagnostics{
				diag.NewAttributeErrorDiagnostic(attrPath, "Invalid ISO 8601 duration", tt.wantDetail),
			}
			if !resp.Diagnostics.Equal(want) {
				t.Fatalf("diagnostics = %#v\nwant %#v", resp.Diagnostics, want)
			}
		})
	}
}
