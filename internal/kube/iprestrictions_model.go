package kube

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ipRestrictionsModel is the state and plan of
// ovh_cloud_project_kube_iprestrictions.
type ipRestrictionsModel struct {
	ID          types.String   `tfsdk:"id"`
	ServiceName types.String   `tfsdk:"service_name"`
	KubeID      types.String   `tfsdk:"kube_id"`
	IPs         types.Set      `tfsdk:"ips"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

func (m *ipRestrictionsModel) timeoutsBlock() timeouts.Value { return m.Timeouts }

// ipStrings returns the elements of a set of blocks, sorted so that a body
// sent twice is the same; unknown and null elements are left out.
func ipStrings(s types.Set) []string {
	out := []string{}
	for _, e := range s.Elements() {
		if e.IsNull() || e.IsUnknown() {
			continue
		}
		if v, ok := e.(ipBlockValue); ok {
			out = append(out, v.ValueString())
		}
	}
	slices.Sort(out)
	return out
}

// flattenIPs is the set of the blocks the API holds, as it spells them. The
// framework keeps the prior spelling of each block that is semantically
// equal (see ipBlockValue). A block the API would list twice is kept once.
func flattenIPs(ips []string) (types.Set, diag.Diagnostics) {
	elems := make([]attr.Value, 0, len(ips))
	seen := map[string]bool{}
	for _, ip := range ips {
		if seen[ip] {
			continue
		}
		seen[ip] = true
		elems = append(elems, newIPBlock(ip))
	}
	return types.SetValue(ipBlockType{}, elems)
}

// sameBlocks reports whether two lists hold the same blocks, whatever their
// order and spelling.
func sameBlocks(a, b []string) bool {
	return slices.Equal(blockKeys(a), blockKeys(b))
}

func blockKeys(ips []string) []string {
	keys := make([]string, 0, len(ips))
	for _, ip := range ips {
		keys = append(keys, blockKey(ip))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// describeIPs renders a list for a message: ["10.0.0.0/8", "198.51.100.7/32"],
// or "none" for an empty one.
func describeIPs(ips []string) string {
	if len(ips) == 0 {
		return "none"
	}
	return "[" + strings.Join(quoted(ips), ", ") + "]"
}

// respelled lists the blocks that plan and state write differently, as
// "plan" (the API: "state") pairs, for the warning of a change that sends
// nothing.
func respelled(plan, state []string) []string {
	var out []string
	for _, p := range plan {
		if slices.Contains(state, p) {
			continue
		}
		if i := slices.IndexFunc(state, func(s string) bool { return sameBlock(p, s) }); i >= 0 {
			out = append(out, fmt.Sprintf("%q (the API: %q)", p, state[i]))
		}
	}
	return out
}
