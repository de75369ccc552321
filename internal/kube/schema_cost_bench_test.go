package kube

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// What the framework itself spends on a cluster's requests, as a function of
// the schema: the cluster's schema served by a resource that does nothing,
// whole and without the blocks that a kube-proxy cluster leaves empty
// (customization_cilium, the deprecated customization). The difference is
// the part of the framework's per-request walks that these blocks cost,
// which no provider code can avoid while the schema keeps them.
//
//	go test -bench SchemaCost -benchmem -run '^$' ./internal/kube

type schemaOnlyResource struct{ schema schema.Schema }

func (r schemaOnlyResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "ovh_cloud_project_kube"
}

func (r schemaOnlyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema
}

func (schemaOnlyResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (schemaOnlyResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (schemaOnlyResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (schemaOnlyResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

type schemaOnlyProvider struct{ schema schema.Schema }

func (p schemaOnlyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "ovh"
}
func (schemaOnlyProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (schemaOnlyProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (schemaOnlyProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (p schemaOnlyProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return schemaOnlyResource(p) }}
}

// schemaValue builds a value of typ from a sparse description (map[string]any
// for objects, []any for lists): what is left out is null, or an empty list
// or set, as the CLI sends blocks it has no element of.
func schemaValue(tb testing.TB, typ tftypes.Type, v any) tftypes.Value {
	tb.Helper()
	switch typ := typ.(type) {
	case tftypes.Object:
		in, _ := v.(map[string]any)
		vals := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			x, ok := in[name]
			switch {
			case ok:
				vals[name] = schemaValue(tb, at, x)
			case at.Is(tftypes.List{}) || at.Is(tftypes.Set{}):
				vals[name] = tftypes.NewValue(at, []tftypes.Value{})
			default:
				vals[name] = tftypes.NewValue(at, nil)
			}
		}
		return tftypes.NewValue(typ, vals)
	case tftypes.List:
		var elems []tftypes.Value
		for _, e := range v.([]any) {
			elems = append(elems, schemaValue(tb, typ.ElementType, e))
		}
		return tftypes.NewValue(typ, elems)
	default:
		return tftypes.NewValue(typ, v)
	}
}

func BenchmarkSchemaCost(b *testing.B) {
	ctx := context.Background()
	full := clusterSchema(ctx)
	lean := full
	lean.Blocks = map[string]schema.Block{}
	for name, block := range full.Blocks {
		if name != "customization_cilium" && name != "customization" {
			lean.Blocks[name] = block
		}
	}
	for _, variant := range []struct {
		name   string
		schema schema.Schema
	}{{"full", full}, {"without-cilium-and-customization", lean}} {
		s := providerserver.NewProtocol6(schemaOnlyProvider{variant.schema})()
		schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil || len(schemas.Diagnostics) > 0 {
			b.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
		}
		typ := schemas.ResourceSchemas["ovh_cloud_project_kube"].ValueType()
		state, err := tfprotov6.NewDynamicValue(typ, schemaValue(b, typ, map[string]any{
			"id": "kube-1", "service_name": "0123", "name": "bench", "region": "GRA11", "version": "1.32",
			"kube_proxy_mode": "ipvs", "status": "READY", "kubeconfig_in_state": true,
			"reset_instead_of_replace": false, "reset_worker_nodes_policy": "delete",
			"customization_kube_proxy": []any{map[string]any{
				"iptables": []any{map[string]any{"min_sync_period": "PT1S", "sync_period": "PT30S"}},
				"ipvs": []any{map[string]any{
					"min_sync_period": "PT0S", "sync_period": "PT30S", "scheduler": "rr",
					"tcp_timeout": "PT0S", "tcp_fin_timeout": "PT0S", "udp_timeout": "PT0S",
				}},
			}},
		}))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(variant.name+"/ReadResource", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				resp, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "ovh_cloud_project_kube", CurrentState: &state})
				if err != nil || len(resp.Diagnostics) > 0 {
					b.Fatalf("%v %v", err, resp.Diagnostics)
				}
			}
		})
		b.Run(variant.name+"/PlanResourceChange", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				resp, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
					TypeName: "ovh_cloud_project_kube", PriorState: &state, ProposedNewState: &state, Config: &state,
				})
				if err != nil || len(resp.Diagnostics) > 0 {
					b.Fatalf("%v %v", err, resp.Diagnostics)
				}
			}
		})
	}
}
