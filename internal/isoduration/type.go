package isoduration

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var _ basetypes.StringTypable = DurationType{}

// DurationType is the attribute type of ISO 8601 duration strings. Use it as
// the CustomType of a string attribute; its values are Duration.
type DurationType struct {
	basetypes.StringType
}

// String returns a human readable name of the type.
func (t DurationType) String() string {
	return "isoduration.DurationType"
}

// ValueType returns the value type of this type, Duration.
func (t DurationType) ValueType(_ context.Context) attr.Value {
	return Duration{}
}

// Equal reports whether o is also a DurationType.
func (t DurationType) Equal(o attr.Type) bool {
	other, ok := o.(DurationType)
	if !ok {
		return false
	}
	return t.StringType.Equal(other.StringType)
}

// ValueFromString wraps a StringValue in a Duration. It does not validate:
// validation is left to the schema validator validate.Duration, which
// reports the attribute path and checks configuration only, so that a stored
// or API value never makes a resource unreadable.
func (t DurationType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return Duration{StringValue: in}, nil
}

// ValueFromTerraform converts a Terraform string value into a Duration.
func (t DurationType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	attrValue, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	stringValue, ok := attrValue.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type of %T", attrValue)
	}
	stringValuable, diags := t.ValueFromString(ctx, stringValue)
	if diags.HasError() {
		return nil, fmt.Errorf("unexpected error converting StringValue to StringValuable: %v", diags)
	}
	return stringValuable, nil
}
