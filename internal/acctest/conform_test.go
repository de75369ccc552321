package acctest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// reportTB collects what report says.
type reportTB struct {
	testing.TB
	errors, logs []string
}

func (r *reportTB) Errorf(format string, a ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, a...))
}
func (r *reportTB) Logf(format string, a ...any) { r.logs = append(r.logs, fmt.Sprintf(format, a...)) }

// TestConformanceFlagsRequestsAndAnswers: the handler ServeMock puts in
// front of every mock fails the test for a kube request body or a 2xx
// answer the published schema does not allow, lets the request through
// unchanged, and leaves error answers and other paths alone.
func TestConformanceFlagsRequestsAndAnswers(t *testing.T) {
	var gotBody string
	backend := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
		switch {
		case strings.HasSuffix(r.URL.Path, "/nodepool"):
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"message": "no"}`))
		case strings.HasSuffix(r.URL.Path, "/kube"):
			_, _ = w.Write([]byte(`{"id": "k", "surprise": 1}`))
		default:
			_, _ = w.Write([]byte(`{"anything": true}`))
		}
	})
	c := newConformance(backend)
	send := func(method, path, body string) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		c.ServeHTTP(httptest.NewRecorder(), req)
	}
	send("POST", "/1.0/cloud/project/p/kube", `{"region": "GRA11", "bogus": true}`)
	if gotBody != `{"region": "GRA11", "bogus": true}` {
		t.Fatalf("the mock received %q", gotBody)
	}
	send("POST", "/1.0/cloud/project/p/kube/k/nodepool", `{"flavorName": "b3-8"}`) // 400: its answer is not checked
	send("GET", "/1.0/auth/time", "")                                              // not kube
	send("GET", "/1.0/cloud/project/p/kube/k/nowhere", "")
	send("POST", "/1.0/cloud/project/p/kube", `{"region": "GRA11", "bogus": true}`)

	tb := &reportTB{TB: t}
	c.report(tb)
	for _, want := range []string{
		`schema: POST /cloud/project/{serviceName}/kube: request $.bogus: cloud.ProjectKubeCreation has no field "bogus" (2 time(s))`,
		`schema: POST /cloud/project/{serviceName}/kube: answer $.surprise: cloud.kube.Cluster has no field "surprise" (2 time(s))`,
		`schema: POST /cloud/project/{serviceName}/kube: answer $.name: missing from the answer, but cloud.kube.Cluster.name is not nullable (2 time(s))`,
		`schema: GET /1.0/cloud/project/p/kube/k/nowhere: the published schema has no such operation (1 time(s))`,
	} {
		if !slices.Contains(tb.errors, want) {
			t.Errorf("missing error %q", want)
		}
	}
	for _, e := range tb.errors {
		if strings.Contains(e, "nodepool") || strings.Contains(e, "auth") {
			t.Errorf("unexpected error %q", e)
		}
	}
}
