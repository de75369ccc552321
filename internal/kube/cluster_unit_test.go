package kube

import (
	"context"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mkscloud/terraform-provider-ovh/internal/isoduration"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// Read leaves the state it is given when the cluster has not changed (it
// compares the models, so readAPI must build new values and never write into
// the state's), and writes the refreshed state when the cluster has.
func TestReadWritesTheStateOnlyWhenTheClusterChanged(t *testing.T) {
	ctx := context.Background()
	m := ovhmock.New(ovhmock.Options{Timings: ovhmock.TestTimings()})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	client, err := ovhapi.New(ovhapi.Config{Endpoint: srv.URL + "/1.0", ApplicationKey: ovhmock.DefaultApplicationKey,
		ApplicationSecret: ovhmock.DefaultApplicationSecret, ConsumerKey: ovhmock.DefaultConsumerKey})
	if err != nil {
		t.Fatal(err)
	}
	r := &clusterResource{resourceBase{base: base{client: client, opts: Options{}.withDefaults()}, schema: clusterSchema}}
	err = m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{Name: "c", Region: "GRA11", Status: ovhmock.StatusReady, KubeProxyMode: "ipvs",
		Customization: &ovhmock.Customization{KubeProxy: &ovhmock.KubeProxy{
			IPTables: &ovhmock.IPTables{MinSyncPeriod: "PT1S", SyncPeriod: "PT30S"},
			IPVS:     &ovhmock.IPVS{MinSyncPeriod: "P0D", SyncPeriod: "PT30S", Scheduler: "rr", TCPTimeout: "P0D", TCPFinTimeout: "P0D", UDPTimeout: "P0D"},
		}}})
	if err != nil {
		t.Fatal(err)
	}
	id := m.Clusters(ovhmock.DefaultProject)[0].ID

	// The state a creation with the configuration of bench/ leaves.
	k, err := client.GetKube(ctx, ovhmock.DefaultProject, id)
	if err != nil {
		t.Fatal(err)
	}
	configured := clusterModel{
		clusterAttributes: clusterAttributes{CustomizationKubeProxy: []kubeProxyModel{{
			IPTables: []iptablesModel{{MinSyncPeriod: benchDur("PT1S"), SyncPeriod: benchDur("PT30S")}},
			IPVS: []ipvsModel{{MinSyncPeriod: benchDur("PT0S"), SyncPeriod: benchDur("PT30S"), Scheduler: types.StringValue("rr"),
				TCPTimeout: benchDur("PT0S"), TCPFinTimeout: benchDur("PT0S"), UDPTimeout: benchDur("PT0S")}},
		}}},
		ResetInsteadOfReplace:  types.BoolValue(false),
		ResetWorkerNodesPolicy: types.StringValue(workerNodesDelete),
		KubeconfigInState:      types.BoolValue(true),
	}
	created := configured
	if diags := created.readAPI(ctx, ovhmock.DefaultProject, k, &configured, false); diags.HasError() {
		t.Fatal(diags)
	}
	if diags := r.fetchKubeconfig(ctx, &created); diags.HasError() {
		t.Fatal(diags)
	}
	s := clusterSchema(ctx)
	tt := s.Blocks["timeouts"].Type()
	noTimeouts, err := tt.ValueFromTerraform(ctx, tftypes.NewValue(tt.TerraformType(ctx), nil))
	if err != nil {
		t.Fatal(err)
	}
	created.Timeouts = noTimeouts.(timeouts.Value)
	state := tfsdk.State{Schema: s}
	if diags := state.Set(ctx, &created); diags.HasError() {
		t.Fatal(diags)
	}

	read := func() tftypes.Value {
		t.Helper()
		// Not the framework's copy of the state: what Read writes, if
		// anything, shows.
		resp := resource.ReadResponse{State: tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}}
		r.Read(ctx, resource.ReadRequest{State: state}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatal(summaries(resp.Diagnostics))
		}
		return resp.State.Raw
	}
	if got := read(); !got.IsNull() {
		t.Errorf("a refresh of an unchanged cluster (the API answering P0D for PT0S) wrote the state:\n%s", got)
	}

	if err := m.ModifyCluster(ovhmock.DefaultProject, id, func(c *ovhmock.Cluster) { c.Customization.KubeProxy.IPVS.SyncPeriod = "PT45S" }); err != nil {
		t.Fatal(err)
	}
	got := read()
	var sync isoduration.Duration
	p := path.Root("customization_kube_proxy").AtListIndex(0).AtName("ipvs").AtListIndex(0).AtName("sync_period")
	if got.IsNull() {
		t.Fatal("a refresh of a changed cluster left the state as it was")
	}
	if diags := (tfsdk.State{Schema: s, Raw: got}).GetAttribute(ctx, p, &sync); diags.HasError() || sync.ValueString() != "PT45S" {
		t.Errorf("refreshed %s = %s, want \"PT45S\" (%v)", p, sync, diags)
	}
}

// readAPI, given as guide the model it was copied from, as Read and Update
// do, leaves the guide as it was: Read compares the two afterwards.
func TestReadAPILeavesTheGuide(t *testing.T) {
	ctx := context.Background()
	k := benchKube()
	k.Customization.KubeProxy.IPVS.SyncPeriod = ptr("PT2M")
	k.Customization.APIServer.AdmissionPlugins.Enabled = []string{"NodeRestriction"}
	k.PrivateNetworkConfiguration.DefaultVrackGateway = "10.0.0.254"
	k.IPAllocationPolicy.PodsIPv4CIDR = ptr("10.4.0.0/16")
	k.Customization.Cilium = ciliumAPI()

	withCilium := func() clusterModel {
		m := benchModel()
		m.CustomizationCilium = []ciliumModel{{ClusterID: types.Int64Value(1), Hubble: []hubbleModel{{Enabled: types.BoolValue(false),
			Relay: []enabledModel{{Enabled: types.BoolValue(false)}}}}}}
		return m
	}
	deprecated := func() clusterModel {
		m := withCilium()
		m.Customization = []deprecatedCustomizationModel{{APIServer: m.CustomizationAPIServer}}
		m.CustomizationAPIServer = nil
		return m
	}
	for name, build := range map[string]func() clusterModel{"every block": withCilium, "deprecated customization": deprecated} {
		t.Run(name, func(t *testing.T) {
			guide := build()
			next := guide
			if diags := next.readAPI(ctx, "0123456789abcdef0123456789abcdef", k, &guide, false); diags.HasError() {
				t.Fatal(diags)
			}
			if reflect.DeepEqual(next, guide) {
				t.Fatal("the API's answer differs from the guide, the refreshed model does not: the test proves nothing")
			}
			if !reflect.DeepEqual(guide, build()) {
				t.Error("readAPI wrote into the guide's blocks")
			}
		})
	}
}

func ciliumAPI() *ovhapi.CiliumCustomization {
	id, t := int64(2), true
	return &ovhapi.CiliumCustomization{ClusterID: &id, Hubble: &ovhapi.CiliumHubble{Enabled: &t, Relay: &ovhapi.CiliumEnabled{Enabled: &t}}}
}
