package validate

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Advisory keeps the summary, the path and the words of the error it turns
// into a warning, and ends it with mayRefuse, with a full stop before it
// when the error had none.
func TestAdvisory(t *testing.T) {
	p := path.Root("name")
	var resp validator.StringResponse
	Advisory{Printable{Max: 3}}.ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: types.StringValue("abcd")}, &resp)
	if resp.Diagnostics.HasError() || len(resp.Diagnostics) != 1 {
		t.Fatalf("diagnostics %v, want one warning", resp.Diagnostics)
	}
	d := resp.Diagnostics[0]
	want := `Attribute name: "abcd" is 4 characters long; the maximum is 3.` + mayRefuse
	if d.Severity() != diag.SeverityWarning || d.Summary() != "Invalid name" || d.Detail() != want {
		t.Errorf("got %s %q %q\nwant Warning %q %q", d.Severity(), d.Summary(), d.Detail(), "Invalid name", want)
	}
	if wp, ok := d.(diag.DiagnosticWithPath); !ok || !wp.Path().Equal(p) {
		t.Errorf("path lost: %v", d)
	}

	var none validator.StringResponse
	Advisory{Printable{Max: 3}}.ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: types.StringValue("abc")}, &none)
	if len(none.Diagnostics) != 0 {
		t.Errorf("a valid value got %v", none.Diagnostics)
	}

	if got := warnings(diag.Diagnostics{diag.NewErrorDiagnostic("S", "no stop")}, p)[0].Detail(); got != "no stop."+mayRefuse {
		t.Errorf("detail %q", got)
	}
}

func TestInt64Range(t *testing.T) {
	p := path.Root("n")
	run := func(v Int64Range, n int64) diag.Diagnostics {
		var resp validator.Int64Response
		v.ValidateInt64(context.Background(), validator.Int64Request{Path: p, ConfigValue: types.Int64Value(n)}, &resp)
		return resp.Diagnostics
	}
	both, low := Int64Bounds(1, 255, "why"), Int64AtLeast(0, "seconds")
	for _, tt := range []struct {
		v    Int64Range
		n    int64
		want string
	}{
		{both, 1, ""},
		{both, 255, ""},
		{both, 0, "Attribute n: 0 is not between 1 and 255: why." + mayRefuse},
		{both, 256, "Attribute n: 256 is not between 1 and 255: why." + mayRefuse},
		{low, 0, ""},
		{low, 1 << 40, ""},
		{low, -1, "Attribute n: -1 is not at least 0: seconds." + mayRefuse},
	} {
		d := run(tt.v, tt.n)
		if d.HasError() {
			t.Fatalf("%d: errors %v", tt.n, d)
		}
		got := ""
		if len(d) == 1 && d[0].Summary() == "Value out of the usual range" {
			got = d[0].Detail()
		} else if len(d) > 1 {
			t.Fatalf("%d: %v", tt.n, d)
		}
		if got != tt.want {
			t.Errorf("%d: %q, want %q", tt.n, got, tt.want)
		}
	}
	var resp validator.Int64Response
	both.ValidateInt64(context.Background(), validator.Int64Request{Path: p, ConfigValue: types.Int64Null()}, &resp)
	if len(resp.Diagnostics) != 0 {
		t.Errorf("null: %v", resp.Diagnostics)
	}
}

func TestFloat64Range(t *testing.T) {
	v := Float64Range{Min: 0, Max: 1, Why: "a share"}
	for _, tt := range []struct {
		x    float64
		want string
	}{
		{0, ""},
		{0.5, ""},
		{1, ""},
		{1.5, "Attribute x: 1.5 is not between 0 and 1: a share." + mayRefuse},
		{-0.1, "Attribute x: -0.1 is not between 0 and 1: a share." + mayRefuse},
	} {
		var resp validator.Float64Response
		v.ValidateFloat64(context.Background(), validator.Float64Request{Path: path.Root("x"), ConfigValue: types.Float64Value(tt.x)}, &resp)
		got := ""
		if resp.Diagnostics.HasError() || len(resp.Diagnostics) > 1 {
			t.Fatalf("%g: %v", tt.x, resp.Diagnostics)
		}
		if len(resp.Diagnostics) == 1 {
			got = resp.Diagnostics[0].Detail()
		}
		if got != tt.want {
			t.Errorf("%g: %q, want %q", tt.x, got, tt.want)
		}
	}
}
