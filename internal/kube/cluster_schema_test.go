package kube

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

func TestVersionPattern(t *testing.T) {
	tests := []struct{ name, value, wantDetail string }{
		{"1.31", "1.31", ""},
		{"1.9", "1.9", ""},
		{"1.100", "1.100", ""},
		{"with patch", "1.31.4", `Attribute version: "1.31.4" is not valid: it must be a Kubernetes minor version "1.NN" (without patch number). For example: version = "1.31".`},
		{"v prefix", "v1.31", `Attribute version: "v1.31" is not valid: it must be a Kubernetes minor version "1.NN" (without patch number). For example: version = "1.31".`},
		{"major 2", "2.0", `Attribute version: "2.0" is not valid: it must be a Kubernetes minor version "1.NN" (without patch number). For example: version = "1.31".`},
		{"trailing newline", "1.31\n", `Attribute version: "1.31\n" is not valid: it must be a Kubernetes minor version "1.NN" (without patch number). For example: version = "1.31".`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var resp validator.StringResponse
			versionPattern.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("version"), ConfigValue: types.StringValue(tt.value)}, &resp)
			var detail string
			if resp.Diagnostics.HasError() {
				d := resp.Diagnostics.Errors()[0]
				if d.Summary() != "Invalid version" {
					t.Errorf("summary = %q, want %q", d.Summary(), "Invalid version")
				}
				detail = d.Detail()
			}
			if detail != tt.wantDetail {
				t.Errorf("detail =\n %q\nwant\n %q", detail, tt.wantDetail)
			}
		})
	}
	if got, want := versionPattern.Description(context.Background()), `value must be a Kubernetes minor version "1.NN" (without patch number)`; got != want {
		t.Errorf("Description = %q, want %q", got, want)
	}
}

// mayRefuse ends the warnings of the checks that only warn.
const mayRefuse = " The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply."

// TestSchemaWiresTheValidators checks that each attribute users set carries
// the validator whose messages are tested above, as an error where the
// schema or a report refuses the value, as a warning (its detail ending with
// mayRefuse) otherwise.
func TestSchemaWiresTheValidators(t *testing.T) {
	s := clusterSchema(context.Background())
	tests := []struct {
		path       []string // attribute names, through single nested blocks
		bad        string
		wantDetail string
	}{
		{[]string{"service_name"}, "a/b", `Attribute service_name: "a/b" is not valid: it must be a Public Cloud project id: letters, digits, '-' or '_', at most 64 characters. For example: service_name = "0123456789abcdef0123456789abcdef".`},
		{[]string{"name"}, "a\nb", `Attribute name: "a\nb" contains a control character (such as a newline or a tab), which is not allowed.` + mayRefuse},
		{[]string{"region"}, "gra11", `Attribute region: "gra11" is not valid: it must be an OVHcloud region name in upper case. For example: region = "GRA11".` + mayRefuse},
		{[]string{"version"}, "1.31.2", `Attribute version: "1.31.2" is not valid: it must be a Kubernetes minor version "1.NN" (without patch number). For example: version = "1.31".`},
		{[]string{"kube_proxy_mode"}, "IPTABLES", `Attribute kube_proxy_mode: "IPTABLES" is not an allowed value. Allowed values: "iptables", "ipvs". Values are case-sensitive: did you mean "iptables"? For example: kube_proxy_mode = "iptables".`},
		{[]string{"private_network_id"}, "a b", `Attribute private_network_id: "a b" is not valid: it must be an OpenStack network id: letters, digits, '-', '_' or '.'. For example: private_network_id = "3f8a4a6e-5d61-4c7b-9e3a-1b2c3d4e5f60".` + mayRefuse},
		{[]string{"nodes_subnet_id"}, "x", `Attribute nodes_subnet_id: "x" is not valid: it must be an OpenStack subnet UUID. For example: nodes_subnet_id = "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11".` + mayRefuse},
		{[]string{"load_balancers_subnet_id"}, "", `Attribute load_balancers_subnet_id: "" is not valid: it must be an OpenStack subnet UUID. For example: load_balancers_subnet_id = "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11".`},
		{[]string{"update_policy"}, "never", `Attribute update_policy: "never" is not an allowed value. Allowed values: "ALWAYS_UPDATE", "MINIMAL_DOWNTIME", "NEVER_UPDATE". For example: update_policy = "ALWAYS_UPDATE".`},
		{[]string{"reset_worker_nodes_policy"}, "Delete", `Attribute reset_worker_nodes_policy: "Delete" is not an allowed value. Allowed values: "delete", "reinstall". Values are case-sensitive: did you mean "delete"? For example: reset_worker_nodes_policy = "delete".`},
		{[]string{"customization_kube_proxy", "ipvs", "scheduler"}, "wrr", `Attribute customization_kube_proxy[0].ipvs[0].scheduler: "wrr" is not an allowed value. Allowed values: "rr", "lc", "dh", "sh", "sed", "nq". For example: scheduler = "rr".`},
		{[]string{"ip_allocation_policy", "pods_ipv4_cidr"}, "10.2.3.0/16", `Attribute ip_allocation_policy[0].pods_ipv4_cidr: "10.2.3.0/16" is not a valid IPv4 CIDR block: host bits are set; the block starts at 10.2.0.0/16. For example: pods_ipv4_cidr = "10.2.0.0/16".` + mayRefuse},
		{[]string{"ip_allocation_policy", "services_ipv4_cidr"}, "fd00::/108", `Attribute ip_allocation_policy[0].services_ipv4_cidr: "fd00::/108" is not a valid IPv4 CIDR block: only IPv4 blocks are supported. For example: services_ipv4_cidr = "10.3.0.0/16".`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.path, "."), func(t *testing.T) {
			attrs := s.Attributes
			blocks := s.Blocks
			p := path.Empty()
			for i, step := range tt.path {
				if i == len(tt.path)-1 {
					p = p.AtName(step)
					break
				}
				b, ok := blocks[step].(schema.ListNestedBlock)
				if !ok {
					t.Fatalf("no list block %s", step)
				}
				p = p.AtName(step).AtListIndex(0)
				attrs, blocks = b.NestedObject.Attributes, b.NestedObject.Blocks
			}
			a, ok := attrs[tt.path[len(tt.path)-1]].(schema.StringAttribute)
			if !ok {
				t.Fatalf("no string attribute %s", tt.path[len(tt.path)-1])
			}
			var details []string
			for _, v := range a.Validators {
				inner := v
				if adv, ok := v.(validate.Advisory); ok {
					inner = adv.String
				}
				switch inner.(type) {
				case validate.OneOf, validate.Pattern, validate.IPv4CIDR, validate.Printable:
				default:
					continue // the framework's validators need the whole configuration
				}
				var resp validator.StringResponse
				v.ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: types.StringValue(tt.bad)}, &resp)
				for _, d := range resp.Diagnostics {
					// An error's detail as it is; a warning's must end with mayRefuse.
					if d.Severity() == diag.SeverityWarning && !strings.HasSuffix(d.Detail(), mayRefuse) {
						t.Errorf("warning without %q: %s", mayRefuse, d.Detail())
					}
					details = append(details, d.Detail())
				}
			}
			if len(details) != 1 || details[0] != tt.wantDetail {
				t.Fatalf("details = %q\nwant [%q]", details, tt.wantDetail)
			}
		})
	}
}
