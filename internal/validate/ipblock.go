package validate

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// ParseIPBlock reads an IPv4 or IPv6 CIDR block, or a bare address as the
// block of that one address (/32 or /128), so that "10.0.0.1" and
// "10.0.0.1/32" give the same prefix. The prefix keeps any host bits: it is
// the block as written, not the network it falls in.
func ParseIPBlock(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p, err == nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// IPBlock accepts an IPv4 or IPv6 CIDR block written as its network, such as
// 203.0.113.0/24 or 2001:db8::/32, or a bare address such as 198.51.100.7. A
// block with host bits set, such as 10.0.0.1/8, gets a warning naming the
// network it stands for: the API may refuse it or store something else than
// was written.
type IPBlock struct{}

func (IPBlock) Description(context.Context) string {
	return "value must be an IPv4 or IPv6 CIDR block, or a single address"
}

func (v IPBlock) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (IPBlock) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	reason := ipBlockProblem(got)
	if reason == "" {
		return
	}
	detail := fmt.Sprintf("Attribute %s: %s %s", attributeOf(req.Path), quoteShort(got), reason)
	if strings.HasPrefix(reason, hostBitsSet) {
		// The schema's ipBlock format takes a block with host bits, and no
		// report shows the API refusing one.
		resp.Diagnostics.AddAttributeWarning(req.Path, "Invalid IP block", detail+" "+MayRefuse)
		return
	}
	// Not an address or block at all: the schema's ipBlock format refuses it.
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid IP block", detail)
}

const hostBitsSet = "has host bits set"

// ipBlockProblem says what is wrong with s, or "" when it is a valid block.
func ipBlockProblem(s string) string {
	const example = ` For example: "203.0.113.0/24", "2001:db8::/32" or "198.51.100.7".`
	addr, bits, isBlock := strings.Cut(s, "/")
	a, err := netip.ParseAddr(addr)
	switch {
	case err != nil && strings.Contains(addr, "%"):
		return "is not a valid IP block: an address with a zone (the part after %) cannot restrict access." + example
	case err != nil:
		return "is not an IPv4 or IPv6 address or CIDR block." + example
	case a.Zone() != "":
		return "is not a valid IP block: an address with a zone (the part after %) cannot restrict access." + example
	case !isBlock:
		return ""
	}
	n, err := strconv.Atoi(bits)
	if err != nil || n < 0 || n > a.BitLen() || bits != strconv.Itoa(n) {
		family := "IPv4"
		if a.Is6() {
			family = "IPv6"
		}
		return fmt.Sprintf("is not a valid IP block: the prefix length after / must be a number from 0 to %d for an %s address.%s",
			a.BitLen(), family, example)
	}
	p := netip.PrefixFrom(a, n)
	if p.Masked() != p {
		return fmt.Sprintf(hostBitsSet+": the block it covers is written %q. Write %q for the block, or %q for the single address.",
			p.Masked().String(), p.Masked().String(), a.String())
	}
	return ""
}

// attributeOf is the attribute a path names, without the element of a set or
// list it may end with: ips, not ips[Value("10.0.0.300")].
func attributeOf(p path.Path) path.Path {
	for {
		last, _ := p.Steps().LastStep()
		switch last.(type) {
		case path.PathStepElementKeyValue, path.PathStepElementKeyInt:
			p = p.ParentPath()
		default:
			return p
		}
	}
}
