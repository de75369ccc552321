package kube_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/kube"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
	"github.com/mkscloud/terraform-provider-ovh/internal/provider"
)

const logSubAddr = "ovh_cloud_project_kube_log_subscription.s"

// logSubConfig renders a subscription of the cluster's audit logs to stream.
func logSubConfig(endpoint, kubeID, kind, stream string) string {
	return acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
resource "ovh_cloud_project_kube_log_subscription" "s" {
  service_name = %q
  kube_id      = %q
  kind         = %q
  stream_id    = %q
}
`, ovhmock.DefaultProject, kubeID, kind, stream)
}

// checkMockSubscriptions checks the streams of the cluster's subscriptions
// in the mock, oldest first, and that the one in state is the last.
func checkMockSubscriptions(m *ovhmock.Mock, kubeID string, streams ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		subs, _ := m.LogSubscriptions(ovhmock.DefaultProject, kubeID)
		if len(subs) != len(streams) {
			return fmt.Errorf("the mock holds %d subscriptions (%+v), want %d", len(subs), subs, len(streams))
		}
		for i, sub := range subs {
			if sub.StreamID != streams[i] {
				return fmt.Errorf("subscription %d goes to stream %s, want %s", i, sub.StreamID, streams[i])
			}
		}
		if rs, ok := s.RootModule().Resources[logSubAddr]; ok && len(subs) > 0 && rs.Primary.ID != subs[len(subs)-1].SubscriptionID {
			return fmt.Errorf("state id %s, want the mock's %s", rs.Primary.ID, subs[len(subs)-1].SubscriptionID)
		}
		return nil
	}
}

func checkLogCounts(m *ovhmock.Mock, route string, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for method, n := range want {
			if got := acctest.Count(m, method, route); got != n {
				return fmt.Errorf("%d %s %s, want %d", got, method, route, n)
			}
		}
		return nil
	}
}

func checkClusterReady(m *ovhmock.Mock, kubeID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if c, _ := m.Cluster(ovhmock.DefaultProject, kubeID); c.Status != "READY" {
			return fmt.Errorf("the apply ended with the cluster %s, want READY", c.Status)
		}
		return nil
	}
}

// TestAccLogSubscription_lifecycle creates a subscription (the operation
// polled, the redeploy waited for), plans nothing more, imports it by
// service_name/kube_id/subscription_id, replaces it when its stream
// changes, and deletes it, waiting for its operation and the cluster.
func TestAccLogSubscription_lifecycle(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	first, second := ovhmock.DefaultLogStreams[0], ovhmock.DefaultLogStreams[1]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if subs, _ := m.LogSubscriptions(ovhmock.DefaultProject, kubeID); len(subs) != 0 {
				return fmt.Errorf("%d subscriptions left after destroy", len(subs))
			}
			if c, _ := m.Cluster(ovhmock.DefaultProject, kubeID); c.Status != "READY" {
				return fmt.Errorf("the destroy ended with the cluster %s, want READY", c.Status)
			}
			return checkLogCounts(m, acctest.RouteLogSubscription, map[string]int{"DELETE": 2})(nil)
		},
		Steps: []resource.TestStep{
			{
				Config: logSubConfig(endpoint, kubeID, "audit", first),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(logSubAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(logSubAddr, tfjsonpath.New("resource"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact(kubeID), "type": knownvalue.StringExact("kube")}),
					})),
					statecheck.ExpectKnownValue(logSubAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^20\d\d-`))),
					statecheck.CompareValuePairs(logSubAddr, tfjsonpath.New("id"), logSubAddr, tfjsonpath.New("subscription_id"), compare.ValuesSame()),
				},
				Check: resource.ComposeTestCheckFunc(
					checkMockSubscriptions(m, kubeID, first),
					checkLogCounts(m, acctest.RouteLogSubscriptions, map[string]int{"POST": 1}),
					func(*terraform.State) error {
						if acctest.Count(m, "GET", acctest.RouteLogOperation) == 0 {
							return fmt.Errorf("the creation never read its operation")
						}
						if c, _ := m.Cluster(ovhmock.DefaultProject, kubeID); c.Status != "READY" || !c.AuditLogsSubscribed {
							return fmt.Errorf("the apply ended with the cluster %s, audit logs subscribed %v; want READY, true", c.Status, c.AuditLogsSubscribed)
						}
						return nil
					},
				),
			},
			{
				ResourceName:      logSubAddr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return ovhmock.DefaultProject + "/" + kubeID + "/" + s.RootModule().Resources[logSubAddr].Primary.ID, nil
				},
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				Config: logSubConfig(endpoint, kubeID, "audit", second),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(logSubAddr, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				Check: resource.ComposeTestCheckFunc(
					checkMockSubscriptions(m, kubeID, second),
					checkLogCounts(m, acctest.RouteLogSubscriptions, map[string]int{"POST": 2}),
					checkLogCounts(m, acctest.RouteLogSubscription, map[string]int{"DELETE": 1}),
					checkClusterReady(m, kubeID),
				),
			},
		},
	})
}

// TestAccLogSubscription_deletedOutOfBand: a subscription deleted behind
// Terraform's back leaves the state at the refresh, and the plan creates it
// again.
func TestAccLogSubscription_deletedOutOfBand(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	stream := ovhmock.DefaultLogStreams[0]
	config := logSubConfig(endpoint, kubeID, "audit", stream)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: checkMockSubscriptions(m, kubeID, stream)},
			{
				PreConfig: func() {
					subs, _ := m.LogSubscriptions(ovhmock.DefaultProject, kubeID)
					if len(subs) != 1 || !m.RemoveLogSubscription(ovhmock.DefaultProject, kubeID, subs[0].SubscriptionID) {
						t.Fatalf("no subscription to remove: %+v", subs)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(logSubAddr, plancheck.ResourceActionCreate)},
				},
				Check: resource.ComposeTestCheckFunc(
					checkMockSubscriptions(m, kubeID, stream),
					checkLogCounts(m, acctest.RouteLogSubscriptions, map[string]int{"POST": 2}),
				),
			},
		},
	})
}

// TestAccLogSubscription_operationFailure: an operation that ends in
// FAILURE fails the apply at once with the state quoted; the API keeps no
// subscription, so none is left in state (nothing to taint) nor in the
// mock.
func TestAccLogSubscription_operationFailure(t *testing.T) {
	stream := ovhmock.DefaultLogStreams[1]
	m, endpoint := acctest.StartMock(t, ovhmock.Options{FailingLogStreams: []string{stream}})
	kubeID := seedReadyCluster(t, m)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if _, ok := s.RootModule().Resources[logSubAddr]; ok {
				return fmt.Errorf("the failed subscription is in state")
			}
			return checkLogCounts(m, acctest.RouteLogSubscriptions, map[string]int{"POST": 1})(nil)
		},
		Steps: []resource.TestStep{{
			Config: logSubConfig(endpoint, kubeID, "audit", stream),
			ExpectError: titled("Log subscription creation did not complete",
				"went to status FAILURE during its log subscription creation"),
		}},
	})
	if subs, _ := m.LogSubscriptions(ovhmock.DefaultProject, kubeID); len(subs) != 0 {
		t.Errorf("the mock holds %+v after the failure", subs)
	}
}

// TestAccLogSubscription_lostAnswers: every creation and deletion is
// applied but answered 502; the creation is found by its stream among the
// subscriptions that were not there before, and never sent twice (a
// subscription of another resource to the same stream is left alone); the
// deletion is sent again by the client, a DELETE being idempotent, and its
// 404 taken as done.
func TestAccLogSubscription_lostAnswers(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Faults: ovhmock.Faults{Seed: 1, AppliedThenFailRate: 1}})
	kubeID := seedReadyCluster(t, m)
	stream := ovhmock.DefaultLogStreams[0]
	other := acctest.SeedLogSubscription(t, m, kubeID, ovhmock.LogSubscription{StreamID: stream})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			subs, _ := m.LogSubscriptions(ovhmock.DefaultProject, kubeID)
			if len(subs) != 1 || subs[0].SubscriptionID != other.SubscriptionID {
				return fmt.Errorf("after destroy the mock holds %+v, want only the seeded %s", subs, other.SubscriptionID)
			}
			return checkLogCounts(m, acctest.RouteLogSubscription, map[string]int{"DELETE": 2})(nil)
		},
		Steps: []resource.TestStep{{
			Config: logSubConfig(endpoint, kubeID, "audit", stream),
			Check: resource.ComposeTestCheckFunc(
				checkMockSubscriptions(m, kubeID, stream, stream),
				checkLogCounts(m, acctest.RouteLogSubscriptions, map[string]int{"POST": 1}),
				func(s *terraform.State) error {
					if id := s.RootModule().Resources[logSubAddr].Primary.ID; id == other.SubscriptionID {
						return fmt.Errorf("the resource took over the seeded subscription %s", id)
					}
					return nil
				},
				checkClusterReady(m, kubeID),
			),
		}},
	})
}

// TestAccLogSubscription_faultyAPI: against an API that fails 20 % of the
// requests and rate-limits 10 % (seeded: every run meets the same faults),
// three subscriptions of one cluster are created and destroyed; none is
// sent twice and none is orphaned (the guard of StartMock).
func TestAccLogSubscription_faultyAPI(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Faults: ovhmock.Faults{
		Seed: 11, ServerErrorRate: 0.2, RateLimitRate: 0.1, RetryAfter: 200 * time.Millisecond,
	}})
	kubeID := seedReadyCluster(t, m)
	stream := ovhmock.DefaultLogStreams[0]
	config := acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
resource "ovh_cloud_project_kube_log_subscription" "many" {
  count        = 3
  service_name = %q
  kube_id      = %q
  kind         = "audit"
  stream_id    = %q
}
`, ovhmock.DefaultProject, kubeID, stream)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if len(m.FaultedRequests()) == 0 {
				return fmt.Errorf("no fault was injected")
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeTestCheckFunc(
				checkMockSubscriptions(m, kubeID, stream, stream, stream),
				func(*terraform.State) error {
					posts := 0
					for _, r := range m.Requests() {
						if r.Method == "POST" && r.Route == acctest.RouteLogSubscriptions && r.Fault == "" && r.Status == 200 {
							posts++
						}
					}
					if posts != 3 {
						return fmt.Errorf("%d creations went through, want 3", posts)
					}
					return nil
				},
				checkClusterReady(m, kubeID),
			),
		}},
	})
}

// TestAccLogSubscriptionsDataSource lists a seeded subscription and one the
// configuration creates, filtered by kind, with their streams.
func TestAccLogSubscriptionsDataSource(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	seeded := acctest.SeedLogSubscription(t, m, kubeID, ovhmock.LogSubscription{StreamID: ovhmock.DefaultLogStreams[1]})
	const ds = "data.ovh_cloud_project_kube_log_subscriptions.all"
	config := logSubConfig(endpoint, kubeID, "audit", ovhmock.DefaultLogStreams[0]) + fmt.Sprintf(`
data "ovh_cloud_project_kube_log_subscriptions" "all" {
  service_name = %q
  kube_id      = %q
  kind         = "audit"
  depends_on   = [ovh_cloud_project_kube_log_subscription.s]
}
`, ovhmock.DefaultProject, kubeID)
	item := func(id, stream knownvalue.Check) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"subscription_id": id, "kind": knownvalue.StringExact("audit"), "stream_id": stream,
			"ldp_service_name": knownvalue.StringExact(ovhmock.LogService),
			"resource": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
				"name": knownvalue.StringExact(kubeID), "type": knownvalue.StringExact("kube"),
			})}),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("subscriptions"), knownvalue.ListExact([]knownvalue.Check{
					item(knownvalue.StringExact(seeded.SubscriptionID), knownvalue.StringExact(ovhmock.DefaultLogStreams[1])),
					item(knownvalue.NotNull(), knownvalue.StringExact(ovhmock.DefaultLogStreams[0])),
				})),
			},
		}},
	})
}

// TestAccLogSubscription_invalidArguments: a kind other than audit and a
// stream_id that is not a uuid fail the plan with the attribute and the
// value named, before any API call.
func TestAccLogSubscription_invalidArguments(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	const kubeID = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:   logSubConfig(endpoint, kubeID, "apiserver", ovhmock.DefaultLogStreams[0]),
				PlanOnly: true,
				ExpectError: titled("Invalid kind",
					`Attribute kind: "apiserver" is not an allowed value. Allowed values: "audit". For example: kind = "audit".`),
			},
			{
				Config:   logSubConfig(endpoint, kubeID, "audit", "my-stream"),
				PlanOnly: true,
				ExpectError: titled("Invalid stream_id",
					`Attribute stream_id: "my-stream" is not valid: it must be the id of a Logs Data Platform stream, a uuid. `+
						`For example: stream_id = "18d603e8-7d50-4000-8393-f0d5bb7f1280".`),
			},
		},
	})
	if n := len(m.Requests()); n != 0 {
		t.Errorf("%d API calls, want 0: %+v", n, m.Requests())
	}
}

// TestAccLogSubscription_unknownStream: a stream the API does not know
// fails the apply with its id and where streams come from; nothing is
// created.
func TestAccLogSubscription_unknownStream(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	const stream = "0a4f3e1c-1111-4222-8333-944455556666"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: logSubConfig(endpoint, kubeID, "audit", stream),
			ExpectError: titled("Cannot create the log subscription", `The API does not know the Logs Data Platform stream "`+stream+
				`" (stream_id): `),
		}, {
			Config: logSubConfig(endpoint, kubeID, "audit", stream),
			ExpectError: acctest.MessagePattern("Streams come from the Logs Data Platform: create one, or read the id of an existing one, " +
				"with the official OVH provider's ovh_dbaas_logs_output_graylog_stream resource or data source"),
		}},
	})
	if subs, _ := m.LogSubscriptions(ovhmock.DefaultProject, kubeID); len(subs) != 0 {
		t.Errorf("the mock holds %+v", subs)
	}
}

// TestAccLogSubscription_withCluster: a cluster and its subscription in one
// configuration; the subscription turns the cluster's computed
// audit_logs_subscribed on, which the next plan takes from the refresh
// without planning any change of the cluster.
func TestAccLogSubscription_withCluster(t *testing.T) {
	_, endpoint := acctest.StartMock(t, ovhmock.Options{})
	config := acctest.KubeConfig(endpoint, `  name = "audited"`) + fmt.Sprintf(`
resource "ovh_cloud_project_kube_log_subscription" "s" {
  service_name = %q
  kube_id      = ovh_cloud_project_kube.c.id
  kind         = "audit"
  stream_id    = %q
}
`, ovhmock.DefaultProject, ovhmock.DefaultLogStreams[0])
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.ClusterAddress, tfjsonpath.New("audit_logs_subscribed"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

// defaultPollingFactories serve the provider with the polling schedule of
// a real run, not the tests' fast one.
var defaultPollingFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"ovh": func() (tfprotov6.ProviderServer, error) { //nolint:unparam // the signature terraform-plugin-testing asks for
		return provider.NewServerWithOptions("test", kube.Options{})(), nil
	},
}

// TestAccLogSubscription_operationPolledAtOnce: with an operation of 2 s
// and the polling schedule of a real run, the operation is first read right
// after the creation's answer, not after a fixed pause, then on the
// waiter's schedule (every PollFirst, 200 ms, while that is more than a
// tenth of the time waited), so that the subscription is created in under
// 3 s of provider time.
func TestAccLogSubscription_operationPolledAtOnce(t *testing.T) {
	timings := ovhmock.TestTimings()
	timings.LogOperation = 2 * time.Second
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Timings: timings})
	kubeID := seedReadyCluster(t, m)
	const pollFirst = 200 * time.Millisecond
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: defaultPollingFactories,
		Steps: []resource.TestStep{{
			Config: logSubConfig(endpoint, kubeID, "audit", ovhmock.DefaultLogStreams[0]),
			Check: func(*terraform.State) error {
				var post, last time.Time
				var ops []time.Time
				for _, r := range m.Requests() {
					switch {
					case r.Method == "POST" && r.Route == acctest.RouteLogSubscriptions:
						post = r.Time
					case r.Route == acctest.RouteLogOperation:
						ops = append(ops, r.Time)
					case !post.IsZero() && r.Method == "GET" && r.Route == acctest.RouteLogSubscription:
						last = r.Time
					}
				}
				if post.IsZero() || len(ops) < 2 || last.IsZero() {
					return fmt.Errorf("POST at %v, %d operation reads, last read at %v", post, len(ops), last)
				}
				if d := ops[0].Sub(post); d > 100*time.Millisecond {
					return fmt.Errorf("the first read of the operation came %v after the creation, want at once", d)
				}
				for i := 1; i < len(ops); i++ {
					gap := ops[i].Sub(ops[i-1])
					if gap < pollFirst-20*time.Millisecond || gap > pollFirst+150*time.Millisecond {
						return fmt.Errorf("read %d of the operation came %v after the one before, want about %v", i, gap, pollFirst)
					}
				}
				took := last.Sub(post)
				t.Logf("creation: %d operation reads, %v from the POST to the final read", len(ops), took)
				if took >= 3*time.Second {
					return fmt.Errorf("the creation took %v, want under 3s", took)
				}
				return nil
			},
		}},
	})
}
