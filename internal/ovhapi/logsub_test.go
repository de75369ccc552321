package ovhapi

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

const logSubPathK1 = kubePathK1 + "/log/subscription"

// TestLogSubscriptionCalls: each call sends its method, path, query and body
// once, and decodes its answer; a DELETE that answers no operation gives nil.
func TestLogSubscriptionCalls(t *testing.T) {
	ctx := context.Background()
	const sub = `{"subscriptionId":"s1","kind":"audit","streamId":"st","serviceName":"ldp-1",` +
		`"resource":{"name":"k1","type":"kube"},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:06Z"}`
	answers := map[string]string{
		"GET " + logSubPathK1:                     `["s1","s2"]`,
		"POST " + logSubPathK1:                    `{"operationId":"op1","serviceName":"ldp-1"}`,
		"GET " + logSubPathK1 + "/s1":             sub,
		"DELETE " + logSubPathK1 + "/s1":          `{"operationId":"op2","serviceName":"ldp-1"}`,
		"DELETE " + logSubPathK1 + "/s2":          ``,
		"GET /1.0/dbaas/logs/ldp-1/operation/op1": `{"operationId":"op1","serviceName":"ldp-1","state":"SUCCESS","subscriptionId":"s1","createdAt":"2026-01-02T03:04:05Z","updatedAt":null}`,
	}
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		answerJSON(w, 200, answers[r.Method+" "+r.URL.EscapedPath()])
	})
	c := f.client(t, fastRetry)

	ids, err := c.ListLogSubscriptions(ctx, "p", "k1", "audit")
	if err != nil || len(ids) != 2 || ids[0] != "s1" {
		t.Fatalf("list: %q, %v", ids, err)
	}
	if f.queries[0] != "kind=audit" {
		t.Errorf("list query %q, want kind=audit", f.queries[0])
	}
	ref, err := c.CreateLogSubscription(ctx, "p", "k1", "audit", "st")
	if err != nil || *ref != (LogOperationRef{OperationID: "op1", ServiceName: "ldp-1"}) {
		t.Fatalf("create: %+v, %v", ref, err)
	}
	if want := `{"kind":"audit","streamId":"st"}`; f.bodies[1] != want {
		t.Errorf("create body %s, want %s", f.bodies[1], want)
	}
	s, err := c.GetLogSubscription(ctx, "p", "k1", "s1")
	if err != nil || s.StreamID != "st" || s.Resource.Type != "kube" || s.CreatedAt != "2026-01-02T03:04:05Z" {
		t.Fatalf("get: %+v, %v", s, err)
	}
	op, err := c.GetLogOperation(ctx, "ldp-1", "op1")
	if err != nil || op.State != "SUCCESS" || op.SubscriptionID == nil || *op.SubscriptionID != "s1" || op.UpdatedAt != nil {
		t.Fatalf("operation: %+v, %v", op, err)
	}
	if ref, err := c.DeleteLogSubscription(ctx, "p", "k1", "s1"); err != nil || ref == nil || ref.OperationID != "op2" {
		t.Fatalf("delete: %+v, %v", ref, err)
	}
	if ref, err := c.DeleteLogSubscription(ctx, "p", "k1", "s2"); err != nil || ref != nil {
		t.Fatalf("delete without an operation: %+v, %v", ref, err)
	}
	for key := range answers {
		method, path, _ := strings.Cut(key, " ")
		if n := f.count(method, path); n != 1 {
			t.Errorf("%s: %d requests, want 1", key, n)
		}
	}
}

// A creation whose answer is lost is not sent again by the client: only the
// resource, which looks first, may decide to.
func TestLogSubscriptionCreationIsNotRetried(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { apiError(w, http.StatusBadGateway) })
	_, err := f.client(t, fastRetry).CreateLogSubscription(context.Background(), "p", "k1", "audit", "st")
	if err == nil || !MaybeApplied(err) {
		t.Fatalf("error %v, want one that may hide an applied creation", err)
	}
	if n := f.count("POST", logSubPathK1); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
}
