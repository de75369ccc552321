package acctest

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
	"github.com/mkscloud/terraform-provider-ovh/internal/provider"
)

// ProtoServer is the provider's protocol server, served as its binary
// serves it with the acceptance tests' options (FastPolling), configured for
// a mock, with the schemas a CLI fetches before anything else. The tests of
// what no CLI of CI runs (list resources, actions) and of what a CLI does
// not show (identities) drive it with tfprotov6 requests, as Terraform
// sends them.
//
// Its methods fail the test that made it on any error.
type ProtoServer struct {
	tfprotov6.ProviderServer
	// Schemas and Identities are the answers of GetProviderSchema and
	// GetResourceIdentitySchemas.
	Schemas    *tfprotov6.GetProviderSchemaResponse
	Identities *tfprotov6.GetResourceIdentitySchemasResponse

	t *testing.T
}

// NewProtoServer serves the provider, fetches its schemas and configures it
// for the mock at endpoint with the mock's credentials.
func NewProtoServer(t *testing.T, endpoint string) *ProtoServer {
	t.Helper()
	return NewProtoServerWithConsumerKey(t, endpoint, ovhmock.DefaultConsumerKey)
}

// NewProtoServerWithConsumerKey is NewProtoServer with the consumer key
// consumerKey instead of the mock's.
func NewProtoServerWithConsumerKey(t *testing.T, endpoint, consumerKey string) *ProtoServer {
	t.Helper()
	ctx := context.Background()
	p := &ProtoServer{ProviderServer: provider.NewServerWithOptions("test", FastPolling)(), t: t}
	var err error
	if p.Schemas, err = p.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil || len(p.Schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %s", err, DiagText(p.Schemas.Diagnostics))
	}
	if p.Identities, err = p.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{}); err != nil || len(p.Identities.Diagnostics) > 0 {
		t.Fatalf("GetResourceIdentitySchemas: %v %s", err, DiagText(p.Identities.Diagnostics))
	}
	configured, err := p.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: p.Config(p.Schemas.Provider, map[string]any{
		"endpoint":           endpoint,
		"application_key":    ovhmock.DefaultApplicationKey,
		"application_secret": ovhmock.DefaultApplicationSecret,
		"consumer_key":       consumerKey,
	})})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %s", err, DiagText(configured.Diagnostics))
	}
	return p
}

// DiagText writes diagnostics, as summary: detail, for a failure message.
func DiagText(diags []*tfprotov6.Diagnostic) string {
	out := make([]string, 0, len(diags))
	for _, d := range diags {
		out = append(out, d.Summary+": "+d.Detail)
	}
	return strings.Join(out, "\n---\n")
}

// ActionServer is the server of the provider's actions.
func (p *ProtoServer) ActionServer() tfprotov6.ActionServer {
	p.t.Helper()
	s, ok := p.ProviderServer.(tfprotov6.ActionServer)
	if !ok {
		p.t.Fatal("the provider's server does not serve actions")
	}
	return s
}

// ListResourceServer is the server of the provider's list resources.
func (p *ProtoServer) ListResourceServer() tfprotov6.ListResourceServer {
	p.t.Helper()
	s, ok := p.ProviderServer.(tfprotov6.ListResourceServer)
	if !ok {
		p.t.Fatal("the provider's server does not serve list resources")
	}
	return s
}

// Resource is the schema of the resource typeName.
func (p *ProtoServer) Resource(typeName string) *tfprotov6.Schema {
	p.t.Helper()
	s, ok := p.Schemas.ResourceSchemas[typeName]
	if !ok {
		p.t.Fatalf("the provider has no resource %s", typeName)
	}
	return s
}

// ListResource is the schema of the configuration of the list resource
// typeName.
func (p *ProtoServer) ListResource(typeName string) *tfprotov6.Schema {
	p.t.Helper()
	s, ok := p.Schemas.ListResourceSchemas[typeName]
	if !ok {
		p.t.Fatalf("the provider has no list resource %s", typeName)
	}
	return s
}

// Action is the schema of the action typeName.
func (p *ProtoServer) Action(typeName string) *tfprotov6.Schema {
	p.t.Helper()
	s, ok := p.Schemas.ActionSchemas[typeName]
	if !ok {
		p.t.Fatalf("the provider has no action %s", typeName)
	}
	return s.Schema
}

// ResourceType is the type of a state of the resource typeName.
func (p *ProtoServer) ResourceType(typeName string) tftypes.Type {
	p.t.Helper()
	return p.Resource(typeName).ValueType()
}

// IdentityType is the type of an identity of the resource typeName.
func (p *ProtoServer) IdentityType(typeName string) tftypes.Type {
	p.t.Helper()
	s, ok := p.Identities.IdentitySchemas[typeName]
	if !ok {
		p.t.Fatalf("%s has no identity schema", typeName)
	}
	return s.ValueType()
}

// ListResourceType is the type of the configuration of the list resource
// typeName.
func (p *ProtoServer) ListResourceType(typeName string) tftypes.Type {
	p.t.Helper()
	return p.ListResource(typeName).ValueType()
}

// ActionType is the type of the configuration of the action typeName.
func (p *ProtoServer) ActionType(typeName string) tftypes.Type {
	p.t.Helper()
	return p.Action(typeName).ValueType()
}

// Config encodes attrs as a value of schema, as a configuration holds it:
// the attributes left out are null, and so are the single blocks; the lists
// and sets of blocks left out are empty. A value is a tftypes.Value, a
// []string (a list or set of strings), an int, or what tftypes.NewValue
// takes for the attribute's type (a string, a bool...).
func (p *ProtoServer) Config(schema *tfprotov6.Schema, attrs map[string]any) *tfprotov6.DynamicValue {
	p.t.Helper()
	typ := schema.ValueType()
	obj := typ.(tftypes.Object)
	blocks := map[string]bool{}
	for _, b := range schema.Block.BlockTypes {
		blocks[b.TypeName] = b.Nesting == tfprotov6.SchemaNestedBlockNestingModeList || b.Nesting == tfprotov6.SchemaNestedBlockNestingModeSet
	}
	for name := range attrs {
		if _, ok := obj.AttributeTypes[name]; !ok {
			p.t.Fatalf("no attribute %q in %s", name, typ)
		}
	}
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		x, ok := attrs[name]
		switch x := x.(type) {
		case tftypes.Value:
			vals[name] = x
		case []string:
			elems := make([]tftypes.Value, 0, len(x))
			for _, e := range x {
				elems = append(elems, tftypes.NewValue(tftypes.String, e))
			}
			vals[name] = tftypes.NewValue(at, elems)
		case int:
			vals[name] = tftypes.NewValue(at, int64(x))
		default:
			switch {
			case ok:
				vals[name] = tftypes.NewValue(at, x)
			case blocks[name]:
				vals[name] = tftypes.NewValue(at, []tftypes.Value{})
			default:
				vals[name] = tftypes.NewValue(at, nil)
			}
		}
	}
	return p.Encode(tftypes.NewValue(typ, vals))
}

// Identity encodes an identity of the resource typeName; the attributes
// left out are null.
func (p *ProtoServer) Identity(typeName string, attrs map[string]string) *tfprotov6.ResourceIdentityData {
	p.t.Helper()
	typ := p.IdentityType(typeName)
	for name := range attrs {
		if _, ok := typ.(tftypes.Object).AttributeTypes[name]; !ok {
			p.t.Fatalf("no attribute %q in the identity of %s", name, typeName)
		}
	}
	vals := map[string]tftypes.Value{}
	for name, at := range typ.(tftypes.Object).AttributeTypes {
		if v, ok := attrs[name]; ok {
			vals[name] = tftypes.NewValue(at, v)
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: p.Encode(tftypes.NewValue(typ, vals))}
}

// Encode encodes v.
func (p *ProtoServer) Encode(v tftypes.Value) *tfprotov6.DynamicValue {
	p.t.Helper()
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		p.t.Fatal(err)
	}
	return &dv
}

// Decode decodes dv, a value of typ.
func (p *ProtoServer) Decode(dv *tfprotov6.DynamicValue, typ tftypes.Type) tftypes.Value {
	p.t.Helper()
	if dv == nil {
		p.t.Fatal("no value")
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		p.t.Fatal(err)
	}
	return v
}
