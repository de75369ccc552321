package kube_test

import (
	"crypto/sha256"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// manyClusters renders n clusters with the given IPVS sync period.
func manyClusters(endpoint string, n int, syncPeriod string) string {
	return acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
resource "ovh_cloud_project_kube" "many" {
  count           = %d
  service_name    = %q
  name            = "cluster-${count.index}"
  region          = "GRA11"
  kube_proxy_mode = "ipvs"

  customization_kube_proxy {
    ipvs {
      scheduler   = "rr"
      sync_period = %q
    }
  }
}
`, n, ovhmock.DefaultProject, syncPeriod)
}

// statusCount counts the logged answers with this status.
func statusCount(m *ovhmock.Mock, status int) int {
	n := 0
	for _, r := range m.Requests() {
		if r.Status == status {
			n++
		}
	}
	return n
}

// TestAccKube_faultyAPI applies, updates and destroys ten clusters in
// parallel against an API that answers 20% of requests with a 5xx and 10%
// with a 429: every cluster must end in state, none in the mock after
// destroy, and every Retry-After must pause the whole client. The mock decides
// each fault from the seed and the request, so every run meets the same
// faults on the same paths.
func TestAccKube_faultyAPI(t *testing.T) {
	const n = 10
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Faults: ovhmock.Faults{
		Seed: 42, ServerErrorRate: 0.2, RateLimitRate: 0.1, RetryAfter: time.Second,
	}})
	inState := func(s *terraform.State) error {
		got := 0
		for name, rs := range s.RootModule().Resources {
			if strings.HasPrefix(name, "ovh_cloud_project_kube.many") && rs.Primary.ID != "" {
				got++
			}
		}
		if got != n {
			return fmt.Errorf("%d clusters in state, want %d", got, n)
		}
		if c := len(m.Clusters(ovhmock.DefaultProject)); c != n {
			return fmt.Errorf("%d clusters in the mock, want %d", c, n)
		}
		return nil
	}
	start := time.Now()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: manyClusters(endpoint, n, "PT30S"),
				Check:  inState,
			},
			{
				Config: manyClusters(endpoint, n, "PT45S"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("ovh_cloud_project_kube.many[3]", plancheck.ResourceActionUpdate)},
				},
				Check: func(s *terraform.State) error {
					if err := inState(s); err != nil {
						return err
					}
					for _, c := range m.Clusters(ovhmock.DefaultProject) {
						if got := c.Customization.KubeProxy.IPVS.SyncPeriod; got != "PT45S" {
							return fmt.Errorf("cluster %s has sync period %q, want PT45S", c.Name, got)
						}
					}
					return nil
				},
			},
		},
	})
	elapsed := time.Since(start)
	log := m.Requests()
	// The faults were really injected.
	if statusCount(m, 429) == 0 || statusCount(m, 500)+statusCount(m, 502)+statusCount(m, 503) == 0 {
		t.Errorf("no fault injected: %d requests", len(log))
	}
	paused := checkPacing(t, log)
	if elapsed < paused {
		t.Errorf("the test took %s, less than the %s that Retry-After answers imposed", elapsed, paused)
	}
	t.Logf("%d requests, %d answered 429 (%s of pauses), %d answered 5xx, in %s; faulted changes: %s", len(log), statusCount(m, 429),
		paused, statusCount(m, 500)+statusCount(m, 502)+statusCount(m, 503), elapsed.Round(100*time.Millisecond), faultedChanges(log))
}

// faultedChanges lists the faulted changes (not the polls, whose number
// depends on timing) per cluster path, in order, so that runs can be compared.
func faultedChanges(log []ovhmock.Request) string {
	var out []string
	for _, r := range log {
		if r.Fault != "" && r.Method != "GET" {
			out = append(out, r.Method+" "+r.Path+" "+r.Fault)
		}
	}
	slices.Sort(out)
	return fmt.Sprintf("%d, digest %x", len(out), sha256.Sum256([]byte(strings.Join(out, "\n"))))
}

// TestAccKube_lostAnswers runs a cluster's whole life against an API that
// carries out every change but answers it with a 502: the creation is
// adopted, not duplicated nor orphaned, and the deletion completes.
func TestAccKube_lostAnswers(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Faults: ovhmock.Faults{AppliedThenFailRate: 1}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.SeedConfig(endpoint, ""),
				Check: func(s *terraform.State) error {
					if n := acctest.Count(m, "POST", acctest.RouteList); n != 1 {
						return fmt.Errorf("%d POST creates, want 1: the lost answer must not lead to a second cluster", n)
					}
					c := acctest.OnlyCluster(t, m)
					if id := s.RootModule().Resources[addr].Primary.ID; id != c.ID {
						return fmt.Errorf("state holds %q, the mock %q", id, c.ID)
					}
					return nil
				},
			},
			{
				Config: strings.Replace(acctest.SeedConfig(endpoint, ""), `scheduler       = "rr"`, `scheduler       = "nq"`, 1),
				Check: func(*terraform.State) error {
					if got := acctest.OnlyCluster(t, m).Customization.KubeProxy.IPVS.Scheduler; got != "nq" {
						return fmt.Errorf("scheduler %q, want nq", got)
					}
					return nil
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if c := len(m.Clusters(ovhmock.DefaultProject)); c != 0 {
				return fmt.Errorf("%d clusters left in the mock after destroy", c)
			}
			return nil
		},
	})
}

// TestAccKube_ambiguousLostCreate: when the answer is lost and two clusters
// match the creation, none is adopted and the error names them.
func TestAccKube_ambiguousLostCreate(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Faults: ovhmock.Faults{AppliedThenFailRate: 1}})
	// The error tells the user to import the cluster created: until then,
	// it is managed by nobody.
	acctest.ExpectLeftOver(t, m, 1, "the cluster whose creation answer was lost, which the error asks to import")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// Seeded just before the apply: a parallel test may wait for
			// minutes, and a twin created long before the creation would
			// not match it.
			PreConfig: func() {
				acctest.SeedCluster(t, m, ovhmock.Cluster{Name: "my_kube_cluster", Region: "GRA11", Version: "1.32.1", KubeProxyMode: "ipvs",
					Status: "READY", Plan: "free", UpdatePolicy: "ALWAYS_UPDATE", CreatedAt: time.Now()})
			},
			Config:      acctest.SeedConfig(endpoint, ""),
			ExpectError: acctest.MessagePattern(`The creation may have succeeded, but 2 clusters match it`),
		}},
	})
}

// TestAccKube_refreshCosts checks what a plan costs once clusters exist: one
// GET per cluster for the refresh, nothing else, and no change at all.
func TestAccKube_refreshCosts(t *testing.T) {
	const n = 5
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	config := manyClusters(endpoint, n, "PT30S")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: m.ResetRequests,
				Config:    config,
				PlanOnly:  true,
			},
			{
				// What the plan-only step above cost, read before this
				// step's own refresh.
				PreConfig:    func() { checkRefreshCost(t, m.Requests(), n) },
				RefreshState: true,
			},
		},
	})
}

func checkRefreshCost(t *testing.T, log []ovhmock.Request, n int) {
	t.Helper()
	gets, others := 0, 0
	for _, r := range log {
		switch {
		case r.Method == "GET" && r.Route == acctest.RouteKube:
			gets++
		case r.Route == "/auth/time":
			// go-ovh's clock synchronisation, once per provider process
		default:
			others++
			t.Errorf("unexpected call during a no-op plan: %s %s", r.Method, r.Path)
		}
	}
	if gets != n {
		t.Errorf("%d GETs for %d clusters, want exactly one per cluster", gets, n)
	}
	t.Logf("no-op plan of %d clusters: %d GETs, %d other calls", n, gets, others)
}

// A creation whose wait fails keeps the cluster in state, tainted: the next
// apply replaces it, and no cluster is left behind unmanaged.
func TestAccKube_failedCreateWaitLeavesTaintedResource(t *testing.T) {
	timings := ovhmock.TestTimings()
	timings.Install = 3 * time.Second
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Timings: timings})
	slow := acctest.KubeConfig(endpoint, `
  timeouts {
    create = "1s"
  }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      slow,
				ExpectError: regexp.MustCompile(`(?s)timed out after 1s waiting for the creation of cluster.*kept in the state, marked\s+tainted`),
			},
			{
				Config: acctest.KubeConfig(endpoint, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(*terraform.State) error {
					// The tainted cluster was still INSTALLING: its delete may be
					// refused with 409 once, then retried once it is READY.
					if n := acctest.Count(m, "POST", acctest.RouteList); n != 2 {
						return fmt.Errorf("%d creates, want 2", n)
					}
					if n := len(m.Clusters(ovhmock.DefaultProject)); n != 1 {
						return fmt.Errorf("%d clusters in the mock, want 1: the tainted one must be deleted", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccKube_clusterInErrorFailsAtOnce(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Faults: ovhmock.Faults{InstallErrorRate: 1}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      acctest.KubeConfig(endpoint, ""),
			ExpectError: acctest.MessagePattern(`went to status ERROR during its creation`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := len(m.Clusters(ovhmock.DefaultProject)); n != 0 {
				return fmt.Errorf("%d clusters left in the mock after destroy", n)
			}
			return nil
		},
	})
}
