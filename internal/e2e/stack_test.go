package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// The whole-stack example, examples/stack/main.tf, as a user runs it: the
// built provider under the CLI, at the CLI's default parallelism, against a
// mock with the demo's timings. Terraform creates, changes and destroys the
// resources of the one cluster in parallel: each command must succeed the
// first time.

const stackExample = "../../examples/stack/main.tf"

// stackChanges change every resource of the stack at once: a kube-proxy
// timing, the size of each pool, one more IP block, another groups prefix,
// and the mock's second default stream for the audit logs (a replacement of
// the log subscription).
var stackChanges = [][2]string{
	{`sync_period     = "PT30S"`, `sync_period     = "PT45S"`},
	{`desired_nodes = 2`, `desired_nodes = 3`},
	{`max_nodes     = 5`, `max_nodes     = 6`},
	{`ips          = ["203.0.113.0/24", "198.51.100.7"]`, `ips          = ["203.0.113.0/24", "198.51.100.7", "192.0.2.0/24"]`},
	{`oidc_groups_prefix   = "keycloak:"`, `oidc_groups_prefix   = "sso:"`},
	{`stream_id    = "` + ovhmock.DefaultLogStreams[0] + `"`, `stream_id    = "` + ovhmock.DefaultLogStreams[1] + `"`},
}

// TestAccE2E_stack runs the stack against the demo's timings, with a cluster
// status that lags the API server's redeploys: for 3 s after an IP
// restrictions, OIDC or log subscription change the cluster still reads READY while every
// change under it is refused with 409. Within one provider process nothing
// meets a 409: the changes to the cluster go one at a time.
func TestAccE2E_stack(t *testing.T) {
	t.Parallel()
	timings := ovhmock.DemoTimings()
	timings.StaleStatus = 3 * time.Second
	m := runStack(t, ovhmock.Options{Timings: timings})
	var refused []string
	for _, r := range m.Requests() {
		if r.Status == 409 {
			refused = append(refused, r.Method+" "+r.Path)
		}
	}
	if len(refused) > 0 {
		t.Errorf("the provider sent %d changes that the busy cluster refused with 409, want none: %s", len(refused), strings.Join(refused, ", "))
	}
}

// TestAccE2E_stackUnderFaults runs the stack under the reliability faults:
// 5xx answers, 429s with Retry-After and changes applied but answered 502,
// from the seed E2E_STACK_SEED (1 by default).
func TestAccE2E_stackUnderFaults(t *testing.T) {
	t.Parallel()
	seed := int64(1)
	if s := os.Getenv("E2E_STACK_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseInt(s, 10, 64); err != nil {
			t.Fatalf("E2E_STACK_SEED=%q: %v", s, err)
		}
	}
	m := runStack(t, ovhmock.Options{Timings: ovhmock.DemoTimings(), Faults: ovhmock.Faults{
		Seed: seed, ServerErrorRate: 0.08, RateLimitRate: 0.05, RetryAfter: time.Second, AppliedThenFailRate: 0.15,
	}})
	faults := map[string]int{}
	for _, r := range m.Requests() {
		if r.Fault != "" {
			faults[r.Fault]++
		}
	}
	t.Logf("seed %d: faults met %v", seed, faults)
	// The default seed meets every kind of fault; another may miss one.
	for _, f := range []string{ovhmock.FaultServerError, ovhmock.FaultRateLimited, ovhmock.FaultAppliedThenFail} {
		if faults[f] == 0 && os.Getenv("E2E_STACK_SEED") == "" {
			t.Errorf("seed %d: no %s fault was met; the test did not exercise it", seed, f)
		}
	}
}

// runStack applies the stack example, plans (no change), applies a change of
// every resource, plans (no change) and destroys, each command once, and
// checks the mock after each. It returns the mock, for the request log.
func runStack(t *testing.T, opts ovhmock.Options) *ovhmock.Mock {
	t.Helper()
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	raw, err := os.ReadFile(stackExample)
	if err != nil {
		t.Fatal(err)
	}
	config := string(raw)
	changed := config
	for _, c := range stackChanges {
		if strings.Count(changed, c[0]) != 1 {
			t.Fatalf("%s no longer holds %q once: update stackChanges", stackExample, c[0])
		}
		changed = strings.Replace(changed, c[0], c[1], 1)
	}

	m := ovhmock.New(opts)
	endpoint := acctest.ServeMock(t, m)
	w := acctest.NewWorkdir(t, binary, providerDir, endpoint, config)
	// The example's address, mkscloud/ovh, served by the built binary.
	acctest.WriteFile(t, filepath.Join(w.Dir, "cli.tfrc"), fmt.Sprintf(
		"provider_installation {\n  dev_overrides {\n    \"mkscloud/ovh\" = %q\n  }\n  direct {}\n}\n", providerDir))
	acctest.GuardState(t, m, w)
	creds := append([]string{"TF_LOG="}, acctest.MockCredentials...)

	step := func(what string, args ...string) {
		t.Helper()
		start := time.Now()
		out, err := w.Try(creds, args...)
		if err != nil {
			t.Fatalf("%s: %s %s failed after %s: %v\n%s", what, filepath.Base(w.CLI), strings.Join(args, " "),
				time.Since(start).Round(time.Millisecond), err, acctest.Tail(out, 6000))
		}
		t.Logf("%s: %s", what, time.Since(start).Round(time.Millisecond))
	}
	noChanges := func(what string) {
		t.Helper()
		out, err := w.Try(creds, "plan", "-detailed-exitcode", "-no-color", "-input=false")
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 2 {
			t.Fatalf("%s: the plan is not empty:\n%s", what, acctest.Tail(out, 6000))
		}
		if err != nil {
			t.Fatalf("%s: plan failed: %v\n%s", what, err, acctest.Tail(out, 6000))
		}
	}

	step("first apply", "apply", "-auto-approve", "-no-color", "-input=false")
	c, sub := checkStack(t, m, 2, []string{"203.0.113.0/24", "198.51.100.7/32"}, "keycloak:", "PT30S", ovhmock.DefaultLogStreams[0])
	noChanges("after the first apply")

	acctest.WriteFile(t, filepath.Join(w.Dir, "main.tf"), changed)
	step("apply of a change to every resource", "apply", "-auto-approve", "-no-color", "-input=false")
	got, replaced := checkStack(t, m, 3, []string{"203.0.113.0/24", "198.51.100.7/32", "192.0.2.0/24"}, "sso:", "PT45S", ovhmock.DefaultLogStreams[1])
	if got.ID != c.ID {
		t.Fatalf("the change replaced cluster %s by %s", c.ID, got.ID)
	}
	if replaced.SubscriptionID == sub.SubscriptionID {
		t.Errorf("the stream change kept log subscription %s, want a replacement", sub.SubscriptionID)
	}
	noChanges("after the change")

	step("destroy", "destroy", "-auto-approve", "-no-color", "-input=false")
	if left := m.Clusters(ovhmock.ExampleProject); len(left) > 0 {
		t.Errorf("after destroy the mock still holds %d cluster(s): %+v", len(left), left)
	}
	return m
}

// checkStack checks what the mock holds of the stack and returns its
// cluster and its log subscription: READY, with the kube-proxy sync period
// syncPeriod, the pool "system" of systemNodes nodes and the pool
// "workers", the IP blocks ips in any order, an OIDC configuration whose
// groups prefix is groupsPrefix, and one audit log subscription, to stream:
// a replaced subscription left behind is an orphan.
func checkStack(t *testing.T, m *ovhmock.Mock, systemNodes int, ips []string, groupsPrefix, syncPeriod, stream string) (ovhmock.Cluster, ovhmock.LogSubscription) {
	t.Helper()
	cs := m.Clusters(ovhmock.ExampleProject)
	if len(cs) != 1 {
		t.Fatalf("the mock holds %d clusters, want 1", len(cs))
	}
	c := cs[0]
	if c.Status != "READY" {
		t.Errorf("cluster status %s, want READY", c.Status)
	}
	if cu := c.Customization; cu == nil || cu.KubeProxy == nil || cu.KubeProxy.IPVS == nil || cu.KubeProxy.IPVS.SyncPeriod != syncPeriod {
		t.Errorf("cluster customization %+v, want an IPVS sync period of %s", c.Customization, syncPeriod)
	}
	pools := map[string]ovhmock.NodePool{}
	for _, p := range m.NodePools(ovhmock.ExampleProject, c.ID) {
		pools[p.Name] = p
	}
	if len(pools) != 2 || pools["system"].DesiredNodes != systemNodes || pools["workers"].Name == "" {
		t.Errorf("node pools %+v, want system (%d nodes) and workers", pools, systemNodes)
	}
	got, _ := m.IPRestrictions(ovhmock.ExampleProject, c.ID)
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(ips))) {
		t.Errorf("IP restrictions %v, want %v", got, ips)
	}
	if o, ok := m.OIDC(ovhmock.ExampleProject, c.ID); !ok || o.GroupsPrefix != groupsPrefix {
		t.Errorf("OIDC configuration %+v (present: %v), want groups prefix %q", o, ok, groupsPrefix)
	}
	subs, _ := m.LogSubscriptions(ovhmock.ExampleProject, c.ID)
	if len(subs) != 1 || subs[0].StreamID != stream || subs[0].Kind != "audit" {
		t.Errorf("log subscriptions %+v, want one of kind audit to stream %s", subs, stream)
		return c, ovhmock.LogSubscription{}
	}
	if !c.AuditLogsSubscribed {
		t.Error("the cluster does not read auditLogsSubscribed")
	}
	return c, subs[0]
}
