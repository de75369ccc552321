package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every plan starts with an UpgradeResourceState of every resource in the
// state, and almost every one is already at its schema's version. For those,
// the framework decodes the saved JSON into a typed value with the whole
// schema, then encodes that value again as MessagePack: a sixth of the
// provider's CPU in a refresh of 100 clusters. The protocol lets a provider
// answer with JSON (DynamicValue.JSON; Terraform and OpenTofu decode either
// encoding against the schema), so a saved state that the schema reads as it
// is goes back as it came. Anything else (another version, an attribute the
// schema does not have, a value of another kind, a flatmap state) is left to
// the framework, with its upgraders and its error messages.

// stateShapes holds, per resource type, the schema version and the shape
// of its state, read once from the server's own schemas.
type stateShapes struct {
	once   sync.Once
	shapes map[string]stateShape
}

type stateShape struct {
	version int64
	block   *blockShape
}

// blockShape is a schema block as its JSON is checked: the types of its
// attributes, and its nested blocks.
type blockShape struct {
	attributes map[string]tftypes.Type
	blocks     map[string]nestedShape
}

type nestedShape struct {
	nesting tfprotov6.SchemaNestedBlockNestingMode
	block   *blockShape
}

func newBlockShape(b *tfprotov6.SchemaBlock) *blockShape {
	out := &blockShape{attributes: map[string]tftypes.Type{}, blocks: map[string]nestedShape{}}
	for _, a := range b.Attributes {
		out.attributes[a.Name] = a.ValueType()
	}
	for _, nb := range b.BlockTypes {
		out.blocks[nb.TypeName] = nestedShape{nesting: nb.Nesting, block: newBlockShape(nb.Block)}
	}
	return out
}

func (s *stateShapes) get(ctx context.Context, server tfprotov6.ProviderServer, typeName string) (stateShape, bool) {
	s.once.Do(func() {
		s.shapes = map[string]stateShape{}
		resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil || resp == nil {
			return
		}
		for _, d := range resp.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				return
			}
		}
		for name, schema := range resp.ResourceSchemas {
			if schema != nil && schema.Block != nil {
				s.shapes[name] = stateShape{version: schema.Version, block: newBlockShape(schema.Block)}
			}
		}
	})
	shape, ok := s.shapes[typeName]
	return shape, ok
}

// passthroughState returns the saved state itself, as JSON, when the schema
// of its resource type, at its version, reads it unchanged.
func (s *stateShapes) passthroughState(ctx context.Context, server tfprotov6.ProviderServer, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, bool) {
	if req == nil || req.RawState == nil || len(req.RawState.JSON) == 0 || len(req.RawState.Flatmap) > 0 {
		return nil, false
	}
	shape, ok := s.get(ctx, server, req.TypeName)
	if !ok || shape.version != req.Version {
		return nil, false
	}
	var saved any
	dec := json.NewDecoder(bytes.NewReader(req.RawState.JSON))
	dec.UseNumber()
	if err := dec.Decode(&saved); err != nil || dec.More() {
		return nil, false
	}
	if obj, ok := saved.(map[string]any); !ok || !shape.block.fits(obj) {
		return nil, false
	}
	return &tfprotov6.UpgradeResourceStateResponse{
		UpgradedState: &tfprotov6.DynamicValue{JSON: req.RawState.JSON},
	}, true
}

// fits reports whether obj, decoded from JSON, is a value of the block as
// the CLI's JSON decoder reads it, and as the framework would answer it:
// every key an attribute or a block of the block, every value of the kind
// its type says, null anywhere but in place of a list or set of blocks
// (which the framework answers as an empty list, as the CLI wants), and no
// such block left out.
func (b *blockShape) fits(obj map[string]any) bool {
	for k, v := range obj {
		if typ, ok := b.attributes[k]; ok {
			if !fitsType(v, typ) {
				return false
			}
			continue
		}
		nested, ok := b.blocks[k]
		if !ok || !nested.fits(v) {
			return false
		}
	}
	for name, nested := range b.blocks {
		if _, ok := obj[name]; !ok && nested.nesting != tfprotov6.SchemaNestedBlockNestingModeSingle {
			return false
		}
	}
	return true
}

func (n nestedShape) fits(v any) bool {
	switch n.nesting {
	case tfprotov6.SchemaNestedBlockNestingModeList, tfprotov6.SchemaNestedBlockNestingModeSet:
		items, ok := v.([]any)
		if !ok {
			return false
		}
		for _, item := range items {
			obj, ok := item.(map[string]any)
			if !ok || !n.block.fits(obj) {
				return false
			}
		}
		return true
	case tfprotov6.SchemaNestedBlockNestingModeSingle:
		if v == nil {
			return true
		}
		obj, ok := v.(map[string]any)
		return ok && n.block.fits(obj)
	}
	return false
}

// fitsType reports whether v, decoded from JSON, is a value of typ as the
// CLI's JSON decoder reads it: every object key an attribute of the type,
// every value of the kind its type says, null anywhere.
func fitsType(v any, typ tftypes.Type) bool {
	if v == nil {
		return true
	}
	switch {
	case typ.Is(tftypes.String):
		_, ok := v.(string)
		return ok
	case typ.Is(tftypes.Number):
		_, ok := v.(json.Number)
		return ok
	case typ.Is(tftypes.Bool):
		_, ok := v.(bool)
		return ok
	}
	switch t := typ.(type) {
	case tftypes.Object:
		obj, ok := v.(map[string]any)
		if !ok {
			return false
		}
		for k, e := range obj {
			at, ok := t.AttributeTypes[k]
			if !ok || !fitsType(e, at) {
				return false
			}
		}
		return true
	case tftypes.List:
		return fitsElements(v, t.ElementType)
	case tftypes.Set:
		return fitsElements(v, t.ElementType)
	case tftypes.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return false
		}
		for _, e := range obj {
			if !fitsType(e, t.ElementType) {
				return false
			}
		}
		return true
	}
	// Tuples and dynamic values: this provider's schemas have none, and
	// their JSON needs more than a look at the keys.
	return false
}

func fitsElements(v any, elem tftypes.Type) bool {
	items, ok := v.([]any)
	if !ok {
		return false
	}
	for _, e := range items {
		if e == nil || !fitsType(e, elem) {
			return false // a null element: the framework's answer
		}
	}
	return true
}
