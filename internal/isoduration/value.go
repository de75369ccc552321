package isoduration

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

var _ basetypes.StringValuableWithSemanticEquals = Duration{}

// Duration is a string value holding an ISO 8601 duration. Two known values
// are semantically equal when they denote the same length of time, so a
// configured "PT60S" is kept when the API answers "PT1M".
type Duration struct {
	basetypes.StringValue
}

// NewDurationNull returns a null Duration.
func NewDurationNull() Duration {
	return Duration{StringValue: basetypes.NewStringNull()}
}

// NewDurationUnknown returns an unknown Duration.
func NewDurationUnknown() Duration {
	return Duration{StringValue: basetypes.NewStringUnknown()}
}

// NewDurationValue returns a known Duration holding s as given; it is not
// validated here.
func NewDurationValue(s string) Duration {
	return Duration{StringValue: basetypes.NewStringValue(s)}
}

// NewDurationPointerValue returns a null Duration for nil and a known one
// holding *s otherwise.
func NewDurationPointerValue(s *string) Duration {
	return Duration{StringValue: basetypes.NewStringPointerValue(s)}
}

// Type returns DurationType.
func (d Duration) Type(_ context.Context) attr.Type {
	return DurationType{}
}

// Equal reports whether o is a Duration with the same state and the same
// string. It compares spellings; semantic equality is StringSemanticEquals.
func (d Duration) Equal(o attr.Value) bool {
	other, ok := o.(Duration)
	if !ok {
		return false
	}
	return d.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether the two values denote the same length
// of time (see Equal in this package). The framework calls it with the prior
// value to decide whether to keep the prior spelling.
func (d Duration) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics

	other, ok := newValuable.(Duration)
	if !ok {
		diags.AddError(
			"Semantic Equality Check Error",
			"An unexpected value type was received while performing semantic equality checks. "+
				"Please report this to the provider developers.\n\n"+
				fmt.Sprintf("Expected Value Type: %T\n", d)+
				fmt.Sprintf("Got Value Type: %T", newValuable),
		)
		return false, diags
	}

	if d.IsNull() || d.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return d.StringValue.Equal(other.StringValue), diags
	}
	return Equal(d.ValueString(), other.ValueString()), diags
}

// ValueDuration returns the length of time the value denotes. It returns an
// error diagnostic for a null, unknown or invalid value.
func (d Duration) ValueDuration() (time.Duration, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case d.IsNull():
		diags.AddError("Duration Value Error", "The duration is null, so it has no length of time.")
		return 0, diags
	case d.IsUnknown():
		diags.AddError("Duration Value Error", "The duration is unknown, so it has no length of time yet.")
		return 0, diags
	}
	value := d.ValueString()
	v, err := Parse(value)
	if err != nil {
		diags.AddError("Invalid ISO 8601 duration", Describe(value, err))
		return 0, diags
	}
	return v, diags
}
