package ovhmock_test

import (
	"bytes"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

type logOperation struct {
	OperationID    string  `json:"operationId"`
	ServiceName    string  `json:"serviceName"`
	State          string  `json:"state"`
	SubscriptionID *string `json:"subscriptionId"`
}

func (e *env) logOperation(serviceName, id string) logOperation {
	e.t.Helper()
	var op logOperation
	if err := e.client.Get("/dbaas/logs/"+serviceName+"/operation/"+id, &op); err != nil {
		e.t.Fatalf("GET operation: %v", err)
	}
	return op
}

func (e *env) logSubscriptionIDs(kubeID, query string) []string {
	e.t.Helper()
	var ids []string
	if err := e.client.Get(e.path(kubeID, "/log/subscription"+query), &ids); err != nil {
		e.t.Fatalf("GET log/subscription: %v", err)
	}
	if ids == nil {
		e.t.Fatal("GET log/subscription answered null, want a list")
	}
	return ids
}

// TestLogSubscriptionLifecycle: a creation answers an LDP operation that
// goes PENDING, RUNNING, SUCCESS over Timings.LogOperation and names the
// subscription; the cluster redeploys until Timings.Redeploy after it and
// refuses changes meanwhile; auditLogsSubscribed follows the subscription
// once its creation succeeded; a deletion answers an operation too, and the
// subscription is gone at once.
func TestLogSubscriptionLifecycle(t *testing.T) {
	timings := slowTimings
	timings.LogOperation = 3 * time.Second
	e := newFakeEnv(t, ovhmock.Options{Timings: timings})
	c := e.createReady(map[string]any{"region": "GRA7"})
	stream := ovhmock.DefaultLogStreams[0]
	if got := e.logSubscriptionIDs(c.ID, ""); len(got) != 0 {
		t.Fatalf("initial subscriptions %q, want none", got)
	}

	var reply struct{ OperationID, ServiceName string }
	if err := e.client.Post(e.path(c.ID, "/log/subscription"), map[string]any{"kind": "audit", "streamId": stream}, &reply); err != nil {
		t.Fatal(err)
	}
	if reply.ServiceName != ovhmock.LogService || reply.OperationID == "" {
		t.Fatalf("creation answered %+v", reply)
	}
	op := e.logOperation(reply.ServiceName, reply.OperationID)
	if op.State != "PENDING" || op.SubscriptionID == nil {
		t.Fatalf("operation right after the creation: %+v, want PENDING with a subscription id", op)
	}
	id := *op.SubscriptionID
	if got := e.logSubscriptionIDs(c.ID, "?kind=audit"); !slices.Equal(got, []string{id}) {
		t.Fatalf("subscriptions of kind audit %q, want [%s]", got, id)
	}
	if got := e.logSubscriptionIDs(c.ID, "?kind=other"); len(got) != 0 {
		t.Fatalf("subscriptions of kind other %q, want none", got)
	}
	if e.status(c.ID) != "REDEPLOYING" || e.get(c.ID).AuditLogsSubscribed {
		t.Fatalf("during the operation: %s, auditLogsSubscribed %v; want REDEPLOYING, false", e.status(c.ID), e.get(c.ID).AuditLogsSubscribed)
	}
	err := e.client.Post(e.path(c.ID, "/log/subscription"), map[string]any{"kind": "audit", "streamId": stream}, nil)
	wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "REDEPLOYING")
	e.clock.Advance(time.Second)
	if s := e.logOperation(reply.ServiceName, reply.OperationID).State; s != "RUNNING" {
		t.Fatalf("operation after a third: %s, want RUNNING", s)
	}
	e.clock.Advance(2 * time.Second)
	if s := e.logOperation(reply.ServiceName, reply.OperationID).State; s != "SUCCESS" {
		t.Fatalf("operation at its end: %s, want SUCCESS", s)
	}
	if e.status(c.ID) != "REDEPLOYING" || !e.get(c.ID).AuditLogsSubscribed {
		t.Fatalf("after the operation: %s, auditLogsSubscribed %v; want REDEPLOYING, true", e.status(c.ID), e.get(c.ID).AuditLogsSubscribed)
	}
	e.clock.Advance(timings.Redeploy)
	if s := e.status(c.ID); s != "READY" {
		t.Fatalf("after the redeploy: %s, want READY", s)
	}
	var sub ovhmock.LogSubscription
	if err := e.client.Get(e.path(c.ID, "/log/subscription/"+id), &sub); err != nil {
		t.Fatal(err)
	}
	if sub.StreamID != stream || sub.Kind != "audit" || sub.ServiceName != ovhmock.LogService ||
		sub.Resource != (ovhmock.LogSubscriptionResource{Name: c.ID, Type: "kube"}) || sub.CreatedAt.IsZero() {
		t.Fatalf("GET answered %+v", sub)
	}

	if err := e.client.Delete(e.path(c.ID, "/log/subscription/"+id), &reply); err != nil {
		t.Fatal(err)
	}
	if op := e.logOperation(reply.ServiceName, reply.OperationID); op.State != "PENDING" {
		t.Fatalf("deletion operation %+v, want PENDING", op)
	}
	err = e.client.Get(e.path(c.ID, "/log/subscription/"+id), &sub)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", id)
	if e.get(c.ID).AuditLogsSubscribed || e.status(c.ID) != "REDEPLOYING" {
		t.Fatal("after the deletion: auditLogsSubscribed still true, or no redeploy")
	}
	e.clock.Advance(timings.LogOperation + timings.Redeploy)
	err = e.client.Delete(e.path(c.ID, "/log/subscription/"+id), nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", id)
}

// TestLogSubscriptionRefusals: an unknown stream is a 404 naming it, a kind
// other than audit a 400, an unknown LDP service or operation a 404.
func TestLogSubscriptionRefusals(t *testing.T) {
	known := "0a4f3e1c-1111-4222-8333-944455556666"
	e := newFakeEnv(t, ovhmock.Options{LogStreams: []string{known}})
	c := e.createReady(map[string]any{"region": "GRA7"})
	path := e.path(c.ID, "/log/subscription")
	err := e.client.Post(path, map[string]any{"kind": "audit", "streamId": ovhmock.DefaultLogStreams[0]}, nil)
	wantExactAPIError(t, err, http.StatusNotFound, "Client::NotFound", "Stream "+ovhmock.DefaultLogStreams[0]+" does not exist")
	err = e.client.Post(path, map[string]any{"kind": "apiserver", "streamId": known}, nil)
	wantAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "[kind] Given data (apiserver)")
	err = e.client.Post(path, map[string]any{"kind": "audit"}, nil)
	wantAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "streamId")
	err = e.client.Get("/dbaas/logs/ldp-other/operation/x", nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "Cannot find service")
	err = e.client.Get("/dbaas/logs/"+ovhmock.LogService+"/operation/x", nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "Operation x does not exist")
	if subs, _ := e.mock.LogSubscriptions(ovhmock.DefaultProject, c.ID); len(subs) != 0 {
		t.Fatalf("refused creations left %v", subs)
	}
}

// TestLogSubscriptionFailingStream: the operation of a subscription to one
// of FailingLogStreams ends in FAILURE and the subscription disappears.
func TestLogSubscriptionFailingStream(t *testing.T) {
	stream := ovhmock.DefaultLogStreams[1]
	e := newFakeEnv(t, ovhmock.Options{FailingLogStreams: []string{stream}})
	c := e.createReady(map[string]any{"region": "GRA7"})
	var reply struct{ OperationID, ServiceName string }
	if err := e.client.Post(e.path(c.ID, "/log/subscription"), map[string]any{"kind": "audit", "streamId": stream}, &reply); err != nil {
		t.Fatal(err)
	}
	if got := e.logSubscriptionIDs(c.ID, ""); len(got) != 1 {
		t.Fatalf("subscriptions during the operation: %q, want one", got)
	}
	e.clock.Advance(slowTimings.Redeploy)
	if s := e.logOperation(reply.ServiceName, reply.OperationID).State; s != "FAILURE" {
		t.Fatalf("operation state %s, want FAILURE", s)
	}
	if got := e.logSubscriptionIDs(c.ID, ""); len(got) != 0 {
		t.Fatalf("subscriptions after the failure: %q, want none", got)
	}
	if e.get(c.ID).AuditLogsSubscribed {
		t.Fatal("a failed subscription sets auditLogsSubscribed")
	}
}

// TestLogSubscriptionsSurviveState: SaveState keeps the subscriptions and
// LoadState brings them back, auditLogsSubscribed with them.
func TestLogSubscriptionsSurviveState(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	added, err := e.mock.AddLogSubscription(ovhmock.DefaultProject, c.ID, ovhmock.LogSubscription{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := e.mock.SaveState(&buf); err != nil {
		t.Fatal(err)
	}
	e2 := newFakeEnv(t, ovhmock.Options{})
	if err := e2.mock.LoadState(&buf); err != nil {
		t.Fatal(err)
	}
	subs, _ := e2.mock.LogSubscriptions(ovhmock.DefaultProject, c.ID)
	if len(subs) != 1 || subs[0].SubscriptionID != added.SubscriptionID || subs[0].StreamID != ovhmock.DefaultLogStreams[0] {
		t.Fatalf("after a restart: %+v, want %+v", subs, added)
	}
	if !e2.get(c.ID).AuditLogsSubscribed {
		t.Fatal("a loaded subscription does not set auditLogsSubscribed")
	}
}
