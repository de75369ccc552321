package validate

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestIPBlock(t *testing.T) {
	const example = ` For example: "203.0.113.0/24", "2001:db8::/32" or "198.51.100.7".`
	elem := func(v string) path.Path { return path.Root("ips").AtSetValue(types.StringValue(v)) }
	bad := func(name, value, detail string) validatorCase {
		return validatorCase{name: name, path: elem(value), value: value, wantSummary: "Invalid IP block", wantDetail: detail}
	}
	// The schema's ipBlock format takes a block with host bits: a warning.
	warn := func(name, value, detail string) validatorCase {
		c := bad(name, value, detail+mayRefuse)
		c.warning = true
		return c
	}
	good := func(name, value string) validatorCase {
		return validatorCase{name: name, path: elem(value), value: value}
	}
	runValidatorCases(t, IPBlock{}, []validatorCase{
		good("ipv4 block", "203.0.113.0/24"),
		good("ipv4 address", "198.51.100.7"),
		good("ipv4 /32", "198.51.100.7/32"),
		good("everything", "0.0.0.0/0"),
		good("ipv6 block", "2001:db8::/32"),
		good("ipv6 address", "2001:db8::1"),
		good("ipv6 /128", "2001:db8::1/128"),
		good("ipv6 upper case", "2001:DB8::/32"),
		bad("word", "office", `Attribute ips: "office" is not an IPv4 or IPv6 address or CIDR block.`+example),
		bad("bad octet", "10.0.0.300", `Attribute ips: "10.0.0.300" is not an IPv4 or IPv6 address or CIDR block.`+example),
		bad("empty", "", `Attribute ips: "" is not an IPv4 or IPv6 address or CIDR block.`+example),
		bad("space", " 10.0.0.1", `Attribute ips: " 10.0.0.1" is not an IPv4 or IPv6 address or CIDR block.`+example),
		bad("host name", "example.com/24", `Attribute ips: "example.com/24" is not an IPv4 or IPv6 address or CIDR block.`+example),
		bad("ipv4 prefix too long", "10.0.0.0/33",
			`Attribute ips: "10.0.0.0/33" is not a valid IP block: the prefix length after / must be a number from 0 to 32 for an IPv4 address.`+example),
		bad("ipv6 prefix too long", "2001:db8::/129",
			`Attribute ips: "2001:db8::/129" is not a valid IP block: the prefix length after / must be a number from 0 to 128 for an IPv6 address.`+example),
		bad("empty prefix", "10.0.0.0/",
			`Attribute ips: "10.0.0.0/" is not a valid IP block: the prefix length after / must be a number from 0 to 32 for an IPv4 address.`+example),
		bad("leading zero prefix", "10.0.0.0/08",
			`Attribute ips: "10.0.0.0/08" is not a valid IP block: the prefix length after / must be a number from 0 to 32 for an IPv4 address.`+example),
		warn("ipv4 host bits", "10.0.0.1/8",
			`Attribute ips: "10.0.0.1/8" has host bits set: the block it covers is written "10.0.0.0/8". Write "10.0.0.0/8" for the block, or "10.0.0.1" for the single address.`),
		warn("ipv6 host bits", "2001:db8::1/32",
			`Attribute ips: "2001:db8::1/32" has host bits set: the block it covers is written "2001:db8::/32". Write "2001:db8::/32" for the block, or "2001:db8::1" for the single address.`),
		bad("zone", "fe80::1%eth0",
			`Attribute ips: "fe80::1%eth0" is not a valid IP block: an address with a zone (the part after %) cannot restrict access.`+example),
		bad("zone in a block", "fe80::%eth0/64",
			`Attribute ips: "fe80::%eth0/64" is not a valid IP block: an address with a zone (the part after %) cannot restrict access.`+example),
	})
}

// Unknown and null values are left to be checked once known.
func TestIPBlockSkipsUnknownAndNull(t *testing.T) {
	for _, v := range []types.String{types.StringUnknown(), types.StringNull()} {
		if summary, detail := validateCase(t, IPBlock{}, path.Root("ips"), v); summary != "" {
			t.Errorf("%v refused: %s", v, detail)
		}
	}
}

// Every value the validator accepts parses, and to the block it denotes.
func TestParseIPBlock(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string // "" when it does not parse
	}{
		{"10.0.0.1", "10.0.0.1/32"},
		{"10.0.0.1/32", "10.0.0.1/32"},
		{"10.0.0.0/8", "10.0.0.0/8"},
		{"10.0.0.1/8", "10.0.0.1/8"}, // as written: the API's value is read as it is
		{"2001:DB8:0::1", "2001:db8::1/128"},
		{"2001:db8::/32", "2001:db8::/32"},
		{"fe80::1%eth0", ""},
		{"10.0.0.300", ""},
		{"", ""},
	} {
		p, ok := ParseIPBlock(tt.in)
		got := ""
		if ok {
			got = p.String()
		}
		if got != tt.want {
			t.Errorf("ParseIPBlock(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if ok && ipBlockProblem(tt.in) == "" && p != p.Masked() {
			t.Errorf("%q is accepted but is not a network", tt.in)
		}
	}
}

func TestAttributeOf(t *testing.T) {
	for _, tt := range []struct {
		in   path.Path
		want string
	}{
		{path.Root("ips").AtSetValue(types.StringValue("10.0.0.300")), "ips"},
		{path.Root("a").AtListIndex(0).AtName("b").AtListIndex(2), "a[0].b"},
		{path.Root("ips"), "ips"},
	} {
		if got := attributeOf(tt.in).String(); got != tt.want {
			t.Errorf("attributeOf(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
