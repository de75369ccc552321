package kube

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// Deleting a cluster that is already gone succeeds: the goal is reached.
func TestDelete_alreadyDeletedClusterSucceeds(t *testing.T) {
	m := ovhmock.New(ovhmock.Options{})
	srv := httptest.NewServer(m)
	defer srv.Close()
	client, err := ovhapi.New(ovhapi.Config{
		Endpoint: srv.URL + "/1.0", ApplicationKey: ovhmock.DefaultApplicationKey,
		ApplicationSecret: ovhmock.DefaultApplicationSecret, ConsumerKey: ovhmock.DefaultConsumerKey,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := clusterSchema(ctx)
	state := tfsdk.State{Schema: s, Raw: rawValue(t, map[string]any{
		"id": "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f", "service_name": ovhmock.DefaultProject, "region": "GRA11",
	})}
	var resp resource.DeleteResponse
	(&clusterResource{resourceBase{base: base{client: client, opts: DefaultOptions()}}}).Delete(ctx, resource.DeleteRequest{State: state}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("delete of a missing cluster failed: %s", summaries(resp.Diagnostics))
	}
	var deletes int
	for _, r := range m.Requests() {
		if r.Method == "DELETE" {
			deletes++
			if r.Status != 404 {
				t.Errorf("DELETE answered %d, want 404", r.Status)
			}
		}
	}
	if deletes != 1 {
		t.Errorf("%d DELETE requests, want 1", deletes)
	}
}
