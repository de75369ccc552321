package provider

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mkscloud/terraform-provider-ovh/internal/kube"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// Benchmarks of the requests a plan makes for each cluster, through the
// provider's protocol server as Terraform calls it (without the gRPC
// transport and the SDK's loggers), against the mock API: what `make bench`'s
// plan scenarios cost per cluster, with allocations, in a few seconds.
//
//	go test -bench Requests -benchmem -run '^$' ./internal/provider

const clusterType = "ovh_cloud_project_kube"

// requestsFixture is a configured provider server and a cluster it created,
// configured as the plan scenarios of bench/ configure theirs.
type requestsFixture struct {
	server tfprotov6.ProviderServer
	mock   *ovhmock.Mock
	config *tfprotov6.DynamicValue
	state  *tfprotov6.DynamicValue
}

func newRequestsFixture(tb testing.TB) requestsFixture {
	tb.Helper()
	ctx := context.Background()
	m := ovhmock.New(ovhmock.Options{Timings: ovhmock.TestTimings()})
	srv := httptest.NewServer(m)
	tb.Cleanup(srv.Close)
	polling := kube.Options{PollFirst: 5 * time.Millisecond, PollMax: 20 * time.Millisecond, StaleGrace: time.Second}
	s := NewServerWithOptions("bench", polling)()

	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		tb.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	providerConfig := dynamic(tb, schemas.Provider.ValueType(), nil, map[string]any{
		"endpoint":           srv.URL + "/1.0",
		"application_key":    ovhmock.DefaultApplicationKey,
		"application_secret": ovhmock.DefaultApplicationSecret,
		"consumer_key":       ovhmock.DefaultConsumerKey,
	})
	configured, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: providerConfig})
	if err != nil || len(configured.Diagnostics) > 0 {
		tb.Fatalf("ConfigureProvider: %v %v", err, diagnostics(configured.Diagnostics))
	}

	schema := schemas.ResourceSchemas[clusterType]
	typ := schema.ValueType()
	blocks := map[string]bool{}
	for _, b := range schema.Block.BlockTypes {
		blocks[b.TypeName] = true
	}
	config := dynamic(tb, typ, blocks, map[string]any{
		"service_name":    ovhmock.DefaultProject,
		"name":            "bench",
		"region":          "GRA11",
		"kube_proxy_mode": "ipvs",
		"customization_kube_proxy": []any{map[string]any{
			"iptables": []any{map[string]any{"min_sync_period": "PT1S", "sync_period": "PT30S"}},
			"ipvs": []any{map[string]any{
				"min_sync_period": "PT0S", "sync_period": "PT30S", "scheduler": "rr",
				"tcp_timeout": "PT0S", "tcp_fin_timeout": "PT0S", "udp_timeout": "PT0S",
			}},
		}},
	})
	null, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		tb.Fatal(err)
	}
	planned, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: clusterType, PriorState: &null, ProposedNewState: config, Config: config,
	})
	if err != nil || len(planned.Diagnostics) > 0 {
		tb.Fatalf("PlanResourceChange (create): %v %v", err, diagnostics(planned.Diagnostics))
	}
	applied, err := s.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: clusterType, PriorState: &null, PlannedState: planned.PlannedState, Config: config,
		PlannedPrivate: planned.PlannedPrivate,
	})
	if err != nil || len(applied.Diagnostics) > 0 {
		tb.Fatalf("ApplyResourceChange (create): %v %v", err, diagnostics(applied.Diagnostics))
	}
	return requestsFixture{server: s, mock: m, config: config, state: applied.NewState}
}

// dynamic encodes a sparse description of a value of typ: map[string]any
// for objects, []any for lists, Go scalars. Missing attributes are null,
// missing top-level blocks (named in blocks) empty, as in a configuration.
func dynamic(tb testing.TB, typ tftypes.Type, blocks map[string]bool, v any) *tfprotov6.DynamicValue {
	tb.Helper()
	obj := typ.(tftypes.Object)
	in := v.(map[string]any)
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		x, ok := in[name]
		switch {
		case ok:
			vals[name] = value(tb, at, x)
		case blocks[name] && at.Is(tftypes.List{}):
			vals[name] = tftypes.NewValue(at, []tftypes.Value{})
		case blocks[name] && at.Is(tftypes.Set{}):
			vals[name] = tftypes.NewValue(at, []tftypes.Value{})
		default:
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

func value(tb testing.TB, typ tftypes.Type, v any) tftypes.Value {
	tb.Helper()
	switch typ := typ.(type) {
	case tftypes.Object:
		in := v.(map[string]any)
		vals := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			if x, ok := in[name]; ok {
				vals[name] = value(tb, at, x)
			} else {
				vals[name] = tftypes.NewValue(at, nil)
			}
		}
		for name := range in {
			if _, ok := typ.AttributeTypes[name]; !ok {
				tb.Fatalf("no attribute %q", name)
			}
		}
		return tftypes.NewValue(typ, vals)
	case tftypes.List:
		var elems []tftypes.Value
		for _, e := range v.([]any) {
			elems = append(elems, value(tb, typ.ElementType, e))
		}
		return tftypes.NewValue(typ, elems)
	default:
		return tftypes.NewValue(typ, v)
	}
}

func diagnostics(ds []*tfprotov6.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Summary+": "+d.Detail)
	}
	return out
}

// BenchmarkRequests runs, for a cluster in state whose configuration has
// not changed, each request of a plan: ValidateResourceConfig, ReadResource
// (one GET of the mock) and PlanResourceChange.
func BenchmarkRequests(b *testing.B) {
	f := newRequestsFixture(b)
	ctx := context.Background()
	b.Run("ValidateResourceConfig", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := f.server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: clusterType, Config: f.config})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("%v %v", err, diagnostics(resp.Diagnostics))
			}
		}
	})
	b.Run("ReadResource", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := f.server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: clusterType, CurrentState: f.state})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("%v %v", err, diagnostics(resp.Diagnostics))
			}
		}
	})
	b.Run("PlanResourceChange", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := f.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
				TypeName: clusterType, PriorState: f.state, ProposedNewState: f.state, Config: f.config,
			})
			if err != nil || len(resp.Diagnostics) > 0 || len(resp.RequiresReplace) > 0 {
				b.Fatalf("%v %v %v", err, diagnostics(resp.Diagnostics), resp.RequiresReplace)
			}
		}
	})
}
