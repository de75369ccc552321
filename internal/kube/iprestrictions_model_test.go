package kube

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestIPBlockSemanticEquals(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		a, b ipBlockValue
		want bool
	}{
		{newIPBlock("10.0.0.1"), newIPBlock("10.0.0.1/32"), true},
		{newIPBlock("10.0.0.1/32"), newIPBlock("10.0.0.1"), true},
		{newIPBlock("2001:DB8::1"), newIPBlock("2001:db8:0::1/128"), true},
		{newIPBlock("2001:db8::/32"), newIPBlock("2001:0db8::/32"), true},
		{newIPBlock("10.0.0.0/8"), newIPBlock("10.0.0.0/8"), true},
		{newIPBlock("10.0.0.1/8"), newIPBlock("10.0.0.0/8"), false}, // another block to the API
		{newIPBlock("10.0.0.1"), newIPBlock("10.0.0.1/31"), false},
		{newIPBlock("10.0.0.1"), newIPBlock("::ffff:10.0.0.1"), false},
		{newIPBlock("office"), newIPBlock("office"), true},
		{newIPBlock("office"), newIPBlock("Office"), false},
		{ipBlockValue{StringValue: basetypes.NewStringNull()}, newIPBlock("10.0.0.1"), false},
		{ipBlockValue{StringValue: basetypes.NewStringUnknown()}, ipBlockValue{StringValue: basetypes.NewStringUnknown()}, true},
	} {
		got, diags := tt.a.StringSemanticEquals(ctx, tt.b)
		if diags.HasError() {
			t.Fatal(diags)
		}
		if got != tt.want {
			t.Errorf("%s semantically equals %s: %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if _, diags := newIPBlock("10.0.0.1").StringSemanticEquals(ctx, types.StringValue("10.0.0.1")); !diags.HasError() {
		t.Error("a plain string compared without error")
	}
}

// Equal compares spellings, so that the state records the configuration's.
func TestIPBlockEqualComparesSpellings(t *testing.T) {
	if newIPBlock("10.0.0.1").Equal(newIPBlock("10.0.0.1/32")) {
		t.Error("Equal ignores the spelling")
	}
	if !newIPBlock("10.0.0.1").Equal(newIPBlock("10.0.0.1")) {
		t.Error("Equal refuses the same spelling")
	}
	if newIPBlock("10.0.0.1").Equal(types.StringValue("10.0.0.1")) {
		t.Error("Equal accepts another type")
	}
	v, err := ipBlockType{}.ValueFromTerraform(context.Background(), tftypes.NewValue(tftypes.String, "10.0.0.1"))
	if err != nil || !v.Equal(newIPBlock("10.0.0.1")) {
		t.Errorf("ValueFromTerraform = %v, %v", v, err)
	}
}

func TestSameBlocks(t *testing.T) {
	for _, tt := range []struct {
		a, b []string
		want bool
	}{
		{[]string{"10.0.0.1", "2001:db8::/32"}, []string{"2001:DB8::/32", "10.0.0.1/32"}, true},
		{[]string{}, nil, true},
		{[]string{"10.0.0.0/8"}, []string{}, false},
		{[]string{"10.0.0.0/8"}, []string{"10.0.0.0/8", "192.0.2.0/24"}, false},
		{[]string{"10.0.0.1/8"}, []string{"10.0.0.0/8"}, false},
	} {
		if got := sameBlocks(tt.a, tt.b); got != tt.want {
			t.Errorf("sameBlocks(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestFlattenIPs(t *testing.T) {
	set, diags := flattenIPs([]string{"10.0.0.0/8", "198.51.100.7/32", "10.0.0.0/8"})
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got, want := ipStrings(set), []string{"10.0.0.0/8", "198.51.100.7/32"}; !slices.Equal(got, want) {
		t.Errorf("flattened %q, want %q", got, want)
	}
	empty, _ := flattenIPs(nil)
	if empty.IsNull() || len(empty.Elements()) != 0 {
		t.Errorf("no block flattens to %s, want an empty set", empty)
	}
}

func TestDescribeAndRespelled(t *testing.T) {
	if got := describeIPs(nil); got != "none" {
		t.Errorf("describeIPs(nil) = %q", got)
	}
	if got, want := describeIPs([]string{"10.0.0.0/8", "198.51.100.7"}), `["10.0.0.0/8", "198.51.100.7"]`; got != want {
		t.Errorf("describeIPs = %s, want %s", got, want)
	}
	got := respelled([]string{"10.0.0.0/8", "198.51.100.7", "2001:db8::1"}, []string{"10.0.0.0/8", "198.51.100.7/32", "2001:db8::1/128"})
	want := []string{`"198.51.100.7" (the API: "198.51.100.7/32")`, `"2001:db8::1" (the API: "2001:db8::1/128")`}
	if !slices.Equal(got, want) {
		t.Errorf("respelled = %q, want %q", got, want)
	}
}

// iprValue builds a value of the resource's schema.
func iprValue(t *testing.T, v map[string]any) tftypes.Value {
	t.Helper()
	return object(t, ipRestrictionsSchema(context.Background()).Type().TerraformType(context.Background()), v)
}

func ips(values ...string) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}

func TestIPRestrictionsValidateConfig(t *testing.T) {
	ctx := context.Background()
	s := ipRestrictionsSchema(ctx)
	for _, tt := range []struct {
		name string
		ips  []any
		want string
	}{
		{"distinct blocks", ips("10.0.0.0/8", "10.0.0.1", "2001:db8::/32"), ""},
		{"empty", ips(), ""},
		{"two spellings", ips("198.51.100.7", "198.51.100.7/32", "10.0.0.0/8"),
			`Error at ips: Duplicate IP block: Attribute ips: "198.51.100.7" and "198.51.100.7/32" are the same block, 198.51.100.7/32; the API stores it once. Keep one of them.`},
		{"two pairs", ips("2001:db8::1", "2001:DB8::1/128", "10.0.0.1/32", "10.0.0.1"),
			`Error at ips: Duplicate IP block: Attribute ips: "10.0.0.1" and "10.0.0.1/32" are the same block, 10.0.0.1/32; the API stores it once. Keep one of them.` + "\n" +
				`Error at ips: Duplicate IP block: Attribute ips: "2001:DB8::1/128" and "2001:db8::1" are the same block, 2001:db8::1/128; the API stores it once. Keep one of them.`},
		{"invalid values are left to the validator", ips("office", "office "), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := resource.ValidateConfigRequest{Config: tfsdk.Config{Schema: s, Raw: iprValue(t, map[string]any{
				"kube_id": "k", "ips": tt.ips,
			})}}
			var resp resource.ValidateConfigResponse
			(&ipRestrictionsResource{}).ValidateConfig(ctx, req, &resp)
			if got := describe(resp.Diagnostics); got != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestIPRestrictionsModifyPlan(t *testing.T) {
	ctx := context.Background()
	s := ipRestrictionsSchema(ctx)
	state := map[string]any{"id": "k", "service_name": "p", "kube_id": "k", "ips": ips("198.51.100.7/32", "10.0.0.0/8")}
	with := func(v []any) map[string]any {
		out := map[string]any{}
		for k, x := range state {
			out[k] = x
		}
		out["ips"] = v
		return out
	}
	unknownIPs := tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, tftypes.UnknownValue)
	for _, tt := range []struct {
		name  string
		plan  tftypes.Value
		state tftypes.Value
		want  string
	}{
		{"spelling only", iprValue(t, with(ips("198.51.100.7", "10.0.0.0/8"))), iprValue(t, state),
			`Warning at ips: IP restrictions differ only in spelling: Cluster k already holds these blocks, written otherwise: ` +
				`"198.51.100.7" (the API: "198.51.100.7/32"). A bare address is the same block as its /32 (or /128) form. ` +
				`The apply records the configuration's spelling in the state and sends nothing to the API.`},
		{"a block added", iprValue(t, with(ips("198.51.100.7", "10.0.0.0/8", "192.0.2.0/24"))), iprValue(t, state), ""},
		{"restored after a reset", iprValue(t, with(ips("198.51.100.7/32", "10.0.0.0/8"))), iprValue(t, with(ips())), ""},
		{"no change", iprValue(t, state), iprValue(t, state), ""},
		{"creation", iprValue(t, state), iprValue(t, nil), ""},
		{"destroy", iprValue(t, nil), iprValue(t, state), ""},
		{"unknown", func() tftypes.Value {
			v := iprValue(t, state)
			attrs := map[string]tftypes.Value{}
			_ = v.As(&attrs)
			attrs["ips"] = unknownIPs
			return tftypes.NewValue(v.Type(), attrs)
		}(), iprValue(t, state), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := resource.ModifyPlanRequest{
				Plan:  tfsdk.Plan{Schema: s, Raw: tt.plan},
				State: tfsdk.State{Schema: s, Raw: tt.state},
			}
			resp := resource.ModifyPlanResponse{Plan: req.Plan}
			(&ipRestrictionsResource{}).ModifyPlan(ctx, req, &resp)
			if got := describe(resp.Diagnostics); got != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// The cluster's reset warning tells that IP restrictions managed by this
// resource come back with the next apply.
func TestResetWarningMentionsIPRestrictions(t *testing.T) {
	ctx := context.Background()
	s := clusterSchema(ctx)
	state := map[string]any{
		"id": "kube-1", "service_name": "p", "region": "GRA11", "kube_proxy_mode": "iptables",
		"reset_instead_of_replace": true, "reset_worker_nodes_policy": "delete", "status": "READY",
	}
	plan := map[string]any{}
	for k, v := range state {
		plan[k] = v
	}
	plan["kube_proxy_mode"] = "ipvs"
	req := resource.ModifyPlanRequest{
		Config: tfsdk.Config{Schema: s, Raw: rawValue(t, map[string]any{"region": "GRA11", "kube_proxy_mode": "ipvs", "reset_instead_of_replace": true})},
		Plan:   tfsdk.Plan{Schema: s, Raw: rawValue(t, plan)},
		State:  tfsdk.State{Schema: s, Raw: rawValue(t, state)},
	}
	resp := resource.ModifyPlanResponse{Plan: req.Plan}
	(&clusterResource{}).ModifyPlan(ctx, req, &resp)
	const want = "persistent volumes and IP restrictions (those managed by ovh_cloud_project_kube_iprestrictions show up " +
		"in the next plan and are restored by the next apply)."
	if got := summaries(resp.Diagnostics); !strings.Contains(got, want) {
		t.Errorf("reset warning:\n%s\nwant it to contain:\n%s", got, want)
	}
}

// A set the framework reads from a plan holds ipBlockValue elements, which
// ipStrings reads; other elements are skipped.
func TestIPStrings(t *testing.T) {
	set := types.SetValueMust(ipBlockType{}, []attr.Value{newIPBlock("b"), newIPBlock("a"), ipBlockValue{StringValue: basetypes.NewStringUnknown()}})
	if got := ipStrings(set); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("ipStrings = %q", got)
	}
	if got := ipStrings(types.SetNull(ipBlockType{})); got == nil || len(got) != 0 {
		t.Errorf("ipStrings(null) = %#v, want an empty list", got)
	}
}
