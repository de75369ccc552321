package ovhmock

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// apiPrefix is the path of the API version the mock serves; go-ovh is given
// the server URL followed by it as its endpoint.
const apiPrefix = "/1.0"

// introspectionPrefix is a path the real API does not have, so that tests can
// read the mock's log and state over HTTP without any credential.
const introspectionPrefix = "/_mock/"

// maxBody bounds what the mock reads of a request body.
const maxBody = 1 << 20

// Mock is a stateful imitation of the OVHcloud API for Managed Kubernetes.
// It is an http.Handler; all its methods are safe for concurrent use.
type Mock struct {
	opts     Options
	versions versions
	schemas  schemas
	routes   []*route

	mu          sync.Mutex // guards everything below
	projects    map[string]*project
	ids         idRegistry
	occurrences map[faultKey]int         // requests seen per fault key
	seq         int                      // creation order of clusters, for stable listings
	queries     int                      // query id counter
	uuidSeq     int                      // ids drawn from the fault seed (newUUID)
	logOps      map[string]*logOperation // LDP operations, by id
	log         []Request
	counts      map[string]int
}

type project struct {
	clusters map[string]*clusterState
}

func newProject() *project { return &project{clusters: map[string]*clusterState{}} }

// Request is one entry of the request log.
type Request struct {
	Method string    `json:"method"`
	Path   string    `json:"path"`  // as received, e.g. "/1.0/cloud/project/p/kube/abc/customization"
	Route  string    `json:"route"` // templated, e.g. "/cloud/project/{serviceName}/kube/{kubeId}/customization"; "" for unknown routes
	Status int       `json:"status"`
	Time   time.Time `json:"time"` // when the mock handled it, after Faults.Latency
	// Fault is the injected fault that decided the answer: "" for none,
	// or FaultServerError, FaultRateLimited, FaultAppliedThenFail.
	Fault string `json:"fault,omitempty"`
	// RetryAfter is the pause the Retry-After header of a 429 asked for,
	// in whole seconds; 0 otherwise. In JSON it is in nanoseconds.
	RetryAfter time.Duration `json:"retryAfter,omitempty"`
}

// New returns a mock configured by opts. It panics on options that
// Options.Validate refuses, as they are programming errors in a test.
func New(opts Options) *Mock {
	if err := opts.Validate(); err != nil {
		panic("ovhmock: " + err.Error())
	}
	opts = opts.withDefaults()
	vs, _ := parseVersions(opts.Versions) // validated above
	m := &Mock{
		opts:        opts,
		versions:    vs,
		schemas:     newSchemas(opts.Regions, vs.minors),
		projects:    map[string]*project{},
		ids:         newIDRegistry(),
		occurrences: map[faultKey]int{},
		counts:      map[string]int{},
	}
	m.routes = m.newRoutes()
	for _, p := range opts.Projects {
		m.projects[p] = newProject()
	}
	return m
}

// result is a complete answer, computed under the lock and written after it
// is released, so that a slow client cannot stall the mock.
type result struct {
	status     int
	header     http.Header // set by the handler, e.g. X-Pagination-Cursor-Next
	body       []byte
	retryAfter time.Duration
	queryID    string
	fault      string // for the log: the Request.Fault values
}

// ServeHTTP answers one request: the API under /1.0, the introspection
// endpoints under /_mock/.
func (m *Mock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, introspectionPrefix) {
		m.serveIntrospection(w, r)
		return
	}
	if d := m.opts.Faults.Latency; d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	body, readErr := io.ReadAll(io.LimitReader(r.Body, maxBody))
	res := m.serve(r, body, readErr)
	writeResult(w, res)
}

func (m *Mock) serve(r *http.Request, body []byte, readErr error) result {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.opts.Now()
	rt, params := m.match(r)
	res := m.handle(r, rt, params, body, readErr, now)
	res.queryID = m.nextQueryID(now)

	entry := Request{
		Method: r.Method, Path: r.URL.EscapedPath(), Status: res.status, Time: now,
		Fault: res.fault, RetryAfter: res.retryAfter,
	}
	key := r.Method + " " + entry.Path
	if rt != nil {
		entry.Route = rt.pattern
		key = r.Method + " " + rt.pattern
	}
	m.log = append(m.log, entry)
	m.counts[key]++
	return res
}

// handle runs the steps of a request in the API's order: injected faults
// first (they stand for failures in front of the API), then routing,
// authentication, the project, and finally the endpoint itself.
func (m *Mock) handle(r *http.Request, rt *route, params map[string]string, body []byte, readErr error, now time.Time) result {
	var f faultDraw
	if rt == nil || rt.pattern != "/auth/time" {
		f = m.drawFaults(m.requestFaultKey(r, rt, params, body))
	}
	switch {
	case f.serverError != 0:
		res := errorResult(serverError(f.serverError))
		res.fault = FaultServerError
		return res
	case f.rateLimited:
		res := errorResult(newAPIError(http.StatusTooManyRequests, "Client::TooManyRequests", "Too many requests, retry later"))
		res.retryAfter = m.retryAfter()
		res.fault = FaultRateLimited
		return res
	case rt == nil:
		return errorResult(notFound("Got an invalid (or empty) URL"))
	case readErr != nil:
		return errorResult(badRequest("Could not read the request body"))
	}
	if !rt.public {
		if err := m.authenticate(r, body, now); err != nil {
			return errorResult(err)
		}
	}
	c := &call{r: r, body: body, params: params, now: now, header: http.Header{}}
	if name, scoped := params["serviceName"]; scoped && !rt.ldp {
		c.project = m.projects[name]
		if c.project == nil {
			return errorResult(notFound("This service does not exist"))
		}
	}
	v, err := rt.handler(c)
	if err != nil {
		return errorResult(err)
	}
	if rt.mutating && f.appliedThenFail {
		// The change stays applied: this is the failure a client must not
		// blindly retry.
		res := errorResult(serverError(http.StatusBadGateway))
		res.fault = FaultAppliedThenFail
		return res
	}
	res := result{status: http.StatusOK, header: c.header}
	if v != nil {
		raw, err := json.Marshal(v)
		if err != nil {
			return errorResult(serverError(http.StatusInternalServerError))
		}
		res.body = raw
	}
	return res
}

func errorResult(err error) result {
	e, ok := err.(*apiError)
	if !ok {
		e = newAPIError(http.StatusInternalServerError, "Server::InternalServerError", "%s", err.Error())
	}
	raw, _ := json.Marshal(e)
	return result{status: e.status, body: raw}
}

func writeResult(w http.ResponseWriter, res result) {
	h := w.Header()
	for k, v := range res.header {
		h[k] = v
	}
	// Set directly to keep OVHcloud's spelling; Set would send X-Ovh-Queryid.
	h["X-Ovh-QueryID"] = []string{res.queryID}
	if res.body != nil {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	if res.retryAfter > 0 {
		h.Set("Retry-After", strconv.FormatInt(int64(res.retryAfter/time.Second), 10))
	}
	w.WriteHeader(res.status)
	_, _ = w.Write(res.body)
}

// nextQueryID imitates OVHcloud's query ids, unique per answer.
func (m *Mock) nextQueryID(now time.Time) string {
	m.queries++
	return fmt.Sprintf("EU.ext-mock.%08x.%d.mock", now.Unix(), m.queries)
}

// call is what an endpoint handler receives.
type call struct {
	r       *http.Request
	body    []byte
	params  map[string]string
	project *project // nil for routes outside a project
	now     time.Time
	header  http.Header // headers of a successful answer
}

type route struct {
	method   string
	pattern  string   // as in the API's schema, without the /1.0 prefix
	segments []string // pattern split on "/"
	public   bool     // answered without authentication
	mutating bool     // a change that AppliedThenFailRate may hide behind a 502
	ldp      bool     // under /dbaas/logs: serviceName names an LDP service, not a project
	handler  func(*call) (any, error)
}

// match finds the route of a request. Path segments are unescaped one by one,
// so an escaped "/" (an IP block in ipRestrictions) stays inside its segment.
func (m *Mock) match(r *http.Request) (*route, map[string]string) {
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), apiPrefix+"/")
	if !ok {
		return nil, nil
	}
	raw := strings.Split(rest, "/")
	segments := make([]string, len(raw))
	for i, s := range raw {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil, nil
		}
		segments[i] = u
	}
	for _, rt := range m.routes {
		if rt.method != r.Method || len(rt.segments) != len(segments) {
			continue
		}
		if params, ok := rt.bind(segments); ok {
			return rt, params
		}
	}
	return nil, nil
}

func (rt *route) bind(segments []string) (map[string]string, bool) {
	params := map[string]string{}
	for i, want := range rt.segments {
		if name, isParam := strings.CutPrefix(want, "{"); isParam {
			if segments[i] == "" {
				return nil, false
			}
			params[strings.TrimSuffix(name, "}")] = segments[i]
			continue
		}
		if segments[i] != want {
			return nil, false
		}
	}
	return params, true
}

// kubeRoute is the collection of a project's clusters; a POST to it creates
// one.
const kubeRoute = "/cloud/project/{serviceName}/kube"

func (m *Mock) newRoutes() []*route {
	const kube = kubeRoute
	const cluster = kube + "/{kubeId}"
	var routes []*route
	add := func(method, pattern string, mutating bool, h func(*call) (any, error)) *route {
		rt := &route{
			method: method, pattern: pattern, mutating: mutating, handler: h,
			segments: strings.Split(strings.TrimPrefix(pattern, "/"), "/"),
		}
		routes = append(routes, rt)
		return rt
	}
	add("GET", "/auth/time", false, m.authTime).public = true
	add("GET", "/auth/details", false, m.authDetails)
	add("GET", "/cloud/project/{serviceName}", false, m.getProject)
	add("GET", kube, false, m.listClusters)
	add("POST", kube, true, m.createCluster)
	add("GET", cluster, false, m.getCluster)
	add("PUT", cluster, true, m.putCluster)
	add("DELETE", cluster, true, m.deleteCluster)
	add("GET", cluster+"/customization", false, m.getCustomization)
	add("PUT", cluster+"/customization", true, m.putCustomization)
	add("POST", cluster+"/reset", true, m.resetCluster)
	add("POST", cluster+"/update", true, m.updateCluster)
	add("POST", cluster+"/restart", true, m.restartCluster)
	add("PUT", cluster+"/updatePolicy", true, m.putUpdatePolicy)
	// Fetching the kubeconfig is a POST but changes nothing.
	add("POST", cluster+"/kubeconfig", false, m.getKubeconfig)
	add("POST", cluster+"/kubeconfig/reset", true, m.resetKubeconfig)
	add("GET", cluster+"/privateNetworkConfiguration", false, m.getPrivateNetworkConfiguration)
	add("PUT", cluster+"/privateNetworkConfiguration", true, m.putPrivateNetworkConfiguration)
	add("PUT", cluster+"/updateLoadBalancersSubnetId", true, m.putLoadBalancersSubnet)
	add("GET", cluster+"/ipRestrictions", false, m.getIPRestrictions)
	add("POST", cluster+"/ipRestrictions", true, m.addIPRestrictions)
	add("PUT", cluster+"/ipRestrictions", true, m.replaceIPRestrictions)
	add("DELETE", cluster+"/ipRestrictions/{ip}", true, m.deleteIPRestriction)
	add("GET", cluster+"/openIdConnect", false, m.getOIDC)
	add("POST", cluster+"/openIdConnect", true, m.createOIDC)
	add("PUT", cluster+"/openIdConnect", true, m.putOIDC)
	add("DELETE", cluster+"/openIdConnect", true, m.deleteOIDC)
	add("GET", cluster+"/metrics/etcdUsage", false, m.getEtcdUsage)
	const pool = nodePoolRoute + "/{nodePoolId}"
	add("GET", nodePoolRoute, false, m.listNodePools)
	add("POST", nodePoolRoute, true, m.createNodePool)
	add("GET", pool, false, m.getNodePool)
	add("PUT", pool, true, m.putNodePool)
	add("DELETE", pool, true, m.deleteNodePool)
	add("GET", pool+"/nodes", false, m.listPoolNodes)
	add("GET", cluster+"/node", false, m.listNodes)
	add("GET", cluster+"/node/{nodeId}", false, m.getNode)
	add("DELETE", cluster+"/node/{nodeId}", true, m.deleteNode)
	add("GET", cluster+"/flavors", false, m.getFlavors)
	add("GET", cluster+"/log/subscription", false, m.listLogSubscriptions)
	add("POST", cluster+"/log/subscription", true, m.createLogSubscription)
	add("GET", cluster+"/log/subscription/{subscriptionId}", false, m.getLogSubscription)
	add("DELETE", cluster+"/log/subscription/{subscriptionId}", true, m.deleteLogSubscription)
	add("GET", "/dbaas/logs/{serviceName}/operation/{operationId}", false, m.getLogOperation).ldp = true
	return routes
}

// Requests returns a copy of the request log, in order. Introspection
// requests under /_mock/ are not logged.
func (m *Mock) Requests() []Request {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Request, len(m.log))
	copy(out, m.log)
	return out
}

// FaultedRequests returns the entries of the request log whose answer an
// injected fault decided, in order.
func (m *Mock) FaultedRequests() []Request {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Request
	for _, r := range m.log {
		if r.Fault != "" {
			out = append(out, r)
		}
	}
	return out
}

// ResetRequests empties the request log and the counters. Fault draws carry
// on where they were, so that clearing the log between the steps of a test
// does not replay the faults of the first step.
func (m *Mock) ResetRequests() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.log = nil
	m.counts = map[string]int{}
}

// Counts returns how many requests each route received, keyed
// "METHOD Route" (e.g. "GET /cloud/project/{serviceName}/kube/{kubeId}").
// Requests to unknown routes are keyed by their path instead.
func (m *Mock) Counts() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]int, len(m.counts))
	for k, v := range m.counts {
		out[k] = v
	}
	return out
}
