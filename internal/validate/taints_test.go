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
	}{
		{"complete", map[string]string{"key": "example.com/gpu", "value": "a100", "effect": "NoExecute"}, ""},
		{"without value", map[string]string{"key": "gpu", "effect": "PreferNoSchedule"}, ""},
		{"wrong effect", map[string]string{"key": "gpu", "effect": "noschedule"}, `effect "noschedule" is not one of "NoSchedule", "PreferNoSchedule", "NoExecute"`},
		{"no key", map[string]string{"effect": "NoSchedule"}, "key is missing"},
		{"bad key", map[string]string{"key": "a b", "effect": "NoSchedule"}, "is not a valid Kubernetes qualified name"},
		{"extra key", map[string]string{"key": "gpu", "effect": "NoSchedule", "operator": "Exists"}, `unknown key "operator"`},
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
			}
		})
	}
}
