package isoduration

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestDurationTypeValueFromTerraform(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	tests := []struct {
		name string
		in   tftypes.Value
		want attr.Value
	}{
		{"known", tftypes.NewValue(tftypes.String, "PT1M"), NewDurationValue("PT1M")},
		{"invalid value is kept", tftypes.NewValue(tftypes.String, "PT-5S"), NewDurationValue("PT-5S")},
		{"empty", tftypes.NewValue(tftypes.String, ""), NewDurationValue("")},
		{"null", tftypes.NewValue(tftypes.String, nil), NewDurationNull()},
		{"unknown", tftypes.NewValue(tftypes.String, tftypes.UnknownValue), NewDurationUnknown()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := DurationType{}.ValueFromTerraform(ctx, tt.in)
			if err != nil {
				t.Fatalf("ValueFromTerraform: %v", err)
			}
			if !got.Equal(tt.want) {
				t.Fatalf("ValueFromTerraform = %#v, want %#v", got, tt.want)
			}
			if _, ok := got.(Duration); !ok {
				t.Fatalf("ValueFromTerraform returned %T, want Duration", got)
			}

			// Round trip back to Terraform.
			back, err := got.ToTerraformValue(ctx)
			if err != nil {
				t.Fatalf("ToTerraformValue: %v", err)
			}
			if !back.Equal(tt.in) {
				t.Fatalf("round trip = %v, want %v", back, tt.in)
			}
		})
	}
}

func TestDurationTypeValueFromTerraformWrongType(t *testing.T) {
	t.Parallel()

	_, err := DurationType{}.ValueFromTerraform(context.Background(), tftypes.NewValue(tftypes.Number, 5))
	if err == nil {
		t.Fatal("ValueFromTerraform accepted a number")
	}
}

func TestDurationTypeValueFromString(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	for _, in := range []basetypes.StringValue{
		basetypes.NewStringValue("PT30S"),
		basetypes.NewStringNull(),
		basetypes.NewStringUnknown(),
	} {
		got, diags := DurationType{}.ValueFromString(ctx, in)
		if diags.HasError() {
			t.Fatalf("ValueFromString(%v): %v", in, diags)
		}
		d, ok := got.(Duration)
		if !ok {
			t.Fatalf("ValueFromString returned %T, want Duration", got)
		}
		if !d.StringValue.Equal(in) {
			t.Fatalf("ValueFromString(%v) = %v", in, d)
		}
		s, diags := got.ToStringValue(ctx)
		if diags.HasError() || !s.Equal(in) {
			t.Fatalf("ToStringValue = %v, %v; want %v", s, diags, in)
		}
	}
}

func TestDurationTypeBasics(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	typ := DurationType{}
	if got := typ.String(); got != "isoduration.DurationType" {
		t.Errorf("String() = %q", got)
	}
	if got := typ.ValueType(ctx); got != (Duration{}) {
		t.Errorf("ValueType() = %#v, want Duration{}", got)
	}
	if !typ.Equal(DurationType{}) {
		t.Error("DurationType is not equal to itself")
	}
	if typ.Equal(basetypes.StringType{}) {
		t.Error("DurationType equals basetypes.StringType")
	}
	if basetypes.NewStringValue("x").Type(ctx).Equal(typ) {
		t.Error("basetypes.StringType equals DurationType")
	}
	if !typ.TerraformType(ctx).Equal(tftypes.String) {
		t.Errorf("TerraformType() = %v, want String", typ.TerraformType(ctx))
	}
	if got := NewDurationValue("PT1S").Type(ctx); !got.Equal(typ) {
		t.Errorf("Duration.Type() = %v, want DurationType", got)
	}
	if got := NewDurationNull().Type(ctx); !got.Equal(typ) {
		t.Errorf("null Duration.Type() = %v, want DurationType", got)
	}
}
