package kube

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

func TestMergeCilium(t *testing.T) {
	var base, over ovhapi.CiliumCustomization
	if err := json.Unmarshal([]byte(`{"clusterId":7,"clusterMesh":{"enabled":true,"apiServer":{"serviceType":"NodePort","nodePort":32379}},"hubble":{"enabled":true,"relay":{"enabled":true}}}`), &base); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"hubble":{"enabled":false}}`), &over); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(mergeCilium(&base, &over))
	want := `{"clusterId":7,"clusterMesh":{"enabled":true,"apiServer":{"nodePort":32379,"serviceType":"NodePort"}},"hubble":{"enabled":false,"relay":{"enabled":true}}}`
	if string(got) != want {
		t.Errorf("merged = %s\nwant     %s", got, want)
	}
	if got := mergeCilium(nil, &over); got != &over {
		t.Error("without a base the change is sent as it is")
	}
}

func TestCiliumSubsetIsNoChange(t *testing.T) {
	state := []ciliumModel{{ClusterID: i64(7), Hubble: []hubbleModel{{Enabled: bv(true), Relay: []enabledModel{{Enabled: bv(true)}}}}}}
	plan := []ciliumModel{{ClusterID: i64null, Hubble: []hubbleModel{{Enabled: bv(true)}}}}
	if !ciliumMatches(expandCilium(state), expandCilium(plan)) {
		t.Error("a configuration that sets less than the state must plan no PUT")
	}
	plan[0].Hubble[0].Enabled = bv(false)
	if ciliumMatches(expandCilium(state), expandCilium(plan)) {
		t.Error("a changed setting must be sent")
	}
}

func bv(b bool) types.Bool { return types.BoolValue(b) }
