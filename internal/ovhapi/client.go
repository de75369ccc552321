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

	// pauseUntil (Unix nanoseconds) is set from a Retry-After answer: every
	// request of this client waits until then.
	pauseUntil atomic.Int64
	// retries is the retry budget shared by every resource: when the API
	// fails for all of them at once, retries slow down instead of multiplying.
	retries *rate.Limiter
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
	if strings.HasSuffix(endpoint, "/") {
		return "", fmt.Errorf("endpoint %q must not end with a slash: use %q", endpoint, strings.TrimRight(endpoint, "/"))
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("endpoint %q is not a valid URL: use a form such as https://eu.api.ovh.com/1.0", endpoint)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return "", fmt.Errorf("endpoint %q uses plain http on a non-loopback host: credentials would travel unencrypted; use https, or http only on 127.0.0.1, ::1 or localhost", endpoint)
	}
	return endpoint, nil
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
	switch {
	case cfg.AccessToken != "":
		api, err = ovh.NewAccessTokenClient(endpoint, cfg.AccessToken)
	case cfg.ClientID != "":
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
		api: api, http: &http.Client{Timeout: api.Timeout}, retry: retry,
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
	return c.do(ctx, method, path, body, out, method != http.MethodPost, method == http.MethodGet)
}

// callIdempotentPost is for the POST endpoints that only read, such as the
// kubeconfig: repeating them is harmless.
func (c *Client) callIdempotentPost(ctx context.Context, path string, out any) error {
	return c.do(ctx, http.MethodPost, path, nil, out, true, true)
}

// do sends the request. idempotent allows retries after a 5xx; readOnly
// allows the full number of attempts, which changes do not get (see maxAttempts).
func (c *Client) do(ctx context.Context, method, path string, body, out any, idempotent, readOnly bool) error {
	var lastErr error
	failures := 0
	for attempt := 1; ; attempt++ {
		if err := c.waitPause(ctx); err != nil {
			return errors.Join(lastErr, err)
		}
		status, retryAfter, err := c.once(ctx, method, path, body, out, attempt)
		if err == nil {
			return nil
		}
		lastErr = err
		if ctx.Err() != nil {
			return err
		}
		if !retryable(idempotent, status, retryAfter, err) || attempt >= c.retry.MaxAttempts {
			return err
		}
		// A rate-limited request was not processed: only other failures
		// count against the short budget of changes.
		if status != http.StatusTooManyRequests {
			failures++
			if failures >= c.maxAttempts(readOnly) {
				return err
			}
		}
		wait := c.backoff(attempt)
		if retryAfter > 0 {
			wait = retryAfter
			c.pause(retryAfter)
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return fmt.Errorf("%w (no time left to retry before the deadline)", err)
		}
		tflog.Debug(ctx, "retrying OVHcloud API call", map[string]any{
			"method": method, "path": path, "attempt": attempt, "status": status, "wait_ms": wait.Milliseconds(),
		})
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		if werr := c.retries.Wait(ctx); werr != nil {
			return fmt.Errorf("%w (the shared retry budget is spent until the deadline)", err)
		}
	}
}

// once performs a single exchange and returns the status (0 when none came
// back) and the Retry-After delay the API asked for.
func (c *Client) once(ctx context.Context, method, path string, body, out any, attempt int) (int, time.Duration, error) {
	c.signMu.Lock()
	req, err := c.api.NewRequest(method, path, body, true)
	c.signMu.Unlock()
	if err != nil {
		// go-ovh fetches the clock delta here: nothing reached the API yet.
		return 0, 0, &transportError{err: fmt.Errorf("preparing %s %s: %w", method, path, redactError(err)), notSent: true}
	}
	req = req.WithContext(ctx)
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		tflog.Debug(ctx, "OVHcloud API call failed", map[string]any{
			"method": method, "path": path, "attempt": attempt, "error": redactError(err).Error(),
		})
		return 0, 0, &transportError{err: fmt.Errorf("%s %s: %w", method, path, redactError(err)), notSent: isConnRefused(err)}
	}
	retryAfter := parseRetryAfter(resp.Header.Get("Retry-After"))
	err = c.api.UnmarshalResponse(resp, out)
	tflog.Debug(ctx, "OVHcloud API call", map[string]any{
		"method": method, "path": path, "status": resp.StatusCode, "attempt": attempt,
		"duration_ms": time.Since(start).Milliseconds(), "query_id": resp.Header.Get("X-Ovh-QueryID"),
	})
	if err != nil {
		var apiErr *ovh.APIError
		if errors.As(err, &apiErr) {
			return resp.StatusCode, retryAfter, &Error{
				Method: method, Path: path, Status: apiErr.Code, Class: apiErr.Class,
				Message: apiErr.Message, QueryID: apiErr.QueryID,
			}
		}
		// A 2xx whose body is cut short may hide a request that was carried
		// out: it counts as a lost answer. A body of the wrong shape does not.
		var syntaxErr *json.SyntaxError
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &syntaxErr) || !isJSONError(err) {
			return resp.StatusCode, 0, &transportError{err: fmt.Errorf("reading the answer to %s %s: %w", method, path, err)}
		}
		return resp.StatusCode, 0, fmt.Errorf("decoding the answer to %s %s: %w", method, path, err)
	}
	return resp.StatusCode, 0, nil
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
	// Jitter in [d/2, d) spreads the retries of parallel resources.
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

func isConnRefused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED)
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
