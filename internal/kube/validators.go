package kube

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The framework's stringvalidator package names the attribute and the value
// but gives no example; users asked for one, so these validators add it.

// oneOf accepts one of a fixed list of values.
type oneOf struct {
	values []string
}

func newOneOf(values ...string) oneOf { return oneOf{values: values} }

func (v oneOf) Description(context.Context) string {
	return "value must be one of: " + quoteList(v.values)
}

func (v oneOf) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v oneOf) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	for _, ok := range v.values {
		if got == ok {
			return
		}
	}
	hint := ""
	for _, ok := range v.values {
		if strings.EqualFold(got, ok) {
			hint = fmt.Sprintf(" Values are case-sensitive: did you mean %q?", ok)
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+lastStep(req.Path.String()),
		fmt.Sprintf("Attribute %s: %q is not an allowed value. Allowed values: %s.%s For example: %s = %q.",
			req.Path, got, quoteList(v.values), hint, lastStep(req.Path.String()), v.values[0]))
}

// pattern accepts strings that match a regular expression, and explains the
// expected form with an example.
type pattern struct {
	re      *regexp.Regexp
	form    string
	example string
}

func (v pattern) Description(context.Context) string { return "value must be " + v.form }

func (v pattern) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v pattern) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	if v.re.MatchString(got) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+lastStep(req.Path.String()),
		fmt.Sprintf("Attribute %s: %s is not valid: it must be %s. For example: %s = %q.",
			req.Path, quoteShort(got), v.form, lastStep(req.Path.String()), v.example))
}

// cidr accepts an IPv4 prefix in canonical form, such as 10.2.0.0/16.
type cidr struct{ example string }

func (v cidr) Description(context.Context) string { return "value must be an IPv4 CIDR block" }

func (v cidr) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v cidr) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	p, err := netip.ParsePrefix(got)
	reason := ""
	switch {
	case err != nil:
		reason = "it is not a CIDR block"
	case !p.Addr().Is4():
		reason = "only IPv4 blocks are supported"
	case p.Masked() != p:
		reason = fmt.Sprintf("host bits are set; the block starts at %s", p.Masked())
	}
	if reason == "" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+lastStep(req.Path.String()),
		fmt.Sprintf("Attribute %s: %s is not a valid IPv4 CIDR block: %s. For example: %s = %q.",
			req.Path, quoteShort(got), reason, lastStep(req.Path.String()), v.example))
}

// printable refuses control characters and overlong strings, which the API
// would refuse after a long wait or mangle.
type printable struct{ max int }

func (v printable) Description(context.Context) string {
	return fmt.Sprintf("value must be at most %d printable characters", v.max)
}

func (v printable) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v printable) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	switch n := utf8.RuneCountInString(got); {
	case n > v.max:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+lastStep(req.Path.String()),
			fmt.Sprintf("Attribute %s: %s is %d characters long; the maximum is %d.", req.Path, quoteShort(got), n, v.max))
	case strings.IndexFunc(got, unicode.IsControl) >= 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+lastStep(req.Path.String()),
			fmt.Sprintf("Attribute %s: %s contains a control character (such as a newline or a tab), which is not allowed.", req.Path, quoteShort(got)))
	}
}

// quoteShort quotes a value, cutting very long ones so that the message stays readable.
func quoteShort(s string) string {
	const maxLen = 80
	if len(s) > maxLen {
		cut := maxLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return fmt.Sprintf("%q...", s[:cut])
	}
	return fmt.Sprintf("%q", s)
}

func quoteList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// lastStep returns the attribute name at the end of a path such as
// customization_kube_proxy[0].ipvs[0].scheduler.
func lastStep(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		p = p[i+1:]
	}
	if i := strings.IndexByte(p, '['); i >= 0 {
		p = p[:i]
	}
	return p
}
