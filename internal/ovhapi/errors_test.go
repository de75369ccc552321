package ovhapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Distinctive credentials, so that a test can tell when one leaks into a
// message.
const (
	secretAppKey      = "ak-visible-4f1c"
	secretAppSecret   = "as-SECRET-9d2e"
	secretConsumerKey = "ck-SECRET-7b3a"
	secretToken       = "at-SECRET-1a5f"
	secretClientID    = "cid-visible-2c8d"
	secretClientSec   = "cs-SECRET-6e0b"
)

func clearOVHEnv(t *testing.T) {
	t.Helper()
	// go-ovh reads the fields it is not given from the environment.
	for _, name := range []string{"OVH_ENDPOINT", "OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY",
		"OVH_CLIENT_ID", "OVH_CLIENT_SECRET", "OVH_ACCESS_TOKEN"} {
		t.Setenv(name, "")
	}
}

func assertNoSecret(t *testing.T, msg string) {
	t.Helper()
	for _, s := range []string{secretAppSecret, secretConsumerKey, secretToken, secretClientSec} {
		if strings.Contains(msg, s) {
			t.Errorf("the message quotes the secret %q: %s", s, msg)
		}
	}
}

func TestCredentialsHintNamesTheSettingsOfTheMethod(t *testing.T) {
	const endpoint = "https://eu.api.ovh.com/1.0"
	tests := []struct {
		auth authMethod
		want string
	}{
		{authApplicationKey, `The API at endpoint "https://eu.api.ovh.com/1.0" refused the credentials: check application_key (OVH_APPLICATION_KEY), application_secret (OVH_APPLICATION_SECRET) and consumer_key (OVH_CONSUMER_KEY), and that they were created for this endpoint`},
		{authAccessToken, `The API at endpoint "https://eu.api.ovh.com/1.0" refused the credentials: check access_token (OVH_ACCESS_TOKEN), and that it was created for this endpoint`},
		{authOAuth2, `The API at endpoint "https://eu.api.ovh.com/1.0" refused the credentials: check client_id (OVH_CLIENT_ID) and client_secret (OVH_CLIENT_SECRET), and that they were created for this endpoint`},
	}
	for _, tt := range tests {
		if got := credentialsHint(tt.auth, endpoint); got != tt.want {
			t.Errorf("credentialsHint(%d) =\n %q\nwant\n %q", tt.auth, got, tt.want)
		}
	}
}

func TestServiceHint(t *testing.T) {
	got := serviceHint("nope", "http://127.0.0.1:8080/1.0")
	want := `Check service_name (or OVH_CLOUD_PROJECT_SERVICE): "nope" must be the id of a Public Cloud project that these credentials can reach on endpoint "http://127.0.0.1:8080/1.0"`
	if got != want {
		t.Errorf("serviceHint =\n %q\nwant\n %q", got, want)
	}
	for path, want := range map[string]string{
		"/cloud/project/p/kube":       "p",
		"/cloud/project/p":            "p",
		"/cloud/project/a%2Fb/kube/k": "a/b",
		"/cloud/project/a%20b/kube":   "a b",
	} {
		if got, ok := serviceNameOf(path); !ok || got != want {
			t.Errorf("serviceNameOf(%q) = %q, %v; want %q", path, got, ok, want)
		}
	}
	for _, path := range []string{"/auth/time", "/cloud/project/", "/cloud/projects/p"} {
		if got, ok := serviceNameOf(path); ok {
			t.Errorf("serviceNameOf(%q) = %q, want none", path, got)
		}
	}
}

// forbiddenAPI answers every call but /auth/time with status and message.
func forbiddenAPI(t *testing.T, status int, class, message string) *fakeAPI {
	return newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("X-Ovh-QueryID", "EU.ext-3.q1")
		answerJSON(w, status, fmt.Sprintf(`{"class":%q,"message":%q}`, class, message))
	})
}

func TestRefusedCredentialsNameWhatToCheck(t *testing.T) {
	// The messages of OVHcloud's authentication layer, as the mock API sends them.
	messages := []string{
		"Invalid signature",
		"Invalid application key",
		"This credential does not exist",
		"This credential is not valid",
		"Invalid timestamp",
		"Timestamp is too far from the server time",
		"Invalid access token",
		"You must login first",
	}
	methods := []struct {
		name  string
		cfg   Config
		check string
	}{
		{"application key", Config{ApplicationKey: secretAppKey, ApplicationSecret: secretAppSecret, ConsumerKey: secretConsumerKey},
			"check application_key (OVH_APPLICATION_KEY), application_secret (OVH_APPLICATION_SECRET) and consumer_key (OVH_CONSUMER_KEY), and that they were"},
		{"access token", Config{AccessToken: secretToken}, "check access_token (OVH_ACCESS_TOKEN), and that it was"},
	}
	for _, m := range methods {
		for _, msg := range messages {
			t.Run(m.name+"/"+msg, func(t *testing.T) {
				f := forbiddenAPI(t, 403, "Client::Forbidden", msg)
				cfg := m.cfg
				cfg.Endpoint, cfg.Retry = f.srv.URL+"/1.0", fastRetry
				c, err := New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				_, err = c.CreateKube(context.Background(), "p", KubeCreate{Region: "GRA11"})
				want := fmt.Sprintf("OVHcloud API answered 403 Client::Forbidden to POST /cloud/project/p/kube: %s (query id EU.ext-3.q1). "+
					"The API at endpoint %q refused the credentials: %s created for this endpoint",
					msg, f.srv.URL+"/1.0", m.check)
				if err == nil || err.Error() != want {
					t.Fatalf("error =\n %v\nwant\n %q", err, want)
				}
				assertNoSecret(t, err.Error())
				if n := f.count("POST", "/1.0/cloud/project/p/kube"); n != 1 {
					t.Errorf("%d requests, want 1: refused credentials are not retried", n)
				}
			})
		}
	}
}

func TestUnauthorizedNamesWhatToCheck(t *testing.T) {
	f := forbiddenAPI(t, 401, "Client::Unauthorized", "This credential is not valid")
	c := f.client(t, fastRetry)
	_, err := c.GetKube(context.Background(), "p", "k")
	want := fmt.Sprintf("OVHcloud API answered 401 Client::Unauthorized to GET /cloud/project/p/kube/k: This credential is not valid (query id EU.ext-3.q1). "+
		"The API at endpoint %q refused the credentials: check application_key (OVH_APPLICATION_KEY), application_secret (OVH_APPLICATION_SECRET) and consumer_key (OVH_CONSUMER_KEY), and that they were created for this endpoint",
		f.srv.URL+"/1.0")
	if err == nil || err.Error() != want {
		t.Fatalf("error =\n %v\nwant\n %q", err, want)
	}
}

func TestOtherForbiddenAnswersGetNoCredentialsHint(t *testing.T) {
	// Valid credentials whose access rules do not cover the call: checking
	// the keys would send the user the wrong way.
	f := forbiddenAPI(t, 403, "Client::Forbidden", "This call has not been granted")
	_, err := f.client(t, fastRetry).GetKube(context.Background(), "p", "k")
	want := "OVHcloud API answered 403 Client::Forbidden to GET /cloud/project/p/kube/k: This call has not been granted (query id EU.ext-3.q1)"
	if err == nil || err.Error() != want {
		t.Fatalf("error =\n %v\nwant\n %q", err, want)
	}
}

func TestUnknownProjectNamesServiceName(t *testing.T) {
	tests := []struct {
		name        string
		serviceName string
		path        string
	}{
		{"plain", "nope", "/cloud/project/nope/kube/k"},
		{"escaped", "a/b", "/cloud/project/a%2Fb/kube/k"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := forbiddenAPI(t, 404, "Client::NotFound", "This service does not exist")
			_, err := f.client(t, fastRetry).GetKube(context.Background(), tt.serviceName, "k")
			want := fmt.Sprintf("OVHcloud API answered 404 Client::NotFound to GET %s: This service does not exist (query id EU.ext-3.q1). "+
				"Check service_name (or OVH_CLOUD_PROJECT_SERVICE): %q must be the id of a Public Cloud project that these credentials can reach on endpoint %q",
				tt.path, tt.serviceName, f.srv.URL+"/1.0")
			if err == nil || err.Error() != want {
				t.Fatalf("error =\n %v\nwant\n %q", err, want)
			}
			// The cluster may well exist in the right project: reading it
			// through a wrong one must not drop it from the state.
			if IsNotFound(err) {
				t.Error("IsNotFound is true for a project the credentials cannot reach")
			}
		})
	}
	// A missing cluster in a known project stays a plain 404.
	f := forbiddenAPI(t, 404, "Client::NotFound", "Kubernetes cluster k does not exist")
	_, err := f.client(t, fastRetry).GetKube(context.Background(), "p", "k")
	if !IsNotFound(err) || strings.Contains(err.Error(), "service_name") {
		t.Errorf("cluster 404: IsNotFound = %v, error %q", IsNotFound(err), err)
	}
}

// closedEndpoint returns the URL of a server that no longer listens.
func closedEndpoint(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	endpoint := srv.URL + "/1.0"
	srv.Close()
	return endpoint
}

func unreachableMessage(endpoint string, attempts int, request string) string {
	host := strings.TrimSuffix(strings.TrimPrefix(endpoint, "http://"), "/1.0")
	return fmt.Sprintf("cannot reach the OVHcloud API at endpoint %q (%d attempts): %s: dial tcp %s: connect: connection refused. "+
		"Check that the API, or the mock API, is running at that address and that endpoint (or OVH_ENDPOINT) is right",
		endpoint, attempts, request, host)
}

func TestUnreachableEndpointFailsFast(t *testing.T) {
	clearOVHEnv(t)
	quick := RetryPolicy{UnreachableWait: 5 * time.Millisecond}
	tests := []struct {
		name    string
		cfg     Config
		call    func(c *Client) error
		request string
	}{
		// Application keys first need the server clock.
		{"application key, GET", Config{ApplicationKey: "k", ApplicationSecret: "s", ConsumerKey: "c"},
			func(c *Client) error { _, err := c.GetKube(context.Background(), "p", "k"); return err }, "GET /auth/time"},
		{"access token, GET", Config{AccessToken: "t"},
			func(c *Client) error { _, err := c.GetKube(context.Background(), "p", "k"); return err }, "GET /cloud/project/p/kube/k"},
		// Provably not sent, so a creation is tried as often.
		{"access token, POST", Config{AccessToken: "t"},
			func(c *Client) error {
				_, err := c.CreateKube(context.Background(), "p", KubeCreate{Region: "GRA11"})
				return err
			},
			"POST /cloud/project/p/kube"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Endpoint, cfg.Retry = closedEndpoint(t), quick
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			err = tt.call(c)
			if want := unreachableMessage(cfg.Endpoint, 3, tt.request); err == nil || err.Error() != want {
				t.Fatalf("error =\n %v\nwant\n %q", err, want)
			}
			if MaybeApplied(err) || IsNotFound(err) {
				t.Errorf("MaybeApplied = %v, IsNotFound = %v; want false, false", MaybeApplied(err), IsNotFound(err))
			}
		})
	}
}

func TestUnreachableEndpointWithTheDefaultPolicy(t *testing.T) {
	clearOVHEnv(t)
	endpoint := closedEndpoint(t)
	c, err := New(Config{Endpoint: endpoint, AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.GetKube(context.Background(), "p", "k")
	elapsed := time.Since(start)
	if want := unreachableMessage(endpoint, 3, "GET /cloud/project/p/kube/k"); err == nil || err.Error() != want {
		t.Fatalf("error =\n %v\nwant\n %q", err, want)
	}
	// Two waits, of 350-700ms and 700-1400ms.
	if elapsed < time.Second || elapsed > 3*time.Second {
		t.Errorf("gave up after %s, want about 1 to 2 s", elapsed)
	}
	t.Logf("gave up after %s", elapsed)
}

func TestAnEndpointThatAnsweredOnceGetsTheFullRetries(t *testing.T) {
	// Once the API has answered, a refused connection is an outage in the
	// middle of a run, worth waiting for.
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { answerJSON(w, 200, kubeJSON) })
	c := f.client(t, RetryPolicy{MinWait: time.Millisecond, MaxWait: time.Millisecond, MaxAttempts: 5, UnreachableWait: time.Millisecond})
	if _, err := c.GetKube(context.Background(), "p", "k1"); err != nil {
		t.Fatal(err)
	}
	f.srv.Close()
	_, err := c.GetKube(context.Background(), "p", "k1")
	if want := unreachableMessage(f.srv.URL+"/1.0", 5, "GET /cloud/project/p/kube/k1"); err == nil || err.Error() != want {
		t.Fatalf("error =\n %v\nwant\n %q", err, want)
	}
}

func TestDialFailuresAreNotSent(t *testing.T) {
	dial := func(inner error) error {
		return &url.Error{Op: "Get", URL: "https://api.example.invalid/1.0/auth/time", Err: &net.OpError{Op: "dial", Net: "tcp", Err: inner}}
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"unknown host", dial(&net.DNSError{Err: "no such host", Name: "api.example.invalid", IsNotFound: true}), true},
		{"refused", dial(os.NewSyscallError("connect", syscall.ECONNREFUSED)), true},
		{"dial timeout", dial(errors.New("i/o timeout")), true},
		{"reset after sending", &url.Error{Op: "Get", URL: "u", Err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}, false},
		{"EOF", &url.Error{Op: "Get", URL: "u", Err: io.EOF}, false},
	}
	for _, tt := range tests {
		if got := isDialFailure(tt.err); got != tt.want {
			t.Errorf("%s: isDialFailure = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestAnEndpointThatIsNotTheAPIIsNotRetried(t *testing.T) {
	// GET /auth/time needs no credentials: a 404 there means the endpoint
	// points somewhere else than the API, as http://host:port/v1 on the mock.
	var mu sync.Mutex
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		mu.Unlock()
		w.Header().Set("X-Ovh-QueryID", "EU.ext-4.q2")
		answerJSON(w, 404, `{"class":"Client::NotFound","message":"Got an invalid (or empty) URL"}`)
	}))
	t.Cleanup(srv.Close)
	clearOVHEnv(t)
	endpoint := srv.URL + "/v1"
	c, err := New(Config{Endpoint: endpoint, ApplicationKey: "k", ApplicationSecret: "s", ConsumerKey: "c", Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetKube(context.Background(), "p", "k")
	want := fmt.Sprintf("preparing GET /cloud/project/p/kube/k: OVHcloud API answered 404 Client::NotFound to GET /auth/time: Got an invalid (or empty) URL (query id EU.ext-4.q2). "+
		"Check that endpoint %q (or OVH_ENDPOINT) is the URL of the OVHcloud API, such as https://eu.api.ovh.com/1.0", endpoint)
	if err == nil || err.Error() != want {
		t.Fatalf("error =\n %v\nwant\n %q", err, want)
	}
	if IsNotFound(err) {
		t.Error("IsNotFound is true: a wrong endpoint would pass for a deleted cluster")
	}
	if calls != 1 {
		t.Errorf("%d requests, want 1", calls)
	}
}

// roundTripFunc lets a test answer the requests sent through
// http.DefaultTransport, which OAuth2 token requests go through.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func jsonResponse(r *http.Request, status int, body string) *http.Response {
	return &http.Response{
		StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Header:  http.Header{"Content-Type": []string{"application/json"}},
		Body:    io.NopCloser(strings.NewReader(body)),
		Request: r, ProtoMajor: 1, ProtoMinor: 1,
	}
}

func TestOAuth2RefusedClientCredentialsNameWhatToCheck(t *testing.T) {
	// OAuth2 only works on the named endpoints, whose token URL is fixed in
	// go-ovh: the token endpoint and the API are answered here, in process.
	clearOVHEnv(t)
	var mu sync.Mutex
	var tokenCalls, apiCalls int
	tokenOK := false
	saved := http.DefaultTransport
	http.DefaultTransport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/oauth2/token") {
			tokenCalls++
			if !tokenOK {
				return jsonResponse(r, 401, `{"error":"invalid_client","error_description":"Invalid client credentials"}`), nil
			}
			return jsonResponse(r, 200, `{"access_token":"tok","token_type":"Bearer","expires_in":3600}`), nil
		}
		apiCalls++
		resp := jsonResponse(r, 403, `{"class":"Client::Forbidden","message":"Invalid access token"}`)
		resp.Header.Set("X-Ovh-QueryID", "EU.ext-5.q3")
		return resp, nil
	})
	t.Cleanup(func() { http.DefaultTransport = saved })

	newClient := func() *Client {
		c, err := New(Config{Endpoint: "ovh-eu", ClientID: secretClientID, ClientSecret: secretClientSec, Retry: fastRetry})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	hint := `The API at endpoint "https://eu.api.ovh.com/1.0" refused the credentials: check client_id (OVH_CLIENT_ID) and client_secret (OVH_CLIENT_SECRET), and that they were created for this endpoint`

	_, err := newClient().GetKube(context.Background(), "p", "k")
	want := `preparing GET /cloud/project/p/kube/k: the OAuth2 token endpoint refused the client credentials: oauth2: "invalid_client" "Invalid client credentials". ` + hint
	if err == nil || err.Error() != want {
		t.Fatalf("token refused: error =\n %v\nwant\n %q", err, want)
	}
	assertNoSecret(t, err.Error())
	// One attempt: the oauth2 package sends the client credentials both
	// ways it knows (header, then form) before giving up.
	if tokenCalls != 2 || apiCalls != 0 {
		t.Errorf("%d token and %d API requests, want 2 and 0: refused credentials are not retried", tokenCalls, apiCalls)
	}

	mu.Lock()
	tokenOK = true
	mu.Unlock()
	_, err = newClient().GetKube(context.Background(), "p", "k")
	want = "OVHcloud API answered 403 Client::Forbidden to GET /cloud/project/p/kube/k: Invalid access token (query id EU.ext-5.q3). " + hint
	if err == nil || err.Error() != want {
		t.Fatalf("API refused: error =\n %v\nwant\n %q", err, want)
	}
	assertNoSecret(t, err.Error())
}
