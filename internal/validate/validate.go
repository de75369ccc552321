// Package validate holds the attribute validators that are not specific to one
// resource. Every message names the attribute, quotes the value and gives an
// example of a valid one.
package validate

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	k8sresource "k8s.io/apimachinery/pkg/api/resource"
	k8svalidation "k8s.io/apimachinery/pkg/util/validation"
)

// The framework's stringvalidator package names the attribute and the value
// but gives no example; users asked for one, so these validators add it.

// OneOf accepts one of a fixed list of values.
type OneOf struct {
	values []string
}

// NewOneOf accepts values; the first one is the example of error messages.
func NewOneOf(values ...string) OneOf { return OneOf{values: values} }

func (v OneOf) Description(context.Context) string {
	return "value must be one of: " + quoteList(v.values)
}

func (v OneOf) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v OneOf) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
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
	example := fmt.Sprintf("%q", v.values[0])
	if strings.HasSuffix(req.Path.String(), "]") {
		// An element of a list: the example is a list.
		example = "[" + example + "]"
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+lastStep(req.Path.String()),
		fmt.Sprintf("Attribute %s: %q is not an allowed value. Allowed values: %s.%s For example: %s = %s.",
			req.Path, got, quoteList(v.values), hint, lastStep(req.Path.String()), example))
}

// Pattern accepts strings that match a regular expression, and explains the
// expected form with an example.
type Pattern struct {
	Re      *regexp.Regexp
	Form    string // completes "it must be ..."
	Example string
}

func (v Pattern) Description(context.Context) string { return "value must be " + v.Form }

func (v Pattern) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v Pattern) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	if v.Re.MatchString(got) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+lastStep(req.Path.String()),
		fmt.Sprintf("Attribute %s: %s is not valid: it must be %s. For example: %s = %q.",
			req.Path, quoteShort(got), v.Form, lastStep(req.Path.String()), v.Example))
}

// IPv4CIDR accepts an IPv4 prefix in canonical form, such as 10.2.0.0/16.
type IPv4CIDR struct{ Example string }

func (v IPv4CIDR) Description(context.Context) string { return "value must be an IPv4 CIDR block" }

func (v IPv4CIDR) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v IPv4CIDR) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
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
	detail := fmt.Sprintf("Attribute %s: %s is not a valid IPv4 CIDR block: %s. For example: %s = %q.",
		req.Path, quoteShort(got), reason, lastStep(req.Path.String()), v.Example)
	if p.IsValid() && p.Addr().Is4() {
		// Host bits set: the schema's ipv4Block format takes the block, and
		// no report shows the API refusing it.
		resp.Diagnostics.AddAttributeWarning(req.Path, "Invalid "+lastStep(req.Path.String()), detail+" "+MayRefuse)
		return
	}
	// Not an IPv4 block: the schema's ipv4Block format refuses it.
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+lastStep(req.Path.String()), detail)
}

// Printable refuses control characters and strings over Max characters, which
// the API would refuse after a long wait or mangle.
type Printable struct{ Max int }

func (v Printable) Description(context.Context) string {
	return fmt.Sprintf("value must be at most %d printable characters", v.Max)
}

func (v Printable) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v Printable) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	switch n := utf8.RuneCountInString(got); {
	case n > v.Max:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+lastStep(req.Path.String()),
			fmt.Sprintf("Attribute %s: %s is %d characters long; the maximum is %d.", req.Path, quoteShort(got), n, v.Max))
	case strings.IndexFunc(got, unicode.IsControl) >= 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+lastStep(req.Path.String()),
			fmt.Sprintf("Attribute %s: %s contains a control character (such as a newline or a tab), which is not allowed.", req.Path, quoteShort(got)))
	}
}

// NotEmpty refuses "": the API refuses an empty claim name or client id
// (an empty claim made the official provider crash, ovh/terraform-provider-ovh#653).
// Example is the value the message suggests instead.
type NotEmpty struct{ Example string }

func (NotEmpty) Description(context.Context) string { return "value must not be empty" }

func (v NotEmpty) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v NotEmpty) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() != "" {
		return
	}
	name := attributeName(req.Path)
	example := fmt.Sprintf("%s = %q", name, v.Example)
	if strings.HasSuffix(req.Path.String(), "]") {
		example = fmt.Sprintf("%s = [%q]", name, v.Example)
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+name,
		fmt.Sprintf("Attribute %s: \"\" is empty, which the API refuses. Remove it or give a value, for example: %s.", req.Path, example))
}

// attributeName is the attribute of a path such as oidc_groups_claim[1].
func attributeName(p path.Path) string {
	name, _, _ := strings.Cut(p.String(), "[")
	return name
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

// Patterns shared by several resources.
var (
	// ServiceName is a path segment: a value outside the pattern ("..",
	// "/", "?") would send the request elsewhere. An error.
	ServiceName = Pattern{
		Re:      regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`),
		Form:    "a Public Cloud project id: letters, digits, '-' or '_', at most 64 characters",
		Example: "0123456789abcdef0123456789abcdef",
	}
	Region = Pattern{
		Re:      regexp.MustCompile(`^[A-Z][A-Z0-9-]{1,31}$`),
		Form:    "an OVHcloud region name in upper case",
		Example: "GRA11",
	}
	SubnetID = Pattern{
		Re:      regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`),
		Form:    "an OpenStack subnet UUID",
		Example: "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11",
	}
	NetworkID = Pattern{
		Re:      regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`),
		Form:    "an OpenStack network id: letters, digits, '-', '_' or '.'",
		Example: "3f8a4a6e-5d61-4c7b-9e3a-1b2c3d4e5f60",
	}
)

// QualifiedName accepts a Kubernetes qualified name, the form of label,
// annotation, taint and finalizer keys: an optional DNS subdomain prefix and
// "/", then at most 63 letters, digits, '-', '_' or '.', starting and ending
// with a letter or digit. RequirePrefix also asks for the prefix, as
// finalizers must be fully qualified.
type QualifiedName struct{ RequirePrefix bool }

func (v QualifiedName) Description(context.Context) string {
	if v.RequirePrefix {
		return "value must be a fully qualified Kubernetes name such as example.com/name"
	}
	return "value must be a Kubernetes qualified name such as example.com/name or name"
}

func (v QualifiedName) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v QualifiedName) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	problems := k8svalidation.IsQualifiedName(got)
	if v.RequirePrefix && len(problems) == 0 && !strings.Contains(got, "/") {
		problems = append(problems, "it must have a prefix, such as example.com/")
	}
	if len(problems) == 0 {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Kubernetes name",
		fmt.Sprintf("Attribute %s: %s is not a valid Kubernetes qualified name: %s. For example: %q.",
			req.Path, quoteShort(got), strings.Join(problems, "; "), "example.com/role"))
}

// Quantity accepts a Kubernetes quantity, such as 500m, 1, 512Mi or 1Gi.
type Quantity struct{}

func (Quantity) Description(context.Context) string {
	return "value must be a Kubernetes quantity such as 500m or 512Mi"
}

func (v Quantity) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (Quantity) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	if _, err := k8sresource.ParseQuantity(got); err == nil {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Kubernetes quantity",
		fmt.Sprintf("Attribute %s: %s is not a Kubernetes quantity: a number with an optional suffix (m, k, M, G, Ki, Mi, Gi...). "+
			"For example: %s = %q.", req.Path, quoteShort(got), lastStep(req.Path.String()), quantityExample(req.Path.String())))
}

func quantityExample(p string) string {
	if strings.HasSuffix(p, "memory") {
		return "512Mi"
	}
	return "500m"
}
