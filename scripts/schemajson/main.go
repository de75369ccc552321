// Command schemajson adds to a `providers schema -json` document the schemas
// of what the CLI that wrote it does not know yet: the actions of Terraform
// 1.14, which neither OpenTofu nor the Terraform of CI lists. They come from
// the provider's own protocol server, in the JSON format of Terraform's
// `providers schema -json` (terraform-json), so that tfplugindocs renders
// their pages as it renders the others. scripts/docs.sh runs it.
//
//	go run ./scripts/schemajson FILE   rewrites FILE in place
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/mkscloud/terraform-provider-ovh/internal/provider"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: schemajson FILE")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "schemajson:", err)
		os.Exit(1)
	}
}

func run(file string) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return err
	}
	schemas, _ := doc["provider_schemas"].(map[string]any)
	ovh, ok := schemas["ovh"].(map[string]any)
	if !ok {
		return fmt.Errorf("%s has no provider_schemas.ovh", file)
	}
	resp, err := provider.NewServer("docs")().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return err
	}
	for _, d := range resp.Diagnostics {
		return fmt.Errorf("GetProviderSchema: %s: %s", d.Summary, d.Detail)
	}
	actions := map[string]any{}
	for name, a := range resp.ActionSchemas {
		b, err := block(a.Schema.Block)
		if err != nil {
			return fmt.Errorf("action %s: %w", name, err)
		}
		actions[name] = map[string]any{"block": b}
	}
	if len(actions) > 0 {
		ovh["action_schemas"] = actions
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	return os.WriteFile(file, out, 0o600)
}

// block is a schema block as `providers schema -json` writes it.
func block(b *tfprotov6.SchemaBlock) (map[string]any, error) {
	out := map[string]any{}
	if b.Description != "" {
		out["description"], out["description_kind"] = b.Description, kind(b.DescriptionKind)
	}
	if b.Deprecated {
		out["deprecated"] = true
	}
	attrs := map[string]any{}
	for _, a := range b.Attributes {
		if a.NestedType != nil {
			return nil, fmt.Errorf("attribute %s: nested attributes are not written", a.Name)
		}
		typ, err := json.Marshal(a.Type)
		if err != nil {
			return nil, err
		}
		attr := map[string]any{"type": json.RawMessage(typ)}
		if a.Description != "" {
			attr["description"], attr["description_kind"] = a.Description, kind(a.DescriptionKind)
		}
		for flag, set := range map[string]bool{"required": a.Required, "optional": a.Optional, "computed": a.Computed,
			"sensitive": a.Sensitive, "deprecated": a.Deprecated, "write_only": a.WriteOnly} {
			if set {
				attr[flag] = true
			}
		}
		attrs[a.Name] = attr
	}
	if len(attrs) > 0 {
		out["attributes"] = attrs
	}
	types := map[string]any{}
	for _, nb := range b.BlockTypes {
		inner, err := block(nb.Block)
		if err != nil {
			return nil, err
		}
		nt := map[string]any{"nesting_mode": nesting(nb.Nesting), "block": inner}
		if nb.MinItems > 0 {
			nt["min_items"] = nb.MinItems
		}
		if nb.MaxItems > 0 {
			nt["max_items"] = nb.MaxItems
		}
		types[nb.TypeName] = nt
	}
	if len(types) > 0 {
		out["block_types"] = types
	}
	return out, nil
}

func kind(k tfprotov6.StringKind) string {
	if k == tfprotov6.StringKindMarkdown {
		return "markdown"
	}
	return "plain"
}

func nesting(n tfprotov6.SchemaNestedBlockNestingMode) string {
	modes := map[tfprotov6.SchemaNestedBlockNestingMode]string{
		tfprotov6.SchemaNestedBlockNestingModeSingle: "single", tfprotov6.SchemaNestedBlockNestingModeList: "list",
		tfprotov6.SchemaNestedBlockNestingModeSet: "set", tfprotov6.SchemaNestedBlockNestingModeMap: "map",
		tfprotov6.SchemaNestedBlockNestingModeGroup: "group",
	}
	return modes[n]
}
