package acctest

import (
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// The log subscription of OfficialLogSubscription and SeedOfficialLogSubscription.
const (
	// MigratedLogSubscriptionID is the subscription's id.
	MigratedLogSubscriptionID = "7c3b2a19-8d4e-4f5a-9b6c-1d2e3f4a5b6c"
	// migratedLogTime is its creation and update time, in the mock and in
	// the state, as the API renders it.
	migratedLogTime = "2025-03-14T10:02:11Z"
)

// officialLogSubscriptionTimeouts is the private data the official provider
// (SDKv2) writes for the timeouts of its log subscription: 20 minutes to
// create and to delete, its only two.
var officialLogSubscriptionTimeouts = base64.StdEncoding.EncodeToString([]byte(
	`{"e2bfb730-ecaa-11e6-8f88-34363bc7c4c0":{"create":1200000000000,"delete":1200000000000}}`))

// OfficialLogSubscription is ovh_cloud_project_kube_log_subscription.audit
// as the official provider (v2.x, SDKv2, schema version 0) writes it in a
// state, under the registry host host, for cluster kubeID of the default
// project: the id is the subscription's, the stream the mock's first
// default one (ovhmock.DefaultLogStreams), resource the one element the API
// answers, null timeouts (their values are in the private data). attrs
// override attributes.
func OfficialLogSubscription(tb testing.TB, host, kubeID string, attrs map[string]any) map[string]any {
	tb.Helper()
	a := map[string]any{
		"id":              MigratedLogSubscriptionID,
		"service_name":    ovhmock.DefaultProject,
		"kube_id":         kubeID,
		"kind":            "audit",
		"stream_id":       ovhmock.DefaultLogStreams[0],
		"subscription_id": MigratedLogSubscriptionID,
		"created_at":      migratedLogTime,
		"updated_at":      migratedLogTime,
		"resource":        []any{map[string]any{"name": kubeID, "type": "kube"}},
		"timeouts":        nil,
	}
	for k, v := range attrs {
		if _, ok := a[k]; !ok {
			tb.Fatalf("the official state has no attribute %q", k)
		}
		a[k] = v
	}
	return map[string]any{
		"mode": "managed", "type": "ovh_cloud_project_kube_log_subscription", "name": "audit",
		"provider": fmt.Sprintf(`provider["%s/ovh/ovh"]`, host),
		"instances": []any{map[string]any{
			"schema_version": 0, "attributes": a, "sensitive_attributes": []any{},
			"private": officialLogSubscriptionTimeouts, "dependencies": []string{"ovh_cloud_project_kube.my_cluster"},
		}},
	}
}

// SeedOfficialLogSubscription gives cluster kubeID, already in m, the
// subscription OfficialLogSubscription describes, and returns it as the
// mock holds it.
func SeedOfficialLogSubscription(tb testing.TB, m *ovhmock.Mock, kubeID string) ovhmock.LogSubscription {
	tb.Helper()
	at, err := time.Parse(time.RFC3339, migratedLogTime)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := m.AddLogSubscription(ovhmock.DefaultProject, kubeID, ovhmock.LogSubscription{
		SubscriptionID: MigratedLogSubscriptionID, Kind: "audit", StreamID: ovhmock.DefaultLogStreams[0],
		CreatedAt: at, UpdatedAt: at,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// OfficialLogSubscriptionConfig is what a user of the official provider has
// for the subscription of OfficialLogSubscription, under the cluster
// my_cluster.
var OfficialLogSubscriptionConfig = `
resource "ovh_cloud_project_kube_log_subscription" "audit" {
  service_name = ovh_cloud_project_kube.my_cluster.service_name
  kube_id      = ovh_cloud_project_kube.my_cluster.id
  kind         = "audit"
  stream_id    = "` + ovhmock.DefaultLogStreams[0] + `"
}
`
