package isoduration_test

// These tests run the type inside a real framework provider server, the way
// Terraform drives it, to check that validation errors carry the attribute
// path and that the framework keeps the configured spelling when the API
// answers an equal duration spelt differently. They are an external test
// package because the schema uses validate.Duration, and internal/validate
// imports this package.

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mkscloud/terraform-provider-ovh/internal/isoduration"
	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

const testResourceType = "isotest_thing"

type testProvider struct {
	// answer is what the fake API returns for sync_period.
	answer string
}

func (p *testProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "isotest"
}

func (p *testProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *testProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *testProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (p *testProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &testResource{answer: p.answer} }}
}

type testResource struct {
	answer string
}

func (r *testResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_thing"
}

func (r *testResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":          schema.StringAttribute{Computed: true},
			"sync_period": schema.StringAttribute{Optional: true, CustomType: isoduration.DurationType{}, Validators: []validator.String{validate.Duration{}}},
		},
		Blocks: map[string]schema.Block{
			"ipvs": schema.ListNestedBlock{
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"sync_period": schema.StringAttribute{Optional: true, CustomType: isoduration.DurationType{}, Validators: []validator.String{validate.Duration{}}},
					},
				},
			},
		},
	}
}

type thingModel struct {
	ID         types.String         `tfsdk:"id"`
	SyncPeriod isoduration.Duration `tfsdk:"sync_period"`
	IPVS       []ipvsModel          `tfsdk:"ipvs"`
}

type ipvsModel struct {
	SyncPeriod isoduration.Duration `tfsdk:"sync_period"`
}

// Create stores the plan and reads sync_period back as the fake API spells
// it.
func (r *testResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue("x")
	m.SyncPeriod = isoduration.NewDurationValue(r.answer)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *testResource) Read(ctx context.Context, _ resource.ReadRequest, resp *resource.ReadResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sync_period"), isoduration.NewDurationValue(r.answer))...)
}

func (r *testResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}

func (r *testResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

var (
	ipvsType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"sync_period": tftypes.String,
	}}
	thingType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"id":          tftypes.String,
		"sync_period": tftypes.String,
		"ipvs":        tftypes.List{ElementType: ipvsType},
	}}
)

// thing builds a resource value; id and syncPeriod are strings or nil
// (null), ipvsPeriods the sync_period of each ipvs block.
func thing(t *testing.T, id, syncPeriod interface{}, ipvsPeriods ...string) *tfprotov6.DynamicValue {
	t.Helper()
	blocks := []tftypes.Value{}
	for _, p := range ipvsPeriods {
		blocks = append(blocks, tftypes.NewValue(ipvsType, map[string]tftypes.Value{
			"sync_period": tftypes.NewValue(tftypes.String, p),
		}))
	}
	v := tftypes.NewValue(thingType, map[string]tftypes.Value{
		"id":          tftypes.NewValue(tftypes.String, id),
		"sync_period": tftypes.NewValue(tftypes.String, syncPeriod),
		"ipvs":        tftypes.NewValue(tftypes.List{ElementType: ipvsType}, blocks),
	})
	dv, err := tfprotov6.NewDynamicValue(thingType, v)
	if err != nil {
		t.Fatalf("NewDynamicValue: %v", err)
	}
	return &dv
}

// nullThing is the state of a resource that does not exist yet.
func nullThing(t *testing.T) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(thingType, tftypes.NewValue(thingType, nil))
	if err != nil {
		t.Fatalf("NewDynamicValue: %v", err)
	}
	return &dv
}

// syncPeriodOf returns the top-level sync_period of a resource value.
func syncPeriodOf(t *testing.T, dv *tfprotov6.DynamicValue) string {
	t.Helper()
	if dv == nil {
		t.Fatal("no state returned")
	}
	v, err := dv.Unmarshal(thingType)
	if err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatalf("As: %v", err)
	}
	var s string
	if err := attrs["sync_period"].As(&s); err != nil {
		t.Fatalf("sync_period: %v", err)
	}
	return s
}

func newTestServer(answer string) tfprotov6.ProviderServer {
	return providerserver.NewProtocol6(&testProvider{answer: answer})()
}

func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	s := ""
	for _, d := range diags {
		s += d.Summary + ": " + d.Detail + "\n"
	}
	return s
}

func TestServerValidateResourceConfig(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const example = ` Use an ISO 8601 duration such as "PT30S", "PT1M30S" or "PT0S".`

	tests := []struct {
		name       string
		config     *tfprotov6.DynamicValue
		wantPath   *tftypes.AttributePath
		wantDetail string // empty when valid
	}{
		{
			name:   "valid",
			config: thing(t, nil, "PT60S", "PT30S", "P0D"),
		},
		{
			name:   "null",
			config: thing(t, nil, nil),
		},
		{
			name:       "top level",
			config:     thing(t, nil, "P1M"),
			wantPath:   tftypes.NewAttributePath().WithAttributeName("sync_period"),
			wantDetail: `Attribute sync_period: "P1M" is not a valid duration: year and month parts are not allowed because their length is not fixed; use days, hours, minutes or seconds.` + example,
		},
		{
			name:       "nested",
			config:     thing(t, nil, "PT1M", "PT30S", "PT-5S"),
			wantPath:   tftypes.NewAttributePath().WithAttributeName("ipvs").WithElementKeyInt(1).WithAttributeName("sync_period"),
			wantDetail: `Attribute ipvs[1].sync_period: "PT-5S" is not a valid duration: negative durations are not allowed.` + example,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, err := newTestServer("").ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
				TypeName: testResourceType,
				Config:   tt.config,
			})
			if err != nil {
				t.Fatalf("ValidateResourceConfig: %v", err)
			}
			if tt.wantDetail == "" {
				if len(resp.Diagnostics) != 0 {
					t.Fatalf("unexpected diagnostics:\n%s", diagnosticsText(resp.Diagnostics))
				}
				return
			}
			if len(resp.Diagnostics) != 1 {
				t.Fatalf("got %d diagnostics, want 1:\n%s", len(resp.Diagnostics), diagnosticsText(resp.Diagnostics))
			}
			d := resp.Diagnostics[0]
			if d.Severity != tfprotov6.DiagnosticSeverityError || d.Summary != "Invalid ISO 8601 duration" || d.Detail != tt.wantDetail {
				t.Fatalf("diagnostic = %v %q %q\nwant detail %q", d.Severity, d.Summary, d.Detail, tt.wantDetail)
			}
			if !d.Attribute.Equal(tt.wantPath) {
				t.Fatalf("diagnostic path = %v, want %v", d.Attribute, tt.wantPath)
			}
		})
	}
}

// TestServerKeepsConfiguredSpelling checks that the framework keeps the
// prior spelling when the API answers an equal duration, and takes the API's
// value when it differs.
func TestServerKeepsConfiguredSpelling(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	tests := []struct {
		configured, answer, want string
	}{
		{"PT0S", "P0D", "PT0S"},
		{"PT60S", "PT1M", "PT60S"},
		{"PT1H", "PT60M", "PT1H"},
		{"P1D", "PT24H", "P1D"},
		{"PT30S", "PT30S", "PT30S"},
		{"PT30S", "PT45S", "PT45S"},
		{"PT1M", "PT61S", "PT61S"},
	}
	for _, tt := range tests {
		t.Run(tt.configured+"_"+tt.answer, func(t *testing.T) {
			t.Parallel()
			server := newTestServer(tt.answer)

			read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
				TypeName:     testResourceType,
				CurrentState: thing(t, "x", tt.configured),
			})
			if err != nil {
				t.Fatalf("ReadResource: %v", err)
			}
			if len(read.Diagnostics) != 0 {
				t.Fatalf("ReadResource diagnostics:\n%s", diagnosticsText(read.Diagnostics))
			}
			if got := syncPeriodOf(t, read.NewState); got != tt.want {
				t.Errorf("after read: sync_period = %q, want %q", got, tt.want)
			}

			apply, err := server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
				TypeName:     testResourceType,
				PriorState:   nullThing(t),
				PlannedState: thing(t, tftypes.UnknownValue, tt.configured),
				Config:       thing(t, nil, tt.configured),
			})
			if err != nil {
				t.Fatalf("ApplyResourceChange: %v", err)
			}
			if len(apply.Diagnostics) != 0 {
				t.Fatalf("ApplyResourceChange diagnostics:\n%s", diagnosticsText(apply.Diagnostics))
			}
			if got := syncPeriodOf(t, apply.NewState); got != tt.want {
				t.Errorf("after create: sync_period = %q, want %q", got, tt.want)
			}
		})
	}
}
