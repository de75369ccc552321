// Package ovhapi is the only package that speaks HTTP to the OVHcloud API. It
// wraps github.com/ovh/go-ovh (signing, clock delta, bearer tokens) with typed
// requests and answers, errors that keep OVHcloud's class and query id, escaped
// path segments, and retries that never repeat a request that may have been
// applied.
package ovhapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/ovh/go-ovh/ovh"
	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// Config holds what is needed to reach and authenticate to the API. Exactly one
// authentication method must be set: application key, secret and consumer key;
// OAuth2 client id and secret; or an access token.
type Config struct {
	// Endpoint is a named endpoint (ovh-eu, ovh-ca, ovh-us, ...) or a full URL
	// without a trailing slash, such as http://127.0.0.1:8080/1.0.
	Endpoint string

	ApplicationKey    string
	ApplicationSecret string
	ConsumerKey       string
	ClientID          string
	ClientSecret      string
	AccessToken       string

	UserAgent string
	Retry     RetryPolicy
	// RequestTimeout bounds one HTTP exchange; the caller's context bounds the
	// whole call including retries.
	RequestTimeout time.Duration
}

// RetryPolicy sets the exponential backoff between attempts. Zero values take
// the defaults.
type RetryPolicy struct {
	MinWait     time.Duration // first backoff, default 250ms
	MaxWait     time.Duration // cap of one backoff, default 15s
	MaxAttempts int           // default 10; the context deadline may stop earlier
	// Until the API has answered once, a request that could not be sent
	// (connection refused, unknown host) is tried UnreachableAttempts times
	// (default 3), UnreachableWait (default 700ms) apart at first, doubling:
	// about 2 s in all. Such a failure at the first call is nearly always a
	// wrong endpoint or a stopped API, which waiting longer does not mend.
	UnreachableAttempts int
	UnreachableWait     time.Duration
	// The retry budget shared by all calls of a client: retries are spent
	// at most BudgetPerSecond on average (default 10), BudgetBurst at once
	// (default 20).
	BudgetPerSecond float64
	BudgetBurst     int
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MinWait <= 0 {
		p.MinWait = 250 * time.Millisecond
	}
	if p.MaxWait <= 0 {
		p.MaxWait = 15 * time.Second
	}
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 10
	}
	if p.BudgetPerSecond <= 0 {
		p.BudgetPerSecond = 10
	}
	if p.BudgetBurst <= 0 {
		p.BudgetBurst = 20
	}
	if p.UnreachableAttempts <= 0 {
		p.UnreachableAttempts = 3
	}
	if p.UnreachableWait <= 0 {
		p.UnreachableWait = 700 * time.Millisecond
	}
	return p
}

// Client calls the OVHcloud API. One Client is shared by every resource of a
// provider instance, so that a rate-limit answer slows all of them down.
type Client struct {
	api *ovh.Client
	// http sends the requests that go-ovh prepares: go-ovh's own Do shares an
	// http.Client whose Timeout its NewRequest rewrites on every call.
	http   *http.Client
	retry  RetryPolicy
	signMu sync.Mutex // go-ovh's NewRequest writes to its http.Client on every call
	// endpoint and auth are named in the errors that the configuration
	// causes, so that users know what to check.
	endpoint string
	auth     authMethod

	// pauseUntil (Unix nanoseconds) is set from a Retry-After answer: every
	// request of this client waits until then.
	pauseUntil atomic.Int64
	// retries is the retry budget shared by every resource: when the API
	// fails for all of them at once, retries slow down instead of multiplying.
	retries *rate.Limiter
	// reached is set once the endpoint has answered anything: from then on
	// a request that cannot be sent is an outage worth the full retries.
	reached atomic.Bool
}

// NamedEndpoints lists the endpoint names accepted besides full URLs.
func NamedEndpoints() map[string]string { return ovh.Endpoints }

// ResolveEndpoint turns a named endpoint into its URL, checks a full URL, and
// refuses plain http:// except on loopback addresses, where the mock API runs.
func ResolveEndpoint(endpoint string) (string, error) {
	if endpoint == "" {
		endpoint = "ovh-eu"
	}
	if u, ok := ovh.Endpoints[endpoint]; ok {
		return u, nil
	}
	if !strings.Contains(endpoint, "/") {
		return "", fmt.Errorf("unknown endpoint %q: use one of %s, or a full URL such as https://eu.api.ovh.com/1.0", endpoint, strings.Join(endpointNames(), ", "))
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("endpoint %q is not a valid URL: use a form such as https://eu.api.ovh.com/1.0", endpoint)
	}
	if u.User != nil {
		// Quoted redacted: the password is a secret, and the error is shown.
		return "", fmt.Errorf("endpoint %q must not hold a user name or password: use %q", u.Redacted(), withoutUser(u))
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		// go-ovh appends the request path to the endpoint, after the query.
		return "", fmt.Errorf("endpoint %q must not have a query or a fragment: use %q", endpoint, withVersion(u.Scheme+"://"+u.Host+strings.TrimRight(u.EscapedPath(), "/")))
	}
	if strings.HasSuffix(endpoint, "/") {
		return "", fmt.Errorf("endpoint %q must not end with a slash: use %q", endpoint, withVersion(strings.TrimRight(endpoint, "/")))
	}
	if u.Path == "" {
		// go-ovh then answers "Got an invalid (or empty) URL" long after the
		// configuration, from the first call. The path is not added silently:
		// any explicit path is taken as given (a proxy may serve the API
		// under another one), so a missing one is more likely a mistake.
		return "", fmt.Errorf("endpoint %q lacks the API version path: use %q", endpoint, endpoint+"/1.0")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return "", fmt.Errorf("endpoint %q uses plain http on a non-loopback host: credentials would travel unencrypted; use https, or http only on 127.0.0.1, ::1 or localhost", endpoint)
	}
	return endpoint, nil
}

// withVersion completes a URL that has no path with the API's /1.0.
func withVersion(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Path == "" {
		return endpoint + "/1.0"
	}
	return endpoint
}

func withoutUser(u *url.URL) string {
	v := *u
	v.User = nil
	return withVersion(strings.TrimRight(v.String(), "/"))
}

func endpointNames() []string {
	names := make([]string, 0, len(ovh.Endpoints))
	for n := range ovh.Endpoints {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// New builds a client. It makes no API call: go-ovh fetches the server clock on
// the first signed request.
func New(cfg Config) (*Client, error) {
	endpoint, err := ResolveEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	var api *ovh.Client
	auth := authApplicationKey
	switch {
	case cfg.AccessToken != "":
		auth = authAccessToken
		api, err = ovh.NewAccessTokenClient(endpoint, cfg.AccessToken)
	case cfg.ClientID != "":
		auth = authOAuth2
		api, err = ovh.NewOAuth2Client(endpoint, cfg.ClientID, cfg.ClientSecret)
	default:
		api, err = ovh.NewClient(endpoint, cfg.ApplicationKey, cfg.ApplicationSecret, cfg.ConsumerKey)
	}
	if err != nil {
		return nil, fmt.Errorf("building the OVHcloud API client: %w", err)
	}
	api.UserAgent = cfg.UserAgent
	api.Timeout = cfg.RequestTimeout
	if api.Timeout <= 0 {
		api.Timeout = 60 * time.Second
	}
	retry := cfg.Retry.withDefaults()
	return &Client{
		api: api, http: &http.Client{Timeout: api.Timeout}, retry: retry, endpoint: endpoint, auth: auth,
		retries: rate.NewLimiter(rate.Limit(retry.BudgetPerSecond), retry.BudgetBurst),
	}, nil
}

// pathOf joins escaped segments: a service name holding "/", "?" or "%"
// cannot reach another endpoint.
func pathOf(segments ...string) (string, error) {
	var b strings.Builder
	for _, s := range segments {
		if s == "" || s == "." || s == ".." {
			return "", fmt.Errorf("invalid path segment %q", s)
		}
		b.WriteByte('/')
		if strings.HasPrefix(s, "~") {
			// a literal part of the route, given as "~name"
			b.WriteString(s[1:])
			continue
		}
		b.WriteString(url.PathEscape(s))
	}
	return b.String(), nil
}

// call sends one API request, retrying while it is safe to do so. POST is not
// idempotent: it is repeated only when the API provably did not act on it.
func (c *Client) call(ctx context.Context, method, path string, body, out any) error {
	return c.do(ctx, method, path, body, out, method != http.MethodPost, method == http.MethodGet, nil)
}

// callIdempotentPost is for the POST endpoints that only read, such as the
// kubeconfig: repeating them is harmless.
func (c *Client) callIdempotentPost(ctx context.Context, path string, out any) error {
	return c.do(ctx, http.MethodPost, path, nil, out, true, true, nil)
}

// page carries the pagination headers of one GET of a paginated list.
type page struct {
	cursor string // sent as X-Pagination-Cursor, unless empty (the first page)
	next   string // the answer's X-Pagination-Cursor-Next: empty on the last page
}

// Pagination headers of the lists the API pages (the nodes of a cluster or
// of a node pool).
const (
	headerCursor     = "X-Pagination-Cursor"
	headerCursorNext = "X-Pagination-Cursor-Next"
)

// getAllPages reads every page of a paginated list: the first without a
// cursor, each next one with the cursor the previous answer gave, until an
// answer gives none. The page size is the API's default.
func getAllPages[T any](ctx context.Context, c *Client, path string) ([]T, error) {
	out := []T{}
	seen := map[string]bool{}
	pg := &page{}
	for n := 1; ; n++ {
		var items []T
		if err := c.do(ctx, http.MethodGet, path, nil, &items, true, true, pg); err != nil {
			if n > 1 {
				return nil, fmt.Errorf("page %d: %w", n, err)
			}
			return nil, err
		}
		out = append(out, items...)
		if pg.next == "" {
			return out, nil
		}
		if seen[pg.next] {
			// A cursor given twice would make the loop endless.
			return nil, fmt.Errorf("GET %s: page %d gives a cursor an earlier page gave; the list cannot be read to its end", path, n)
		}
		seen[pg.next] = true
		pg = &page{cursor: pg.next}
	}
}

// do sends the request. idempotent allows retries after a 5xx; readOnly
// allows the full number of attempts, which changes do not get (see maxAttempts).
// pg, when not nil, carries the pagination cursor to send and receives the
// next one.
func (c *Client) do(ctx context.Context, method, path string, body, out any, idempotent, readOnly bool, pg *page) error {
	attempts, err := c.attempts(ctx, method, path, body, out, idempotent, readOnly, pg)
	var te *transportError
	if errors.As(err, &te) && te.unreachable {
		return &unreachableError{endpoint: c.endpoint, attempts: attempts, err: err}
	}
	return err
}

// attempts sends the request until it succeeds or may not be retried, and
// returns how many times it was tried.
func (c *Client) attempts(ctx context.Context, method, path string, body, out any, idempotent, readOnly bool, pg *page) (int, error) {
	var lastErr error
	failures := 0
	for attempt := 1; ; attempt++ {
		if err := c.waitPause(ctx); err != nil {
			return attempt - 1, errors.Join(lastErr, err)
		}
		status, retryAfter, err := c.once(ctx, method, path, body, out, attempt, pg)
		if err == nil {
			return attempt, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			return attempt, err
		}
		if !retryable(idempotent, status, retryAfter, err) || attempt >= c.retry.MaxAttempts {
			return attempt, err
		}
		neverReached := !c.reached.Load() && isNotSent(err)
		if neverReached && attempt >= c.retry.UnreachableAttempts {
			return attempt, err
		}
		// A rate-limited request was not processed: only other failures
		// count against the short budget of changes.
		if status != http.StatusTooManyRequests {
			failures++
			if failures >= c.maxAttempts(readOnly) {
				return attempt, err
			}
		}
		wait := c.backoff(attempt)
		if neverReached {
			wait = jitter(c.retry.UnreachableWait << (attempt - 1))
		}
		if retryAfter > 0 {
			wait = retryAfter
			c.pause(retryAfter)
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return attempt, fmt.Errorf("%w (no time left to retry before the deadline)", err)
		}
		tflog.Debug(ctx, "retrying OVHcloud API call", map[string]any{
			"method": method, "path": path, "attempt": attempt, "status": status, "wait_ms": wait.Milliseconds(),
		})
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return attempt, err
		case <-t.C:
		}
		if werr := c.retries.Wait(ctx); werr != nil {
			return attempt, fmt.Errorf("%w (the shared retry budget is spent until the deadline)", err)
		}
	}
}

// once performs a single exchange and returns the status (0 when none came
// back) and the Retry-After delay the API asked for.
func (c *Client) once(ctx context.Context, method, path string, body, out any, attempt int, pg *page) (int, time.Duration, error) {
	c.signMu.Lock()
	req, err := c.api.NewRequest(method, path, body, true)
	c.signMu.Unlock()
	if err != nil {
		return 0, 0, c.preparationError(method, path, err)
	}
	req = req.WithContext(ctx)
	if pg != nil && pg.cursor != "" {
		// Not part of go-ovh's signature (method, URL, body, timestamp), so
		// it is added to the signed request.
		req.Header.Set(headerCursor, pg.cursor)
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		tflog.Debug(ctx, "OVHcloud API call failed", map[string]any{
			"method": method, "path": path, "attempt": attempt, "error": redactError(err).Error(),
		})
		if isDialFailure(err) {
			// The URL is the endpoint's, named by the final error.
			return 0, 0, &transportError{err: fmt.Errorf("%s %s: %w", method, path, innerError(err)), notSent: true, unreachable: true}
		}
		return 0, 0, &transportError{err: fmt.Errorf("%s %s: %w", method, path, redactError(err))}
	}
	c.reached.Store(true)
	retryAfter := parseRetryAfter(resp.Header.Get("Retry-After"))
	err = c.api.UnmarshalResponse(resp, out)
	tflog.Debug(ctx, "OVHcloud API call", map[string]any{
		"method": method, "path": path, "status": resp.StatusCode, "attempt": attempt,
		"duration_ms": time.Since(start).Milliseconds(), "query_id": resp.Header.Get("X-Ovh-QueryID"),
	})
	if err != nil {
		var apiErr *ovh.APIError
		if errors.As(err, &apiErr) {
			return resp.StatusCode, retryAfter, withHint(&Error{
				Method: method, Path: path, Status: apiErr.Code, Class: apiErr.Class,
				Message: apiErr.Message, QueryID: apiErr.QueryID,
			}, c.auth, c.endpoint)
		}
		// A 2xx whose body is cut short may hide a request that was carried
		// out: it counts as a lost answer. A body of the wrong shape does not.
		var syntaxErr *json.SyntaxError
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &syntaxErr) || !isJSONError(err) {
			return resp.StatusCode, 0, &transportError{err: fmt.Errorf("reading the answer to %s %s: %w", method, path, err)}
		}
		return resp.StatusCode, 0, fmt.Errorf("decoding the answer to %s %s: %w", method, path, err)
	}
	if pg != nil {
		pg.next = resp.Header.Get(headerCursorNext)
	}
	return resp.StatusCode, 0, nil
}

// preparationError classifies a failure of go-ovh's NewRequest, which first
// fetches the server clock (GET /auth/time, for application keys) or an
// OAuth2 token: nothing was signed nor sent to the API yet.
func (c *Client) preparationError(method, path string, err error) error {
	var apiErr *ovh.APIError
	if errors.As(err, &apiErr) {
		c.reached.Store(true)
		if apiErr.Code < 500 && apiErr.Code != http.StatusTooManyRequests {
			// /auth/time needs no credentials: a refusal means that the
			// endpoint is not the API's URL. Not returned as an *Error, so
			// that a 404 here never passes for a missing cluster.
			answer := &Error{Method: http.MethodGet, Path: "/auth/time", Status: apiErr.Code, Class: apiErr.Class, Message: apiErr.Message, QueryID: apiErr.QueryID}
			return fmt.Errorf("preparing %s %s: %s. Check that endpoint %q (or OVH_ENDPOINT) is the URL of the OVHcloud API, such as https://eu.api.ovh.com/1.0",
				method, path, answer, c.endpoint)
		}
	}
	var tokenErr *oauth2.RetrieveError
	if errors.As(err, &tokenErr) && tokenErr.Response != nil &&
		tokenErr.Response.StatusCode >= 400 && tokenErr.Response.StatusCode < 500 && tokenErr.Response.StatusCode != http.StatusTooManyRequests {
		return fmt.Errorf("preparing %s %s: the OAuth2 token endpoint refused the client credentials: %s. %s",
			method, path, tokenErr, credentialsHint(c.auth, c.endpoint))
	}
	if isDialFailure(err) {
		var ue *url.Error
		if errors.As(err, &ue) {
			return &transportError{err: fmt.Errorf("%s %s: %w", strings.ToUpper(ue.Op), c.relative(ue.URL), ue.Err), notSent: true, unreachable: true}
		}
	}
	return &transportError{err: fmt.Errorf("preparing %s %s: %w", method, path, redactError(err)), notSent: true}
}

// relative returns a URL under the endpoint as the API path.
func (c *Client) relative(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u = u[:i]
	}
	if p, ok := strings.CutPrefix(u, c.endpoint); ok {
		return p
	}
	return u
}

// isJSONError reports errors of the JSON decoder about the shape of a value.
func isJSONError(err error) bool {
	var typeErr *json.UnmarshalTypeError
	var invalid *json.InvalidUnmarshalError
	return errors.As(err, &typeErr) || errors.As(err, &invalid)
}

type transportError struct {
	err     error
	notSent bool // the request provably did not reach the API
	// unreachable: no connection could be opened to the endpoint
	unreachable bool
}

func isNotSent(err error) bool {
	var te *transportError
	return errors.As(err, &te) && te.notSent
}

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

func retryable(idempotent bool, status int, retryAfter time.Duration, err error) bool {
	var te *transportError
	if errors.As(err, &te) {
		return idempotent || te.notSent
	}
	switch {
	case status == http.StatusTooManyRequests:
		// A rate-limited request was refused before being processed.
		return true
	case status == http.StatusServiceUnavailable && retryAfter > 0:
		return true
	case status >= 500:
		return idempotent
	}
	return false
}

// maxAttempts keeps the retries of changes short: after a few lost answers
// the caller looks at the cluster to learn whether the change went through,
// which tells more than sending it again.
func (c *Client) maxAttempts(readOnly bool) int {
	if readOnly {
		return c.retry.MaxAttempts
	}
	return min(c.retry.MaxAttempts, 3)
}

func (c *Client) backoff(attempt int) time.Duration {
	d := c.retry.MinWait << (attempt - 1)
	if d <= 0 || d > c.retry.MaxWait {
		d = c.retry.MaxWait
	}
	return jitter(d)
}

// jitter returns a wait in [d/2, d], which spreads the retries of parallel
// resources.
func jitter(d time.Duration) time.Duration {
	return d/2 + rand.N(d/2+1)
}

func (c *Client) pause(d time.Duration) {
	until := time.Now().Add(d).UnixNano()
	for {
		cur := c.pauseUntil.Load()
		if cur >= until || c.pauseUntil.CompareAndSwap(cur, until) {
			return
		}
	}
}

func (c *Client) waitPause(ctx context.Context) error {
	d := time.Until(time.Unix(0, c.pauseUntil.Load()))
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs >= 0 {
		if secs == 0 {
			return time.Millisecond
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
		return time.Millisecond
	}
	return 0
}

// isDialFailure reports an error met before any connection was open: the
// request was provably not sent.
func isDialFailure(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) || errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// innerError drops the URL that net/http puts in front of its errors.
func innerError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redactError drops the URL's query string from transport errors: the URL
// never carries secrets today, but keeping errors free of it costs nothing.
func redactError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		u := ue.URL
		if i := strings.IndexByte(u, '?'); i >= 0 {
			u = u[:i]
		}
		return &url.Error{Op: ue.Op, URL: u, Err: ue.Err}
	}
	return err
}
