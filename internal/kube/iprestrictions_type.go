package kube

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

var (
	_ basetypes.StringTypable                    = ipBlockType{}
	_ basetypes.StringValuableWithSemanticEquals = ipBlockValue{}
)

// ipBlockType is the element type of ips: an IP block, written as a CIDR
// block or as a bare address. Its values are ipBlockValue.
type ipBlockType struct {
	basetypes.StringType
}

func (ipBlockType) String() string { return "kube.ipBlockType" }

func (ipBlockType) ValueType(context.Context) attr.Value { return ipBlockValue{} }

func (t ipBlockType) Equal(o attr.Type) bool {
	other, ok := o.(ipBlockType)
	return ok && t.StringType.Equal(other.StringType)
}

// ValueFromString does not validate: validate.IPBlock checks the
// configuration, and a value the API stored must stay readable whatever it is.
func (ipBlockType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return ipBlockValue{StringValue: in}, nil
}

func (t ipBlockType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type of %T", v)
	}
	return ipBlockValue{StringValue: s}, nil
}

// ipBlockValue is one IP block. Two values are semantically equal when they
// denote the same block: "10.0.0.1" and "10.0.0.1/32", "2001:DB8::1" and
// "2001:db8::1/128". So an API that stores a bare address as its /32 form
// keeps the configuration's spelling in state and causes no diff.
type ipBlockValue struct {
	basetypes.StringValue
}

func newIPBlock(s string) ipBlockValue { return ipBlockValue{StringValue: basetypes.NewStringValue(s)} }

func (ipBlockValue) Type(context.Context) attr.Type { return ipBlockType{} }

// Equal compares spellings; StringSemanticEquals compares blocks.
func (v ipBlockValue) Equal(o attr.Value) bool {
	other, ok := o.(ipBlockValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v ipBlockValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := newValuable.(ipBlockValue)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected a value of type %T, got %T. Please report this issue.", v, newValuable))
		return false, diags
	}
	if v.IsNull() || v.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return v.StringValue.Equal(other.StringValue), diags
	}
	return sameBlock(v.ValueString(), other.ValueString()), diags
}

// sameBlock reports whether a and b are spellings of one IP block. A value
// that is not a block equals only itself.
func sameBlock(a, b string) bool {
	if a == b {
		return true
	}
	pa, okA := validate.ParseIPBlock(a)
	pb, okB := validate.ParseIPBlock(b)
	return okA && okB && pa == pb
}

// blockKey is the form under which a spelling of a block is compared: its
// canonical text, or the value itself when it is not a block.
func blockKey(s string) string {
	if p, ok := validate.ParseIPBlock(s); ok {
		return p.String()
	}
	return s
}
