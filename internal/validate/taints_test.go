package validate

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// taintList is a list of taints, each a map with key, value and effect.
func taintList(taints ...map[string]string) types.List {
	elemType := types.MapType{ElemType: types.StringType}
	var elems []attr.Value
	for _, t := range taints {
		m := map[string]attr.Value{}
		for k, v := range t {
			m[k] = types.StringValue(v)
		}
		elems = append(elems, types.MapValueMust(types.StringType, m))
	}
	return types.ListValueMust(elemType, elems)
}

func TestTaints(t *testing.T) {
	p := path.Root("template").AtListIndex(0).AtName("spec").AtListIndex(0).AtName("taints")
	tests := []struct {
		name  string
		taint map[string]string
		want  string // substring of the one error; empty: accepted
		warn  string // the one warning, exactly
	}{
		{"complete", map[string]string{"key": "example.com/gpu", "value": "a100", "effect": "NoExecute"}, "", ""},
		{"without value", map[string]string{"key": "gpu", "effect": "PreferNoSchedule"}, "", ""},
		{"wrong effect", map[string]string{"key": "gpu", "effect": "noschedule"}, `effect "noschedule" is not one of "NoSchedule", "PreferNoSchedule", "NoExecute"`, ""},
		{"no key", map[string]string{"effect": "NoSchedule"}, "key is missing", ""},
		// Kubernetes' rule, not the schema's: a warning.
		{"bad key", map[string]string{"key": "a b", "effect": "NoSchedule"}, "",
			`Attribute template[0].spec[0].taints[0]["key"]: "a b" is not a valid Kubernetes qualified name: name part must ` +
				`consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character ` +
				`(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'). ` +
				`For example: "example.com/role".` + mayRefuse},
		{"extra key", map[string]string{"key": "gpu", "effect": "NoSchedule", "operator": "Exists"}, `unknown key "operator"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var resp validator.ListResponse
			Taints{}.ValidateList(context.Background(), validator.ListRequest{Path: p, ConfigValue: taintList(tt.taint)}, &resp)
			switch {
			case tt.want == "" && resp.Diagnostics.HasError():
				t.Fatalf("refused: %v", resp.Diagnostics)
			case tt.want != "" && (resp.Diagnostics.ErrorsCount() != 1 || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), tt.want)):
				t.Fatalf("diags = %v, want one error containing %q", resp.Diagnostics, tt.want)
			case tt.warn == "" && resp.Diagnostics.WarningsCount() != 0:
				t.Fatalf("warnings: %v", resp.Diagnostics)
			case tt.warn != "" && (resp.Diagnostics.WarningsCount() != 1 || resp.Diagnostics.Warnings()[0].Detail() != tt.warn ||
				resp.Diagnostics.Warnings()[0].Summary() != "Invalid Kubernetes name"):
				t.Fatalf("diags = %v, want the warning %q", resp.Diagnostics, tt.warn)
			}
		})
	}
}
