package kube_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
)

// TestExamples_actions checks the examples of examples/actions, which no CLI
// of CI can validate or apply (actions need Terraform 1.14; OpenTofu has
// none), so that TestAccExamples and scripts/validate-examples.sh leave them
// out: every action of the provider has its directory with an action.tf;
// each file parses, declares an action block of its directory's type whose
// config sets only attributes of the action's schema, every required one
// among them, with a timeouts block at most; and a resource triggers it
// from lifecycle.action_trigger, on events Terraform knows, naming only
// actions the file declares.
func TestExamples_actions(t *testing.T) {
	s, _ := acctest.ProtoV6ProviderFactories["ovh"]()
	schemas, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	if len(schemas.ActionSchemas) == 0 {
		t.Fatal("the provider has no action")
	}
	root := filepath.Join(examplesRoot, "actions")
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, d := range dirs {
		types = append(types, d.Name())
	}
	for typ := range schemas.ActionSchemas {
		if !slices.Contains(types, typ) {
			t.Errorf("action %s has no example under examples/actions/%s", typ, typ)
		}
	}
	for _, typ := range types {
		as, ok := schemas.ActionSchemas[typ]
		if !ok {
			t.Errorf("examples/actions/%s: the provider has no such action", typ)
			continue
		}
		files, _ := filepath.Glob(filepath.Join(root, typ, "*"))
		if len(files) != 1 || filepath.Base(files[0]) != "action.tf" {
			t.Errorf("examples/actions/%s holds %v, want action.tf alone", typ, files)
			continue
		}
		checkActionExample(t, files[0], typ, as.Schema)
	}
}

func checkActionExample(t *testing.T, file, typ string, schema *tfprotov6.Schema) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclsyntax.ParseConfig(src, file, hcl.InitialPos)
	if diags.HasErrors() {
		t.Errorf("%s: %s", file, diags)
		return
	}
	body := f.Body.(*hclsyntax.Body)
	declared := map[string]bool{}
	triggered := map[string]bool{}
	for _, b := range body.Blocks {
		switch b.Type {
		case "action":
			if len(b.Labels) != 2 || b.Labels[0] != typ {
				t.Errorf("%s: action block %v, want the type %s and a name", file, b.Labels, typ)
				continue
			}
			declared["action."+typ+"."+b.Labels[1]] = true
			checkActionConfig(t, file, b.Body, schema)
		case "resource":
			for _, lc := range b.Body.Blocks {
				if lc.Type != "lifecycle" {
					continue
				}
				for _, at := range lc.Body.Blocks {
					if at.Type != "action_trigger" {
						continue
					}
					for _, ref := range traversals(at.Body.Attributes["actions"]) {
						triggered[ref] = true
					}
					for _, ev := range traversals(at.Body.Attributes["events"]) {
						if !slices.Contains([]string{"before_create", "after_create", "before_update", "after_update"}, ev) {
							t.Errorf("%s: action_trigger event %q", file, ev)
						}
					}
				}
			}
		}
	}
	if len(declared) == 0 || len(triggered) == 0 {
		t.Errorf("%s: %d action blocks and %d action_trigger references, want both", file, len(declared), len(triggered))
	}
	for ref := range triggered {
		if !declared[ref] {
			t.Errorf("%s: action_trigger names %s, which the file does not declare", file, ref)
		}
	}
}

// checkActionConfig checks the config block of an action block against the
// action's schema.
func checkActionConfig(t *testing.T, file string, action *hclsyntax.Body, schema *tfprotov6.Schema) {
	t.Helper()
	var config *hclsyntax.Body
	for _, b := range action.Blocks {
		if b.Type == "config" {
			config = b.Body
		}
	}
	if config == nil {
		t.Errorf("%s: the action block has no config block", file)
		return
	}
	known := map[string]*tfprotov6.SchemaAttribute{}
	for _, a := range schema.Block.Attributes {
		known[a.Name] = a
		if _, set := config.Attributes[a.Name]; a.Required && !set {
			t.Errorf("%s: config leaves out the required %s", file, a.Name)
		}
	}
	for name := range config.Attributes {
		if known[name] == nil {
			t.Errorf("%s: config sets %s, which the action's schema does not have", file, name)
		}
	}
	for _, b := range config.Blocks {
		if b.Type != "timeouts" {
			t.Errorf("%s: config has a %s block", file, b.Type)
			continue
		}
		for name := range b.Body.Attributes {
			if name != "invoke" {
				t.Errorf("%s: timeouts sets %s, want invoke only", file, name)
			}
		}
	}
}

// traversals are the names in a list of references, such as
// [action.TYPE.NAME] or [after_update].
func traversals(a *hclsyntax.Attribute) []string {
	if a == nil {
		return nil
	}
	var out []string
	for _, tr := range a.Expr.Variables() {
		var parts []string
		for _, step := range tr {
			switch s := step.(type) {
			case hcl.TraverseRoot:
				parts = append(parts, s.Name)
			case hcl.TraverseAttr:
				parts = append(parts, s.Name)
			}
		}
		out = append(out, strings.Join(parts, "."))
	}
	return out
}
