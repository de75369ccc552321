package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mkscloud/terraform-provider-ovh/internal/kube"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// clusterGETs counts the GETs of a cluster in the mock's log.
func clusterGETs(m *ovhmock.Mock) int {
	n := 0
	for _, r := range m.Requests() {
		if r.Method == "GET" && r.Route == "/cloud/project/{serviceName}/kube/{kubeId}" {
			n++
		}
	}
	return n
}

func (f requestsFixture) read(t *testing.T, s tfprotov6.ProviderServer, state *tfprotov6.DynamicValue, private []byte) (*tfprotov6.ReadResourceResponse, tftypes.Value) {
	t.Helper()
	resp, err := s.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: clusterType, CurrentState: state, Private: private})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ReadResource: %v %v", err, diagnostics(resp.Diagnostics))
	}
	v, err := resp.NewState.Unmarshal(f.typ(t))
	if err != nil {
		t.Fatal(err)
	}
	return resp, v
}

func (f requestsFixture) typ(t *testing.T) tftypes.Type {
	return schemaType(t, f.server, clusterType)
}

func (f requestsFixture) clusterID(t *testing.T) string {
	t.Helper()
	v, err := f.state.Unmarshal(f.typ(t))
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	var id string
	if err := v.As(&attrs); err != nil || attrs["id"].As(&id) != nil {
		t.Fatalf("no id in %s", v)
	}
	return id
}

// A refresh that finds the cluster as the state says answers with the very
// state it was sent, after one GET, and that state is what the framework's
// own ReadResource answers.
func TestRefreshOfAnUnchangedCluster(t *testing.T) {
	f := newRequestsFixture(t)
	f.mock.ResetRequests()
	resp, got := f.read(t, f.server, f.state, []byte(`{"k":"InYi"}`))
	if n := f.server.(*releasingServer).refresher.Answered(); n != 1 {
		t.Errorf("the refresher answered %d requests, want 1", n)
	}
	if !bytes.Equal(resp.NewState.MsgPack, f.state.MsgPack) {
		t.Errorf("the state was encoded again: %d bytes, sent %d", len(resp.NewState.MsgPack), len(f.state.MsgPack))
	}
	if string(resp.Private) != `{"k":"InYi"}` {
		t.Errorf("private state %q", resp.Private)
	}
	if n := clusterGETs(f.mock); n != 1 {
		t.Errorf("%d GETs of the cluster, want 1", n)
	}
	_, want := f.read(t, f.server.(*releasingServer).frameworkServer, f.state, nil)
	if !got.Equal(want) {
		t.Errorf("the framework answers\\n%s\\nnot\\n%s", want, got)
	}
}

// A cluster changed out of band, or gone, goes through the framework's
// ReadResource, still after one GET.
func TestRefreshOfAChangedCluster(t *testing.T) {
	f := newRequestsFixture(t)
	id := f.clusterID(t)
	if err := f.mock.ModifyCluster(ovhmock.DefaultProject, id, func(c *ovhmock.Cluster) { c.Name = "renamed" }); err != nil {
		t.Fatal(err)
	}
	f.mock.ResetRequests()
	resp, got := f.read(t, f.server, f.state, nil)
	if bytes.Equal(resp.NewState.MsgPack, f.state.MsgPack) {
		t.Fatal("the state sent came back")
	}
	if n := f.server.(*releasingServer).refresher.Answered(); n != 0 {
		t.Errorf("the refresher answered %d requests, want 0", n)
	}
	var attrs map[string]tftypes.Value
	var name string
	if err := got.As(&attrs); err != nil || attrs["name"].As(&name) != nil || name != "renamed" {
		t.Errorf("name %q in %s", name, got)
	}
	if n := clusterGETs(f.mock); n != 1 {
		t.Errorf("%d GETs of the cluster, want 1", n)
	}

	f.mock.RemoveCluster(ovhmock.DefaultProject, id)
	f.mock.ResetRequests()
	if _, gone := f.read(t, f.server, f.state, nil); !gone.IsNull() {
		t.Errorf("a cluster gone from the API stays in state: %s", gone)
	}
	if n := clusterGETs(f.mock); n != 1 {
		t.Errorf("%d GETs of the cluster, want 1", n)
	}
}

// An audit log subscription made out of band changes only
// audit_logs_subscribed: the refresher leaves that read to the framework,
// whose state says true, and the next refresh of that state is its own.
func TestRefreshOfANewAuditLogSubscription(t *testing.T) {
	f := newRequestsFixture(t)
	if err := f.mock.SetLogSubscription(ovhmock.DefaultProject, f.clusterID(t), "s1", "audit"); err != nil {
		t.Fatal(err)
	}
	refresher := f.server.(*releasingServer).refresher
	resp, got := f.read(t, f.server, f.state, nil)
	if n := refresher.Answered(); n != 0 {
		t.Errorf("the refresher answered %d requests, want 0", n)
	}
	var attrs map[string]tftypes.Value
	var subscribed bool
	if err := got.As(&attrs); err != nil || attrs["audit_logs_subscribed"].As(&subscribed) != nil || !subscribed {
		t.Errorf("audit_logs_subscribed %v in %s", subscribed, got)
	}
	if _, again := f.read(t, f.server, resp.NewState, nil); !again.Equal(got) || refresher.Answered() != 1 {
		t.Errorf("the second refresh: %d answered by the refresher, state\n%s", refresher.Answered(), again)
	}
}

// A read that follows an import is the framework's: it removes its own
// private key.
func TestRefreshAfterImportIsTheFrameworks(t *testing.T) {
	f := newRequestsFixture(t)
	f.mock.ResetRequests()
	resp, _ := f.read(t, f.server, f.state, []byte(`{".import_before_read":"dHJ1ZQ==","k":"InYi"}`))
	if bytes.Contains(resp.Private, []byte("import_before_read")) || !bytes.Contains(resp.Private, []byte(`"k":"InYi"`)) {
		t.Errorf("private state %q", resp.Private)
	}
	if n := f.server.(*releasingServer).refresher.Answered(); n != 0 {
		t.Errorf("the refresher answered %d requests, want 0", n)
	}
	if n := clusterGETs(f.mock); n != 1 {
		t.Errorf("%d GETs of the cluster, want 1", n)
	}
}

// withAttribute is v with one top-level attribute set to x.
func (f requestsFixture) withAttribute(t *testing.T, v *tfprotov6.DynamicValue, name string, x tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	typ := f.typ(t)
	val, err := v.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := val.As(&attrs); err != nil {
		t.Fatal(err)
	}
	attrs[name] = x
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func (f requestsFixture) plan(t *testing.T, s tfprotov6.ProviderServer, prior, proposed, config *tfprotov6.DynamicValue) *tfprotov6.PlanResourceChangeResponse {
	t.Helper()
	resp, err := s.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: clusterType, PriorState: prior, ProposedNewState: proposed, Config: config, PriorPrivate: []byte(`{"k":"InYi"}`),
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("PlanResourceChange: %v %v", err, diagnostics(resp.Diagnostics))
	}
	return resp
}

// A plan that leaves the cluster as it is, is answered with the prior state,
// as the framework answers it.
func TestPlanOfAnUnchangedCluster(t *testing.T) {
	f := newRequestsFixture(t)
	planner := f.server.(*releasingServer).planner
	got := f.plan(t, f.server, f.state, f.state, f.config)
	if n := planner.Answered(); n != 1 {
		t.Fatalf("the planner answered %d requests, want 1", n)
	}
	if !bytes.Equal(got.PlannedState.MsgPack, f.state.MsgPack) || string(got.PlannedPrivate) != `{"k":"InYi"}` || len(got.RequiresReplace) > 0 {
		t.Errorf("planned %d bytes (prior %d), private %q, replace %v", len(got.PlannedState.MsgPack), len(f.state.MsgPack), got.PlannedPrivate, got.RequiresReplace)
	}
	want := f.plan(t, f.server.(*releasingServer).frameworkServer, f.state, f.state, f.config)
	if diff := shortcutDiff(got.PlannedState, want.PlannedState, got.PlannedPrivate, want.PlannedPrivate); diff != "" {
		t.Error(diff)
	}
}

// A change, or a default the state does not hold yet, goes to the framework.
func TestPlanOfAChangedClusterIsTheFrameworks(t *testing.T) {
	f := newRequestsFixture(t)
	planner := f.server.(*releasingServer).planner
	renamed := tftypes.NewValue(tftypes.String, "renamed")
	config := f.withAttribute(t, f.config, "name", renamed)
	got := f.plan(t, f.server, f.state, f.withAttribute(t, f.state, "name", renamed), config)
	if n := planner.Answered(); n != 0 {
		t.Errorf("the planner answered %d requests, want 0", n)
	}
	if v, _ := got.PlannedState.Unmarshal(f.typ(t)); !strings.Contains(v.String(), `"renamed"`) {
		t.Errorf("planned %s", v)
	}

	// An official provider's state has no reset_instead_of_replace: the
	// framework plans its default.
	official := f.withAttribute(t, f.state, "reset_instead_of_replace", tftypes.NewValue(tftypes.Bool, nil))
	got = f.plan(t, f.server, official, official, f.config)
	if n := planner.Answered(); n != 0 {
		t.Errorf("the planner answered %d requests, want 0", n)
	}
	v, _ := got.PlannedState.Unmarshal(f.typ(t))
	var attrs map[string]tftypes.Value
	var reset bool
	if v.As(&attrs) != nil || attrs["reset_instead_of_replace"].As(&reset) != nil || reset {
		t.Errorf("planned reset_instead_of_replace %s, want false", attrs["reset_instead_of_replace"])
	}
}

// identityCases are the identities a request for the fixture's cluster may
// carry: none (an older CLI, or a state the official provider wrote), a
// null one (a CLI that sends identities, for a state that has none yet),
// and the cluster's own (a CLI that keeps identities).
func (f requestsFixture) identityCases(t *testing.T) []struct {
	name     string
	identity *tfprotov6.ResourceIdentityData
} {
	t.Helper()
	typ := kube.ClusterIdentityType()
	null, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		t.Fatal(err)
	}
	return []struct {
		name     string
		identity *tfprotov6.ResourceIdentityData
	}{
		{"no identity", nil},
		{"a null identity", &tfprotov6.ResourceIdentityData{IdentityData: &null}},
		{"the cluster's identity", f.identity(t, f.clusterID(t))},
	}
}

// identity encodes the identity of cluster id of the default project.
func (f requestsFixture) identity(t *testing.T, id string) *tfprotov6.ResourceIdentityData {
	t.Helper()
	typ := kube.ClusterIdentityType()
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{
		"service_name": tftypes.NewValue(tftypes.String, ovhmock.DefaultProject),
		"id":           tftypes.NewValue(tftypes.String, id),
	}))
	if err != nil {
		t.Fatal(err)
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: &dv}
}

// The refresher answers a request with or without an identity, and its
// answer, identity included, is the framework's: the cluster's identity in
// every case, after one GET.
func TestRefreshAnswersIdentitiesAsTheFramework(t *testing.T) {
	f := newRequestsFixture(t)
	rs := f.server.(*releasingServer)
	want := f.identity(t, f.clusterID(t))
	for i, tc := range f.identityCases(t) {
		f.mock.ResetRequests()
		req := &tfprotov6.ReadResourceRequest{TypeName: clusterType, CurrentState: f.state, CurrentIdentity: tc.identity}
		got, err := rs.ReadResource(context.Background(), req)
		if err != nil || len(got.Diagnostics) > 0 {
			t.Fatalf("%s: %v %v", tc.name, err, diagnostics(got.Diagnostics))
		}
		if n := rs.refresher.Answered(); n != int64(i+1) {
			t.Errorf("%s: the refresher answered %d requests, want %d", tc.name, n, i+1)
		}
		if !bytes.Equal(got.NewState.MsgPack, f.state.MsgPack) {
			t.Errorf("%s: the state was encoded again", tc.name)
		}
		if n := clusterGETs(f.mock); n != 1 {
			t.Errorf("%s: %d GETs of the cluster, want 1", tc.name, n)
		}
		framework, err := rs.frameworkServer.ReadResource(context.Background(), req)
		if err != nil || len(framework.Diagnostics) > 0 {
			t.Fatalf("%s: the framework: %v %v", tc.name, err, diagnostics(framework.Diagnostics))
		}
		if diff := identityDiff(got.NewIdentity, framework.NewIdentity); diff != "" {
			t.Errorf("%s: %s", tc.name, diff)
		}
		if diff := identityDiff(got.NewIdentity, want); diff != "" {
			t.Errorf("%s: not the cluster's identity: %s", tc.name, diff)
		}
	}
}

// An identity that is not the state's is left to the framework, which
// refuses it.
func TestRefreshOfAnotherIdentityIsTheFrameworks(t *testing.T) {
	f := newRequestsFixture(t)
	rs := f.server.(*releasingServer)
	resp, err := rs.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
		TypeName: clusterType, CurrentState: f.state, CurrentIdentity: f.identity(t, "another"),
	})
	if n := rs.refresher.Answered(); n != 0 {
		t.Errorf("the refresher answered %d requests, want 0", n)
	}
	if err != nil || len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "Unexpected Identity Change" {
		t.Errorf("%v %v", err, diagnostics(resp.Diagnostics))
	}
}

// The planner answers a request with or without a prior identity, and
// plans the identity the framework plans; so does it after a refresh that
// gave a state without identity its own, as a CLI that keeps identities
// sends it.
func TestPlanAnswersIdentitiesAsTheFramework(t *testing.T) {
	f := newRequestsFixture(t)
	rs := f.server.(*releasingServer)
	cases := f.identityCases(t)
	read, err := rs.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: clusterType, CurrentState: f.state})
	if err != nil || len(read.Diagnostics) > 0 || read.NewIdentity == nil {
		t.Fatalf("ReadResource: %v %v %v", err, diagnostics(read.Diagnostics), read.NewIdentity)
	}
	cases = append(cases, struct {
		name     string
		identity *tfprotov6.ResourceIdentityData
	}{"the identity the refresh answered", read.NewIdentity})
	for i, tc := range cases {
		req := &tfprotov6.PlanResourceChangeRequest{
			TypeName: clusterType, PriorState: f.state, ProposedNewState: f.state, Config: f.config,
			PriorPrivate: []byte(`{"k":"InYi"}`), PriorIdentity: tc.identity,
		}
		got, err := rs.PlanResourceChange(context.Background(), req)
		if err != nil || len(got.Diagnostics) > 0 {
			t.Fatalf("%s: %v %v", tc.name, err, diagnostics(got.Diagnostics))
		}
		if n := rs.planner.Answered(); n != int64(i+1) {
			t.Errorf("%s: the planner answered %d requests, want %d", tc.name, n, i+1)
		}
		framework, err := rs.frameworkServer.PlanResourceChange(context.Background(), req)
		if err != nil || len(framework.Diagnostics) > 0 {
			t.Fatalf("%s: the framework: %v %v", tc.name, err, diagnostics(framework.Diagnostics))
		}
		if diff := shortcutDiff(got.PlannedState, framework.PlannedState, got.PlannedPrivate, framework.PlannedPrivate); diff != "" {
			t.Errorf("%s: %s", tc.name, diff)
		}
		if diff := identityDiff(got.PlannedIdentity, framework.PlannedIdentity); diff != "" {
			t.Errorf("%s: %s", tc.name, diff)
		}
	}
}

// A prior identity that is not the prior state's is left to the framework.
func TestPlanOfAnotherIdentityIsTheFrameworks(t *testing.T) {
	f := newRequestsFixture(t)
	rs := f.server.(*releasingServer)
	other := f.identity(t, "another")
	resp, err := rs.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: clusterType, PriorState: f.state, ProposedNewState: f.state, Config: f.config, PriorIdentity: other,
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("%v %v", err, diagnostics(resp.Diagnostics))
	}
	if n := rs.planner.Answered(); n != 0 {
		t.Errorf("the planner answered %d requests, want 0", n)
	}
	if diff := identityDiff(resp.PlannedIdentity, other); diff != "" {
		t.Errorf("the framework plans another identity: %s", diff)
	}
}
