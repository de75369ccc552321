package validate

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The provider refuses at plan time what the API's published schema refuses,
// and more only where a user report or a documented fact shows the live API
// refusing it (the rule of internal/ovhmock). A check with no such source is
// advisory: it warns, in the words its error had, and says that the value is
// sent anyway.

// MayRefuse ends every advisory warning.
const MayRefuse = "The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply."

// Advisory runs a string validator and turns its errors into warnings that
// end with MayRefuse.
type Advisory struct{ validator.String }

func (v Advisory) Description(ctx context.Context) string {
	return v.String.Description(ctx) + " (a warning: the value is sent as written)"
}

func (v Advisory) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v Advisory) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	var inner validator.StringResponse
	v.String.ValidateString(ctx, req, &inner)
	resp.Diagnostics.Append(warnings(inner.Diagnostics, req.Path)...)
}

// warnings returns diags with every error made a warning whose detail ends
// with MayRefuse.
func warnings(diags diag.Diagnostics, at path.Path) diag.Diagnostics {
	var out diag.Diagnostics
	for _, d := range diags {
		if d.Severity() != diag.SeverityError {
			out.Append(d)
			continue
		}
		p := at
		if wp, ok := d.(diag.DiagnosticWithPath); ok {
			p = wp.Path()
		}
		detail := d.Detail()
		if !strings.HasSuffix(detail, ".") {
			detail += "." // the framework's own messages have no full stop
		}
		out.AddAttributeWarning(p, d.Summary(), detail+" "+MayRefuse)
	}
	return out
}

// Int64Range warns about an integer outside [Min, Max] (a nil bound is
// open); Why says where the bounds come from.
type Int64Range struct {
	Min, Max *int64
	Why      string
}

// Int64Bounds is Int64Range with both bounds.
func Int64Bounds(lo, hi int64, why string) Int64Range {
	return Int64Range{Min: &lo, Max: &hi, Why: why}
}

// Int64AtLeast is Int64Range with a lower bound only.
func Int64AtLeast(lo int64, why string) Int64Range { return Int64Range{Min: &lo, Why: why} }

func (v Int64Range) Description(context.Context) string {
	return "warns unless the value is " + rangeText(v.Min, v.Max, strconv.FormatInt)
}

func (v Int64Range) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v Int64Range) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueInt64()
	if (v.Min == nil || got >= *v.Min) && (v.Max == nil || got <= *v.Max) {
		return
	}
	resp.Diagnostics.AddAttributeWarning(req.Path, "Value out of the usual range",
		fmt.Sprintf("Attribute %s: %d is not %s: %s. %s", req.Path, got, rangeText(v.Min, v.Max, strconv.FormatInt), v.Why, MayRefuse))
}

// Float64Range is Int64Range for numbers.
type Float64Range struct {
	Min, Max float64
	Why      string
}

func (v Float64Range) Description(context.Context) string {
	return fmt.Sprintf("warns unless the value is between %g and %g", v.Min, v.Max)
}

func (v Float64Range) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v Float64Range) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueFloat64()
	if got >= v.Min && got <= v.Max {
		return
	}
	resp.Diagnostics.AddAttributeWarning(req.Path, "Value out of the usual range",
		fmt.Sprintf("Attribute %s: %g is not between %g and %g: %s. %s", req.Path, got, v.Min, v.Max, v.Why, MayRefuse))
}

func rangeText(lo, hi *int64, format func(int64, int) string) string {
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("between %s and %s", format(*lo, 10), format(*hi, 10))
	case lo != nil:
		return "at least " + format(*lo, 10)
	case hi != nil:
		return "at most " + format(*hi, 10)
	}
	return "any integer"
}
