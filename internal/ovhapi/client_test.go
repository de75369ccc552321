package ovhapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fastRetry keeps the retry tests fast: backoffs of a few milliseconds.
var fastRetry = RetryPolicy{MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}

// fakeAPI is a minimal stand-in for the OVHcloud API: it answers GET
// /1.0/auth/time itself and hands every other request to respond, with the
// 1-based number of the attempt for that method and path. Signatures are not
// checked.
type fakeAPI struct {
	srv     *httptest.Server
	respond func(w http.ResponseWriter, r *http.Request, attempt int)

	mu      sync.Mutex
	total   int            // every request, /auth/time included
	hits    map[string]int // "METHOD escaped-path" -> count, /auth/time excluded
	escaped []string       // escaped paths, in order
	raw     []string       // r.URL.RawPath, in order
	queries []string       // r.URL.RawQuery, in order
	bodies  []string
}

func newFakeAPI(t *testing.T, respond func(w http.ResponseWriter, r *http.Request, attempt int)) *fakeAPI {
	t.Helper()
	// go-ovh reads credentials from the environment for the fields it is not
	// given; a developer's shell must not change what these tests send.
	for _, name := range []string{"OVH_ENDPOINT", "OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY",
		"OVH_CLIENT_ID", "OVH_CLIENT_SECRET", "OVH_ACCESS_TOKEN"} {
		t.Setenv(name, "")
	}
	f := &fakeAPI{respond: respond, hits: map[string]int{}}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	// Every attempt uses a fresh connection, so that the transport never
	// replays a request on its own and the counts are the client's attempts.
	f.srv.Config.SetKeepAlivesEnabled(false)
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.total++
	if r.Method == http.MethodGet && r.URL.Path == "/1.0/auth/time" {
		f.mu.Unlock()
		fmt.Fprint(w, time.Now().Unix())
		return
	}
	key := r.Method + " " + r.URL.EscapedPath()
	f.hits[key]++
	n := f.hits[key]
	f.escaped = append(f.escaped, r.URL.EscapedPath())
	f.raw = append(f.raw, r.URL.RawPath)
	f.queries = append(f.queries, r.URL.RawQuery)
	f.bodies = append(f.bodies, string(body))
	f.mu.Unlock()
	f.respond(w, r, n)
}

func (f *fakeAPI) count(method, escapedPath string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[method+" "+escapedPath]
}

func (f *fakeAPI) totalRequests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.total
}

func (f *fakeAPI) client(t *testing.T, retry RetryPolicy) *Client {
	t.Helper()
	c, err := New(Config{
		Endpoint:       f.srv.URL + "/1.0",
		ApplicationKey: "k", ApplicationSecret: "s", ConsumerKey: "c",
		Retry: retry,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// closeConn drops the connection without answering: a transport error.
func closeConn(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

func answerJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func apiError(w http.ResponseWriter, status int) {
	answerJSON(w, status, fmt.Sprintf(`{"class":"Server::Test","message":"status %d"}`, status))
}

const kubeJSON = `{"id":"k1","name":"c1","region":"GRA11","version":"1.31.4","status":"READY","kubeProxyMode":"ipvs"}`

func TestResolveEndpoint(t *testing.T) {
	names := make([]string, 0, len(NamedEndpoints()))
	for n := range NamedEndpoints() {
		names = append(names, n)
	}
	slices.Sort(names)
	unknown := func(e string) string {
		return fmt.Sprintf("unknown endpoint %q: use one of %s, or a full URL such as https://eu.api.ovh.com/1.0", e, strings.Join(names, ", "))
	}
	plainHTTP := func(e string) string {
		return fmt.Sprintf("endpoint %q uses plain http on a non-loopback host: credentials would travel unencrypted; use https, or http only on 127.0.0.1, ::1 or localhost", e)
	}
	invalid := func(e string) string {
		return fmt.Sprintf("endpoint %q is not a valid URL: use a form such as https://eu.api.ovh.com/1.0", e)
	}

	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{in: "", want: "https://eu.api.ovh.com/1.0"},
		{in: "ovh-eu", want: "https://eu.api.ovh.com/1.0"},
		{in: "ovh-ca", want: "https://ca.api.ovh.com/1.0"},
		{in: "ovh-us", want: "https://api.us.ovhcloud.com/1.0"},
		{in: "kimsufi-eu", want: "https://eu.api.kimsufi.com/1.0"},
		{in: "soyoustart-ca", want: "https://ca.api.soyoustart.com/1.0"},
		{in: "https://eu.api.ovh.com/1.0", want: "https://eu.api.ovh.com/1.0"},
		{in: "https://api.example.com:8443/1.0", want: "https://api.example.com:8443/1.0"},
		{in: "http://127.0.0.1:8080/1.0", want: "http://127.0.0.1:8080/1.0"},
		{in: "http://127.0.0.2/1.0", want: "http://127.0.0.2/1.0"},
		{in: "http://[::1]:8080/1.0", want: "http://[::1]:8080/1.0"},
		{in: "http://localhost:8080/1.0", want: "http://localhost:8080/1.0"},
		// Any explicit path is taken as given: a proxy may serve the API there.
		{in: "http://127.0.0.1:8080/v1", want: "http://127.0.0.1:8080/v1"},
		{in: "https://proxy.example.com/ovh/1.0", want: "https://proxy.example.com/ovh/1.0"},

		{in: "ovh-xx", wantErr: unknown("ovh-xx")},
		{in: "OVH-EU", wantErr: unknown("OVH-EU")},
		{in: "https://eu.api.ovh.com/1.0/", wantErr: `endpoint "https://eu.api.ovh.com/1.0/" must not end with a slash: use "https://eu.api.ovh.com/1.0"`},
		{in: "http://127.0.0.1:8080/1.0//", wantErr: `endpoint "http://127.0.0.1:8080/1.0//" must not end with a slash: use "http://127.0.0.1:8080/1.0"`},
		{in: "http://eu.api.ovh.com/1.0", wantErr: plainHTTP("http://eu.api.ovh.com/1.0")},
		{in: "http://10.0.0.1:8080/1.0", wantErr: plainHTTP("http://10.0.0.1:8080/1.0")},
		{in: "http://localhost.example.com/1.0", wantErr: plainHTTP("http://localhost.example.com/1.0")},
		{in: "http://[::2]:8080/1.0", wantErr: plainHTTP("http://[::2]:8080/1.0")},
		{in: "ftp://eu.api.ovh.com/1.0", wantErr: invalid("ftp://eu.api.ovh.com/1.0")},
		{in: "https:///1.0", wantErr: invalid("https:///1.0")},
		{in: "/1.0", wantErr: invalid("/1.0")},
		{in: "eu.api.ovh.com/1.0", wantErr: invalid("eu.api.ovh.com/1.0")},

		// Without a path, go-ovh would only fail at the first call.
		{in: "http://127.0.0.1:8080", wantErr: `endpoint "http://127.0.0.1:8080" lacks the API version path: use "http://127.0.0.1:8080/1.0"`},
		{in: "https://eu.api.ovh.com", wantErr: `endpoint "https://eu.api.ovh.com" lacks the API version path: use "https://eu.api.ovh.com/1.0"`},
		{in: "http://127.0.0.1:8080/", wantErr: `endpoint "http://127.0.0.1:8080/" must not end with a slash: use "http://127.0.0.1:8080/1.0"`},
		{in: "http://127.0.0.1:8080?x=1", wantErr: `endpoint "http://127.0.0.1:8080?x=1" must not have a query or a fragment: use "http://127.0.0.1:8080/1.0"`},
		{in: "https://eu.api.ovh.com/1.0#top", wantErr: `endpoint "https://eu.api.ovh.com/1.0#top" must not have a query or a fragment: use "https://eu.api.ovh.com/1.0"`},
		// The password never shows, not even in the error.
		{in: "https://me:hunter2@eu.api.ovh.com/1.0", wantErr: `endpoint "https://me:xxxxx@eu.api.ovh.com/1.0" must not hold a user name or password: use "https://eu.api.ovh.com/1.0"`},
		{in: "http://me:hunter2@127.0.0.1:8080/", wantErr: `endpoint "http://me:xxxxx@127.0.0.1:8080/" must not hold a user name or password: use "http://127.0.0.1:8080/1.0"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ResolveEndpoint(tt.in)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("ResolveEndpoint(%q) = %q, want error %q", tt.in, got, tt.wantErr)
				}
				if err.Error() != tt.wantErr {
					t.Fatalf("ResolveEndpoint(%q) error:\n got %q\nwant %q", tt.in, err, tt.wantErr)
				}
				// New refuses the same endpoints with the same message.
				if _, nerr := New(Config{Endpoint: tt.in, AccessToken: "t"}); nerr == nil || nerr.Error() != tt.wantErr {
					t.Fatalf("New(%q) error = %v, want %q", tt.in, nerr, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ResolveEndpoint(%q): unexpected error %v", tt.in, err)
			}
			if got != tt.want {
				t.Fatalf("ResolveEndpoint(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPathSegmentsAreEscaped(t *testing.T) {
	// wantRaw is r.URL.RawPath: set when the escaped form differs from the
	// default encoding of the decoded path, that is when a "/" was escaped.
	tests := []struct {
		name        string
		serviceName string
		kubeID      string
		wantEscaped string
		wantRaw     string
	}{
		{"plain", "0123abc", "k1", "/1.0/cloud/project/0123abc/kube/k1", ""},
		{"slash", "a/b", "k1", "/1.0/cloud/project/a%2Fb/kube/k1", "/1.0/cloud/project/a%2Fb/kube/k1"},
		{"question mark", "a?b=c", "k1", "/1.0/cloud/project/a%3Fb=c/kube/k1", ""},
		{"percent", "50%2F", "k1", "/1.0/cloud/project/50%252F/kube/k1", ""},
		{"traversal inside a segment", "../../me", "k1", "/1.0/cloud/project/..%2F..%2Fme/kube/k1", "/1.0/cloud/project/..%2F..%2Fme/kube/k1"},
		{"space, hash and slash in the id", "a b#c", "k/../x", "/1.0/cloud/project/a%20b%23c/kube/k%2F..%2Fx", "/1.0/cloud/project/a%20b%23c/kube/k%2F..%2Fx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { answerJSON(w, 200, kubeJSON) })
			c := f.client(t, fastRetry)
			if _, err := c.GetKube(context.Background(), tt.serviceName, tt.kubeID); err != nil {
				t.Fatalf("GetKube: %v", err)
			}
			if len(f.escaped) != 1 {
				t.Fatalf("got %d requests, want 1: %q", len(f.escaped), f.escaped)
			}
			if f.escaped[0] != tt.wantEscaped {
				t.Errorf("escaped path = %q, want %q", f.escaped[0], tt.wantEscaped)
			}
			if f.raw[0] != tt.wantRaw {
				t.Errorf("RawPath = %q, want %q", f.raw[0], tt.wantRaw)
			}
			if f.queries[0] != "" {
				t.Errorf("query = %q, want none: the service name leaked out of its segment", f.queries[0])
			}
		})
	}
}

func TestInvalidPathSegmentsAreRefusedBeforeAnyRequest(t *testing.T) {
	ctx := context.Background()
	calls := map[string]func(c *Client, sn, id string) error{
		"GetKube":    func(c *Client, sn, id string) error { _, err := c.GetKube(ctx, sn, id); return err },
		"DeleteKube": func(c *Client, sn, id string) error { return c.DeleteKube(ctx, sn, id) },
		"UpdateKube": func(c *Client, sn, id string) error { return c.UpdateKube(ctx, sn, id, KubeUpdate{}) },
		"ResetKube":  func(c *Client, sn, id string) error { return c.ResetKube(ctx, sn, id, KubeReset{}) },
		"Kubeconfig": func(c *Client, sn, id string) error { _, err := c.Kubeconfig(ctx, sn, id); return err },
		"PutCustomization": func(c *Client, sn, id string) error {
			return c.PutCustomization(ctx, sn, id, Customization{})
		},
		"UpdateLoadBalancersSubnetID": func(c *Client, sn, id string) error {
			return c.UpdateLoadBalancersSubnetID(ctx, sn, id, "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11")
		},
	}
	ids := []struct {
		sn, id  string
		wantErr string
	}{
		{"..", "k1", `invalid path segment ".."`},
		{".", "k1", `invalid path segment "."`},
		{"", "k1", `invalid path segment ""`},
		{"p", "..", `invalid path segment ".."`},
		{"p", ".", `invalid path segment "."`},
		{"p", "", `invalid path segment ""`},
	}
	for name, call := range calls {
		for _, tt := range ids {
			t.Run(fmt.Sprintf("%s/%q/%q", name, tt.sn, tt.id), func(t *testing.T) {
				f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { answerJSON(w, 200, "{}") })
				err := call(f.client(t, fastRetry), tt.sn, tt.id)
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				if n := f.totalRequests(); n != 0 {
					t.Fatalf("%d requests reached the server, want none", n)
				}
			})
		}
	}
	// The project-level calls check the service name too.
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { answerJSON(w, 200, "[]") })
	c := f.client(t, fastRetry)
	if _, err := c.ListKubes(ctx, ".."); err == nil || err.Error() != `invalid path segment ".."` {
		t.Errorf("ListKubes(..) error = %v", err)
	}
	if _, err := c.CreateKube(ctx, "", KubeCreate{Region: "GRA11"}); err == nil || err.Error() != `invalid path segment ""` {
		t.Errorf("CreateKube(\"\") error = %v", err)
	}
	if n := f.totalRequests(); n != 0 {
		t.Errorf("%d requests reached the server, want none", n)
	}
}

func TestErrorFormatting(t *testing.T) {
	tests := []struct {
		name string
		err  Error
		want string
	}{
		{"everything", Error{Method: "GET", Path: "/cloud/project/p/kube/k", Status: 404, Class: "Client::NotFound", Message: "This service does not exist", QueryID: "EU.ext-3.6a1b"},
			"OVHcloud API answered 404 Client::NotFound to GET /cloud/project/p/kube/k: This service does not exist (query id EU.ext-3.6a1b)"},
		{"no class", Error{Method: "POST", Path: "/cloud/project/p/kube", Status: 400, Message: "Invalid region", QueryID: "q"},
			"OVHcloud API answered 400 to POST /cloud/project/p/kube: Invalid region (query id q)"},
		{"no message", Error{Method: "PUT", Path: "/x", Status: 409, Class: "Client::Conflict", QueryID: "q"},
			"OVHcloud API answered 409 Client::Conflict to PUT /x (query id q)"},
		{"no query id", Error{Method: "DELETE", Path: "/x", Status: 500, Class: "Server::InternalServerError", Message: "oops"},
			"OVHcloud API answered 500 Server::InternalServerError to DELETE /x: oops"},
		{"bare", Error{Method: "GET", Path: "/x", Status: 503},
			"OVHcloud API answered 503 to GET /x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Fatalf("Error() =\n %q\nwant\n %q", got, tt.want)
			}
		})
	}
}

func TestIsNotFoundAndIsConflict(t *testing.T) {
	tests := []struct {
		name                   string
		err                    error
		notFound, conflictWant bool
	}{
		{"nil", nil, false, false},
		{"plain error", errors.New("404"), false, false},
		{"404", &Error{Status: 404}, true, false},
		{"409", &Error{Status: 409}, false, true},
		{"wrapped 404", fmt.Errorf("reading: %w", &Error{Status: 404}), true, false},
		{"joined 409", errors.Join(errors.New("x"), &Error{Status: 409}), false, true},
		{"400", &Error{Status: 400}, false, false},
		{"500", &Error{Status: 500}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsNotFound(tt.err); got != tt.notFound {
				t.Errorf("IsNotFound = %v, want %v", got, tt.notFound)
			}
			if got := IsConflict(tt.err); got != tt.conflictWant {
				t.Errorf("IsConflict = %v, want %v", got, tt.conflictWant)
			}
		})
	}
}

func TestErrorsKeepStatusClassMessageAndQueryID(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		body     string
		queryID  string
		call     func(c *Client) error
		want     string
		notFound bool
		conflict bool
	}{
		{
			name: "not found", status: 404, queryID: "EU.ext-1.abc",
			body:     `{"class":"Client::NotFound","message":"Kubernetes cluster k does not exist"}`,
			call:     func(c *Client) error { _, err := c.GetKube(context.Background(), "p", "k"); return err },
			want:     "OVHcloud API answered 404 Client::NotFound to GET /cloud/project/p/kube/k: Kubernetes cluster k does not exist (query id EU.ext-1.abc)",
			notFound: true,
		},
		{
			name: "conflict", status: 409, queryID: "EU.ext-2.def",
			body:     `{"class":"Client::Conflict","message":"Cluster is busy"}`,
			call:     func(c *Client) error { return c.DeleteKube(context.Background(), "p", "k") },
			want:     "OVHcloud API answered 409 Client::Conflict to DELETE /cloud/project/p/kube/k: Cluster is busy (query id EU.ext-2.def)",
			conflict: true,
		},
		{
			name: "not json", status: 400, body: "bad request body",
			call: func(c *Client) error {
				_, err := c.CreateKube(context.Background(), "p", KubeCreate{Region: "GRA11"})
				return err
			},
			want: "OVHcloud API answered 400 to POST /cloud/project/p/kube: bad request body",
		},
		{
			name: "escaped path is reported as sent", status: 404, body: `{"message":"nope"}`,
			call:     func(c *Client) error { _, err := c.GetKube(context.Background(), "a/b", "k"); return err },
			want:     "OVHcloud API answered 404 to GET /cloud/project/a%2Fb/kube/k: nope",
			notFound: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				if tt.queryID != "" {
					w.Header().Set("X-Ovh-QueryID", tt.queryID)
				}
				answerJSON(w, tt.status, tt.body)
			})
			err := tt.call(f.client(t, fastRetry))
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tt.want {
				t.Errorf("error =\n %q\nwant\n %q", err, tt.want)
			}
			var apiErr *Error
			if !errors.As(err, &apiErr) || apiErr.Status != tt.status {
				t.Errorf("error %T does not carry status %d", err, tt.status)
			}
			if IsNotFound(err) != tt.notFound || IsConflict(err) != tt.conflict {
				t.Errorf("IsNotFound = %v, IsConflict = %v; want %v, %v", IsNotFound(err), IsConflict(err), tt.notFound, tt.conflict)
			}
			if len(f.escaped) != 1 {
				t.Errorf("%d requests, want 1 (client errors are not retried)", len(f.escaped))
			}
		})
	}
}

const kubePathK1 = "/1.0/cloud/project/p/kube/k1"

func TestGetIsRetriedUntilSuccess(t *testing.T) {
	failures := map[string]func(w http.ResponseWriter){
		"500":              func(w http.ResponseWriter) { apiError(w, 500) },
		"502":              func(w http.ResponseWriter) { apiError(w, 502) },
		"502 not json":     func(w http.ResponseWriter) { w.WriteHeader(502); _, _ = io.WriteString(w, "<html>Bad Gateway</html>") },
		"503":              func(w http.ResponseWriter) { apiError(w, 503) },
		"429":              func(w http.ResponseWriter) { apiError(w, 429) },
		"429 Retry-After":  func(w http.ResponseWriter) { w.Header().Set("Retry-After", "0"); apiError(w, 429) },
		"connection error": closeConn,
	}
	for name, fail := range failures {
		t.Run(name, func(t *testing.T) {
			const failing = 3
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n <= failing {
					fail(w)
					return
				}
				answerJSON(w, 200, kubeJSON)
			})
			k, err := f.client(t, fastRetry).GetKube(context.Background(), "p", "k1")
			if err != nil {
				t.Fatalf("GetKube: %v", err)
			}
			if k.ID != "k1" || k.Version != "1.31.4" || k.KubeProxyMode != "ipvs" {
				t.Errorf("GetKube = %+v", k)
			}
			if got := f.count("GET", kubePathK1); got != failing+1 {
				t.Errorf("%d requests, want %d", got, failing+1)
			}
		})
	}
}

func TestGetIsNotRetriedOnClientErrors(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { apiError(w, status) })
			_, err := f.client(t, fastRetry).GetKube(context.Background(), "p", "k1")
			var apiErr *Error
			if !errors.As(err, &apiErr) || apiErr.Status != status {
				t.Fatalf("error = %v, want API error %d", err, status)
			}
			if got := f.count("GET", kubePathK1); got != 1 {
				t.Errorf("%d requests, want 1", got)
			}
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			apiError(w, 503)
			return
		}
		answerJSON(w, 200, kubeJSON)
	})
	c := f.client(t, fastRetry)
	start := time.Now()
	if _, err := c.GetKube(context.Background(), "p", "k1"); err != nil {
		t.Fatalf("GetKube: %v", err)
	}
	// The backoff alone would retry after a few milliseconds.
	if elapsed := time.Since(start); elapsed < 950*time.Millisecond {
		t.Errorf("retried after %v, want about 1s (Retry-After: 1)", elapsed)
	}
	if got := f.count("GET", kubePathK1); got != 2 {
		t.Errorf("%d requests, want 2", got)
	}
}

func TestRetriesStopAtMaxAttempts(t *testing.T) {
	for _, attempts := range []int{1, 3} {
		t.Run(fmt.Sprint(attempts), func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { apiError(w, 500) })
			retry := fastRetry
			retry.MaxAttempts = attempts
			_, err := f.client(t, retry).GetKube(context.Background(), "p", "k1")
			var apiErr *Error
			if !errors.As(err, &apiErr) || apiErr.Status != 500 {
				t.Fatalf("error = %v, want the last API error 500", err)
			}
			if got := f.count("GET", kubePathK1); got != attempts {
				t.Errorf("%d requests, want %d", got, attempts)
			}
		})
	}
	t.Run("default is 10", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { apiError(w, 502) })
		if _, err := f.client(t, fastRetry).GetKube(context.Background(), "p", "k1"); err == nil {
			t.Fatal("no error")
		}
		if got := f.count("GET", kubePathK1); got != 10 {
			t.Errorf("%d requests, want 10", got)
		}
	})
}

func TestRetriesStopAtTheContextDeadline(t *testing.T) {
	t.Run("Retry-After beyond the deadline", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			w.Header().Set("Retry-After", "30")
			apiError(w, 503)
		})
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		start := time.Now()
		_, err := f.client(t, fastRetry).GetKube(ctx, "p", "k1")
		if elapsed := time.Since(start); elapsed > time.Second {
			t.Errorf("returned after %v: it waited instead of giving up", elapsed)
		}
		if err == nil || !strings.HasSuffix(err.Error(), " (no time left to retry before the deadline)") {
			t.Fatalf("error = %v", err)
		}
		var apiErr *Error
		if !errors.As(err, &apiErr) || apiErr.Status != 503 {
			t.Errorf("error does not wrap the API error: %v", err)
		}
		if got := f.count("GET", kubePathK1); got != 1 {
			t.Errorf("%d requests, want 1", got)
		}
	})
	t.Run("backoff until the deadline", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { apiError(w, 500) })
		retry := RetryPolicy{MinWait: 20 * time.Millisecond, MaxWait: 20 * time.Millisecond, MaxAttempts: 1000}
		ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := f.client(t, retry).GetKube(ctx, "p", "k1")
		if elapsed := time.Since(start); elapsed > time.Second {
			t.Errorf("returned after %v, want about 150ms", elapsed)
		}
		// The deadline ends either a backoff (the last answer is returned) or
		// a request in flight.
		var apiErr *Error
		if lastAnswer := errors.As(err, &apiErr) && apiErr.Status == 500; !lastAnswer && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error = %v, want the last API error 500 or the deadline", err)
		}
		if got := f.count("GET", kubePathK1); got < 2 || got > 20 {
			t.Errorf("%d requests, want a few retries then a stop at the deadline", got)
		}
	})
	t.Run("deadline during a slow answer", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
			apiError(w, 500)
		})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := f.client(t, fastRetry).GetKube(ctx, "p", "k1")
		if err == nil {
			t.Fatal("no error")
		}
		if elapsed := time.Since(start); elapsed > time.Second {
			t.Errorf("returned after %v", elapsed)
		}
		if got := f.count("GET", kubePathK1); got != 1 {
			t.Errorf("%d requests, want 1", got)
		}
	})
}

const createPath = "/1.0/cloud/project/p/kube"

func TestCreateKubeRetriesOnlyWhenTheAPIDidNotAct(t *testing.T) {
	tests := []struct {
		name      string
		fail      func(w http.ResponseWriter)
		wantCalls int  // when the first answer is a failure and the second a success
		wantOK    bool // whether CreateKube ends in success
	}{
		{"500 is not retried", func(w http.ResponseWriter) { apiError(w, 500) }, 1, false},
		{"502 is not retried", func(w http.ResponseWriter) { apiError(w, 502) }, 1, false},
		{"504 is not retried", func(w http.ResponseWriter) { apiError(w, 504) }, 1, false},
		{"503 without Retry-After is not retried", func(w http.ResponseWriter) { apiError(w, 503) }, 1, false},
		{"500 with Retry-After is not retried", func(w http.ResponseWriter) { w.Header().Set("Retry-After", "0"); apiError(w, 500) }, 1, false},
		{"connection closed is not retried", closeConn, 1, false},
		{"429 is retried", func(w http.ResponseWriter) { apiError(w, 429) }, 2, true},
		{"503 with Retry-After is retried", func(w http.ResponseWriter) { w.Header().Set("Retry-After", "0"); apiError(w, 503) }, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n == 1 {
					tt.fail(w)
					return
				}
				answerJSON(w, 200, `{"id":"new","status":"INSTALLING"}`)
			})
			k, err := f.client(t, fastRetry).CreateKube(context.Background(), "p", KubeCreate{Region: "GRA11"})
			if tt.wantOK {
				if err != nil || k.ID != "new" {
					t.Fatalf("CreateKube = %+v, %v", k, err)
				}
			} else if err == nil {
				t.Fatalf("CreateKube succeeded: the failure was retried")
			}
			if got := f.count("POST", createPath); got != tt.wantCalls {
				t.Errorf("%d POST requests, want exactly %d", got, tt.wantCalls)
			}
			for i, b := range f.bodies {
				if b != `{"region":"GRA11"}` {
					t.Errorf("body %d = %s", i, b)
				}
			}
		})
	}
}

func TestOtherWritesAndRetries(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		method    string
		path      string
		fail      func(w http.ResponseWriter)
		ok        string // body of the success answer
		call      func(c *Client) error
		wantCalls int
		wantOK    bool
	}{
		{
			name: "kubeconfig POST is retried on 500", method: "POST", path: kubePathK1 + "/kubeconfig",
			fail: func(w http.ResponseWriter) { apiError(w, 500) }, ok: `{"content":"apiVersion: v1\n"}`,
			call: func(c *Client) error {
				content, err := c.Kubeconfig(ctx, "p", "k1")
				if err == nil && content != "apiVersion: v1\n" {
					return fmt.Errorf("content = %q", content)
				}
				return err
			},
			wantCalls: 2, wantOK: true,
		},
		{
			name: "kubeconfig POST is retried on a connection error", method: "POST", path: kubePathK1 + "/kubeconfig",
			fail: closeConn, ok: `{"content":"x"}`,
			call:      func(c *Client) error { _, err := c.Kubeconfig(ctx, "p", "k1"); return err },
			wantCalls: 2, wantOK: true,
		},
		{
			name: "reset POST is not retried on 500", method: "POST", path: kubePathK1 + "/reset",
			fail: func(w http.ResponseWriter) { apiError(w, 500) }, ok: ``,
			call:      func(c *Client) error { return c.ResetKube(ctx, "p", "k1", KubeReset{}) },
			wantCalls: 1,
		},
		{
			name: "upgrade POST is not retried on 502", method: "POST", path: kubePathK1 + "/update",
			fail: func(w http.ResponseWriter) { apiError(w, 502) }, ok: ``,
			call:      func(c *Client) error { return c.UpgradeKube(ctx, "p", "k1", StrategyNextMinor) },
			wantCalls: 1,
		},
		{
			name: "restart POST is not retried on 502", method: "POST", path: kubePathK1 + "/restart",
			fail: func(w http.ResponseWriter) { apiError(w, 502) }, ok: ``,
			call:      func(c *Client) error { return c.RestartCluster(ctx, "p", "k1", true) },
			wantCalls: 1,
		},
		{
			name: "kubeconfig reset POST is not retried on 500", method: "POST", path: kubePathK1 + "/kubeconfig/reset",
			fail: func(w http.ResponseWriter) { apiError(w, 500) }, ok: ``,
			call:      func(c *Client) error { return c.ResetKubeconfig(ctx, "p", "k1") },
			wantCalls: 1,
		},
		{
			name: "DELETE is retried on 500", method: "DELETE", path: kubePathK1,
			fail: func(w http.ResponseWriter) { apiError(w, 500) }, ok: ``,
			call:      func(c *Client) error { return c.DeleteKube(ctx, "p", "k1") },
			wantCalls: 2, wantOK: true,
		},
		{
			name: "PUT customization is retried on 502", method: "PUT", path: kubePathK1 + "/customization",
			fail: func(w http.ResponseWriter) { apiError(w, 502) }, ok: ``,
			call:      func(c *Client) error { return c.PutCustomization(ctx, "p", "k1", Customization{}) },
			wantCalls: 2, wantOK: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n == 1 {
					tt.fail(w)
					return
				}
				answerJSON(w, 200, tt.ok)
			})
			err := tt.call(f.client(t, fastRetry))
			if tt.wantOK && err != nil {
				t.Fatalf("error: %v", err)
			}
			if !tt.wantOK && err == nil {
				t.Fatal("succeeded: the failure was retried")
			}
			if got := f.count(tt.method, tt.path); got != tt.wantCalls {
				t.Errorf("%d %s requests to %s, want %d (all: %q)", got, tt.method, tt.path, tt.wantCalls, f.escaped)
			}
		})
	}
}

func TestUpdateLoadBalancersSubnetID(t *testing.T) {
	t.Run("empty is refused without a request", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { answerJSON(w, 200, "") })
		err := f.client(t, fastRetry).UpdateLoadBalancersSubnetID(context.Background(), "p", "k1", "")
		if err == nil || err.Error() != "a load balancers subnet id cannot be empty: the API refuses an empty uuid" {
			t.Fatalf("error = %v", err)
		}
		if n := f.totalRequests(); n != 0 {
			t.Errorf("%d requests reached the server, want none", n)
		}
	})
	t.Run("a subnet is sent", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { answerJSON(w, 200, "") })
		const subnet = "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11"
		if err := f.client(t, fastRetry).UpdateLoadBalancersSubnetID(context.Background(), "p", "k1", subnet); err != nil {
			t.Fatal(err)
		}
		if got := f.count("PUT", kubePathK1+"/updateLoadBalancersSubnetId"); got != 1 {
			t.Fatalf("%d requests, want 1 (all: %q)", got, f.escaped)
		}
		if want := `{"loadBalancersSubnetId":"` + subnet + `"}`; f.bodies[0] != want {
			t.Errorf("body = %s, want %s", f.bodies[0], want)
		}
	})
}

func TestChangesGetAShortBudgetExceptForRateLimits(t *testing.T) {
	t.Run("PUT stops after 3 server errors", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { apiError(w, 500) })
		err := f.client(t, fastRetry).SetUpdatePolicy(context.Background(), "p", "k1", "NEVER_UPDATE")
		if err == nil {
			t.Fatal("no error")
		}
		if got := f.count("PUT", kubePathK1+"/updatePolicy"); got != 3 {
			t.Errorf("%d requests, want 3", got)
		}
	})
	t.Run("PUT goes on through rate limits", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, n int) {
			if n <= 6 {
				apiError(w, 429)
				return
			}
			w.WriteHeader(http.StatusOK)
		})
		if err := f.client(t, fastRetry).SetUpdatePolicy(context.Background(), "p", "k1", "NEVER_UPDATE"); err != nil {
			t.Fatal(err)
		}
		if got := f.count("PUT", kubePathK1+"/updatePolicy"); got != 7 {
			t.Errorf("%d requests, want 7", got)
		}
	})
}

func TestRetryBudgetIsSharedByAllCalls(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { apiError(w, 503) })
	retry := fastRetry
	retry.BudgetPerSecond = 0.001 // practically no refill
	retry.BudgetBurst = 1
	c := f.client(t, retry)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	// The first call spends the only retry of the budget...
	if _, err := c.GetKube(ctx, "p", "k1"); err == nil {
		t.Fatal("no error")
	}
	first := f.count("GET", kubePathK1)
	// ...so a second call, on another cluster, gets no retry at all.
	_, err := c.GetKube(ctx, "p", "k2")
	if err == nil || !strings.Contains(err.Error(), "retry budget") {
		t.Fatalf("error = %v, want the retry budget to be spent", err)
	}
	if first != 2 {
		t.Errorf("first call made %d requests, want 2 (one retry)", first)
	}
	if got := f.count("GET", "/1.0/cloud/project/p/kube/k2"); got != 1 {
		t.Errorf("second call made %d requests, want 1", got)
	}
}

func TestCutAnswerMayHaveBeenApplied(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		// Announce more than is sent, then close: the body is cut short.
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"id":"k1",`)
	})
	_, err := f.client(t, fastRetry).CreateKube(context.Background(), "p", KubeCreate{Region: "GRA11"})
	if err == nil {
		t.Fatal("no error for a cut answer")
	}
	if !MaybeApplied(err) {
		t.Errorf("MaybeApplied(%v) = false: a creation whose answer was cut may have been carried out", err)
	}
	if got := f.count("POST", "/1.0/cloud/project/p/kube"); got != 1 {
		t.Errorf("%d POSTs, want 1: a creation is never sent twice blindly", got)
	}
}

func TestWrongShapeIsNotALostAnswer(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		_, _ = io.WriteString(w, `{"id": 42}`)
	})
	_, err := f.client(t, fastRetry).CreateKube(context.Background(), "p", KubeCreate{Region: "GRA11"})
	if err == nil || MaybeApplied(err) {
		t.Errorf("error = %v, MaybeApplied = %v; want a decoding error that is not a lost answer", err, MaybeApplied(err))
	}
}
