package kube

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/isoduration"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// ---- helpers ----

func sp(s string) *string { return &s }

func str(s string) types.String { return types.StringValue(s) }

func dur(s string) isoduration.Duration { return isoduration.NewDurationValue(s) }

var (
	dnull    = isoduration.NewDurationNull()
	dunknown = isoduration.NewDurationUnknown()
	snull    = types.StringNull()
	lnull    = types.ListNull(types.StringType)
)

func strList(vals ...string) types.List {
	elems := make([]attr.Value, len(vals))
	for i, v := range vals {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	return string(b)
}

// showKubeProxy renders blocks so that null, unknown, absent and empty all
// differ: nil is "nil", an empty list "[]", a null value "<null>".
func showKubeProxy(blocks []kubeProxyModel) string {
	if blocks == nil {
		return "nil"
	}
	var parts []string
	for _, b := range blocks {
		ipt := "nil"
		if b.IPTables != nil {
			var s []string
			for _, x := range b.IPTables {
				s = append(s, fmt.Sprintf("{min=%s sync=%s}", x.MinSyncPeriod.String(), x.SyncPeriod.String()))
			}
			ipt = "[" + strings.Join(s, " ") + "]"
		}
		ipvs := "nil"
		if b.IPVS != nil {
			var s []string
			for _, x := range b.IPVS {
				s = append(s, fmt.Sprintf("{min=%s sync=%s scheduler=%s tcp=%s fin=%s udp=%s}", x.MinSyncPeriod.String(),
					x.SyncPeriod.String(), x.Scheduler.String(), x.TCPTimeout.String(), x.TCPFinTimeout.String(), x.UDPTimeout.String()))
			}
			ipvs = "[" + strings.Join(s, " ") + "]"
		}
		parts = append(parts, fmt.Sprintf("{iptables:%s ipvs:%s}", ipt, ipvs))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func showAPIServer(blocks []apiServerModel) string {
	if blocks == nil {
		return "nil"
	}
	var parts []string
	for _, b := range blocks {
		ap := "nil"
		if b.AdmissionPlugins != nil {
			var s []string
			for _, x := range b.AdmissionPlugins {
				s = append(s, fmt.Sprintf("{enabled=%s disabled=%s}", x.Enabled.String(), x.Disabled.String()))
			}
			ap = "[" + strings.Join(s, " ") + "]"
		}
		parts = append(parts, "{admissionplugins:"+ap+"}")
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func showPrivateNet(blocks []privateNetModel) string {
	if blocks == nil {
		return "nil"
	}
	var s []string
	for _, b := range blocks {
		s = append(s, fmt.Sprintf("{gateway=%s routing=%s}", b.DefaultVrackGateway.String(), b.PrivateNetworkRoutingAsDefault.String()))
	}
	return "[" + strings.Join(s, " ") + "]"
}

func showIPAllocation(blocks []ipAllocationModel) string {
	if blocks == nil {
		return "nil"
	}
	var s []string
	for _, b := range blocks {
		s = append(s, fmt.Sprintf("{pods=%s services=%s}", b.PodsIPv4CIDR.String(), b.ServicesIPv4CIDR.String()))
	}
	return "[" + strings.Join(s, " ") + "]"
}

// showDiags renders errors and warnings with their path, summary and detail.
func showDiags(diags diag.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		p := ""
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			p = dp.Path().String()
		}
		out = append(out, fmt.Sprintf("%s|%s|%s|%s", d.Severity(), p, d.Summary(), d.Detail()))
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func iptablesBlock(minSync, sync isoduration.Duration) []kubeProxyModel {
	return []kubeProxyModel{{IPTables: []iptablesModel{{MinSyncPeriod: minSync, SyncPeriod: sync}}}}
}

func ipvsBlock(minSync, sync isoduration.Duration, scheduler types.String, tcp, fin, udp isoduration.Duration) ipvsModel {
	return ipvsModel{MinSyncPeriod: minSync, SyncPeriod: sync, Scheduler: scheduler, TCPTimeout: tcp, TCPFinTimeout: fin, UDPTimeout: udp}
}

func pluginsBlock(enabled, disabled types.List) []apiServerModel {
	return []apiServerModel{{AdmissionPlugins: []admissionPluginsModel{{Enabled: enabled, Disabled: disabled}}}}
}

// fullModel sets every argument, each to a distinct value.
func fullModel() clusterModel {
	return clusterModel{clusterAttributes: clusterAttributes{Region: str("GRA11"),
		Name:                   str("c1"),
		Version:                str("1.31"),
		Plan:                   str("free"),
		UpdatePolicy:           str("MINIMAL_DOWNTIME"),
		KubeProxyMode:          str("ipvs"),
		CustomizationAPIServer: pluginsBlock(strList("AlwaysPullImages"), strList("NodeRestriction")),
		CustomizationKubeProxy: []kubeProxyModel{{
			IPTables: []iptablesModel{{MinSyncPeriod: dur("PT1S"), SyncPeriod: dur("PT30S")}},
			IPVS:     []ipvsModel{ipvsBlock(dur("PT2S"), dur("PT60S"), str("lc"), dur("PT900S"), dur("PT120S"), dur("PT300S"))},
		}},
		PrivateNetworkID:            str("pn-1"),
		NodesSubnetID:               str("sub-nodes"),
		LoadBalancersSubnetID:       str("sub-lb"),
		PrivateNetworkConfiguration: []privateNetModel{{DefaultVrackGateway: str("10.0.0.1"), PrivateNetworkRoutingAsDefault: types.BoolValue(true)}},
		IPAllocationPolicy:          []ipAllocationModel{{PodsIPv4CIDR: str("10.2.0.0/16"), ServicesIPv4CIDR: str("10.3.0.0/16")}}}, ResetInsteadOfReplace: types.BoolValue(true),
		ResetWorkerNodesPolicy: str("reinstall"),
	}
}

const fullCustomizationJSON = `{"apiServer":{"admissionPlugins":{"enabled":["AlwaysPullImages"],"disabled":["NodeRestriction"]}},` +
	`"kubeProxy":{"iptables":{"minSyncPeriod":"PT1S","syncPeriod":"PT30S"},` +
	`"ipvs":{"minSyncPeriod":"PT2S","scheduler":"lc","syncPeriod":"PT60S","tcpFinTimeout":"PT120S","tcpTimeout":"PT900S","udpTimeout":"PT300S"}}}`

// ---- expand ----

func TestExpandKubeProxy(t *testing.T) {
	tests := []struct {
		name   string
		blocks []kubeProxyModel
		want   string
	}{
		{"nil", nil, `null`},
		{"no block", []kubeProxyModel{}, `null`},
		{"empty block", []kubeProxyModel{{}}, `{}`},
		{"iptables min only", iptablesBlock(dur("PT1S"), dnull), `{"iptables":{"minSyncPeriod":"PT1S"}}`},
		{"iptables sync only", iptablesBlock(dnull, dur("PT30S")), `{"iptables":{"syncPeriod":"PT30S"}}`},
		{"spelling kept as written", iptablesBlock(dur("PT60S"), dur("PT0S")), `{"iptables":{"minSyncPeriod":"PT60S","syncPeriod":"PT0S"}}`},
		{"empty and unknown are not sent", iptablesBlock(dur(""), dunknown), `{"iptables":{}}`},
		{
			"ipvs everything",
			[]kubeProxyModel{{IPVS: []ipvsModel{ipvsBlock(dur("PT2S"), dur("PT60S"), str("lc"), dur("PT900S"), dur("PT120S"), dur("PT300S"))}}},
			`{"ipvs":{"minSyncPeriod":"PT2S","scheduler":"lc","syncPeriod":"PT60S","tcpFinTimeout":"PT120S","tcpTimeout":"PT900S","udpTimeout":"PT300S"}}`,
		},
		{
			"ipvs scheduler only",
			[]kubeProxyModel{{IPVS: []ipvsModel{ipvsBlock(dnull, dnull, str("rr"), dnull, dnull, dnull)}}},
			`{"ipvs":{"scheduler":"rr"}}`,
		},
		{
			"ipvs empty scheduler is not sent",
			[]kubeProxyModel{{IPVS: []ipvsModel{ipvsBlock(dnull, dnull, str(""), dnull, dnull, dur("PT5S"))}}},
			`{"ipvs":{"udpTimeout":"PT5S"}}`,
		},
		{
			"both modes",
			[]kubeProxyModel{{
				IPTables: []iptablesModel{{MinSyncPeriod: dur("PT1S"), SyncPeriod: dnull}},
				IPVS:     []ipvsModel{ipvsBlock(dnull, dur("PT30S"), snull, dnull, dnull, dnull)},
			}},
			`{"iptables":{"minSyncPeriod":"PT1S"},"ipvs":{"syncPeriod":"PT30S"}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jsonOf(t, expandKubeProxy(tt.blocks)); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestExpandAPIServer(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		blocks  []apiServerModel
		want    string
		wantErr bool
	}{
		{name: "nil", blocks: nil, want: `null`},
		{name: "empty block", blocks: []apiServerModel{{}}, want: `{}`},
		{name: "enabled only", blocks: pluginsBlock(strList("AlwaysPullImages"), lnull),
			want: `{"admissionPlugins":{"enabled":["AlwaysPullImages"],"disabled":[]}}`},
		{name: "disabled only", blocks: pluginsBlock(lnull, strList("NodeRestriction", "AlwaysPullImages")),
			want: `{"admissionPlugins":{"enabled":[],"disabled":["NodeRestriction","AlwaysPullImages"]}}`},
		{name: "both null", blocks: pluginsBlock(lnull, lnull),
			want: `{"admissionPlugins":{"enabled":[],"disabled":[]}}`},
		{name: "unknown lists", blocks: pluginsBlock(types.ListUnknown(types.StringType), strList()),
			want: `{"admissionPlugins":{"enabled":[],"disabled":[]}}`},
		{name: "wrong element type", blocks: pluginsBlock(types.ListValueMust(types.Int64Type, []attr.Value{types.Int64Value(1)}), lnull),
			wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := expandAPIServer(ctx, tt.blocks)
			if diags.HasError() != tt.wantErr {
				t.Fatalf("diags = %v, want error %v", diags, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if s := jsonOf(t, got); s != tt.want {
				t.Fatalf("got  %s\nwant %s", s, tt.want)
			}
		})
	}
}

func TestCustomization(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		m    clusterModel
		want string
	}{
		{"nothing", clusterModel{}, `null`},
		{"kube proxy only", clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: iptablesBlock(dur("PT1S"), dnull)}},
			`{"kubeProxy":{"iptables":{"minSyncPeriod":"PT1S"}}}`},
		{"empty kube proxy block", clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: []kubeProxyModel{{}}}}, `{"kubeProxy":{}}`},
		{"api server only", clusterModel{clusterAttributes: clusterAttributes{CustomizationAPIServer: pluginsBlock(strList("NodeRestriction"), lnull)}},
			`{"apiServer":{"admissionPlugins":{"enabled":["NodeRestriction"],"disabled":[]}}}`},
		{"both", fullModel(), fullCustomizationJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := tt.m.customization(ctx)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if s := jsonOf(t, got); s != tt.want {
				t.Fatalf("got  %s\nwant %s", s, tt.want)
			}
		})
	}
}

func TestExpandPrivateNetworkConfiguration(t *testing.T) {
	tests := []struct {
		name   string
		blocks []privateNetModel
		want   string
	}{
		{"nil", nil, `null`},
		{"gateway and private routing", []privateNetModel{{DefaultVrackGateway: str("10.0.0.1"), PrivateNetworkRoutingAsDefault: types.BoolValue(true)}},
			`{"defaultVrackGateway":"10.0.0.1","privateNetworkRoutingAsDefault":true}`},
		// An empty gateway is how the API disables it: it is sent.
		{"no gateway", []privateNetModel{{DefaultVrackGateway: str(""), PrivateNetworkRoutingAsDefault: types.BoolValue(false)}},
			`{"defaultVrackGateway":"","privateNetworkRoutingAsDefault":false}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jsonOf(t, expandPrivateNetworkConfiguration(tt.blocks)); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestExpandIPAllocationPolicy(t *testing.T) {
	tests := []struct {
		name   string
		blocks []ipAllocationModel
		want   string
	}{
		{"nil", nil, `null`},
		{"both null", []ipAllocationModel{{PodsIPv4CIDR: snull, ServicesIPv4CIDR: snull}}, `null`},
		{"both empty", []ipAllocationModel{{PodsIPv4CIDR: str(""), ServicesIPv4CIDR: str("")}}, `null`},
		{"unknown", []ipAllocationModel{{PodsIPv4CIDR: types.StringUnknown(), ServicesIPv4CIDR: snull}}, `null`},
		{"pods only", []ipAllocationModel{{PodsIPv4CIDR: str("10.2.0.0/16"), ServicesIPv4CIDR: snull}}, `{"podsIpv4Cidr":"10.2.0.0/16"}`},
		{"services only", []ipAllocationModel{{PodsIPv4CIDR: str(""), ServicesIPv4CIDR: str("10.3.0.0/16")}}, `{"servicesIpv4Cidr":"10.3.0.0/16"}`},
		{"both", []ipAllocationModel{{PodsIPv4CIDR: str("10.2.0.0/16"), ServicesIPv4CIDR: str("10.3.0.0/16")}},
			`{"podsIpv4Cidr":"10.2.0.0/16","servicesIpv4Cidr":"10.3.0.0/16"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jsonOf(t, expandIPAllocationPolicy(tt.blocks)); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCreateRequestSendsOnlyWhatIsSet(t *testing.T) {
	ctx := context.Background()
	unset := clusterModel{clusterAttributes: clusterAttributes{Region: str("GRA11"),
		Name:                  str(""),
		Version:               types.StringUnknown(),
		Plan:                  snull,
		UpdatePolicy:          types.StringUnknown(),
		KubeProxyMode:         types.StringUnknown(),
		PrivateNetworkID:      str(""),
		NodesSubnetID:         types.StringUnknown(),
		LoadBalancersSubnetID: str(""),
		IPAllocationPolicy:    []ipAllocationModel{{PodsIPv4CIDR: str(""), ServicesIPv4CIDR: snull}}},
	}
	tests := []struct {
		name string
		m    clusterModel
		want string
	}{
		{"region only", clusterModel{clusterAttributes: clusterAttributes{Region: str("GRA11")}}, `{"region":"GRA11"}`},
		{"empty, unknown and null are left out", unset, `{"region":"GRA11"}`},
		{"load balancers subnet", clusterModel{clusterAttributes: clusterAttributes{Region: str("GRA11"), PrivateNetworkID: str("pn-1"), LoadBalancersSubnetID: str("sub-lb")}},
			`{"region":"GRA11","privateNetworkId":"pn-1","loadBalancersSubnetId":"sub-lb"}`},
		{"everything", fullModel(),
			`{"region":"GRA11","name":"c1","version":"1.31","plan":"free","updatePolicy":"MINIMAL_DOWNTIME","kubeProxyMode":"ipvs",` +
				`"customization":` + fullCustomizationJSON + `,"privateNetworkId":"pn-1",` +
				`"privateNetworkConfiguration":{"defaultVrackGateway":"10.0.0.1","privateNetworkRoutingAsDefault":true},` +
				`"nodesSubnetId":"sub-nodes","loadBalancersSubnetId":"sub-lb",` +
				`"ipAllocationPolicy":{"podsIpv4Cidr":"10.2.0.0/16","servicesIpv4Cidr":"10.3.0.0/16"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, diags := tt.m.createRequest(ctx)
			if diags.HasError() {
				t.Fatal(diags)
			}
			got := jsonOf(t, req)
			if got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
			if strings.Contains(got, `""`) {
				t.Errorf("an empty string is sent: %s", got)
			}
		})
	}
}

func TestResetRequestCarriesEverything(t *testing.T) {
	ctx := context.Background()
	noPolicy := fullModel()
	noPolicy.ResetWorkerNodesPolicy = snull
	emptyPolicy := clusterModel{clusterAttributes: clusterAttributes{Region: str("GRA11")}, ResetWorkerNodesPolicy: str("")}
	tests := []struct {
		name string
		m    clusterModel
		want string
	}{
		{"nothing set: worker nodes deleted", clusterModel{clusterAttributes: clusterAttributes{Region: str("GRA11")}}, `{"workerNodesPolicy":"delete"}`},
		{"empty policy is delete", emptyPolicy, `{"workerNodesPolicy":"delete"}`},
		{"everything, no region nor plan", fullModel(),
			`{"name":"c1","version":"1.31","kubeProxyMode":"ipvs","customization":` + fullCustomizationJSON + `,` +
				`"updatePolicy":"MINIMAL_DOWNTIME","privateNetworkId":"pn-1",` +
				`"privateNetworkConfiguration":{"defaultVrackGateway":"10.0.0.1","privateNetworkRoutingAsDefault":true},` +
				`"nodesSubnetId":"sub-nodes","loadBalancersSubnetId":"sub-lb",` +
				`"ipAllocationPolicy":{"podsIpv4Cidr":"10.2.0.0/16","servicesIpv4Cidr":"10.3.0.0/16"},"workerNodesPolicy":"reinstall"}`},
		{"null policy is delete", noPolicy,
			`{"name":"c1","version":"1.31","kubeProxyMode":"ipvs","customization":` + fullCustomizationJSON + `,` +
				`"updatePolicy":"MINIMAL_DOWNTIME","privateNetworkId":"pn-1",` +
				`"privateNetworkConfiguration":{"defaultVrackGateway":"10.0.0.1","privateNetworkRoutingAsDefault":true},` +
				`"nodesSubnetId":"sub-nodes","loadBalancersSubnetId":"sub-lb",` +
				`"ipAllocationPolicy":{"podsIpv4Cidr":"10.2.0.0/16","servicesIpv4Cidr":"10.3.0.0/16"},"workerNodesPolicy":"delete"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, diags := tt.m.resetRequest(ctx)
			if diags.HasError() {
				t.Fatal(diags)
			}
			got := jsonOf(t, req)
			if got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
			if strings.Contains(got, `"region"`) || strings.Contains(got, `"plan"`) {
				t.Errorf("a reset cannot change the region or the plan: %s", got)
			}
		})
	}
}

// ---- flatten ----

func TestMinorVersion(t *testing.T) {
	tests := map[string]string{
		"1.31.4":      "1.31",
		"1.31":        "1.31",
		"1.9.0":       "1.9",
		"1.31.4-ovh1": "1.31",
		"1":           "1",
		"":            "",
	}
	for in, want := range tests {
		if got := minorVersion(in); got != want {
			t.Errorf("minorVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFlattenKubeProxy(t *testing.T) {
	apiFull := &ovhapi.KubeProxyCustomization{
		IPTables: &ovhapi.KubeProxyIPTables{MinSyncPeriod: sp("PT1S"), SyncPeriod: sp("PT30S")},
		IPVS: &ovhapi.KubeProxyIPVS{MinSyncPeriod: sp("PT2S"), SyncPeriod: sp("PT1M"), Scheduler: sp("lc"),
			TCPTimeout: sp("P0D"), TCPFinTimeout: sp("PT2M"), UDPTimeout: sp("PT5M")},
	}
	tests := []struct {
		name      string
		api       *ovhapi.KubeProxyCustomization
		guide     []kubeProxyModel
		importing bool
		want      string
	}{
		{
			name: "not configured: API echo is ignored", api: apiFull, guide: nil,
			want: "nil",
		},
		{
			name: "not configured, nothing from the API", api: nil, guide: nil,
			want: "nil",
		},
		{
			name: "only the configured field is taken", api: apiFull, guide: iptablesBlock(dur("PT1S"), dnull),
			want: `[{iptables:[{min="PT1S" sync=<null>}] ipvs:nil}]`,
		},
		{
			name: "the API's spelling is kept for semantic equality to resolve", api: apiFull, guide: iptablesBlock(dnull, dur("PT30S")),
			want: `[{iptables:[{min=<null> sync="PT30S"}] ipvs:nil}]`,
		},
		{
			name: "configured but missing from the API: null values, block kept", api: nil, guide: iptablesBlock(dur("PT1S"), dur("PT30S")),
			want: `[{iptables:[{min=<null> sync=<null>}] ipvs:nil}]`,
		},
		{
			name: "configured empty block", api: apiFull, guide: []kubeProxyModel{{}},
			want: `[{iptables:nil ipvs:nil}]`,
		},
		{
			name:  "ipvs guided: the same lengths of time keep the guide's form",
			api:   apiFull,
			guide: []kubeProxyModel{{IPVS: []ipvsModel{ipvsBlock(dnull, dur("PT60S"), str("lc"), dur("PT0S"), dnull, dnull)}}},
			want:  `[{iptables:nil ipvs:[{min=<null> sync="PT60S" scheduler="lc" tcp="PT0S" fin=<null> udp=<null>}]}]`,
		},
		{
			name:  "ipvs guided: other lengths of time are the API's",
			api:   apiFull,
			guide: []kubeProxyModel{{IPVS: []ipvsModel{ipvsBlock(dnull, dur("PT45S"), str("rr"), dur("PT1S"), dnull, dnull)}}},
			want:  `[{iptables:nil ipvs:[{min=<null> sync="PT1M" scheduler="lc" tcp="P0D" fin=<null> udp=<null>}]}]`,
		},
		{
			name:  "ipvs scheduler answered empty",
			api:   &ovhapi.KubeProxyCustomization{IPVS: &ovhapi.KubeProxyIPVS{Scheduler: sp("")}},
			guide: []kubeProxyModel{{IPVS: []ipvsModel{ipvsBlock(dnull, dnull, str("rr"), dnull, dnull, dnull)}}},
			want:  `[{iptables:nil ipvs:[{min=<null> sync=<null> scheduler=<null> tcp=<null> fin=<null> udp=<null>}]}]`,
		},
		{
			name: "import takes everything, zero as PT0S", api: apiFull, importing: true,
			want: `[{iptables:[{min="PT1S" sync="PT30S"}] ipvs:[{min="PT2S" sync="PT1M" scheduler="lc" tcp="PT0S" fin="PT2M" udp="PT5M"}]}]`,
		},
		{
			name:      "import of a zero written another way",
			api:       &ovhapi.KubeProxyCustomization{IPTables: &ovhapi.KubeProxyIPTables{MinSyncPeriod: sp("PT0S"), SyncPeriod: sp("P0D")}},
			importing: true,
			want:      `[{iptables:[{min="PT0S" sync="PT0S"}] ipvs:nil}]`,
		},
		{
			name:      "import of one mode only",
			api:       &ovhapi.KubeProxyCustomization{IPVS: &ovhapi.KubeProxyIPVS{Scheduler: sp("rr"), SyncPeriod: sp("")}},
			importing: true,
			want:      `[{iptables:nil ipvs:[{min=<null> sync=<null> scheduler="rr" tcp=<null> fin=<null> udp=<null>}]}]`,
		},
		{
			name: "import without customization", api: nil, importing: true,
			want: "nil",
		},
		{
			name: "import of an empty customization", api: &ovhapi.KubeProxyCustomization{}, importing: true,
			want: "nil",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := showKubeProxy(flattenKubeProxy(tt.api, tt.guide, tt.importing)); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFlattenKubeProxyGuidedValuesEqualTheConfiguration(t *testing.T) {
	// Whatever spelling the API answers, a guided value denotes the
	// configured length of time.
	guide := []kubeProxyModel{{IPVS: []ipvsModel{ipvsBlock(dur("PT60S"), dur("PT0S"), snull, dur("PT15M"), dnull, dnull)}}}
	api := &ovhapi.KubeProxyCustomization{IPVS: &ovhapi.KubeProxyIPVS{MinSyncPeriod: sp("PT1M"), SyncPeriod: sp("P0D"), TCPTimeout: sp("PT900S")}}
	got := flattenKubeProxy(api, guide, false)
	if len(got) != 1 || len(got[0].IPVS) != 1 {
		t.Fatalf("got %s", showKubeProxy(got))
	}
	g, w := got[0].IPVS[0], guide[0].IPVS[0]
	for _, pair := range [][2]isoduration.Duration{{g.MinSyncPeriod, w.MinSyncPeriod}, {g.SyncPeriod, w.SyncPeriod}, {g.TCPTimeout, w.TCPTimeout}} {
		eq, diags := pair[1].StringSemanticEquals(context.Background(), pair[0])
		if diags.HasError() || !eq {
			t.Errorf("flattened %s is not semantically equal to configured %s", pair[0], pair[1])
		}
	}
}

func TestFlattenAPIServer(t *testing.T) {
	ctx := context.Background()
	apiBoth := &ovhapi.APIServerCustomization{AdmissionPlugins: &ovhapi.AdmissionPlugins{
		Enabled: []string{"NodeRestriction", "AlwaysPullImages"}, Disabled: []string{},
	}}
	tests := []struct {
		name      string
		api       *ovhapi.APIServerCustomization
		guide     []apiServerModel
		importing bool
		want      string
	}{
		{name: "not configured: API echo is ignored", api: apiBoth, want: "nil"},
		{name: "configured empty block", api: apiBoth, guide: []apiServerModel{{}}, want: `[{admissionplugins:nil}]`},
		{
			name:  "same set in another order keeps the configured order",
			api:   apiBoth,
			guide: pluginsBlock(strList("AlwaysPullImages", "NodeRestriction"), lnull),
			want:  `[{admissionplugins:[{enabled=["AlwaysPullImages","NodeRestriction"] disabled=<null>}]}]`,
		},
		{
			name:  "a different set takes the API's",
			api:   apiBoth,
			guide: pluginsBlock(strList("AlwaysPullImages"), strList("NodeRestriction")),
			want:  `[{admissionplugins:[{enabled=["NodeRestriction","AlwaysPullImages"] disabled=[]}]}]`,
		},
		{
			name:  "configured empty list matches an absent one",
			api:   &ovhapi.APIServerCustomization{AdmissionPlugins: &ovhapi.AdmissionPlugins{Enabled: []string{"AlwaysPullImages"}}},
			guide: pluginsBlock(strList("AlwaysPullImages"), strList()),
			want:  `[{admissionplugins:[{enabled=["AlwaysPullImages"] disabled=[]}]}]`,
		},
		{
			name:  "configured but nothing from the API",
			api:   nil,
			guide: pluginsBlock(strList("AlwaysPullImages"), lnull),
			want:  `[{admissionplugins:[{enabled=[] disabled=<null>}]}]`,
		},
		{
			name:      "import takes the non-empty lists",
			api:       apiBoth,
			importing: true,
			want:      `[{admissionplugins:[{enabled=["NodeRestriction","AlwaysPullImages"] disabled=<null>}]}]`,
		},
		{name: "import without customization", api: nil, importing: true, want: "nil"},
		{name: "import without admission plugins", api: &ovhapi.APIServerCustomization{}, importing: true, want: "nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := flattenAPIServer(ctx, tt.api, tt.guide, tt.importing)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if s := showAPIServer(got); s != tt.want {
				t.Fatalf("got  %s\nwant %s", s, tt.want)
			}
		})
	}
}

func TestGuidedList(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		guide     types.List
		api       []string
		importing bool
		want      string
	}{
		{"null guide stays null", lnull, []string{"AlwaysPullImages"}, false, "<null>"},
		{"same order", strList("A", "B"), []string{"A", "B"}, false, `["A","B"]`},
		{"guide order kept", strList("B", "A"), []string{"A", "B"}, false, `["B","A"]`},
		{"duplicates in the guide", strList("A", "A"), []string{"A"}, false, `["A","A"]`},
		{"subset is a change", strList("A"), []string{"A", "B"}, false, `["A","B"]`},
		{"superset is a change", strList("A", "B"), []string{"B"}, false, `["B"]`},
		{"empty answer", strList("A"), nil, false, `[]`},
		{"empty guide and answer", strList(), nil, false, `[]`},
		{"unknown guide takes the API's", types.ListUnknown(types.StringType), []string{"B", "A"}, false, `["B","A"]`},
		{"import", lnull, []string{"B", "A"}, true, `["B","A"]`},
		{"import of an empty list", lnull, []string{}, true, "<null>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := guidedList(ctx, tt.guide, tt.api, tt.importing)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if got.String() != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestFlattenPrivateNetworkConfiguration(t *testing.T) {
	api := &ovhapi.PrivateNetworkConfiguration{DefaultVrackGateway: "10.0.0.1", PrivateNetworkRoutingAsDefault: true}
	guide := []privateNetModel{{DefaultVrackGateway: str("10.0.0.254"), PrivateNetworkRoutingAsDefault: types.BoolValue(false)}}
	tests := []struct {
		name      string
		api       *ovhapi.PrivateNetworkConfiguration
		guide     []privateNetModel
		importing bool
		want      string
	}{
		{"not configured", api, nil, false, "nil"},
		{"configured: the API's values", api, guide, false, `[{gateway="10.0.0.1" routing=true}]`},
		{"configured, nothing from the API: defaults", nil, guide, false, `[{gateway="" routing=false}]`},
		{"import", api, nil, true, `[{gateway="10.0.0.1" routing=true}]`},
		{"import without configuration", nil, nil, true, "nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := showPrivateNet(flattenPrivateNetworkConfiguration(tt.api, tt.guide, tt.importing)); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestFlattenIPAllocationPolicy(t *testing.T) {
	api := &ovhapi.IPAllocationPolicy{PodsIPv4CIDR: sp("10.2.0.0/16"), ServicesIPv4CIDR: sp("10.3.0.0/16")}
	tests := []struct {
		name      string
		api       *ovhapi.IPAllocationPolicy
		guide     []ipAllocationModel
		importing bool
		want      string
	}{
		{"not configured", api, nil, false, "nil"},
		{"pods configured: services stays null", api, []ipAllocationModel{{PodsIPv4CIDR: str("10.2.0.0/16"), ServicesIPv4CIDR: snull}}, false,
			`[{pods="10.2.0.0/16" services=<null>}]`},
		{"both configured", api, []ipAllocationModel{{PodsIPv4CIDR: str("10.9.0.0/16"), ServicesIPv4CIDR: str("10.3.0.0/16")}}, false,
			`[{pods="10.2.0.0/16" services="10.3.0.0/16"}]`},
		{"configured, nothing from the API", nil, []ipAllocationModel{{PodsIPv4CIDR: str("10.2.0.0/16"), ServicesIPv4CIDR: snull}}, false,
			`[{pods=<null> services=<null>}]`},
		{"import", api, nil, true, `[{pods="10.2.0.0/16" services="10.3.0.0/16"}]`},
		{"import of empty values", &ovhapi.IPAllocationPolicy{PodsIPv4CIDR: sp(""), ServicesIPv4CIDR: sp("10.3.0.0/16")}, nil, true,
			`[{pods=<null> services="10.3.0.0/16"}]`},
		{"import without policy", nil, nil, true, "nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := showIPAllocation(flattenIPAllocationPolicy(tt.api, tt.guide, tt.importing)); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func apiKube() *ovhapi.Kube {
	return &ovhapi.Kube{
		ID: "k1", Name: "c1", Region: "GRA11", URL: "https://abc.c1.gra11.k8s.ovh.net", NodesURL: "nodes.abc.gra11.k8s.ovh.net",
		Version: "1.31.4", NextUpgradeVersions: []string{"1.32"}, KubeProxyMode: "iptables", Status: "READY",
		UpdatePolicy: "ALWAYS_UPDATE", IsUpToDate: true, ControlPlaneIsUpToDate: false, Plan: "free",
		PrivateNetworkID: sp("pn-1"), NodesSubnetID: sp("sub-nodes"), LoadBalancersSubnetID: sp(""),
		PrivateNetworkConfiguration: &ovhapi.PrivateNetworkConfiguration{DefaultVrackGateway: "", PrivateNetworkRoutingAsDefault: true},
		IPAllocationPolicy:          &ovhapi.IPAllocationPolicy{PodsIPv4CIDR: sp("10.240.0.0/13"), ServicesIPv4CIDR: sp("10.3.0.0/16")},
		Customization: &ovhapi.Customization{
			APIServer: &ovhapi.APIServerCustomization{AdmissionPlugins: &ovhapi.AdmissionPlugins{
				Enabled: []string{"NodeRestriction", "AlwaysPullImages"}, Disabled: []string{},
			}},
			KubeProxy: &ovhapi.KubeProxyCustomization{
				IPTables: &ovhapi.KubeProxyIPTables{MinSyncPeriod: sp("PT1S"), SyncPeriod: sp("P0D")},
				IPVS:     &ovhapi.KubeProxyIPVS{Scheduler: sp("rr")},
			},
		},
	}
}

func TestSetFromAPI(t *testing.T) {
	ctx := context.Background()
	type want struct {
		kubeProxy, apiServer, privateNet, ipAllocation string
	}
	tests := []struct {
		name      string
		k         *ovhapi.Kube
		guide     *clusterModel
		importing bool
		want      want
	}{
		{
			name:  "guided by a configuration with only an iptables timing",
			k:     apiKube(),
			guide: &clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: iptablesBlock(dur("PT1S"), dnull)}},
			want: want{
				kubeProxy: `[{iptables:[{min="PT1S" sync=<null>}] ipvs:nil}]`,
				apiServer: "nil", privateNet: "nil", ipAllocation: "nil",
			},
		},
		{
			name: "nil guide, not importing: no optional block",
			k:    apiKube(),
			want: want{kubeProxy: "nil", apiServer: "nil", privateNet: "nil", ipAllocation: "nil"},
		},
		{
			name:      "import takes everything",
			k:         apiKube(),
			importing: true,
			want: want{
				kubeProxy:    `[{iptables:[{min="PT1S" sync="PT0S"}] ipvs:[{min=<null> sync=<null> scheduler="rr" tcp=<null> fin=<null> udp=<null>}]}]`,
				apiServer:    `[{admissionplugins:[{enabled=["NodeRestriction","AlwaysPullImages"] disabled=<null>}]}]`,
				privateNet:   `[{gateway="" routing=true}]`,
				ipAllocation: `[{pods="10.240.0.0/13" services="10.3.0.0/16"}]`,
			},
		},
		{
			name:      "import of a cluster without customization",
			k:         func() *ovhapi.Kube { k := apiKube(); k.Customization = nil; return k }(),
			importing: true,
			want: want{
				kubeProxy: "nil", apiServer: "nil",
				privateNet:   `[{gateway="" routing=true}]`,
				ipAllocation: `[{pods="10.240.0.0/13" services="10.3.0.0/16"}]`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m clusterModel
			if diags := m.setFromAPI(ctx, "proj", tt.k, attributesOf(tt.guide), tt.importing); diags.HasError() {
				t.Fatal(diags)
			}
			scalars := map[string][2]string{
				"id":                            {m.ID.String(), `"k1"`},
				"service_name":                  {m.ServiceName.String(), `"proj"`},
				"name":                          {m.Name.String(), `"c1"`},
				"region":                        {m.Region.String(), `"GRA11"`},
				"version":                       {m.Version.String(), `"1.31"`},
				"plan":                          {m.Plan.String(), `"free"`},
				"kube_proxy_mode":               {m.KubeProxyMode.String(), `"iptables"`},
				"update_policy":                 {m.UpdatePolicy.String(), `"ALWAYS_UPDATE"`},
				"private_network_id":            {m.PrivateNetworkID.String(), `"pn-1"`},
				"nodes_subnet_id":               {m.NodesSubnetID.String(), `"sub-nodes"`},
				"load_balancers_subnet_id":      {m.LoadBalancersSubnetID.String(), `<null>`},
				"status":                        {m.Status.String(), `"READY"`},
				"url":                           {m.URL.String(), `"https://abc.c1.gra11.k8s.ovh.net"`},
				"nodes_url":                     {m.NodesURL.String(), `"nodes.abc.gra11.k8s.ovh.net"`},
				"is_up_to_date":                 {m.IsUpToDate.String(), `true`},
				"control_plane_is_up_to_date":   {m.ControlPlaneIsUpToDate.String(), `false`},
				"next_upgrade_versions":         {m.NextUpgradeVersions.String(), `["1.32"]`},
				"customization_kube_proxy":      {showKubeProxy(m.CustomizationKubeProxy), tt.want.kubeProxy},
				"customization_apiserver":       {showAPIServer(m.CustomizationAPIServer), tt.want.apiServer},
				"private_network_configuration": {showPrivateNet(m.PrivateNetworkConfiguration), tt.want.privateNet},
				"ip_allocation_policy":          {showIPAllocation(m.IPAllocationPolicy), tt.want.ipAllocation},
			}
			for attr, gw := range scalars {
				if gw[0] != gw[1] {
					t.Errorf("%s = %s, want %s", attr, gw[0], gw[1])
				}
			}
		})
	}
}

func TestSetFromAPIAbsentValues(t *testing.T) {
	k := &ovhapi.Kube{ID: "k1", Name: "c1", Region: "GRA11", Version: "1.33.2", Status: "INSTALLING"}
	var m clusterModel
	if diags := m.setFromAPI(context.Background(), "proj", k, &clusterAttributes{}, false); diags.HasError() {
		t.Fatal(diags)
	}
	for attr, v := range map[string]types.String{
		"plan": m.Plan, "kube_proxy_mode": m.KubeProxyMode, "update_policy": m.UpdatePolicy,
		"private_network_id": m.PrivateNetworkID, "nodes_subnet_id": m.NodesSubnetID, "load_balancers_subnet_id": m.LoadBalancersSubnetID,
	} {
		if !v.IsNull() {
			t.Errorf("%s = %s, want null", attr, v)
		}
	}
	// A computed set is never null: "no upgrade available" is an empty set.
	if m.NextUpgradeVersions.IsNull() || len(m.NextUpgradeVersions.Elements()) != 0 {
		t.Errorf("next_upgrade_versions = %s, want []", m.NextUpgradeVersions)
	}
	if m.Version.ValueString() != "1.33" {
		t.Errorf("version = %s", m.Version)
	}
}

// ---- kubeconfig ----

func kp(ipt *ovhapi.KubeProxyIPTables, ipvs *ovhapi.KubeProxyIPVS) *ovhapi.KubeProxyCustomization {
	return &ovhapi.KubeProxyCustomization{IPTables: ipt, IPVS: ipvs}
}

func ipt(minSync, sync *string) *ovhapi.KubeProxyIPTables {
	return &ovhapi.KubeProxyIPTables{MinSyncPeriod: minSync, SyncPeriod: sync}
}

func TestKubeProxyMatches(t *testing.T) {
	tests := []struct {
		name      string
		got, want *ovhapi.KubeProxyCustomization
		exact     bool // result with subset = false
		subset    bool // result with subset = true
	}{
		{"both nil", nil, nil, true, true},
		{"nothing wanted, something there", kp(ipt(sp("PT1S"), nil), nil), nil, false, true},
		{"something wanted, nothing there", nil, kp(ipt(sp("PT1S"), nil), nil), false, false},
		{"same", kp(ipt(sp("PT1S"), sp("PT30S")), nil), kp(ipt(sp("PT1S"), sp("PT30S")), nil), true, true},
		{"PT60S == PT1M", kp(ipt(nil, sp("PT1M")), nil), kp(ipt(nil, sp("PT60S")), nil), true, true},
		{"PT0S == P0D", kp(ipt(sp("P0D"), nil), nil), kp(ipt(sp("PT0S"), nil), nil), true, true},
		{"PT1H == PT3600S", kp(nil, &ovhapi.KubeProxyIPVS{TCPTimeout: sp("PT1H")}), kp(nil, &ovhapi.KubeProxyIPVS{TCPTimeout: sp("PT3600S")}), true, true},
		{"different durations", kp(ipt(sp("PT2S"), nil), nil), kp(ipt(sp("PT1S"), nil), nil), false, false},
		{"unparsable durations compare as strings", kp(ipt(sp("soon"), nil), nil), kp(ipt(sp("soon"), nil), nil), true, true},
		{"unparsable vs valid", kp(ipt(sp("PT1S "), nil), nil), kp(ipt(sp("PT1S"), nil), nil), false, false},
		{"API echoes a default nobody set", kp(ipt(sp("PT1S"), sp("PT30S")), nil), kp(ipt(sp("PT1S"), nil), nil), false, true},
		{"wanted field missing", kp(ipt(sp("PT1S"), nil), nil), kp(ipt(sp("PT1S"), sp("PT30S")), nil), false, false},
		{"API echoes another mode", kp(ipt(sp("PT1S"), nil), &ovhapi.KubeProxyIPVS{Scheduler: sp("rr")}), kp(ipt(sp("PT1S"), nil), nil), false, true},
		{"wanted mode missing", kp(ipt(sp("PT1S"), nil), nil), kp(nil, &ovhapi.KubeProxyIPVS{Scheduler: sp("rr")}), false, false},
		{"scheduler compared exactly", kp(nil, &ovhapi.KubeProxyIPVS{Scheduler: sp("RR")}), kp(nil, &ovhapi.KubeProxyIPVS{Scheduler: sp("rr")}), false, false},
		{"every ipvs field", kp(nil, &ovhapi.KubeProxyIPVS{MinSyncPeriod: sp("PT1S"), SyncPeriod: sp("PT1M"), Scheduler: sp("lc"), TCPTimeout: sp("PT15M"), TCPFinTimeout: sp("PT2M"), UDPTimeout: sp("P0D")}),
			kp(nil, &ovhapi.KubeProxyIPVS{MinSyncPeriod: sp("PT1S"), SyncPeriod: sp("PT60S"), Scheduler: sp("lc"), TCPTimeout: sp("PT900S"), TCPFinTimeout: sp("PT120S"), UDPTimeout: sp("PT0S")}), true, true},
		{"one ipvs field differs", kp(nil, &ovhapi.KubeProxyIPVS{SyncPeriod: sp("PT1M"), UDPTimeout: sp("PT1S")}),
			kp(nil, &ovhapi.KubeProxyIPVS{SyncPeriod: sp("PT60S"), UDPTimeout: sp("PT0S")}), false, false},
		{"empty block there, nothing wanted", kp(nil, nil), nil, false, true},
		{"empty iptables block wanted", kp(nil, nil), kp(ipt(nil, nil), nil), true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kubeProxyMatches(tt.got, tt.want, false); got != tt.exact {
				t.Errorf("kubeProxyMatches(subset=false) = %v, want %v", got, tt.exact)
			}
			if got := kubeProxyMatches(tt.got, tt.want, true); got != tt.subset {
				t.Errorf("kubeProxyMatches(subset=true) = %v, want %v", got, tt.subset)
			}
		})
	}
}

func TestKubeProxyEqual(t *testing.T) {
	ipvs := func(sched types.String, tcp isoduration.Duration) []kubeProxyModel {
		return []kubeProxyModel{{IPVS: []ipvsModel{ipvsBlock(dnull, dnull, sched, tcp, dnull, dnull)}}}
	}
	tests := []struct {
		name string
		a, b []kubeProxyModel
		want bool
	}{
		{"both absent", nil, nil, true},
		{"same", iptablesBlock(dur("PT1S"), dur("PT30S")), iptablesBlock(dur("PT1S"), dur("PT30S")), true},
		{"PT60S == PT1M", iptablesBlock(dnull, dur("PT60S")), iptablesBlock(dnull, dur("PT1M")), true},
		{"PT0S == P0D", iptablesBlock(dur("PT0S"), dnull), iptablesBlock(dur("P0D"), dnull), true},
		{"different value", iptablesBlock(dur("PT1S"), dnull), iptablesBlock(dur("PT2S"), dnull), false},
		{"value added", iptablesBlock(dur("PT1S"), dnull), iptablesBlock(dur("PT1S"), dur("PT30S")), false},
		{"value removed", iptablesBlock(dur("PT1S"), dur("PT30S")), iptablesBlock(dur("PT1S"), dnull), false},
		{"block removed", iptablesBlock(dur("PT1S"), dnull), nil, false},
		{"mode switched", iptablesBlock(dur("PT1S"), dnull), []kubeProxyModel{{IPVS: []ipvsModel{ipvsBlock(dur("PT1S"), dnull, snull, dnull, dnull, dnull)}}}, false},
		{"scheduler changed", ipvs(str("rr"), dnull), ipvs(str("lc"), dnull), false},
		{"ipvs timeout re-spelled", ipvs(str("rr"), dur("PT15M")), ipvs(str("rr"), dur("PT900S")), true},
		{"empty string is unset", iptablesBlock(dur(""), dnull), iptablesBlock(dnull, dnull), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kubeProxyEqual(tt.a, tt.b); got != tt.want {
				t.Errorf("kubeProxyEqual(a, b) = %v, want %v", got, tt.want)
			}
			if got := kubeProxyEqual(tt.b, tt.a); got != tt.want {
				t.Errorf("kubeProxyEqual(b, a) = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEqualAPIServer(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		a, b []apiServerModel
		want bool
	}{
		{"both absent", nil, nil, true},
		{"absent vs empty block", nil, []apiServerModel{{}}, false},
		{"empty blocks", []apiServerModel{{}}, []apiServerModel{{}}, true},
		{"no plugins vs plugins", []apiServerModel{{}}, pluginsBlock(lnull, lnull), false},
		{"same order", pluginsBlock(strList("AlwaysPullImages", "NodeRestriction"), lnull), pluginsBlock(strList("AlwaysPullImages", "NodeRestriction"), lnull), true},
		{"other order", pluginsBlock(strList("AlwaysPullImages", "NodeRestriction"), lnull), pluginsBlock(strList("NodeRestriction", "AlwaysPullImages"), lnull), true},
		{"null vs empty list", pluginsBlock(lnull, strList()), pluginsBlock(strList(), lnull), true},
		{"enabled differs", pluginsBlock(strList("AlwaysPullImages"), lnull), pluginsBlock(strList("AlwaysPullImages", "NodeRestriction"), lnull), false},
		{"moved from enabled to disabled", pluginsBlock(strList("NodeRestriction"), lnull), pluginsBlock(lnull, strList("NodeRestriction")), false},
		{"disabled differs", pluginsBlock(lnull, strList("NodeRestriction")), pluginsBlock(lnull, strList("AlwaysPullImages")), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := apiServerEqual(ctx, tt.a, tt.b); got != tt.want {
				t.Errorf("apiServerEqual(a, b) = %v, want %v", got, tt.want)
			}
			if got := apiServerEqual(ctx, tt.b, tt.a); got != tt.want {
				t.Errorf("apiServerEqual(b, a) = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCustomizationChange(t *testing.T) {
	ctx := context.Background()
	bothModes := []kubeProxyModel{{
		IPTables: []iptablesModel{{MinSyncPeriod: dur("PT1S"), SyncPeriod: dur("PT30S")}},
		IPVS:     []ipvsModel{ipvsBlock(dnull, dnull, str("rr"), dnull, dnull, dnull)},
	}}
	bothModesOneChanged := []kubeProxyModel{{
		IPTables: []iptablesModel{{MinSyncPeriod: dur("PT2S"), SyncPeriod: dur("PT30S")}},
		IPVS:     []ipvsModel{ipvsBlock(dnull, dnull, str("rr"), dnull, dnull, dnull)},
	}}
	plugins := pluginsBlock(strList("AlwaysPullImages", "NodeRestriction"), lnull)
	tests := []struct {
		name        string
		plan, state clusterModel
		wantChange  bool
		wantJSON    string
	}{
		{
			name:     "nothing changed",
			plan:     clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: bothModes, CustomizationAPIServer: plugins}},
			state:    clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: bothModes, CustomizationAPIServer: plugins}},
			wantJSON: `{}`,
		},
		{
			name:     "durations re-spelled and plugins reordered are no change",
			plan:     clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: iptablesBlock(dur("PT60S"), dur("PT0S")), CustomizationAPIServer: plugins}},
			state:    clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: iptablesBlock(dur("PT1M"), dur("P0D")), CustomizationAPIServer: pluginsBlock(strList("NodeRestriction", "AlwaysPullImages"), lnull)}},
			wantJSON: `{}`,
		},
		{
			name:       "one timing changed: the whole kube proxy subtree, no apiServer",
			plan:       clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: bothModesOneChanged, CustomizationAPIServer: plugins}},
			state:      clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: bothModes, CustomizationAPIServer: plugins}},
			wantChange: true,
			wantJSON:   `{"kubeProxy":{"iptables":{"minSyncPeriod":"PT2S","syncPeriod":"PT30S"},"ipvs":{"scheduler":"rr"}}}`,
		},
		{
			name:       "kube proxy removed: an empty object clears it",
			plan:       clusterModel{clusterAttributes: clusterAttributes{CustomizationAPIServer: plugins}},
			state:      clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: bothModes, CustomizationAPIServer: plugins}},
			wantChange: true,
			wantJSON:   `{"kubeProxy":{}}`,
		},
		{
			name:       "plugins changed: apiServer only",
			plan:       clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: bothModes, CustomizationAPIServer: pluginsBlock(strList("AlwaysPullImages"), strList("NodeRestriction"))}},
			state:      clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: bothModes, CustomizationAPIServer: plugins}},
			wantChange: true,
			wantJSON:   `{"apiServer":{"admissionPlugins":{"enabled":["AlwaysPullImages"],"disabled":["NodeRestriction"]}}}`,
		},
		{
			// Without the block the API server's settings are left alone,
			// as under the official provider (a state it wrote holds them).
			name:       "apiServer removed",
			plan:       clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: bothModes}},
			state:      clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: bothModes, CustomizationAPIServer: plugins}},
			wantChange: false,
			wantJSON:   `{}`,
		},
		{
			name:       "both changed",
			plan:       clusterModel{clusterAttributes: clusterAttributes{CustomizationKubeProxy: iptablesBlock(dnull, dur("PT45S")), CustomizationAPIServer: pluginsBlock(lnull, strList("AlwaysPullImages"))}},
			state:      clusterModel{},
			wantChange: true,
			wantJSON:   `{"apiServer":{"admissionPlugins":{"enabled":[],"disabled":["AlwaysPullImages"]}},"kubeProxy":{"iptables":{"syncPeriod":"PT45S"}}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.Diagnostics
			cu, changed := customizationChange(ctx, tt.plan, tt.state, &diags)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if changed != tt.wantChange {
				t.Errorf("changed = %v, want %v", changed, tt.wantChange)
			}
			if got := jsonOf(t, cu); got != tt.wantJSON {
				t.Errorf("body = %s\nwant   %s", got, tt.wantJSON)
			}
		})
	}
}

func TestResetApplied(t *testing.T) {
	withKubeProxy := func(k *ovhapi.Kube, c *ovhapi.KubeProxyCustomization) *ovhapi.Kube {
		k.Customization = &ovhapi.Customization{KubeProxy: c}
		return k
	}
	body := func(mode, network *string, c *ovhapi.KubeProxyCustomization) ovhapi.KubeReset {
		b := ovhapi.KubeReset{KubeProxyMode: mode, PrivateNetworkID: network}
		if c != nil {
			b.Customization = &ovhapi.Customization{KubeProxy: c}
		}
		return b
	}
	tests := []struct {
		name string
		body ovhapi.KubeReset
		k    *ovhapi.Kube
		want bool
	}{
		{"mode applied", body(sp("ipvs"), nil, nil), &ovhapi.Kube{KubeProxyMode: "ipvs"}, true},
		{"mode not applied yet", body(sp("ipvs"), nil, nil), &ovhapi.Kube{KubeProxyMode: "iptables"}, false},
		{"mode not asked", body(nil, nil, nil), &ovhapi.Kube{KubeProxyMode: "iptables"}, true},
		{"network applied", body(nil, sp("pn-1"), nil), &ovhapi.Kube{PrivateNetworkID: sp("pn-1")}, true},
		{"network not applied yet", body(nil, sp("pn-1"), nil), &ovhapi.Kube{}, false},
		{"network other", body(nil, sp("pn-2"), nil), &ovhapi.Kube{PrivateNetworkID: sp("pn-1")}, false},
		{"network removal not applied yet", body(nil, nil, nil), &ovhapi.Kube{PrivateNetworkID: sp("pn-1")}, false},
		{"timings applied with echoed defaults", body(nil, nil, kp(ipt(sp("PT60S"), nil), nil)),
			withKubeProxy(&ovhapi.Kube{}, kp(ipt(sp("PT1M"), sp("PT30S")), &ovhapi.KubeProxyIPVS{Scheduler: sp("rr")})), true},
		{"timings not applied yet", body(nil, nil, kp(ipt(sp("PT60S"), nil), nil)),
			withKubeProxy(&ovhapi.Kube{}, kp(ipt(sp("PT1S"), nil), nil)), false},
		{"timings missing", body(nil, nil, kp(ipt(sp("PT60S"), nil), nil)), &ovhapi.Kube{}, false},
		{"no timings asked, defaults echoed", body(nil, nil, nil),
			withKubeProxy(&ovhapi.Kube{}, kp(ipt(sp("PT1S"), sp("PT30S")), nil)), true},
		{"everything applied",
			body(sp("ipvs"), sp("pn-1"), kp(nil, &ovhapi.KubeProxyIPVS{Scheduler: sp("lc"), TCPTimeout: sp("PT0S")})),
			withKubeProxy(&ovhapi.Kube{KubeProxyMode: "ipvs", PrivateNetworkID: sp("pn-1")}, kp(nil, &ovhapi.KubeProxyIPVS{Scheduler: sp("lc"), TCPTimeout: sp("P0D")})),
			true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resetApplied(tt.body)(tt.k); got != tt.want {
				t.Errorf("resetApplied = %v, want %v", got, tt.want)
			}
		})
	}
}

// ---- plan.go ----

func TestResetOnlyChanges(t *testing.T) {
	pods := []ipAllocationModel{{PodsIPv4CIDR: str("10.2.0.0/16"), ServicesIPv4CIDR: snull}}
	tests := []struct {
		name                string
		config, plan, state clusterModel
		want                []resetChange
	}{
		{name: "nothing"},
		{
			name:   "kube proxy mode",
			config: clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: str("ipvs")}},
			plan:   clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: str("ipvs")}},
			state:  clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: str("iptables")}},
			want:   []resetChange{{"kube_proxy_mode", `"iptables"`, `"ipvs"`}},
		},
		{
			name:  "kube proxy mode left out of the configuration keeps its value",
			plan:  clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: str("ipvs")}},
			state: clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: str("iptables")}},
		},
		{
			name:   "kube proxy mode unknown",
			config: clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: types.StringUnknown()}},
			plan:   clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: types.StringUnknown()}},
			state:  clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: str("iptables")}},
		},
		{
			name:   "kube proxy mode unchanged",
			config: clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: str("iptables")}},
			plan:   clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: str("iptables")}},
			state:  clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: str("iptables")}},
		},
		{
			name:  "private network added",
			plan:  clusterModel{clusterAttributes: clusterAttributes{PrivateNetworkID: str("pn-1")}},
			state: clusterModel{clusterAttributes: clusterAttributes{PrivateNetworkID: snull}},
			want:  []resetChange{{"private_network_id", "(none)", `"pn-1"`}},
		},
		{
			name:  "private network removed",
			plan:  clusterModel{clusterAttributes: clusterAttributes{PrivateNetworkID: snull}},
			state: clusterModel{clusterAttributes: clusterAttributes{PrivateNetworkID: str("pn-1")}},
			want:  []resetChange{{"private_network_id", `"pn-1"`, "(none)"}},
		},
		{
			name:  "private network unknown",
			plan:  clusterModel{clusterAttributes: clusterAttributes{PrivateNetworkID: types.StringUnknown()}},
			state: clusterModel{clusterAttributes: clusterAttributes{PrivateNetworkID: str("pn-1")}},
		},
		{
			name:   "nodes subnet",
			config: clusterModel{clusterAttributes: clusterAttributes{NodesSubnetID: str("sub-2")}},
			plan:   clusterModel{clusterAttributes: clusterAttributes{NodesSubnetID: str("sub-2")}},
			state:  clusterModel{clusterAttributes: clusterAttributes{NodesSubnetID: str("sub-1")}},
			want:   []resetChange{{"nodes_subnet_id", `"sub-1"`, `"sub-2"`}},
		},
		{
			name:  "nodes subnet left out of the configuration",
			plan:  clusterModel{clusterAttributes: clusterAttributes{NodesSubnetID: str("sub-2")}},
			state: clusterModel{clusterAttributes: clusterAttributes{NodesSubnetID: str("sub-1")}},
		},
		{
			name:   "ip allocation policy added",
			config: clusterModel{clusterAttributes: clusterAttributes{IPAllocationPolicy: pods}},
			plan:   clusterModel{clusterAttributes: clusterAttributes{IPAllocationPolicy: pods}},
			want:   []resetChange{{"ip_allocation_policy", "(API default)", "pods 10.2.0.0/16, services default"}},
		},
		{
			name:   "ip allocation policy changed",
			config: clusterModel{clusterAttributes: clusterAttributes{IPAllocationPolicy: pods}},
			plan:   clusterModel{clusterAttributes: clusterAttributes{IPAllocationPolicy: pods}},
			state:  clusterModel{clusterAttributes: clusterAttributes{IPAllocationPolicy: []ipAllocationModel{{PodsIPv4CIDR: str("10.4.0.0/16"), ServicesIPv4CIDR: str("10.3.0.0/16")}}}},
			want:   []resetChange{{"ip_allocation_policy", "pods 10.4.0.0/16, services 10.3.0.0/16", "pods 10.2.0.0/16, services default"}},
		},
		{
			name:   "ip allocation policy unchanged",
			config: clusterModel{clusterAttributes: clusterAttributes{IPAllocationPolicy: pods}},
			plan:   clusterModel{clusterAttributes: clusterAttributes{IPAllocationPolicy: pods}},
			state:  clusterModel{clusterAttributes: clusterAttributes{IPAllocationPolicy: []ipAllocationModel{{PodsIPv4CIDR: str("10.2.0.0/16"), ServicesIPv4CIDR: snull}}}},
		},
		{
			name:  "ip allocation policy left out of the configuration",
			plan:  clusterModel{},
			state: clusterModel{clusterAttributes: clusterAttributes{IPAllocationPolicy: pods}},
		},
		{
			name:   "several, in a fixed order",
			config: clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: str("ipvs"), NodesSubnetID: str("sub-2"), IPAllocationPolicy: pods}},
			plan:   clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: str("ipvs"), PrivateNetworkID: str("pn-2"), NodesSubnetID: str("sub-2"), IPAllocationPolicy: pods}},
			state:  clusterModel{clusterAttributes: clusterAttributes{KubeProxyMode: str("iptables"), PrivateNetworkID: str("pn-1"), NodesSubnetID: str("sub-1")}},
			want: []resetChange{
				{"kube_proxy_mode", `"iptables"`, `"ipvs"`},
				{"private_network_id", `"pn-1"`, `"pn-2"`},
				{"nodes_subnet_id", `"sub-1"`, `"sub-2"`},
				{"ip_allocation_policy", "(API default)", "pods 10.2.0.0/16, services default"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resetOnlyChanges(tt.config, tt.plan, tt.state)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || len(got) != len(tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestCheckVersionChange(t *testing.T) {
	const summary = "Invalid version change"
	tests := []struct {
		name        string
		state, plan types.String
		wantDetail  string
	}{
		{"same", str("1.33"), str("1.33"), ""},
		{"next minor", str("1.33"), str("1.34"), ""},
		{"unknown plan", str("1.33"), types.StringUnknown(), ""},
		{"null plan", str("1.33"), snull, ""},
		{"null state", snull, str("1.35"), ""},
		{"malformed is left to the validator", str("1.33"), str("1.34.2"), ""},
		{"other major is left to the validator", str("1.33"), str("2.0"), ""},
		{
			"downgrade", str("1.33"), str("1.32"),
			`Attribute version: "1.32" is older than the cluster's version "1.33", and a cluster cannot be downgraded. ` +
				`Keep version = "1.33", or upgrade to version = "1.34".`,
		},
		{
			"downgrade by several", str("1.31"), str("1.9"),
			`Attribute version: "1.9" is older than the cluster's version "1.31", and a cluster cannot be downgraded. ` +
				`Keep version = "1.31", or upgrade to version = "1.32".`,
		},
		{
			"jump", str("1.33"), str("1.35"),
			`Attribute version: "1.35" is more than one minor version above the cluster's version "1.33"; upgrades go one ` +
				`minor version at a time. Apply version = "1.34" first, then the next one.`,
		},
		{
			"jump compared numerically", str("1.9"), str("1.11"),
			`Attribute version: "1.11" is more than one minor version above the cluster's version "1.9"; upgrades go one ` +
				`minor version at a time. Apply version = "1.10" first, then the next one.`,
		},
		{"1.9 to 1.10 is the next minor", str("1.9"), str("1.10"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.Diagnostics
			checkVersionChange(clusterModel{clusterAttributes: clusterAttributes{Version: tt.plan}}, clusterModel{clusterAttributes: clusterAttributes{Version: tt.state}}, &diags)
			var want []string
			if tt.wantDetail != "" {
				want = []string{"Error|version|" + summary + "|" + tt.wantDetail}
			}
			if got := showDiags(diags); !equalStrings(got, want) {
				t.Fatalf("got  %q\nwant %q", got, want)
			}
		})
	}
}

func TestValidateSyncPeriods(t *testing.T) {
	detail := func(mode, minV, syncV string) string {
		p := "customization_kube_proxy[0]." + mode + "[0].min_sync_period"
		// kube-proxy's rule, not the schema's: a warning.
		return "Warning|" + p + "|Invalid kube-proxy timing|Attribute " + p + `: "` + minV + `" is longer than sync_period "` + syncV +
			`". kube-proxy requires min_sync_period <= sync_period: the minimum time between two re-syncs cannot exceed the full ` +
			`refresh period. For example: min_sync_period = "PT1S" with sync_period = "PT30S". The API's published schema does ` +
			`not refuse it, so it is sent as written: the API may refuse it at apply.`
	}
	ipvsTimes := func(minV, syncV isoduration.Duration) []ipvsModel {
		return []ipvsModel{ipvsBlock(minV, syncV, snull, dnull, dnull, dnull)}
	}
	tests := []struct {
		name   string
		blocks []kubeProxyModel
		want   []string
	}{
		{name: "no block"},
		{name: "empty block", blocks: []kubeProxyModel{{}}},
		{name: "min below sync", blocks: iptablesBlock(dur("PT1S"), dur("PT30S"))},
		{name: "equal", blocks: iptablesBlock(dur("PT30S"), dur("PT30S"))},
		{name: "equal in other spellings", blocks: iptablesBlock(dur("PT60S"), dur("PT1M"))},
		{name: "zero sync is not compared", blocks: iptablesBlock(dur("PT1M"), dur("PT0S"))},
		{name: "zero sync as P0D is not compared", blocks: iptablesBlock(dur("PT1M"), dur("P0D"))},
		{name: "null sync", blocks: iptablesBlock(dur("PT1M"), dnull)},
		{name: "unknown min", blocks: iptablesBlock(dunknown, dur("PT1S"))},
		{name: "unparsable is left to the type", blocks: iptablesBlock(dur("1m"), dur("PT1S"))},
		{name: "iptables min longer", blocks: iptablesBlock(dur("PT1M"), dur("PT30S")), want: []string{detail("iptables", "PT1M", "PT30S")}},
		{name: "iptables min longer by a nanosecond", blocks: iptablesBlock(dur("PT30.000000001S"), dur("PT30S")),
			want: []string{detail("iptables", "PT30.000000001S", "PT30S")}},
		{name: "ipvs min longer", blocks: []kubeProxyModel{{IPVS: ipvsTimes(dur("PT2M"), dur("PT90S"))}}, want: []string{detail("ipvs", "PT2M", "PT90S")}},
		{
			name: "both modes",
			blocks: []kubeProxyModel{{
				IPTables: []iptablesModel{{MinSyncPeriod: dur("PT10S"), SyncPeriod: dur("PT5S")}},
				IPVS:     ipvsTimes(dur("PT1H"), dur("PT59M")),
			}},
			want: []string{detail("iptables", "PT10S", "PT5S"), detail("ipvs", "PT1H", "PT59M")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := showDiags(validateSyncPeriods(tt.blocks)); !equalStrings(got, tt.want) {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestValidateAdmissionPlugins(t *testing.T) {
	ctx := context.Background()
	const p = "customization_apiserver[0].admissionplugins[0].disabled"
	detail := func(plugin string) string {
		return "Warning|" + p + "|Admission plugin both enabled and disabled|Attribute " + p + `: "` + plugin +
			`" is also in enabled. The API accepts a plugin in both lists, but which one it applies is not documented. ` +
			`Keep the plugin in one list only, for example enabled = ["AlwaysPullImages"] and disabled = ["NodeRestriction"].`
	}
	tests := []struct {
		name   string
		blocks []apiServerModel
		want   []string
	}{
		{name: "no block"},
		{name: "no plugins block", blocks: []apiServerModel{{}}},
		{name: "null lists", blocks: pluginsBlock(lnull, lnull)},
		{name: "unknown list", blocks: pluginsBlock(types.ListUnknown(types.StringType), strList("NodeRestriction"))},
		{name: "disjoint", blocks: pluginsBlock(strList("AlwaysPullImages"), strList("NodeRestriction"))},
		{name: "one in both", blocks: pluginsBlock(strList("AlwaysPullImages", "NodeRestriction"), strList("NodeRestriction")),
			want: []string{detail("NodeRestriction")}},
		{name: "two in both", blocks: pluginsBlock(strList("AlwaysPullImages", "NodeRestriction"), strList("NodeRestriction", "AlwaysPullImages")),
			want: []string{detail("AlwaysPullImages"), detail("NodeRestriction")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := showDiags(validateAdmissionPlugins(ctx, tt.blocks)); !equalStrings(got, tt.want) {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseMinor(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"1.31", 31, true},
		{"1.9", 9, true},
		{"1.0", 0, true},
		{"1.100", 100, true},
		{"2.31", 0, false},
		{"1", 0, false},
		{"", 0, false},
		{"1.", 0, false},
		{"1.x", 0, false},
		{"1.31.4", 0, false},
		{"v1.31", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseMinor(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseMinor(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestResetAppliedTakesEmptyNetworkAsNone(t *testing.T) {
	empty := ""
	if !resetApplied(ovhapi.KubeReset{})(&ovhapi.Kube{PrivateNetworkID: &empty}) {
		t.Error(`a public cluster answered with privateNetworkId "" is not recognised as reset`)
	}
}

func TestResetAppliedChecksNetworkSettings(t *testing.T) {
	pods, other := "10.240.0.0/13", "10.2.0.0/16"
	subnet, oldSubnet := "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11", "7c1f3a2b-9d84-4e6f-8a5b-3c2d1e0f9a87"
	body := ovhapi.KubeReset{NodesSubnetID: &subnet, IPAllocationPolicy: &ovhapi.IPAllocationPolicy{PodsIPv4CIDR: &pods}}
	tests := []struct {
		name string
		k    ovhapi.Kube
		want bool
	}{
		{"applied", ovhapi.Kube{NodesSubnetID: &subnet, IPAllocationPolicy: &ovhapi.IPAllocationPolicy{PodsIPv4CIDR: &pods, ServicesIPv4CIDR: &other}}, true},
		{"old pods range", ovhapi.Kube{NodesSubnetID: &subnet, IPAllocationPolicy: &ovhapi.IPAllocationPolicy{PodsIPv4CIDR: &other}}, false},
		{"no policy yet", ovhapi.Kube{NodesSubnetID: &subnet}, false},
		{"old subnet", ovhapi.Kube{NodesSubnetID: &oldSubnet, IPAllocationPolicy: &ovhapi.IPAllocationPolicy{PodsIPv4CIDR: &pods}}, false},
	}
	for _, tt := range tests {
		if got := resetApplied(body)(&tt.k); got != tt.want {
			t.Errorf("%s: resetApplied = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// attributesOf is the guide setFromAPI takes from a model, nil for none.
func attributesOf(m *clusterModel) *clusterAttributes {
	if m == nil {
		return nil
	}
	return &m.clusterAttributes
}
