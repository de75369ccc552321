package provider

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// savedCluster is a cluster as a state file holds it: every kind of value
// the schema has (strings, a number, booleans, a set, nested blocks, empty
// blocks, nulls), and attributes left out, which read as null.
const savedCluster = `{
  "id": "kube-1", "service_name": "0123", "name": "prod", "region": "GRA11", "version": "1.32",
  "kube_proxy_mode": "ipvs", "kubeconfig_in_state": true, "is_up_to_date": false,
  "next_upgrade_versions": ["1.33"], "kubeconfig": null, "kubeconfig_attributes": [],
  "customization_kube_proxy": [{"iptables": [{"min_sync_period": "PT1S", "sync_period": "PT30S"}], "ipvs": []}],
  "customization_cilium": [{"cluster_id": 7, "cluster_mesh": [], "hubble": []}],
  "customization": [], "customization_apiserver": [], "ip_allocation_policy": [], "private_network_configuration": [],
  "timeouts": {"create": "30m", "update": null}
}`

func upgrade(t *testing.T, s tfprotov6.ProviderServer, typeName string, version int64, saved string) *tfprotov6.UpgradeResourceStateResponse {
	t.Helper()
	resp, err := s.UpgradeResourceState(context.Background(), &tfprotov6.UpgradeResourceStateRequest{
		TypeName: typeName, Version: version, RawState: &tfprotov6.RawState{JSON: []byte(saved)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func schemaType(t *testing.T, s tfprotov6.ProviderServer, typeName string) tftypes.Type {
	t.Helper()
	schemas, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	return schemas.ResourceSchemas[typeName].ValueType()
}

// A state saved at the schema's version goes back as it came, as JSON, and
// reads as the very value the framework's own upgrade gives.
func TestUpgradePassesCurrentStatesThrough(t *testing.T) {
	wrapped, framework := NewServer("test")(), providerserver.NewProtocol6(New("test")())()
	typ := schemaType(t, framework, clusterType)

	got := upgrade(t, wrapped, clusterType, 0, savedCluster)
	if len(got.Diagnostics) > 0 || got.UpgradedState == nil {
		t.Fatalf("diagnostics %v, state %v", diagnostics(got.Diagnostics), got.UpgradedState)
	}
	if string(got.UpgradedState.JSON) != savedCluster || got.UpgradedState.MsgPack != nil {
		t.Fatalf("the saved state was not passed through: JSON %q, MessagePack %d bytes", got.UpgradedState.JSON, len(got.UpgradedState.MsgPack))
	}
	want := upgrade(t, framework, clusterType, 0, savedCluster)
	if len(want.Diagnostics) > 0 {
		t.Fatal(diagnostics(want.Diagnostics))
	}
	gotValue, err := got.UpgradedState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	wantValue, err := want.UpgradedState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	if diffs, _ := gotValue.Diff(wantValue); len(diffs) > 0 {
		t.Fatalf("the state passed through reads otherwise than the framework's upgrade: %v", diffs)
	}
}

// Every resource's state at its version is passed through, its id alone or
// with everything else null or empty.
func TestUpgradePassesEveryResourceThrough(t *testing.T) {
	s := NewServer("test")()
	schemas, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	if len(schemas.ResourceSchemas) < 4 {
		t.Fatalf("%d resource schemas", len(schemas.ResourceSchemas))
	}
	for name, schema := range schemas.ResourceSchemas {
		// What the CLI saves of an object with nothing set: its lists and
		// sets of blocks empty, the rest null.
		nothing, id := map[string]any{}, map[string]any{"id": "x"}
		for _, a := range schema.Block.Attributes {
			nothing[a.Name] = nil
		}
		for _, b := range schema.Block.BlockTypes {
			nothing[b.TypeName] = nil
			if b.Nesting != tfprotov6.SchemaNestedBlockNestingModeSingle {
				nothing[b.TypeName], id[b.TypeName] = []any{}, []any{}
			}
		}
		allNull, _ := json.Marshal(nothing)
		idOnly, _ := json.Marshal(id)
		for _, saved := range []string{string(idOnly), string(allNull)} {
			resp := upgrade(t, s, name, schema.Version, saved)
			if len(resp.Diagnostics) > 0 || resp.UpgradedState == nil || string(resp.UpgradedState.JSON) != saved {
				t.Errorf("%s, %s: not passed through: %v %v", name, saved, diagnostics(resp.Diagnostics), resp.UpgradedState)
			}
		}
	}
}

// What the schema does not read as it is goes to the framework: an
// attribute it does not have (dropped), at the top or in a block, a value of
// another kind, another version, a state that is not one JSON object.
func TestUpgradeLeavesTheRestToTheFramework(t *testing.T) {
	s := NewServer("test")()
	typ := schemaType(t, s, clusterType)
	for _, tc := range []struct {
		name, saved string
		version     int64
		wantError   string // "" for a state the framework reads
	}{
		{name: "attribute the schema does not have", saved: `{"id": "kube-1", "retired": "x"}`},
		{name: "attribute unknown in a block", saved: `{"id": "kube-1", "customization_kube_proxy": [{"iptables": [{"sync_period": "PT30S", "retired": 1}]}]}`},
		{name: "block saved as an object", saved: `{"id": "kube-1", "customization_kube_proxy": {"iptables": []}}`, wantError: "Unable to Read Previously Saved State"},
		{name: "number where a string goes", saved: `{"id": 12}`},
		{name: "string where a number goes", saved: `{"id": "kube-1", "customization_cilium": [{"cluster_id": "7"}]}`},
		{name: "null element of a set", saved: `{"id": "kube-1", "next_upgrade_versions": [null]}`},
		{name: "two values", saved: `{"id": "kube-1"} {"id": "kube-2"}`},
		{name: "block left out", saved: `{"id": "kube-1", "kubeconfig_attributes": [], "customization": [], "customization_apiserver": [], "ip_allocation_policy": [], "private_network_configuration": [], "customization_cilium": []}`},
		{name: "null block", saved: `{"id": "kube-1", "kubeconfig_attributes": [], "customization": [], "customization_apiserver": [], "ip_allocation_policy": [], "private_network_configuration": [], "customization_cilium": [], "customization_kube_proxy": null}`},
		{name: "another version", saved: `{"id": "kube-1"}`, version: 1, wantError: "Unable to Upgrade Resource State"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := upgrade(t, s, clusterType, tc.version, tc.saved)
			if resp.UpgradedState != nil && resp.UpgradedState.JSON != nil {
				t.Fatalf("passed through: %s", resp.UpgradedState.JSON)
			}
			var errs []string
			for _, d := range resp.Diagnostics {
				errs = append(errs, d.Summary)
			}
			if tc.wantError != "" {
				if !strings.Contains(strings.Join(errs, "\n"), tc.wantError) {
					t.Fatalf("errors %q, want %q", errs, tc.wantError)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("errors %q", errs)
			}
			v, err := resp.UpgradedState.Unmarshal(typ)
			if err != nil {
				t.Fatal(err)
			}
			var id tftypes.Value
			if got, _, err := tftypes.WalkAttributePath(v, tftypes.NewAttributePath().WithAttributeName("id")); err == nil {
				id = got.(tftypes.Value)
			}
			if id.IsNull() && !strings.Contains(tc.saved, `"id": 12`) {
				t.Fatalf("the framework's state lost the id: %s", v)
			}
		})
	}
}
