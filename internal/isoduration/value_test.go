package isoduration

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

func stringPointer(s string) *string { return &s }

func TestNewDurationValues(t *testing.T) {
	t.Parallel()

	if v := NewDurationNull(); !v.IsNull() || v.IsUnknown() {
		t.Errorf("NewDurationNull() = %v", v)
	}
	if v := NewDurationUnknown(); v.IsNull() || !v.IsUnknown() {
		t.Errorf("NewDurationUnknown() = %v", v)
	}
	if v := NewDurationValue("PT1M"); v.IsNull() || v.IsUnknown() || v.ValueString() != "PT1M" {
		t.Errorf("NewDurationValue() = %v", v)
	}
	if v := NewDurationPointerValue(nil); !v.IsNull() {
		t.Errorf("NewDurationPointerValue(nil) = %v", v)
	}
	if v := NewDurationPointerValue(stringPointer("PT5S")); v.IsNull() || v.ValueString() != "PT5S" {
		t.Errorf("NewDurationPointerValue(PT5S) = %v", v)
	}
	if got := NewDurationValue("PT1M").String(); got != `"PT1M"` {
		t.Errorf("String() = %s", got)
	}
}

func TestDurationEqual(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		a    Duration
		b    attr.Value
		want bool
	}{
		{"same", NewDurationValue("PT1M"), NewDurationValue("PT1M"), true},
		{"same length, other spelling", NewDurationValue("PT1M"), NewDurationValue("PT60S"), false},
		{"null", NewDurationNull(), NewDurationNull(), true},
		{"unknown", NewDurationUnknown(), NewDurationUnknown(), true},
		{"null and unknown", NewDurationNull(), NewDurationUnknown(), false},
		{"null and empty", NewDurationNull(), NewDurationValue(""), false},
		{"plain string", NewDurationValue("PT1M"), basetypes.NewStringValue("PT1M"), false},
		{"nil", NewDurationValue("PT1M"), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.a.Equal(tt.b); got != tt.want {
				t.Fatalf("Equal = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStringSemanticEquals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	tests := []struct {
		prior, proposed Duration
		want            bool
	}{
		{NewDurationValue("PT0S"), NewDurationValue("P0D"), true},
		{NewDurationValue("PT0S"), NewDurationValue("PT0M"), true},
		{NewDurationValue("P0W"), NewDurationValue("PT0S"), true},
		{NewDurationValue("PT60S"), NewDurationValue("PT1M"), true},
		{NewDurationValue("PT1H"), NewDurationValue("PT60M"), true},
		{NewDurationValue("P1D"), NewDurationValue("PT24H"), true},
		{NewDurationValue("PT30S"), NewDurationValue("PT30S"), true},
		{NewDurationValue("PT30S"), NewDurationValue("PT31S"), false},
		{NewDurationValue("PT1M"), NewDurationValue("P1M"), false},
		{NewDurationValue("bad"), NewDurationValue("bad"), true},
		{NewDurationValue("bad"), NewDurationValue("PT0S"), false},
		{NewDurationNull(), NewDurationNull(), true},
		{NewDurationNull(), NewDurationValue("PT0S"), false},
		{NewDurationUnknown(), NewDurationValue("PT0S"), false},
		{NewDurationUnknown(), NewDurationUnknown(), true},
		{NewDurationValue(""), NewDurationNull(), false},
	}
	for _, tt := range tests {
		t.Run(tt.prior.String()+"_"+tt.proposed.String(), func(t *testing.T) {
			t.Parallel()
			// Called the way the framework calls it: on the proposed new
			// value, through the interface, with the prior value.
			var proposed basetypes.StringValuableWithSemanticEquals = tt.proposed
			got, diags := proposed.StringSemanticEquals(ctx, tt.prior)
			if diags.HasError() {
				t.Fatalf("diagnostics: %v", diags)
			}
			if got != tt.want {
				t.Fatalf("StringSemanticEquals = %v, want %v", got, tt.want)
			}
			var prior basetypes.StringValuableWithSemanticEquals = tt.prior
			if back, _ := prior.StringSemanticEquals(ctx, tt.proposed); back != got {
				t.Fatalf("StringSemanticEquals is not symmetric: %v then %v", got, back)
			}
		})
	}
}

func TestStringSemanticEqualsWrongType(t *testing.T) {
	t.Parallel()

	got, diags := NewDurationValue("PT0S").StringSemanticEquals(context.Background(), basetypes.NewStringValue("PT0S"))
	if got {
		t.Error("a plain string was found semantically equal")
	}
	if !diags.HasError() {
		t.Fatal("no error for a plain string")
	}
	if s := diags[0].Summary(); s != "Semantic Equality Check Error" {
		t.Errorf("summary = %q", s)
	}
}

func TestValueDuration(t *testing.T) {
	t.Parallel()

	tests := []struct {
		value   Duration
		want    time.Duration
		wantErr bool
	}{
		{NewDurationValue("PT1M30S"), 90 * time.Second, false},
		{NewDurationValue("P0D"), 0, false},
		{NewDurationValue("P1DT2H"), 26 * time.Hour, false},
		{NewDurationValue("PT-5S"), 0, true},
		{NewDurationValue(""), 0, true},
		{NewDurationNull(), 0, true},
		{NewDurationUnknown(), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.value.String(), func(t *testing.T) {
			t.Parallel()
			got, diags := tt.value.ValueDuration()
			if diags.HasError() != tt.wantErr {
				t.Fatalf("ValueDuration() diagnostics = %v, want error %v", diags, tt.wantErr)
			}
			if got != tt.want {
				t.Fatalf("ValueDuration() = %v, want %v", got, tt.want)
			}
		})
	}
}
