package e2e

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const migratedLogClusterID = "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b"

// officialLogConfig is the configuration of the official provider's user:
// the cluster, and its audit log subscription with the given extra lines.
// The placeholders are the project and the extra lines.
const officialLogConfig = acctest.RequiredProviders + `
resource "ovh_cloud_project_kube" "my_cluster" {
  service_name = %q
  name         = "production"
  region       = "GRA11"
  plan         = "free"
}

resource "ovh_cloud_project_kube_log_subscription" "audit" {
  service_name = ovh_cloud_project_kube.my_cluster.service_name
  kube_id      = ovh_cloud_project_kube.my_cluster.id
  kind         = "audit"
  stream_id    = %q
%s}
`

// TestAccE2E_officialProviderLogSubscriptionState takes over a cluster and
// its audit log subscription from a state written by the official provider
// (schema version 0, the timeouts in the private data): no step sends
// anything but GETs, every plan and the apply read the subscription, the
// mock's subscription and cluster are untouched, and the plan after at
// most one apply is empty. With the configuration the official provider's
// user has, the first plan leaves the subscription alone; with a timeouts
// block, it updates it in place, which the apply does without an API call.
func TestAccE2E_officialProviderLogSubscriptionState(t *testing.T) {
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	host := acctest.ProviderHost()
	for _, tt := range []struct {
		name    string
		extra   string
		inPlace bool // the first plan updates the subscription in place
	}{
		{name: "as written"},
		{
			name: "timeouts set", extra: "\n  timeouts {\n    create = \"30m\"\n  }\n", inPlace: true,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := ovhmock.New(ovhmock.Options{})
			created := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
			if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{
				ID: migratedLogClusterID, Name: "production", Region: "GRA11", Version: "1.32.1", KubeProxyMode: "iptables",
				Status: "READY", Plan: "free", UpdatePolicy: "ALWAYS_UPDATE", IsUpToDate: true, ControlPlaneIsUpToDate: true,
				URL: "abc123.c1.gra.k8s.ovh.net", NodesURL: "abc123.nodes.c1.gra.k8s.ovh.net", CreatedAt: created, UpdatedAt: created,
				Customization: &ovhmock.Customization{APIServer: &ovhmock.APIServer{AdmissionPlugins: &ovhmock.AdmissionPlugins{
					Enabled: []string{"AlwaysPullImages", "NodeRestriction"}, Disabled: []string{},
				}}},
			}); err != nil {
				t.Fatal(err)
			}
			acctest.SeedOfficialLogSubscription(t, m, migratedLogClusterID)
			seededSubs, _ := m.LogSubscriptions(ovhmock.DefaultProject, migratedLogClusterID)
			seededClusters := m.Clusters(ovhmock.DefaultProject)
			endpoint := acctest.ServeMock(t, m)

			w := acctest.NewWorkdir(t, binary, providerDir, endpoint,
				fmt.Sprintf(officialLogConfig, ovhmock.DefaultProject, ovhmock.DefaultLogStreams[0], tt.extra))
			acctest.GuardState(t, m, w)
			acctest.WriteFile(t, filepath.Join(w.Dir, "terraform.tfstate"), acctest.OfficialClusterState(t, host,
				migratedLogClusterID, "production", "free", nil, acctest.OfficialLogSubscription(t, host, migratedLogClusterID, nil)))

			// The cluster's own first plan may update its state (see
			// TestAccE2E_officialProviderState).
			plan := planSummary(w.Run(acctest.MockCredentials, "plan", "-no-color"))
			const address = "ovh_cloud_project_kube_log_subscription.audit"
			if tt.inPlace {
				if !strings.Contains(plan, address+" will be updated in-place") {
					t.Fatalf("the first plan does not update the timeouts of the subscription in place:\n%s", plan)
				}
			} else if strings.Contains(plan, address) {
				t.Fatalf("the first plan over the official state changes the log subscription:\n%s", plan)
			}
			readsSubscription := func(log []ovhmock.Request) error {
				if !slices.ContainsFunc(log, func(r ovhmock.Request) bool {
					return r.Method == "GET" && r.Route == acctest.RouteLogSubscription &&
						strings.HasSuffix(r.Path, "/"+acctest.MigratedLogSubscriptionID)
				}) {
					return errors.New("did not read the log subscription")
				}
				return readsCluster(log)
			}
			takeOver(t, m, w, acctest.MockCredentials, "the official state", readsSubscription, func() error {
				if got, _ := m.LogSubscriptions(ovhmock.DefaultProject, migratedLogClusterID); !reflect.DeepEqual(got, seededSubs) {
					return fmt.Errorf("the mock's log subscriptions changed:\nbefore: %+v\nafter:  %+v", seededSubs, got)
				}
				if after := m.Clusters(ovhmock.DefaultProject); !reflect.DeepEqual(after, seededClusters) {
					return fmt.Errorf("the mock's cluster changed:\nbefore: %+v\nafter:  %+v", seededClusters, after)
				}
				return nil
			})
			// What the state holds after the takeover is this provider's
			// reading of the API, the official shape kept.
			shown := w.Run(nil, "state", "show", "-no-color", address)
			for _, want := range []string{
				`id              = "` + acctest.MigratedLogSubscriptionID + `"`,
				`subscription_id = "` + acctest.MigratedLogSubscriptionID + `"`,
				`created_at      = "2025-03-14T10:02:11Z"`,
				`name = "` + migratedLogClusterID + `"`,
			} {
				if !strings.Contains(shown, want) {
					t.Errorf("the state of the subscription lacks %q:\n%s", want, shown)
				}
			}
		})
	}
}
