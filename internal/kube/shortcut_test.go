package kube

import (
	"reflect"
	"testing"

	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The planning shortcut knows every default of the cluster's schema: the
// three provider-side settings, and nothing nested.
func TestClusterShapeKnowsEveryDefault(t *testing.T) {
	sh := theClusterShape()
	if !sh.ok {
		t.Fatal("the cluster's schema has a default the planning shortcut does not read: it never answers")
	}
	want := map[string]tftypes.Value{
		"reset_instead_of_replace":  tftypes.NewValue(tftypes.Bool, false),
		"reset_worker_nodes_policy": tftypes.NewValue(tftypes.String, workerNodesDelete),
		"kubeconfig_in_state":       tftypes.NewValue(tftypes.Bool, true),
	}
	if len(sh.defaults) != len(want) {
		t.Errorf("defaults %v, want %v", sh.defaults, want)
	}
	for name, v := range want {
		if !sh.defaults[name].Equal(v) {
			t.Errorf("default of %s: %s, want %s", name, sh.defaults[name], v)
		}
	}
}

func TestAnyDefault(t *testing.T) {
	withDefault := rschema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)}
	for _, tc := range []struct {
		name string
		v    any
		want bool
	}{
		{"attribute without", rschema.StringAttribute{Optional: true}, false},
		{"attribute with", rschema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("x")}, true},
		{"nested attribute", rschema.ListNestedAttribute{NestedObject: rschema.NestedAttributeObject{
			Attributes: map[string]rschema.Attribute{"a": withDefault}}}, true},
		{"block in a block", map[string]rschema.Block{"b": rschema.ListNestedBlock{NestedObject: rschema.NestedBlockObject{
			Blocks: map[string]rschema.Block{"c": rschema.SingleNestedBlock{Attributes: map[string]rschema.Attribute{"a": withDefault}}}}}}, true},
		{"blocks without", map[string]rschema.Block{"b": rschema.ListNestedBlock{NestedObject: rschema.NestedBlockObject{
			Attributes: map[string]rschema.Attribute{"a": rschema.BoolAttribute{Optional: true}}}}}, false},
	} {
		if got := anyDefault(reflect.ValueOf(tc.v)); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
