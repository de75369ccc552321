package kube

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/isoduration"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// Benchmarks of the expand and flatten steps that every create, refresh and
// update goes through. A plan of N clusters runs setFromAPI N times, so its
// cost per call bounds what the provider adds to a large refresh.
//
//	go test -bench . -benchmem -run '^$' ./internal/kube

// benchStrings builds a list of strings without the test helpers of other
// files, so that this file stands on its own.
func benchStrings(vals ...string) types.List {
	elems := make([]attr.Value, len(vals))
	for i, v := range vals {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}

func benchDur(s string) isoduration.Duration { return isoduration.NewDurationValue(s) }

// benchKubeProxy is a kube-proxy customization with every setting of both
// modes; seconds gives the durations in seconds (PT60S) rather than their
// canonical form (PT1M), as a configuration may write them.
func benchKubeProxy(seconds bool) []kubeProxyModel {
	sync, tcp := "PT1M", "PT15M"
	if seconds {
		sync, tcp = "PT60S", "PT900S"
	}
	return []kubeProxyModel{{
		IPTables: []iptablesModel{{MinSyncPeriod: benchDur("PT1S"), SyncPeriod: benchDur("PT30S")}},
		IPVS: []ipvsModel{{
			MinSyncPeriod: benchDur("PT0S"),
			SyncPeriod:    benchDur(sync),
			Scheduler:     types.StringValue("rr"),
			TCPTimeout:    benchDur(tcp),
			TCPFinTimeout: benchDur("PT2M"),
			UDPTimeout:    benchDur("PT5M"),
		}},
	}}
}

// benchModel is a configuration that sets every argument, with the full
// customization.
func benchModel() clusterModel {
	return clusterModel{clusterAttributes: clusterAttributes{ServiceName: types.StringValue("0123456789abcdef0123456789abcdef"),
		Region:        types.StringValue("GRA11"),
		Name:          types.StringValue("bench"),
		Version:       types.StringValue("1.31"),
		Plan:          types.StringValue("free"),
		UpdatePolicy:  types.StringValue("MINIMAL_DOWNTIME"),
		KubeProxyMode: types.StringValue("ipvs"),
		CustomizationAPIServer: []apiServerModel{{AdmissionPlugins: []admissionPluginsModel{{
			Enabled:  benchStrings("AlwaysPullImages", "NodeRestriction"),
			Disabled: benchStrings(),
		}}}},
		CustomizationKubeProxy: benchKubeProxy(true),
		PrivateNetworkID:       types.StringValue("3f8a4a6e-5d61-4c7b-9e3a-1b2c3d4e5f60"),
		NodesSubnetID:          types.StringValue("2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11"),
		LoadBalancersSubnetID:  types.StringValue("6c1d3f0a-2b4e-4d5f-8a9b-0c1d2e3f4a5b"),
		PrivateNetworkConfiguration: []privateNetModel{{
			DefaultVrackGateway:            types.StringValue("10.0.0.1"),
			PrivateNetworkRoutingAsDefault: types.BoolValue(true),
		}},
		IPAllocationPolicy: []ipAllocationModel{{
			PodsIPv4CIDR:     types.StringValue("10.2.0.0/16"),
			ServicesIPv4CIDR: types.StringValue("10.3.0.0/16"),
		}}}, ResetInsteadOfReplace: types.BoolValue(false),
		ResetWorkerNodesPolicy: types.StringValue("delete"),
	}
}

// benchKube is the cluster object the API answers for benchModel, in the
// API's own forms: full version, canonical durations, P0D for zero, admission
// plugins in another order.
func benchKube() *ovhapi.Kube {
	s := func(v string) *string { return &v }
	return &ovhapi.Kube{
		ID:                  "6d5c1a2b-3e4f-4a5b-8c9d-0e1f2a3b4c5d",
		Name:                "bench",
		Region:              "GRA11",
		URL:                 "xxxxxx.c1.gra11.k8s.ovh.net",
		NodesURL:            "xxxxxx.nodes.c1.gra11.k8s.ovh.net",
		Version:             "1.31.4",
		NextUpgradeVersions: []string{"1.32"},
		KubeProxyMode:       "ipvs",
		Customization: &ovhapi.Customization{
			APIServer: &ovhapi.APIServerCustomization{AdmissionPlugins: &ovhapi.AdmissionPlugins{
				Enabled:  []string{"NodeRestriction", "AlwaysPullImages"},
				Disabled: []string{},
			}},
			KubeProxy: &ovhapi.KubeProxyCustomization{
				IPTables: &ovhapi.KubeProxyIPTables{MinSyncPeriod: s("PT1S"), SyncPeriod: s("PT30S")},
				IPVS: &ovhapi.KubeProxyIPVS{
					MinSyncPeriod: s("P0D"),
					Scheduler:     s("rr"),
					SyncPeriod:    s("PT1M"),
					TCPFinTimeout: s("PT2M"),
					TCPTimeout:    s("PT15M"),
					UDPTimeout:    s("PT5M"),
				},
			},
		},
		Status:                 "READY",
		UpdatePolicy:           "MINIMAL_DOWNTIME",
		IsUpToDate:             true,
		ControlPlaneIsUpToDate: true,
		PrivateNetworkID:       s("3f8a4a6e-5d61-4c7b-9e3a-1b2c3d4e5f60"),
		PrivateNetworkConfiguration: &ovhapi.PrivateNetworkConfiguration{
			DefaultVrackGateway:            "10.0.0.1",
			PrivateNetworkRoutingAsDefault: true,
		},
		NodesSubnetID:         s("2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11"),
		LoadBalancersSubnetID: s("6c1d3f0a-2b4e-4d5f-8a9b-0c1d2e3f4a5b"),
		IPAllocationPolicy:    &ovhapi.IPAllocationPolicy{PodsIPv4CIDR: s("10.2.0.0/16"), ServicesIPv4CIDR: s("10.3.0.0/16")},
		Plan:                  "free",
		CreatedAt:             "2025-01-02T03:04:05Z",
		UpdatedAt:             "2025-01-02T03:09:05Z",
	}
}

// BenchmarkCreateRequest expands a fully customized configuration into the
// creation body and encodes it, as a create does before its POST.
func BenchmarkCreateRequest(b *testing.B) {
	ctx := context.Background()
	m := benchModel()
	b.ReportAllocs()
	for b.Loop() {
		body, diags := m.createRequest(ctx)
		if diags.HasError() {
			b.Fatal(diags)
		}
		if _, err := json.Marshal(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSetFromAPI flattens a full cluster object into the model, guided
// by the prior state as a refresh is ("guided"), and taking everything the
// API reports as an import is ("importing"). The JSON decoding of the answer
// is measured separately ("decode").
func BenchmarkSetFromAPI(b *testing.B) {
	ctx := context.Background()
	k := benchKube()
	guide := benchModel()
	for _, tc := range []struct {
		name      string
		guide     *clusterModel
		importing bool
	}{
		{"guided", &guide, false},
		{"importing", nil, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var m clusterModel
				if diags := m.setFromAPI(ctx, "0123456789abcdef0123456789abcdef", k, attributesOf(tc.guide), tc.importing); diags.HasError() {
					b.Fatal(diags)
				}
			}
		})
	}
	b.Run("decode", func(b *testing.B) {
		raw, err := json.Marshal(k)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			var out ovhapi.Kube
			if err := json.Unmarshal(raw, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkKubeProxyEqual compares two kube-proxy customizations, which an
// update does to decide whether customization changed. "same" has identical
// strings; "equivalent" writes the same durations differently (PT60S against
// PT1M), so every one is parsed; "different" differs in one duration.
func BenchmarkKubeProxyEqual(b *testing.B) {
	different := benchKubeProxy(false)
	different[0].IPVS[0].UDPTimeout = benchDur("PT6M")
	for _, tc := range []struct {
		name string
		a, b []kubeProxyModel
		want bool
	}{
		{"same", benchKubeProxy(true), benchKubeProxy(true), true},
		{"equivalent", benchKubeProxy(true), benchKubeProxy(false), true},
		{"different", benchKubeProxy(true), different, false},
	} {
		b.Run(tc.name, func(b *testing.B) {
			if got := kubeProxyEqual(tc.a, tc.b); got != tc.want {
				b.Fatalf("kubeProxyEqual = %v, want %v", got, tc.want)
			}
			b.ReportAllocs()
			for b.Loop() {
				kubeProxyEqual(tc.a, tc.b)
			}
		})
	}
}
