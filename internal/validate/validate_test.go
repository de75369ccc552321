package validate

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// validateCase runs v on value at p and returns the one error's summary and
// detail, or empty strings when the value is accepted.
func validateCase(t *testing.T, v validator.String, p path.Path, value types.String) (string, string) {
	t.Helper()
	var resp validator.StringResponse
	v.ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: value}, &resp)
	switch n := resp.Diagnostics.ErrorsCount(); {
	case n == 0:
		if len(resp.Diagnostics) != 0 {
			t.Fatalf("unexpected diagnostics: %v", resp.Diagnostics)
		}
		return "", ""
	case n > 1:
		t.Fatalf("%d errors, want at most one: %v", n, resp.Diagnostics)
	}
	d := resp.Diagnostics.Errors()[0]
	return d.Summary(), d.Detail()
}

// runStringValidator returns the detail of the one error v reports, or "".
func runStringValidator(t *testing.T, v validator.String, p path.Path, value types.String) string {
	t.Helper()
	var resp validator.StringResponse
	v.ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: value}, &resp)
	switch n := resp.Diagnostics.ErrorsCount(); n {
	case 0:
		return ""
	case 1:
		return resp.Diagnostics.Errors()[0].Detail()
	default:
		t.Fatalf("%d errors: %v", n, resp.Diagnostics)
		return ""
	}
}

// mayRefuse ends every advisory warning, written out here so that a change
// of its words fails the tests.
const mayRefuse = " The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply."

// runStringWarning returns the detail of the one warning v reports, or "".
func runStringWarning(t *testing.T, v validator.String, p path.Path, value types.String) string {
	t.Helper()
	var resp validator.StringResponse
	v.ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: value}, &resp)
	switch n := resp.Diagnostics.WarningsCount(); n {
	case 0:
		return ""
	case 1:
		return resp.Diagnostics.Warnings()[0].Detail()
	default:
		t.Fatalf("%d warnings: %v", n, resp.Diagnostics)
		return ""
	}
}

type validatorCase struct {
	name        string
	path        path.Path
	value       string
	wantSummary string
	wantDetail  string // empty: the value is accepted
	warning     bool   // the value gets a warning, not an error
}

func runValidatorCases(t *testing.T, v validator.String, cases []validatorCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			if tt.warning {
				var resp validator.StringResponse
				v.ValidateString(context.Background(), validator.StringRequest{Path: tt.path, ConfigValue: types.StringValue(tt.value)}, &resp)
				if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
					t.Fatalf("diagnostics %v, want one warning", resp.Diagnostics)
				}
				w := resp.Diagnostics.Warnings()[0]
				if w.Summary() != tt.wantSummary || w.Detail() != tt.wantDetail {
					t.Errorf("warning =\n %q: %q\nwant\n %q: %q", w.Summary(), w.Detail(), tt.wantSummary, tt.wantDetail)
				}
				return
			}
			summary, detail := validateCase(t, v, tt.path, types.StringValue(tt.value))
			if tt.wantDetail == "" {
				if summary != "" {
					t.Fatalf("%q refused: %s: %s", tt.value, summary, detail)
				}
				return
			}
			if summary != tt.wantSummary {
				t.Errorf("summary = %q, want %q", summary, tt.wantSummary)
			}
			if detail != tt.wantDetail {
				t.Errorf("detail =\n %q\nwant\n %q", detail, tt.wantDetail)
			}
		})
	}
}

func TestValidatorsSkipNullAndUnknown(t *testing.T) {
	validators := map[string]validator.String{
		"oneOf":     NewOneOf("iptables", "ipvs"),
		"pattern":   Region,
		"cidr":      IPv4CIDR{Example: "10.2.0.0/16"},
		"printable": Printable{Max: 4},
	}
	for name, v := range validators {
		for _, value := range []types.String{types.StringNull(), types.StringUnknown()} {
			t.Run(name+"/"+value.String(), func(t *testing.T) {
				if summary, detail := validateCase(t, v, path.Root("x"), value); summary != "" {
					t.Fatalf("%s refused: %s: %s", value, summary, detail)
				}
			})
		}
		if name == "printable" {
			continue // an empty string is printable
		}
		// The empty string is a value and is checked.
		t.Run(name+"/empty", func(t *testing.T) {
			if summary, _ := validateCase(t, v, path.Root("x"), types.StringValue("")); summary == "" {
				t.Fatal("the empty string was accepted")
			}
		})
	}
}

func TestOneOf(t *testing.T) {
	scheduler := path.Root("customization_kube_proxy").AtListIndex(0).AtName("ipvs").AtListIndex(0).AtName("scheduler")
	enabled := path.Root("customization_apiserver").AtListIndex(0).AtName("admissionplugins").AtListIndex(0).AtName("enabled").AtListIndex(1)
	t.Run("kube_proxy_mode", func(t *testing.T) {
		runValidatorCases(t, NewOneOf("iptables", "ipvs"), []validatorCase{
			{name: "iptables", path: path.Root("kube_proxy_mode"), value: "iptables"},
			{name: "ipvs", path: path.Root("kube_proxy_mode"), value: "ipvs"},
			{
				name: "wrong case", path: path.Root("kube_proxy_mode"), value: "IPVS",
				wantSummary: "Invalid kube_proxy_mode",
				wantDetail: `Attribute kube_proxy_mode: "IPVS" is not an allowed value. Allowed values: "iptables", "ipvs". ` +
					`Values are case-sensitive: did you mean "ipvs"? For example: kube_proxy_mode = "iptables".`,
			},
			{
				name: "unknown value", path: path.Root("kube_proxy_mode"), value: "nftables",
				wantSummary: "Invalid kube_proxy_mode",
				wantDetail:  `Attribute kube_proxy_mode: "nftables" is not an allowed value. Allowed values: "iptables", "ipvs". For example: kube_proxy_mode = "iptables".`,
			},
			{
				name: "surrounding space", path: path.Root("kube_proxy_mode"), value: " ipvs",
				wantSummary: "Invalid kube_proxy_mode",
				wantDetail:  `Attribute kube_proxy_mode: " ipvs" is not an allowed value. Allowed values: "iptables", "ipvs". For example: kube_proxy_mode = "iptables".`,
			},
		})
	})
	t.Run("update_policy", func(t *testing.T) {
		runValidatorCases(t, NewOneOf("ALWAYS_UPDATE", "MINIMAL_DOWNTIME", "NEVER_UPDATE"), []validatorCase{
			{name: "NEVER_UPDATE", path: path.Root("update_policy"), value: "NEVER_UPDATE"},
			{
				name: "lower case", path: path.Root("update_policy"), value: "minimal_downtime",
				wantSummary: "Invalid update_policy",
				wantDetail: `Attribute update_policy: "minimal_downtime" is not an allowed value. Allowed values: "ALWAYS_UPDATE", ` +
					`"MINIMAL_DOWNTIME", "NEVER_UPDATE". Values are case-sensitive: did you mean "MINIMAL_DOWNTIME"? ` +
					`For example: update_policy = "ALWAYS_UPDATE".`,
			},
		})
	})
	t.Run("nested scheduler", func(t *testing.T) {
		runValidatorCases(t, NewOneOf("rr", "lc", "dh", "sh", "sed", "nq"), []validatorCase{
			{name: "rr", path: scheduler, value: "rr"},
			{name: "nq", path: scheduler, value: "nq"},
			{
				name: "upper case", path: scheduler, value: "RR",
				wantSummary: "Invalid scheduler",
				wantDetail: `Attribute customization_kube_proxy[0].ipvs[0].scheduler: "RR" is not an allowed value. Allowed values: ` +
					`"rr", "lc", "dh", "sh", "sed", "nq". Values are case-sensitive: did you mean "rr"? For example: scheduler = "rr".`,
			},
		})
	})
	t.Run("list element", func(t *testing.T) {
		runValidatorCases(t, NewOneOf("AlwaysPullImages", "NodeRestriction"), []validatorCase{
			{name: "known plugin", path: enabled, value: "NodeRestriction"},
			{
				name: "unknown plugin", path: enabled, value: "PodSecurityPolicy",
				wantSummary: "Invalid enabled",
				wantDetail: `Attribute customization_apiserver[0].admissionplugins[0].enabled[1]: "PodSecurityPolicy" is not an allowed ` +
					`value. Allowed values: "AlwaysPullImages", "NodeRestriction". For example: enabled = ["AlwaysPullImages"].`,
			},
		})
	})
	t.Run("plan and worker nodes policy", func(t *testing.T) {
		runValidatorCases(t, NewOneOf("free", "standard"), []validatorCase{
			{name: "free", path: path.Root("plan"), value: "free"},
			{name: "standard", path: path.Root("plan"), value: "standard"},
			{
				name: "Standard", path: path.Root("plan"), value: "Standard", wantSummary: "Invalid plan",
				wantDetail: `Attribute plan: "Standard" is not an allowed value. Allowed values: "free", "standard". Values are case-sensitive: did you mean "standard"? For example: plan = "free".`,
			},
		})
		runValidatorCases(t, NewOneOf("delete", "reinstall"), []validatorCase{
			{name: "reinstall", path: path.Root("reset_worker_nodes_policy"), value: "reinstall"},
			{
				name: "keep", path: path.Root("reset_worker_nodes_policy"), value: "keep", wantSummary: "Invalid reset_worker_nodes_policy",
				wantDetail: `Attribute reset_worker_nodes_policy: "keep" is not an allowed value. Allowed values: "delete", "reinstall". For example: reset_worker_nodes_policy = "delete".`,
			},
		})
	})
}

func TestPatterns(t *testing.T) {
	long := strings.Repeat("a", 100)
	tests := []struct {
		name  string
		v     Pattern
		attr  string
		cases []validatorCase
	}{
		{
			name: "service_name", v: ServiceName, attr: "service_name",
			cases: []validatorCase{
				{name: "hex id", value: "0123456789abcdef0123456789abcdef"},
				{name: "64 chars", value: strings.Repeat("a", 64)},
				{name: "65 chars", value: strings.Repeat("a", 65), wantDetail: `Attribute service_name: "` + strings.Repeat("a", 65) + `" is not valid: it must be a Public Cloud project id: letters, digits, '-' or '_', at most 64 characters. For example: service_name = "0123456789abcdef0123456789abcdef".`},
				{name: "slash", value: "abc/../def", wantDetail: `Attribute service_name: "abc/../def" is not valid: it must be a Public Cloud project id: letters, digits, '-' or '_', at most 64 characters. For example: service_name = "0123456789abcdef0123456789abcdef".`},
				{name: "leading dash", value: "-abc", wantDetail: `Attribute service_name: "-abc" is not valid: it must be a Public Cloud project id: letters, digits, '-' or '_', at most 64 characters. For example: service_name = "0123456789abcdef0123456789abcdef".`},
				{name: "overlong is cut in the message", value: long, wantDetail: `Attribute service_name: "` + strings.Repeat("a", 80) + `"... is not valid: it must be a Public Cloud project id: letters, digits, '-' or '_', at most 64 characters. For example: service_name = "0123456789abcdef0123456789abcdef".`},
			},
		},
		{
			name: "region", v: Region, attr: "region",
			cases: []validatorCase{
				{name: "GRA11", value: "GRA11"},
				{name: "EU-WEST-PAR", value: "EU-WEST-PAR"},
				{name: "lower case", value: "gra11", wantDetail: `Attribute region: "gra11" is not valid: it must be an OVHcloud region name in upper case. For example: region = "GRA11".`},
				{name: "one letter", value: "G", wantDetail: `Attribute region: "G" is not valid: it must be an OVHcloud region name in upper case. For example: region = "GRA11".`},
			},
		},
		{
			name: "subnet", v: SubnetID, attr: "nodes_subnet_id",
			cases: []validatorCase{
				{name: "uuid", value: "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11"},
				{name: "upper case uuid", value: "2E7B05C6-7A51-4F3B-95A3-0A2F8D5C7E11"},
				{name: "no dashes", value: "2e7b05c67a514f3b95a30a2f8d5c7e11", wantDetail: `Attribute nodes_subnet_id: "2e7b05c67a514f3b95a30a2f8d5c7e11" is not valid: it must be an OpenStack subnet UUID. For example: nodes_subnet_id = "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11".`},
				{name: "braces", value: "{2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11}", wantDetail: `Attribute nodes_subnet_id: "{2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11}" is not valid: it must be an OpenStack subnet UUID. For example: nodes_subnet_id = "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11".`},
			},
		},
		{
			name: "private network", v: NetworkID, attr: "private_network_id",
			cases: []validatorCase{
				{name: "uuid", value: "3f8a4a6e-5d61-4c7b-9e3a-1b2c3d4e5f60"},
				{name: "dotted", value: "pn-123.net_4"},
				{name: "slash", value: "pn/123", wantDetail: `Attribute private_network_id: "pn/123" is not valid: it must be an OpenStack network id: letters, digits, '-', '_' or '.'. For example: private_network_id = "3f8a4a6e-5d61-4c7b-9e3a-1b2c3d4e5f60".`},
				{name: "leading dot", value: ".pn", wantDetail: `Attribute private_network_id: ".pn" is not valid: it must be an OpenStack network id: letters, digits, '-', '_' or '.'. For example: private_network_id = "3f8a4a6e-5d61-4c7b-9e3a-1b2c3d4e5f60".`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cases := tt.cases
			for i := range cases {
				cases[i].path = path.Root(tt.attr)
				if cases[i].wantDetail != "" {
					cases[i].wantSummary = "Invalid " + tt.attr
				}
			}
			runValidatorCases(t, tt.v, cases)
		})
	}
}

func TestCIDR(t *testing.T) {
	pods := path.Root("ip_allocation_policy").AtListIndex(0).AtName("pods_ipv4_cidr")
	v := IPv4CIDR{Example: "10.2.0.0/16"}
	detail := func(value, reason string) string {
		return `Attribute ip_allocation_policy[0].pods_ipv4_cidr: "` + value + `" is not a valid IPv4 CIDR block: ` + reason +
			`. For example: pods_ipv4_cidr = "10.2.0.0/16".`
	}
	cases := []validatorCase{
		{name: "/16", value: "10.2.0.0/16"},
		{name: "/32", value: "192.168.1.7/32"},
		{name: "/0", value: "0.0.0.0/0"},
		// The schema's ipv4Block format takes a block with host bits: a warning.
		{name: "host bits set", value: "10.2.0.1/16", warning: true,
			wantDetail: detail("10.2.0.1/16", "host bits are set; the block starts at 10.2.0.0/16") + mayRefuse},
		{name: "host bits set /12", value: "172.31.255.255/12", warning: true,
			wantDetail: detail("172.31.255.255/12", "host bits are set; the block starts at 172.16.0.0/12") + mayRefuse},
		{name: "IPv6", value: "fd00:10::/64", wantDetail: detail("fd00:10::/64", "only IPv4 blocks are supported")},
		{name: "IPv4-mapped IPv6", value: "::ffff:10.2.0.0/112", wantDetail: detail("::ffff:10.2.0.0/112", "only IPv4 blocks are supported")},
		{name: "no prefix length", value: "10.2.0.0", wantDetail: detail("10.2.0.0", "it is not a CIDR block")},
		{name: "prefix too long", value: "10.2.0.0/33", wantDetail: detail("10.2.0.0/33", "it is not a CIDR block")},
		{name: "leading zeros", value: "010.2.0.0/16", wantDetail: detail("010.2.0.0/16", "it is not a CIDR block")},
		{name: "netmask form", value: "10.2.0.0/255.255.0.0", wantDetail: detail("10.2.0.0/255.255.0.0", "it is not a CIDR block")},
		{name: "garbage", value: "pods", wantDetail: detail("pods", "it is not a CIDR block")},
	}
	for i := range cases {
		cases[i].path = pods
		if cases[i].wantDetail != "" {
			cases[i].wantSummary = "Invalid pods_ipv4_cidr"
		}
	}
	runValidatorCases(t, v, cases)
}

func TestPrintable(t *testing.T) {
	v := Printable{Max: 128}
	name := path.Root("name")
	control := func(quoted string) string {
		return "Attribute name: " + quoted + " contains a control character (such as a newline or a tab), which is not allowed."
	}
	cases := []validatorCase{
		{name: "plain", value: "my-cluster"},
		{name: "spaces and punctuation", value: "prod cluster (GRA) #1"},
		{name: "non-ASCII letters", value: "clúster-été"},
		{name: "empty", value: ""},
		{name: "exactly the maximum", value: strings.Repeat("x", 128)},
		{
			name: "one byte too long", value: strings.Repeat("x", 129), wantSummary: "Invalid name",
			wantDetail: `Attribute name: "` + strings.Repeat("x", 80) + `"... is 129 characters long; the maximum is 128.`,
		},
		{
			name: "far too long", value: strings.Repeat("y", 5000), wantSummary: "Invalid name",
			wantDetail: `Attribute name: "` + strings.Repeat("y", 80) + `"... is 5000 characters long; the maximum is 128.`,
		},
		{name: "newline", value: "a\nb", wantSummary: "Invalid name", wantDetail: control(`"a\nb"`)},
		{name: "tab", value: "a\tb", wantSummary: "Invalid name", wantDetail: control(`"a\tb"`)},
		{name: "carriage return", value: "ab\r", wantSummary: "Invalid name", wantDetail: control(`"ab\r"`)},
		{name: "NUL", value: "a\x00b", wantSummary: "Invalid name", wantDetail: control(`"a\x00b"`)},
		{name: "escape", value: "\x1b[31mred", wantSummary: "Invalid name", wantDetail: control(`"\x1b[31mred"`)},
		{name: "DEL", value: "a\x7fb", wantSummary: "Invalid name", wantDetail: control(`"a\x7fb"`)},
		{name: "C1 control NEL", value: "a\u0085b", wantSummary: "Invalid name", wantDetail: control(`"a\u0085b"`)},
	}
	for i := range cases {
		cases[i].path = name
	}
	runValidatorCases(t, v, cases)
}

func TestLastStep(t *testing.T) {
	tests := map[string]string{
		"name": "name",
		"customization_kube_proxy[0].ipvs[0].scheduler":             "scheduler",
		"ip_allocation_policy[0].pods_ipv4_cidr":                    "pods_ipv4_cidr",
		"customization_apiserver[0].admissionplugins[0].enabled[1]": "enabled",
	}
	for in, want := range tests {
		if got := lastStep(in); got != want {
			t.Errorf("lastStep(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidatorDescriptions(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		v    validator.String
		want string
	}{
		{NewOneOf("iptables", "ipvs"), `value must be one of: "iptables", "ipvs"`},
		{Region, "value must be an OVHcloud region name in upper case"},
		{IPv4CIDR{}, "value must be an IPv4 CIDR block"},
		{Printable{Max: 128}, "value must be at most 128 printable characters"},
		{NotEmpty{Example: "kubernetes"}, "value must not be empty"},
		{IssuerURL{}, "value must be an https:// URL without query or fragment"},
		{RequiredClaim{}, "value must be a key=value pair"},
		{CACertificate{}, "value must be base64 of one or more PEM CERTIFICATE blocks"},
	}
	for _, tt := range tests {
		if got := tt.v.Description(ctx); got != tt.want {
			t.Errorf("Description = %q, want %q", got, tt.want)
		}
		if got := tt.v.MarkdownDescription(ctx); got != tt.want {
			t.Errorf("MarkdownDescription = %q, want %q", got, tt.want)
		}
	}
}

func TestPrintableCountsCharactersNotBytes(t *testing.T) {
	name := strings.Repeat("é", 100) // 200 bytes, 100 characters
	var resp validator.StringResponse
	Printable{Max: 128}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("name"), ConfigValue: types.StringValue(name)}, &resp)
	if resp.Diagnostics.HasError() {
		t.Errorf("100 characters refused: %v", resp.Diagnostics)
	}
}

func TestQuoteShortKeepsCharactersWhole(t *testing.T) {
	got := quoteShort("a" + strings.Repeat("é", 64))
	if strings.Contains(got, `\x`) || !strings.HasSuffix(got, `"...`) {
		t.Errorf("quoteShort cut a character: %s", got)
	}
}

func TestNotEmpty(t *testing.T) {
	if got := runStringValidator(t, NotEmpty{Example: "groups"}, path.Root("oidc_groups_claim").AtListIndex(0), types.StringValue("")); got !=
		`Attribute oidc_groups_claim[0]: "" is empty, which the API refuses. Remove it or give a value, for example: oidc_groups_claim = ["groups"].` {
		t.Errorf("list element: %s", got)
	}
	if got := runStringValidator(t, NotEmpty{Example: "kubernetes"}, path.Root("client_id"), types.StringValue("")); got !=
		`Attribute client_id: "" is empty, which the API refuses. Remove it or give a value, for example: client_id = "kubernetes".` {
		t.Errorf("attribute: %s", got)
	}
	for _, v := range []types.String{types.StringValue(" "), types.StringNull(), types.StringUnknown()} {
		if got := runStringValidator(t, NotEmpty{Example: "x"}, path.Root("client_id"), v); got != "" {
			t.Errorf("%v refused: %s", v, got)
		}
	}
}
