package ovhmock_test

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ovh/go-ovh/ovh"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// fakeClock is an injectable Options.Now that only moves when told to, so
// lifecycle tests are exact and instant. Moves stay well under the mock's
// signature window: go-ovh computes its clock offset once per client.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// slowTimings are long on purpose: with a fake clock, a test moves from one
// status to the next explicitly.
var slowTimings = ovhmock.Timings{
	NotFoundAfterCreate: 2 * time.Second,
	Install:             10 * time.Second,
	Update:              5 * time.Second,
	Reset:               6 * time.Second,
	Redeploy:            7 * time.Second,
	Delete:              3 * time.Second,
}

// env is a mock behind an httptest server, with a signing go-ovh client.
type env struct {
	t      *testing.T
	mock   *ovhmock.Mock
	srv    *httptest.Server
	client *ovh.Client
	clock  *fakeClock // nil when the mock runs on the real clock
	kube   string     // the project's /kube path
}

func newEnv(t *testing.T, opts ovhmock.Options) *env {
	t.Helper()
	mock := ovhmock.New(opts)
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	client, err := ovh.NewClient(srv.URL+"/1.0", ovhmock.DefaultApplicationKey, ovhmock.DefaultApplicationSecret, ovhmock.DefaultConsumerKey)
	if err != nil {
		t.Fatal(err)
	}
	project := ovhmock.DefaultProject
	if len(opts.Projects) > 0 {
		project = opts.Projects[0]
	}
	return &env{t: t, mock: mock, srv: srv, client: client, kube: "/cloud/project/" + project + "/kube"}
}

// newFakeEnv runs the mock on a fake clock with slowTimings unless opts says
// otherwise.
func newFakeEnv(t *testing.T, opts ovhmock.Options) *env {
	t.Helper()
	clock := newFakeClock()
	opts.Now = clock.Now
	if opts.Timings == (ovhmock.Timings{}) {
		opts.Timings = slowTimings
	}
	e := newEnv(t, opts)
	e.clock = clock
	return e
}

func (e *env) project() string {
	return strings.TrimSuffix(strings.TrimPrefix(e.kube, "/cloud/project/"), "/kube")
}

func (e *env) path(id string, rest ...string) string {
	return e.kube + "/" + id + strings.Join(rest, "")
}

// create posts a creation object and returns the answer.
func (e *env) create(body any) ovhmock.Cluster {
	e.t.Helper()
	var c ovhmock.Cluster
	if err := e.client.Post(e.kube, body, &c); err != nil {
		e.t.Fatalf("create: %v", err)
	}
	return c
}

// createReady creates a cluster and moves the fake clock until it is READY.
func (e *env) createReady(body any) ovhmock.Cluster {
	e.t.Helper()
	c := e.create(body)
	e.clock.Advance(slowTimings.NotFoundAfterCreate + slowTimings.Install)
	got := e.get(c.ID)
	if got.Status != "READY" {
		e.t.Fatalf("status after install = %s, want READY", got.Status)
	}
	return got
}

func (e *env) get(id string) ovhmock.Cluster {
	e.t.Helper()
	var c ovhmock.Cluster
	if err := e.client.Get(e.path(id), &c); err != nil {
		e.t.Fatalf("GET %s: %v", id, err)
	}
	return c
}

func (e *env) status(id string) string {
	e.t.Helper()
	return e.get(id).Status
}

// waitStatus polls on the real clock, as a client would.
func (e *env) waitStatus(id, want string) {
	e.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var c ovhmock.Cluster
		err := e.client.Get(e.path(id), &c)
		if err == nil && c.Status == want {
			return
		}
		if err != nil && !isStatus(err, http.StatusNotFound) {
			e.t.Fatalf("GET %s: %v", id, err)
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("cluster %s: status %q, err %v; want %s", id, c.Status, err, want)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func isStatus(err error, code int) bool {
	var apiErr *ovh.APIError
	return errors.As(err, &apiErr) && apiErr.Code == code
}

// wantAPIError checks an OVHcloud error answer: status, class, a message
// containing msg, and a query id.
func wantAPIError(t *testing.T, err error, code int, class, msg string) {
	t.Helper()
	checkAPIError(t, err, code, class, msg)
}

// wantExactAPIError is wantAPIError for a message that must be msg exactly.
func wantExactAPIError(t *testing.T, err error, code int, class, msg string) {
	t.Helper()
	if got := checkAPIError(t, err, code, class, msg); got != msg {
		t.Fatalf("message = %q, want %q", got, msg)
	}
}

func checkAPIError(t *testing.T, err error, code int, class, msg string) string {
	t.Helper()
	var apiErr *ovh.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want an *ovh.APIError %d", err, code)
	}
	if apiErr.Code != code || apiErr.Class != class || !strings.Contains(apiErr.Message, msg) {
		t.Fatalf("error = %d %s %q, want %d %s containing %q", apiErr.Code, apiErr.Class, apiErr.Message, code, class, msg)
	}
	if apiErr.QueryID == "" {
		t.Fatalf("error %v has no X-Ovh-QueryID", apiErr)
	}
	return apiErr.Message
}

// raw sends a request by hand, signed with the given secret, consumer key
// and timestamp unless they are empty; it lets tests break what go-ovh
// always gets right.
type raw struct {
	method, path, body string
	appKey, secret, ck string
	timestamp          int64
	signedBody         *string // the body the signature covers, when it differs
	signedMethod       string  // the method the signature covers, when it differs
	headers            map[string]string
}

func (e *env) do(r raw) (*http.Response, []byte) {
	e.t.Helper()
	url := e.srv.URL + "/1.0" + r.path
	req, err := http.NewRequest(r.method, url, strings.NewReader(r.body))
	if err != nil {
		e.t.Fatal(err)
	}
	if r.appKey != "" {
		req.Header.Set("X-Ovh-Application", r.appKey)
	}
	if r.secret != "" {
		signed := r.body
		if r.signedBody != nil {
			signed = *r.signedBody
		}
		method := r.method
		if r.signedMethod != "" {
			method = r.signedMethod
		}
		ts := strconv.FormatInt(r.timestamp, 10)
		sum := sha1.Sum([]byte(strings.Join([]string{r.secret, r.ck, method, url, signed, ts}, "+")))
		req.Header.Set("X-Ovh-Consumer", r.ck)
		req.Header.Set("X-Ovh-Timestamp", ts)
		req.Header.Set("X-Ovh-Signature", "$1$"+hex.EncodeToString(sum[:]))
	}
	for k, v := range r.headers {
		req.Header.Set(k, v)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, body
}

// signed is a correctly signed raw request at the mock's current time.
func (e *env) signed(method, path, body string) raw {
	now := time.Now()
	if e.clock != nil {
		now = e.clock.Now()
	}
	return raw{
		method: method, path: path, body: body,
		appKey: ovhmock.DefaultApplicationKey, secret: ovhmock.DefaultApplicationSecret,
		ck: ovhmock.DefaultConsumerKey, timestamp: now.Unix(),
	}
}

// errorBody decodes an OVHcloud error body.
func errorBody(t *testing.T, body []byte) (class, message string) {
	t.Helper()
	var e struct{ Class, Message string }
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	return e.Class, e.Message
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// jsonEqual compares two values by their JSON form.
func jsonEqual(t *testing.T, got, want any) {
	t.Helper()
	g, w := canon(t, mustJSON(t, got)), canon(t, mustJSON(t, want))
	if !bytes.Equal(g, w) {
		t.Fatalf("got  %s\nwant %s", g, w)
	}
}

func canon(t *testing.T, s string) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(v)
	return out
}

// staleStatusTimings are slowTimings with a status that lags behind the
// truth for the first 3s of a 7s redeploy.
var staleStatusTimings = func() ovhmock.Timings {
	t := slowTimings
	t.StaleStatus = 3 * time.Second
	return t
}()

// followStaleStatus follows a change of IP restrictions or OIDC just made
// under staleStatusTimings: the cluster reads READY for StaleStatus, then
// REDEPLOYING until the redeploy ends, then READY; until then every change
// under it answers 409, after it a node pool creation succeeds.
func (e *env) followStaleStatus(id, change string) {
	e.t.Helper()
	tm := staleStatusTimings
	busy := "Cluster " + id + " is in status REDEPLOYING; retry once it is READY"
	expect := func(when, status string) {
		e.t.Helper()
		if s := e.status(id); s != status {
			e.t.Fatalf("%s, %s: status %s, want %s", change, when, s, status)
		}
		err := e.client.Post(e.pools(id), poolBody(map[string]any{"name": nil}), nil)
		wantExactAPIError(e.t, err, http.StatusConflict, "Client::Conflict", busy)
		err = e.client.Put(e.path(id), map[string]any{"name": "renamed"}, nil)
		wantExactAPIError(e.t, err, http.StatusConflict, "Client::Conflict", busy)
	}
	expect("right after", "READY")
	e.clock.Advance(tm.StaleStatus - time.Second)
	expect("just before StaleStatus", "READY")
	e.clock.Advance(time.Second)
	expect("after StaleStatus", "REDEPLOYING")
	e.clock.Advance(tm.Redeploy - tm.StaleStatus - time.Second)
	expect("just before the end of the redeploy", "REDEPLOYING")
	e.clock.Advance(time.Second)
	if s := e.status(id); s != "READY" {
		e.t.Fatalf("%s, after the redeploy: status %s, want READY", change, s)
	}
	if err := e.client.Post(e.pools(id), poolBody(map[string]any{"name": nil}), nil); err != nil {
		e.t.Fatalf("%s, after the redeploy: node pool creation: %v", change, err)
	}
}
