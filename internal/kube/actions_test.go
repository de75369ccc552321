package kube_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// The actions run under Terraform 1.14+ only, which CI does not install:
// these tests drive the provider's protocol server itself, as Terraform
// would, with InvokeAction requests against a mock.

const (
	restartAction         = "ovh_cloud_project_kube_restart"
	kubeconfigResetAction = "ovh_cloud_project_kube_kubeconfig_reset"
	upgradeAction         = "ovh_cloud_project_kube_upgrade"
)

// actionEnv is a mock, behind a server that records request bodies, and the
// provider's protocol server configured against it.
type actionEnv struct {
	t        *testing.T
	mock     *ovhmock.Mock
	endpoint string
	server   *acctest.ProtoServer

	mu     sync.Mutex
	bodies map[string][]string // by route ending, e.g. "/restart"
}

func newActionEnv(t *testing.T, opts ovhmock.Options) *actionEnv {
	t.Helper()
	e := &actionEnv{t: t, mock: ovhmock.New(opts), bodies: map[string][]string{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if r.Method == http.MethodPost {
			e.mu.Lock()
			for _, end := range []string{"/restart", "/kubeconfig/reset", "/update"} {
				if strings.HasSuffix(r.URL.Path, end) {
					e.bodies[end] = append(e.bodies[end], string(body))
				}
			}
			e.mu.Unlock()
		}
		e.mock.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e.endpoint = srv.URL + "/1.0"
	e.server = acctest.NewProtoServer(t, e.endpoint)
	return e
}

// seed adds a READY cluster and returns its id.
func (e *actionEnv) seed(c ovhmock.Cluster) string {
	e.t.Helper()
	c.Region, c.KubeProxyMode, c.Status, c.Plan, c.CreatedAt = "GRA11", "iptables", "READY", "free", time.Now()
	if c.UpdatePolicy == "" {
		c.UpdatePolicy = "ALWAYS_UPDATE"
	}
	if c.Version == "" {
		c.Version = "1.33"
	}
	before := e.mock.Clusters(ovhmock.DefaultProject)
	if err := e.mock.AddCluster(ovhmock.DefaultProject, c); err != nil {
		e.t.Fatal(err)
	}
	for _, got := range e.mock.Clusters(ovhmock.DefaultProject) {
		if !slices.ContainsFunc(before, func(b ovhmock.Cluster) bool { return b.ID == got.ID }) {
			return got.ID
		}
	}
	e.t.Fatal("the seeded cluster is not in the mock")
	return ""
}

// invoke runs an action as Terraform does and returns its progress messages
// and its final diagnostics.
func (e *actionEnv) invoke(typ string, attrs map[string]tftypes.Value) (progress []string, diags []*tfprotov6.Diagnostic) {
	e.t.Helper()
	if _, ok := attrs["service_name"]; !ok {
		attrs["service_name"] = tftypes.NewValue(tftypes.String, ovhmock.DefaultProject)
	}
	values := map[string]any{}
	for name, v := range attrs {
		values[name] = v
	}
	config := e.server.Config(e.server.Action(typ), values)
	ctx := context.Background()
	actions := e.server.ActionServer()
	validated, err := actions.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: typ, Config: config})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(validated.Diagnostics) > 0 {
		return nil, validated.Diagnostics
	}
	stream, err := actions.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: typ, Config: config})
	if err != nil {
		e.t.Fatal(err)
	}
	completed := 0
	for ev := range stream.Events {
		switch ev := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, ev.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			completed++
			diags = ev.Diagnostics
		}
	}
	if completed != 1 {
		e.t.Fatalf("%d completed events, want 1", completed)
	}
	return progress, diags
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// routes lists "METHOD route status" of the mock's log, under the cluster.
func (e *actionEnv) routes() []string {
	var out []string
	for _, r := range e.mock.Requests() {
		if !strings.HasPrefix(r.Route, "/cloud/project/{serviceName}/kube") {
			continue // the client's clock sync
		}
		out = append(out, r.Method+" "+strings.TrimPrefix(r.Route, "/cloud/project/{serviceName}/kube/{kubeId}")+" "+http.StatusText(r.Status))
	}
	return out
}

// noErrors fails the test on any diagnostic.
func noErrors(t *testing.T, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		t.Errorf("diagnostic: %s: %s", d.Summary, d.Detail)
	}
}

// containsInOrder reports whether every one of want is in got, a message
// that contains it, in that order.
func containsInOrder(got []string, want ...string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && strings.Contains(g, want[i]) {
			i++
		}
	}
	return i == len(want)
}

// TestActionRestart: the restart sends POST /restart with force, once, then
// waits through REDEPLOYING until READY, reporting each status it sees.
func TestActionRestart(t *testing.T) {
	e := newActionEnv(t, ovhmock.Options{})
	id := e.seed(ovhmock.Cluster{Name: "restarted"})
	progress, diags := e.invoke(restartAction, map[string]tftypes.Value{
		"kube_id": str(id), "force": tftypes.NewValue(tftypes.Bool, true),
	})
	noErrors(t, diags)
	if got := e.bodies["/restart"]; len(got) != 1 || got[0] != `{"force":true}` {
		t.Errorf("POST /restart bodies %q, want one {\"force\":true}", got)
	}
	log := e.routes()
	if len(log) < 3 || log[0] != "GET  OK" || log[1] != "POST /restart OK" || log[len(log)-1] != "GET  OK" {
		t.Errorf("requests %q, want a GET, POST /restart, then GETs", log)
	}
	if !containsInOrder(progress, "Cluster "+id+" (restarted) is READY before its restart", "Sending the restart of cluster "+id,
		"Cluster "+id+" is REDEPLOYING", "Cluster "+id+" is READY (", "Cluster "+id+" is READY again: restart done in") {
		t.Errorf("progress %q", progress)
	}
	if c, _ := e.mock.Cluster(ovhmock.DefaultProject, id); c.Status != "READY" {
		t.Errorf("cluster %s after the restart", c.Status)
	}

	// force left out is false.
	_, diags = e.invoke(restartAction, map[string]tftypes.Value{"kube_id": str(id)})
	noErrors(t, diags)
	if got := e.bodies["/restart"]; len(got) != 2 || got[1] != `{"force":false}` {
		t.Errorf("POST /restart bodies %q, want {\"force\":false} second", got)
	}
}

// TestActionKubeconfigReset: the reset sends POST /kubeconfig/reset once and
// waits through RESETTING; a kubeconfig fetched before no longer matches the
// cluster's certificate authority.
func TestActionKubeconfigReset(t *testing.T) {
	e := newActionEnv(t, ovhmock.Options{})
	id := e.seed(ovhmock.Cluster{Name: "leaked"})
	client, err := ovhapi.New(ovhapi.Config{Endpoint: e.endpoint, ApplicationKey: ovhmock.DefaultApplicationKey,
		ApplicationSecret: ovhmock.DefaultApplicationSecret, ConsumerKey: ovhmock.DefaultConsumerKey})
	if err != nil {
		t.Fatal(err)
	}
	ca := func() string {
		t.Helper()
		content, err := client.Kubeconfig(context.Background(), ovhmock.DefaultProject, id)
		if err != nil {
			t.Fatal(err)
		}
		_, after, _ := strings.Cut(content, "certificate-authority-data: ")
		value, _, _ := strings.Cut(after, "\n")
		return value
	}
	before := ca()
	e.mock.ResetRequests()

	progress, diags := e.invoke(kubeconfigResetAction, map[string]tftypes.Value{"kube_id": str(id)})
	noErrors(t, diags)
	log := e.routes()
	if len(log) < 3 || log[0] != "GET  OK" || log[1] != "POST /kubeconfig/reset OK" || slices.Contains(log[2:], "POST /kubeconfig/reset OK") {
		t.Errorf("requests %q, want a GET, one POST /kubeconfig/reset, then GETs", log)
	}
	if !containsInOrder(progress, "Sending the kubeconfig reset of cluster "+id, "Cluster "+id+" is RESETTING",
		"Cluster "+id+" is READY again: kubeconfig reset done in") {
		t.Errorf("progress %q", progress)
	}
	if after := ca(); after == before || after == "" {
		t.Error("the cluster's certificate authority did not change")
	}
}

// TestActionUpgrade: NEXT_MINOR sends POST /update with that strategy and
// waits through UPDATING until the cluster runs the next minor version.
func TestActionUpgrade(t *testing.T) {
	e := newActionEnv(t, ovhmock.Options{})
	id := e.seed(ovhmock.Cluster{Name: "old", Version: "1.33"})
	progress, diags := e.invoke(upgradeAction, map[string]tftypes.Value{"kube_id": str(id), "strategy": str("NEXT_MINOR")})
	noErrors(t, diags)
	if got := e.bodies["/update"]; len(got) != 1 || got[0] != `{"strategy":"NEXT_MINOR"}` {
		t.Errorf("POST /update bodies %q", got)
	}
	if !containsInOrder(progress, "Cluster "+id+" is UPDATING", "Cluster "+id+" is READY again: upgrade done in") {
		t.Errorf("progress %q", progress)
	}
	if c, _ := e.mock.Cluster(ovhmock.DefaultProject, id); !strings.HasPrefix(c.Version, "1.34.") || c.Status != "READY" {
		t.Errorf("cluster after the upgrade: %s %s, want READY on 1.34", c.Status, c.Version)
	}

	// A strategy the API does not know is refused before any request.
	e.mock.ResetRequests()
	_, diags = e.invoke(upgradeAction, map[string]tftypes.Value{"kube_id": str(id), "strategy": str("SIDEWAYS")})
	if len(diags) != 1 || !strings.Contains(diags[0].Detail, `value must be one of: ["LATEST_PATCH" "NEXT_MINOR"]`) {
		t.Errorf("diagnostics %s", acctest.DiagText(diags))
	}
	if log := e.routes(); len(log) != 0 {
		t.Errorf("requests %q for a refused configuration", log)
	}
}

// TestActionUpgradeUnderNeverUpdate: the API refuses an upgrade of a cluster
// on NEVER_UPDATE with 409; waiting does not end that refusal, so the action
// fails at once and says why.
func TestActionUpgradeUnderNeverUpdate(t *testing.T) {
	e := newActionEnv(t, ovhmock.Options{})
	id := e.seed(ovhmock.Cluster{Name: "frozen", UpdatePolicy: "NEVER_UPDATE"})
	// A short timeout: waiting out this 409 would only end there.
	timeouts := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"invoke": tftypes.String}}
	_, diags := e.invoke(upgradeAction, map[string]tftypes.Value{"kube_id": str(id), "strategy": str("LATEST_PATCH"),
		"timeouts": tftypes.NewValue(timeouts, map[string]tftypes.Value{"invoke": str("5s")})})
	if len(diags) != 1 || diags[0].Summary != "Cannot run the cluster upgrade" ||
		!strings.HasSuffix(diags[0].Detail, "\n\nCluster "+id+` has update_policy = "NEVER_UPDATE", under which the API refuses upgrades. `+
			`Set its update_policy to "MINIMAL_DOWNTIME" or "ALWAYS_UPDATE" first, then run the upgrade again`) ||
		!strings.Contains(diags[0].Detail, "because of policy NEVER_UPDATE") {
		t.Fatalf("diagnostics %s", acctest.DiagText(diags))
	}
	if n := acctest.Count(e.mock, "POST", "/cloud/project/{serviceName}/kube/{kubeId}/update"); n != 1 {
		t.Errorf("%d POST /update, want 1", n)
	}
}

// TestActionWaitsForABusyCluster: a cluster busy with another change answers
// 409; the action waits for it to be READY and sends its request again.
func TestActionWaitsForABusyCluster(t *testing.T) {
	timings := ovhmock.TestTimings()
	timings.Update = 400 * time.Millisecond
	e := newActionEnv(t, ovhmock.Options{Timings: timings})
	id := e.seed(ovhmock.Cluster{Name: "busy"})
	client, err := ovhapi.New(ovhapi.Config{Endpoint: e.endpoint, ApplicationKey: ovhmock.DefaultApplicationKey,
		ApplicationSecret: ovhmock.DefaultApplicationSecret, ConsumerKey: ovhmock.DefaultConsumerKey})
	if err != nil {
		t.Fatal(err)
	}
	// Another change, from elsewhere: the cluster is UPDATING for 400 ms.
	if err := client.UpgradeKube(context.Background(), ovhmock.DefaultProject, id, ovhapi.StrategyLatestPatch); err != nil {
		t.Fatal(err)
	}
	progress, diags := e.invoke(restartAction, map[string]tftypes.Value{"kube_id": str(id)})
	noErrors(t, diags)
	var restarts []int
	for _, r := range e.mock.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Route, "/restart") {
			restarts = append(restarts, r.Status)
		}
	}
	if len(restarts) != 2 || restarts[0] != http.StatusConflict || restarts[1] != http.StatusOK {
		t.Errorf("POST /restart answered %v, want 409 then 200", restarts)
	}
	if !containsInOrder(progress, "Cluster "+id+" (busy) is UPDATING before its restart",
		"Cluster "+id+" refused the restart because it is busy (409)", "Cluster "+id+" is READY",
		"Cluster "+id+" is REDEPLOYING", "Cluster "+id+" is READY again: restart done in") {
		t.Errorf("progress %q", progress)
	}
}

// TestActionUnknownCluster: every action says which cluster and project it
// did not find, on kube_id, and sends nothing.
func TestActionUnknownCluster(t *testing.T) {
	e := newActionEnv(t, ovhmock.Options{})
	for typ, operation := range map[string]string{restartAction: "restart", kubeconfigResetAction: "kubeconfig reset", upgradeAction: "upgrade"} {
		attrs := map[string]tftypes.Value{"kube_id": str("no-such-cluster")}
		if typ == upgradeAction {
			attrs["strategy"] = str("LATEST_PATCH")
		}
		_, diags := e.invoke(typ, attrs)
		want := "Cluster no-such-cluster does not exist in project " + ovhmock.DefaultProject + ": check kube_id and service_name.\n\n"
		if len(diags) != 1 || diags[0].Summary != "Cannot run the cluster "+operation || !strings.HasPrefix(diags[0].Detail, want) ||
			diags[0].Attribute.String() != tftypes.NewAttributePath().WithAttributeName("kube_id").String() {
			t.Errorf("%s: diagnostics %s", typ, acctest.DiagText(diags))
		}
	}
	for _, r := range e.mock.Requests() {
		if r.Method != "GET" {
			t.Errorf("%s %s sent for an unknown cluster", r.Method, r.Path)
		}
	}
}

// TestActionLostAnswerIsNotSentAgain: under the mock's fault injection, the
// restart and the kubeconfig reset are applied but answered 502; the action
// looks at the cluster, sees it leave READY, and does not send the request
// again.
func TestActionLostAnswerIsNotSentAgain(t *testing.T) {
	e := newActionEnv(t, ovhmock.Options{Faults: ovhmock.Faults{AppliedThenFailRate: 1}})
	id := e.seed(ovhmock.Cluster{Name: "lossy"})
	for typ, route := range map[string]string{restartAction: "/restart", kubeconfigResetAction: "/kubeconfig/reset"} {
		_, diags := e.invoke(typ, map[string]tftypes.Value{"kube_id": str(id)})
		noErrors(t, diags)
		var answers []string
		for _, r := range e.mock.Requests() {
			if r.Method == "POST" && strings.HasSuffix(r.Route, route) {
				answers = append(answers, r.Fault)
			}
		}
		if len(answers) != 1 || answers[0] != ovhmock.FaultAppliedThenFail {
			t.Errorf("%s: POST %s faults %q, want one applied then failed", typ, route, answers)
		}
	}
}
