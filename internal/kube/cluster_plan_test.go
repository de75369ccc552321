package kube

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// object builds a value of the resource's type from a sparse description:
// map[string]any for objects (missing attributes are null, missing blocks
// empty), []any for lists and sets, and Go scalars.
func object(t *testing.T, typ tftypes.Type, v any) tftypes.Value {
	t.Helper()
	switch typ := typ.(type) {
	case tftypes.Object:
		in, _ := v.(map[string]any)
		if v == nil {
			return tftypes.NewValue(typ, nil)
		}
		vals := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			if x, ok := in[name]; ok {
				vals[name] = object(t, at, x)
				continue
			}
			vals[name] = tftypes.NewValue(at, nil)
		}
		for name := range in {
			if _, ok := typ.AttributeTypes[name]; !ok {
				t.Fatalf("no attribute %q", name)
			}
		}
		return tftypes.NewValue(typ, vals)
	case tftypes.List, tftypes.Set:
		if v == nil {
			return tftypes.NewValue(typ, nil)
		}
		var elemType tftypes.Type
		switch c := typ.(type) {
		case tftypes.List:
			elemType = c.ElementType
		case tftypes.Set:
			elemType = c.ElementType
		}
		var elems []tftypes.Value
		for _, e := range v.([]any) {
			elems = append(elems, object(t, elemType, e))
		}
		return tftypes.NewValue(typ, elems)
	default:
		return tftypes.NewValue(typ, v)
	}
}

func rawValue(t *testing.T, v map[string]any) tftypes.Value {
	t.Helper()
	s := clusterSchema(context.Background())
	return object(t, s.Type().TerraformType(context.Background()), v)
}

func summaries(d diag.Diagnostics) string {
	var out []string
	for _, x := range d {
		out = append(out, x.Severity().String()+": "+x.Summary()+": "+x.Detail())
	}
	return strings.Join(out, "\n")
}

func TestConfigWarnings(t *testing.T) {
	const summary = "kube-proxy settings have no effect on a standard cluster"
	detail := func(set, verb string) string {
		return set + ` ` + verb + ` set, but plan = "standard" clusters run the Cilium CNI, which replaces kube-proxy: ` +
			`these settings will have no effect. Remove them, or use plan = "free" (Canal/Calico with kube-proxy).`
	}
	ciliumDetail := func(shown string) string {
		return `customization_cilium is set, but ` + shown + `: free clusters run Canal/Calico, not Cilium, so these settings ` +
			`will have no effect. Remove the block, or use plan = "standard".`
	}
	hubble := []any{map[string]any{"hubble": []any{map[string]any{"enabled": true}}}}
	ipvsOnly := []any{map[string]any{"ipvs": []any{map[string]any{"scheduler": "rr"}}}}
	iptables := []any{map[string]any{"iptables": []any{map[string]any{"sync_period": "PT30S"}}}}
	tests := []struct {
		name   string
		config map[string]any
		want   diag.Diagnostics
	}{
		{
			name:   "mode on standard",
			config: map[string]any{"region": "GRA11", "plan": "standard", "kube_proxy_mode": "ipvs"},
			want: diag.Diagnostics{diag.NewAttributeWarningDiagnostic(path.Root("kube_proxy_mode"), summary,
				detail("kube_proxy_mode", "is"))},
		},
		{
			name: "mode and customization on standard",
			config: map[string]any{"region": "GRA11", "plan": "standard", "kube_proxy_mode": "iptables",
				"customization_kube_proxy": iptables},
			want: diag.Diagnostics{diag.NewAttributeWarningDiagnostic(path.Root("kube_proxy_mode"), summary,
				detail("kube_proxy_mode and customization_kube_proxy", "are"))},
		},
		{
			name:   "customization alone on standard",
			config: map[string]any{"region": "GRA11", "plan": "standard", "customization_kube_proxy": iptables},
			want: diag.Diagnostics{diag.NewAttributeWarningDiagnostic(path.Root("customization_kube_proxy"), summary,
				detail("customization_kube_proxy", "is"))},
		},
		{
			name:   "free plan",
			config: map[string]any{"region": "GRA11", "plan": "free", "kube_proxy_mode": "ipvs"},
		},
		{
			name:   "standard without kube-proxy settings",
			config: map[string]any{"region": "GRA11", "plan": "standard"},
		},
		{
			name:   "cilium on standard",
			config: map[string]any{"region": "GRA11", "plan": "standard", "customization_cilium": hubble},
		},
		{
			name:   "cilium on free",
			config: map[string]any{"region": "GRA11", "plan": "free", "customization_cilium": hubble},
			want: diag.Diagnostics{diag.NewAttributeWarningDiagnostic(path.Root("customization_cilium"),
				"Cilium settings have no effect on a free cluster", ciliumDetail(`plan = "free"`))},
		},
		{
			name:   "cilium without plan",
			config: map[string]any{"region": "GRA11", "customization_cilium": hubble},
			want: diag.Diagnostics{diag.NewAttributeWarningDiagnostic(path.Root("customization_cilium"),
				"Cilium settings have no effect on a free cluster", ciliumDetail(`plan is not set, so the cluster gets the API's default, "free"`))},
		},
		{
			name:   "ipvs timings with iptables mode",
			config: map[string]any{"region": "GRA11", "kube_proxy_mode": "iptables", "customization_kube_proxy": ipvsOnly},
			want: diag.Diagnostics{diag.NewAttributeWarningDiagnostic(path.Root("customization_kube_proxy").AtListIndex(0).AtName("ipvs"),
				"kube-proxy timings of another mode",
				`customization_kube_proxy sets ipvs timings only, but kube_proxy_mode = "iptables": kube-proxy uses the timings `+
					`of the mode it runs, so these have no effect. Add an iptables block, or set kube_proxy_mode = "ipvs".`)},
		},
		{
			name:   "iptables timings with ipvs mode",
			config: map[string]any{"region": "GRA11", "kube_proxy_mode": "ipvs", "customization_kube_proxy": iptables},
			want: diag.Diagnostics{diag.NewAttributeWarningDiagnostic(path.Root("customization_kube_proxy").AtListIndex(0).AtName("iptables"),
				"kube-proxy timings of another mode",
				`customization_kube_proxy sets iptables timings only, but kube_proxy_mode = "ipvs": kube-proxy uses the timings `+
					`of the mode it runs, so these have no effect. Add an ipvs block, or set kube_proxy_mode = "iptables".`)},
		},
		{
			name:   "timings of the running mode",
			config: map[string]any{"region": "GRA11", "kube_proxy_mode": "ipvs", "customization_kube_proxy": ipvsOnly},
		},
		{
			name:   "a plan OVHcloud does not document",
			config: map[string]any{"region": "GRA11", "plan": "premium"},
			want: diag.Diagnostics{diag.NewAttributeWarningDiagnostic(path.Root("plan"), "Unknown cluster plan",
				`Attribute plan: "premium" is not a plan OVHcloud documents ("free" or "standard"). The API's schema takes any `+
					`name, so it is sent as written, and the cluster gets the features of the plan the API makes of it. For example: plan = "free".`)},
		},
		{
			name:   "a documented plan in another case",
			config: map[string]any{"region": "GRA11", "plan": "Standard"},
			want: diag.Diagnostics{diag.NewAttributeWarningDiagnostic(path.Root("plan"), "Unknown cluster plan",
				`Attribute plan: "Standard" is not a plan OVHcloud documents ("free" or "standard"). The API's schema takes any `+
					`name, so it is sent as written, and the cluster gets the features of the plan the API makes of it. For example: plan = "standard".`)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			var m clusterModel
			if d := (tfsdk.Config{Schema: clusterSchema(ctx), Raw: rawValue(t, tt.config)}).Get(ctx, &m); d.HasError() {
				t.Fatal(d)
			}
			// The path matters as much as the text: the CLI shows the
			// warning on the attribute it names.
			if got, want := describe(configWarnings(m)), describe(tt.want); got != want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// describe prints diagnostics with their attribute paths.
func describe(d diag.Diagnostics) string {
	var out []string
	for _, x := range d {
		at := "(no path)"
		if wp, ok := x.(diag.DiagnosticWithPath); ok {
			at = wp.Path().String()
		}
		out = append(out, x.Severity().String()+" at "+at+": "+x.Summary()+": "+x.Detail())
	}
	return strings.Join(out, "\n")
}

func TestModifyPlan_resetWarnsOrReplaces(t *testing.T) {
	ctx := context.Background()
	s := clusterSchema(ctx)
	state := map[string]any{
		"id": "kube-1", "service_name": "p", "region": "GRA11", "kube_proxy_mode": "iptables",
		"reset_instead_of_replace": false, "reset_worker_nodes_policy": "delete", "version": "1.31",
		"kubeconfig": "old", "status": "READY",
	}
	with := func(base map[string]any, kv ...any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}
	tests := []struct {
		name        string
		config      map[string]any
		plan        map[string]any
		wantReplace []path.Path
		wantDiag    string
	}{
		{
			name:        "mode change replaces by default",
			config:      map[string]any{"region": "GRA11", "kube_proxy_mode": "ipvs"},
			plan:        with(state, "kube_proxy_mode", "ipvs"),
			wantReplace: []path.Path{path.Root("kube_proxy_mode")},
		},
		{
			name:     "mode change resets when asked",
			config:   map[string]any{"region": "GRA11", "kube_proxy_mode": "ipvs", "reset_instead_of_replace": true},
			plan:     with(state, "kube_proxy_mode", "ipvs", "reset_instead_of_replace", true),
			wantDiag: "Warning: The cluster will be reset, erasing all Kubernetes data: Cluster kube-1 will be reset in place (POST /reset) because these attributes can only change on a reset:\n  kube_proxy_mode: \"iptables\" -> \"ipvs\"\n\nA reset keeps the cluster id and URL but erases ALL Kubernetes data",
		},
		{
			name:   "mode left out keeps the cluster",
			config: map[string]any{"region": "GRA11"},
			plan:   state,
		},
		{
			name:        "private network change replaces",
			config:      map[string]any{"region": "GRA11", "private_network_id": "pn-2"},
			plan:        with(state, "private_network_id", "pn-2"),
			wantReplace: []path.Path{path.Root("private_network_id")},
		},
		{
			name:     "version jump refused",
			config:   map[string]any{"region": "GRA11", "version": "1.33"},
			plan:     with(state, "version", "1.33"),
			wantDiag: `Error: Invalid version change: Attribute version: "1.33" is more than one minor version above the cluster's version "1.31"; upgrades go one minor version at a time. Apply version = "1.32" first, then the next one.`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := resource.ModifyPlanRequest{
				Config: tfsdk.Config{Schema: s, Raw: rawValue(t, tt.config)},
				Plan:   tfsdk.Plan{Schema: s, Raw: rawValue(t, tt.plan)},
				State:  tfsdk.State{Schema: s, Raw: rawValue(t, state)},
			}
			resp := resource.ModifyPlanResponse{Plan: req.Plan}
			(&clusterResource{}).ModifyPlan(ctx, req, &resp)
			got := summaries(resp.Diagnostics)
			if tt.wantDiag == "" && got != "" || !strings.HasPrefix(got, tt.wantDiag) {
				t.Errorf("diagnostics:\n%s\nwant prefix:\n%s", got, tt.wantDiag)
			}
			if len(resp.RequiresReplace) != len(tt.wantReplace) {
				t.Fatalf("RequiresReplace = %v, want %v", resp.RequiresReplace, tt.wantReplace)
			}
			for i := range tt.wantReplace {
				if !resp.RequiresReplace[i].Equal(tt.wantReplace[i]) {
					t.Errorf("RequiresReplace[%d] = %s, want %s", i, resp.RequiresReplace[i], tt.wantReplace[i])
				}
			}
			if strings.Contains(tt.wantDiag, "reset") {
				var kc types.String
				if diags := resp.Plan.GetAttribute(ctx, path.Root("kubeconfig"), &kc); diags.HasError() {
					t.Fatal(diags)
				}
				if !kc.IsUnknown() {
					t.Errorf("planned kubeconfig = %s, want unknown: a reset issues a new one", kc)
				}
			}
		})
	}
}

func TestModifyPlan_newNetworkDropsOldSubnets(t *testing.T) {
	ctx := context.Background()
	s := clusterSchema(ctx)
	state := map[string]any{
		"id": "kube-1", "service_name": "p", "region": "GRA11", "reset_instead_of_replace": true,
		"reset_worker_nodes_policy": "delete", "private_network_id": "pn-1",
		"nodes_subnet_id": "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11", "load_balancers_subnet_id": "7c1f3a2b-9d84-4e6f-8a5b-3c2d1e0f9a87",
	}
	plan := map[string]any{}
	for k, v := range state {
		plan[k] = v
	}
	plan["private_network_id"] = "pn-2"
	req := resource.ModifyPlanRequest{
		Config: tfsdk.Config{Schema: s, Raw: rawValue(t, map[string]any{"region": "GRA11", "private_network_id": "pn-2", "reset_instead_of_replace": true})},
		Plan:   tfsdk.Plan{Schema: s, Raw: rawValue(t, plan)},
		State:  tfsdk.State{Schema: s, Raw: rawValue(t, state)},
	}
	resp := resource.ModifyPlanResponse{Plan: req.Plan}
	(&clusterResource{}).ModifyPlan(ctx, req, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(summaries(resp.Diagnostics))
	}
	for _, attr := range []string{"nodes_subnet_id", "load_balancers_subnet_id"} {
		var v types.String
		resp.Plan.GetAttribute(ctx, path.Root(attr), &v)
		if !v.IsUnknown() {
			t.Errorf("planned %s = %s, want unknown: the old network's subnet must not be sent", attr, v)
		}
	}
	if !strings.Contains(summaries(resp.Diagnostics), "private_network_id: \"pn-1\" -> \"pn-2\"") {
		t.Errorf("no reset warning: %s", summaries(resp.Diagnostics))
	}
}

// A plan equal to the state, as most plans are, is left as it is, and still
// shows what the configuration alone warns about.
func TestModifyPlan_unchangedPlanKeepsItsWarnings(t *testing.T) {
	ctx := context.Background()
	s := clusterSchema(ctx)
	state := map[string]any{
		"id": "kube-1", "service_name": "p", "region": "GRA11", "plan": "standard", "kube_proxy_mode": "ipvs",
		"reset_instead_of_replace": false, "reset_worker_nodes_policy": "delete", "private_network_id": "pn-1",
		"load_balancers_subnet_id": "7c1f3a2b-9d84-4e6f-8a5b-3c2d1e0f9a87", "status": "READY",
		"kubeconfig_in_state": true, "kubeconfig": "apiVersion: v1",
	}
	req := resource.ModifyPlanRequest{
		Config: tfsdk.Config{Schema: s, Raw: rawValue(t, map[string]any{"region": "GRA11", "plan": "standard", "kube_proxy_mode": "ipvs", "private_network_id": "pn-1"})},
		Plan:   tfsdk.Plan{Schema: s, Raw: rawValue(t, state)},
		State:  tfsdk.State{Schema: s, Raw: rawValue(t, state)},
	}
	resp := resource.ModifyPlanResponse{Plan: req.Plan}
	(&clusterResource{}).ModifyPlan(ctx, req, &resp)
	got := summaries(resp.Diagnostics)
	for _, want := range []string{
		"Warning: kube-proxy settings have no effect on a standard cluster",
		`Warning: load_balancers_subnet_id cannot be removed: load_balancers_subnet_id was removed from the configuration, but the provider does not unset it: the cluster keeps subnet "7c1f3a2b-9d84-4e6f-8a5b-3c2d1e0f9a87".`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
		}
	}
	if resp.Diagnostics.HasError() || len(resp.RequiresReplace) > 0 || !resp.Plan.Raw.Equal(req.Plan.Raw) {
		t.Errorf("an unchanged plan was changed: %s, RequiresReplace %v", resp.Plan.Raw, resp.RequiresReplace)
	}
}

// An unchanged plan over a state without the kubeconfig the configuration
// wants (what an import leaves) plans the kubeconfig as fetched by the apply,
// and nothing else.
func TestModifyPlan_unchangedPlanFetchesAMissingKubeconfig(t *testing.T) {
	ctx := context.Background()
	s := clusterSchema(ctx)
	for _, tc := range []struct {
		name   string
		config any
		want   bool
	}{
		{"kubeconfig_in_state left out", nil, true},
		{"kubeconfig_in_state = true", true, true},
		{"kubeconfig_in_state = false", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			state := map[string]any{
				"id": "kube-1", "service_name": "p", "region": "GRA11", "kube_proxy_mode": "iptables",
				"reset_instead_of_replace": false, "reset_worker_nodes_policy": "delete", "status": "READY",
				"kubeconfig_in_state": tc.config,
			}
			config := map[string]any{"region": "GRA11", "kubeconfig_in_state": tc.config}
			req := resource.ModifyPlanRequest{
				Config: tfsdk.Config{Schema: s, Raw: rawValue(t, config)},
				Plan:   tfsdk.Plan{Schema: s, Raw: rawValue(t, state)},
				State:  tfsdk.State{Schema: s, Raw: rawValue(t, state)},
			}
			resp := resource.ModifyPlanResponse{Plan: req.Plan}
			(&clusterResource{}).ModifyPlan(ctx, req, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(summaries(resp.Diagnostics))
			}
			var kubeconfig types.String
			var attributes types.List
			resp.Plan.GetAttribute(ctx, path.Root("kubeconfig"), &kubeconfig)
			resp.Plan.GetAttribute(ctx, path.Root("kubeconfig_attributes"), &attributes)
			if kubeconfig.IsUnknown() != tc.want || attributes.IsUnknown() != tc.want {
				t.Errorf("planned kubeconfig %s, kubeconfig_attributes %s; want unknown: %v", kubeconfig, attributes, tc.want)
			}
			var status types.String
			resp.Plan.GetAttribute(ctx, path.Root("status"), &status)
			if status.ValueString() != "READY" || len(resp.RequiresReplace) > 0 {
				t.Errorf("status %s, RequiresReplace %v: only the kubeconfig may change", status, resp.RequiresReplace)
			}
		})
	}
}
