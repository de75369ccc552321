package ovhmock_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ovh/go-ovh/ovh"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

func TestAuthTimeIsUnauthenticatedAndFollowsTheClock(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	resp, body := e.do(raw{method: "GET", path: "/auth/time"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d", resp.StatusCode)
	}
	if got, want := string(body), "1741944413"; got != want {
		t.Fatalf("/auth/time = %s, want %s (the fake clock)", got, want)
	}
	if resp.Header.Get("X-Ovh-QueryID") == "" {
		t.Fatal("no X-Ovh-QueryID on a success")
	}
}

func TestSignedClientReachesAccountAndProject(t *testing.T) {
	e := newEnv(t, ovhmock.Options{})
	var details struct {
		Account string `json:"account"`
		Method  string `json:"method"`
	}
	if err := e.client.Get("/auth/details", &details); err != nil {
		t.Fatal(err)
	}
	if details.Account == "" || details.Method != "account" {
		t.Fatalf("/auth/details = %+v", details)
	}
	var project struct {
		ProjectID   string `json:"projectId"`
		Description string `json:"description"`
		Status      string `json:"status"`
	}
	if err := e.client.Get("/cloud/project/"+ovhmock.DefaultProject, &project); err != nil {
		t.Fatal(err)
	}
	if project.ProjectID != ovhmock.DefaultProject || project.Status != "ok" || project.Description == "" {
		t.Fatalf("project = %+v", project)
	}
	// go-ovh signed every request after fetching the time.
	for _, r := range e.mock.Requests() {
		if r.Status != http.StatusOK {
			t.Fatalf("request %+v failed", r)
		}
	}
}

func TestBearerToken(t *testing.T) {
	e := newEnv(t, ovhmock.Options{AccessToken: "tok-123"})
	client, err := ovh.NewAccessTokenClient(e.srv.URL+"/1.0", "tok-123")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	if err := client.Get(e.kube, &ids); err != nil {
		t.Fatalf("with the right token: %v", err)
	}
	wrong, _ := ovh.NewAccessTokenClient(e.srv.URL+"/1.0", "tok-456")
	err = wrong.Get(e.kube, &ids)
	wantAPIError(t, err, http.StatusForbidden, "Client::Forbidden", "Invalid access token")
}

func TestAuthenticationFailures(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	ok := e.signed("GET", e.kube, "")
	if resp, body := e.do(ok); resp.StatusCode != http.StatusOK {
		t.Fatalf("a correctly signed request answered %d %s", resp.StatusCode, body)
	}
	tampered := `{"region":"GRA9"}`
	tests := []struct {
		name    string
		modify  func(r *raw)
		message string
	}{
		{"no credentials at all", func(r *raw) { *r = raw{method: "GET", path: r.path} }, "You must login first"},
		{"unknown application key", func(r *raw) { r.appKey = "someone-else" }, "Invalid application key"},
		{"unknown consumer key", func(r *raw) { r.ck = "other-consumer" }, "This credential does not exist"},
		{"wrong application secret", func(r *raw) { r.secret = "not-the-secret" }, "Invalid signature"},
		{"signature over another body", func(r *raw) {
			r.method, r.body, r.signedBody = "POST", `{"region":"GRA7"}`, &tampered
		}, "Invalid signature"},
		{"signature over another method", func(r *raw) { r.signedMethod = "DELETE" }, "Invalid signature"},
		{"zeroed signature", func(r *raw) {
			r.headers = map[string]string{"X-Ovh-Signature": "$1$0000000000000000000000000000000000000000"}
		}, "Invalid signature"},
		{"timestamp ten minutes old", func(r *raw) { r.timestamp -= 600 }, "Timestamp is too far"},
		{"timestamp ten minutes ahead", func(r *raw) { r.timestamp += 600 }, "Timestamp is too far"},
		{"timestamp not a number", func(r *raw) { r.headers = map[string]string{"X-Ovh-Timestamp": "soon"} }, "Invalid timestamp"},
		{"bearer token of another kind", func(r *raw) { r.headers = map[string]string{"Authorization": "Basic abc"} }, "Invalid access token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.signed("GET", e.kube, "")
			tt.modify(&r)
			resp, body := e.do(r)
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status = %d %s, want 403", resp.StatusCode, body)
			}
			class, message := errorBody(t, body)
			if class != "Client::Forbidden" || !strings.Contains(message, tt.message) {
				t.Fatalf("body = %s %q, want Client::Forbidden %q", class, message, tt.message)
			}
			if resp.Header.Get("X-Ovh-QueryID") == "" {
				t.Fatal("no X-Ovh-QueryID")
			}
		})
	}
	if got := len(e.mock.Clusters(ovhmock.DefaultProject)); got != 0 {
		t.Fatalf("a refused request created %d clusters", got)
	}
}

func TestGoOVHClientWithWrongCredentials(t *testing.T) {
	e := newEnv(t, ovhmock.Options{})
	url := e.srv.URL + "/1.0"
	tests := []struct {
		name        string
		ak, as, ck  string
		wantMessage string
	}{
		{"application key", "nope", ovhmock.DefaultApplicationSecret, ovhmock.DefaultConsumerKey, "Invalid application key"},
		{"application secret", ovhmock.DefaultApplicationKey, "nope", ovhmock.DefaultConsumerKey, "Invalid signature"},
		{"consumer key", ovhmock.DefaultApplicationKey, ovhmock.DefaultApplicationSecret, "nope", "This credential does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, err := ovh.NewClient(url, tt.ak, tt.as, tt.ck)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			err = client.Get(e.kube, &ids)
			wantAPIError(t, err, http.StatusForbidden, "Client::Forbidden", tt.wantMessage)
		})
	}
}

func TestCustomCredentials(t *testing.T) {
	opts := ovhmock.Options{ApplicationKey: "ak", ApplicationSecret: "as", ConsumerKey: "ck"}
	e := newEnv(t, opts)
	client, _ := ovh.NewClient(e.srv.URL+"/1.0", "ak", "as", "ck")
	var ids []string
	if err := client.Get(e.kube, &ids); err != nil {
		t.Fatal(err)
	}
	err := e.client.Get(e.kube, &ids) // the defaults are no longer accepted
	wantAPIError(t, err, http.StatusForbidden, "Client::Forbidden", "Invalid application key")
}

func TestSignatureWindowFollowsTheMockClock(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	var ids []string
	if err := e.client.Get(e.kube, &ids); err != nil {
		t.Fatal(err)
	}
	// go-ovh measured its offset once; a clock jump beyond the window makes
	// its timestamps stale, as with a real server whose clock jumped.
	e.clock.Advance(10 * time.Minute)
	err := e.client.Get(e.kube, &ids)
	wantAPIError(t, err, http.StatusForbidden, "Client::Forbidden", "Timestamp")
}

func TestUnknownProjectClusterAndRoute(t *testing.T) {
	e := newEnv(t, ovhmock.Options{Projects: []string{"p1", "p2"}})
	var v any
	err := e.client.Get("/cloud/project/nope/kube", &v)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "This service does not exist")
	err = e.client.Get("/cloud/project/nope", &v)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "This service does not exist")
	if err := e.client.Get("/cloud/project/p2/kube", &v); err != nil {
		t.Fatalf("second project: %v", err)
	}
	err = e.client.Get(e.kube+"/11111111-2222-4333-8444-555555555555", &v)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "11111111-2222-4333-8444-555555555555")
	err = e.client.Get("/cloud/project/p1/nothing-here", &v)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "invalid")
	err = e.client.Delete(e.kube, nil) // a known path with another method
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "invalid")
}

// The zero Options know the documented examples' placeholder project besides
// DefaultProject, so that the examples apply unchanged; Options.Projects
// replaces both.
func TestDefaultProjects(t *testing.T) {
	e := newEnv(t, ovhmock.Options{})
	if got, want := e.mock.Projects(), []string{ovhmock.DefaultProject, ovhmock.ExampleProject}; !slices.Equal(got, want) {
		t.Fatalf("Projects() = %q, want %q", got, want)
	}
	var created ovhmock.Cluster
	if err := e.client.Post("/cloud/project/"+ovhmock.ExampleProject+"/kube", map[string]any{"region": "GRA11"}, &created); err != nil {
		t.Fatalf("creation in the example project: %v", err)
	}
	if cs := e.mock.Clusters(ovhmock.ExampleProject); len(cs) != 1 || cs[0].ID != created.ID {
		t.Fatalf("example project holds %+v", cs)
	}
	var ids []string
	if err := e.client.Get("/cloud/project/"+ovhmock.DefaultProject+"/kube", &ids); err != nil || len(ids) != 0 {
		t.Fatalf("default project: %v, %v", ids, err)
	}

	e = newEnv(t, ovhmock.Options{Projects: []string{"p1"}})
	err := e.client.Get("/cloud/project/"+ovhmock.ExampleProject+"/kube", &ids)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "This service does not exist")
	if got := e.mock.Projects(); !slices.Equal(got, []string{"p1"}) {
		t.Fatalf("Projects() = %q, want [p1]", got)
	}
}
