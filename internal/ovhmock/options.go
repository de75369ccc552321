package ovhmock

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Credentials the mock accepts when Options leaves them empty.
const (
	DefaultApplicationKey    = "mock-application-key"
	DefaultApplicationSecret = "mock-application-secret"
	DefaultConsumerKey       = "mock-consumer-key"
	DefaultAccessToken       = "mock-access-token"
	DefaultProject           = "0123456789abcdef0123456789abcdef"
	// ExampleProject is the placeholder service name of the documented
	// examples, known by default so that they apply unchanged.
	ExampleProject = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
)

// DefaultProjects are the known service names when Options.Projects is
// empty.
func DefaultProjects() []string { return []string{DefaultProject, ExampleProject} }

// DefaultRegions are the Managed Kubernetes regions accepted when
// Options.Regions is empty.
var DefaultRegions = []string{
	"GRA5", "GRA7", "GRA9", "GRA11", "SBG5", "BHS5", "DE1", "UK1", "WAW1",
	"SGP1", "SYD1", "EU-WEST-PAR", "EU-SOUTH-MIL", "US-EAST-VA-1", "US-WEST-OR-1",
}

// DefaultVersions are the supported minor versions when Options.Versions is
// empty, oldest first.
var DefaultVersions = []string{"1.31", "1.32", "1.33", "1.34", "1.35"}

// Options configures a Mock. The zero value is a working mock with the
// default credentials, the projects of DefaultProjects and TestTimings.
type Options struct {
	ApplicationKey, ApplicationSecret, ConsumerKey string // empty => defaults above
	AccessToken                                    string // accepted bearer token ("Authorization: Bearer ..."); empty => DefaultAccessToken
	// Projects are the known service names; empty => DefaultProjects().
	Projects []string
	// Regions are the accepted regions; empty => DefaultRegions.
	Regions []string
	// Versions are the supported minors ("1.31"), oldest first; the newest is
	// used when a create omits the version. An entry may carry the patch
	// ("1.31.4") that the mock reports as the latest of its minor.
	Versions []string
	// DefaultKubeProxyMode is used when kubeProxyMode is omitted at create
	// or reset; empty => "iptables".
	DefaultKubeProxyMode string
	// ForceKubeProxyMode, when set, is given to every created or reset
	// cluster whatever was asked, as in a public report against the real API.
	ForceKubeProxyMode string
	// CanonicalDurations makes the mock re-render every duration canonically
	// (PT60S -> PT1M, PT90S -> PT1M30S), on top of the always-on PT0S -> P0D,
	// so that a client comparing durations as strings is caught.
	CanonicalDurations bool
	// Timings of the lifecycles; the zero value means TestTimings(). Set a
	// single field to 1ns to make a transition practically instant.
	Timings Timings
	Faults  Faults
	// Flavors are the node flavors of every region (GET /flavors, and the
	// flavorName a node pool may have); empty => DefaultFlavors(). A
	// flavor's empty Category becomes the first letter of its name, an
	// empty State "available".
	Flavors []Flavor
	// RegionFlavors replaces Flavors for the regions it names.
	RegionFlavors map[string][]Flavor
	// NodePoolZonesOptional accepts a node pool creation that leaves out
	// availabilityZones. By default the key is mandatory in every region:
	// the API has refused its absence even on a 1-AZ region.
	NodePoolZonesOptional bool
	// CiliumOnFree is what a creation, reset or PUT /customization carrying
	// a cilium key gets on a Free-plan cluster, which the public sources do
	// not tell: CiliumOnFreeAccept (the default: stored as on a
	// Standard-plan cluster, since the schema does not refuse it and no
	// report shows the API refusing it) or CiliumOnFreeRefuse (a 400).
	CiliumOnFree string
	// ResetNodePools is what a reset with workerNodesPolicy "delete" does to
	// the cluster's node pools, on which the public sources are silent:
	// ResetKeepNodePools (the default) or ResetDeleteNodePools.
	ResetNodePools string
	// NodePageSize is how many nodes a page of GET /node and GET
	// /nodepool/{nodePoolId}/nodes holds when the request has no
	// X-Pagination-Size header; 0 => DefaultNodePageSize.
	NodePageSize int
	// Etcd is what GET /metrics/etcdUsage answers for every cluster that
	// SetEtcdUsage gave no values of its own; nil => DefaultEtcdUsage().
	Etcd *EtcdUsage
	// LogStreams are the Logs Data Platform streams (of LogService) that a
	// log subscription may name; empty => DefaultLogStreams.
	LogStreams []string
	// FailingLogStreams are streams whose subscription operations end in
	// FAILURE, the subscription then gone; they need not be in LogStreams
	// to be refused that way, but must be to be accepted at all.
	FailingLogStreams []string
	// Now is the mock's clock: lifecycles, timestamps, /auth/time and the
	// signature freshness window all follow it. nil => time.Now.
	Now func() time.Time
}

// DefaultNodePageSize is the page size of the node lists when neither the
// request nor Options.NodePageSize sets one. The API's own default is not
// published.
const DefaultNodePageSize = 100

// Timings are the durations of the lifecycle transitions. Statuses advance
// lazily from timestamps, so a fake Options.Now drives them too.
type Timings struct {
	NotFoundAfterCreate time.Duration // GET of a new cluster answers 404 for this long
	Install             time.Duration // INSTALLING -> READY (after NotFoundAfterCreate)
	Update              time.Duration // UPDATING -> READY (customization, version)
	Reset               time.Duration // RESETTING -> READY
	Redeploy            time.Duration // REDEPLOYING -> READY (private network, load balancer subnet)
	Delete              time.Duration // DELETING -> gone (404)
	// Node pools; a zero field takes the cluster timing named after it.
	// NotFoundAfterCreate applies to new node pools too.
	NodePoolInstall time.Duration // INSTALLING -> READY (after NotFoundAfterCreate); 0 => Install
	NodePoolResize  time.Duration // UPSCALING, DOWNSCALING -> READY; 0 => Update
	NodePoolUpdate  time.Duration // UPDATING -> READY (template, autoscaling...); 0 => Update
	NodePoolDelete  time.Duration // DELETING -> gone (404); 0 => Delete
	// LogOperation is how long the LDP operation of a log subscription's
	// creation or deletion takes: PENDING for its first third, then
	// RUNNING, then SUCCESS; 0 => Redeploy.
	LogOperation time.Duration
	// StaleRead is how long, after a mutating request, reads still answer
	// with the values from before it (status READY included), as the real
	// API does. The transition above starts once it is over. 0 = off.
	StaleRead time.Duration
	// StaleStatus is how long, after a change of the IP restrictions or of
	// the OIDC configuration (POST, PUT, DELETE), reads of the cluster
	// still show the status it had before the change (READY), counted from
	// the request, while the redeploy runs and changes under the cluster
	// are refused with 409: the real API does not reliably show these
	// redeploys in the cluster's status. Only the status lags; the other
	// fields follow StaleRead. The lag never outlasts the transition: the
	// status it ends in (READY, or OIDCLifecycle.End) shows at once. So a
	// StaleStatus of StaleRead+Redeploy or more hides the REDEPLOYING of
	// these changes entirely (StaleRead+Install for an OIDC creation
	// through INSTALLING), and one no longer than StaleRead changes
	// nothing. SaveState does not keep the lag. 0 = off.
	StaleStatus time.Duration
}

// TestTimings are short enough for unit tests yet long enough for a poller
// to observe every transient status.
func TestTimings() Timings {
	return Timings{
		NotFoundAfterCreate: 5 * time.Millisecond,
		Install:             40 * time.Millisecond,
		Update:              30 * time.Millisecond,
		Reset:               30 * time.Millisecond,
		Redeploy:            30 * time.Millisecond,
		Delete:              30 * time.Millisecond,
		NodePoolInstall:     40 * time.Millisecond,
		NodePoolResize:      30 * time.Millisecond,
		NodePoolUpdate:      20 * time.Millisecond,
		NodePoolDelete:      30 * time.Millisecond,
		LogOperation:        30 * time.Millisecond,
		// Off: a window of milliseconds would only make a client that
		// mishandles stale reads fail at random. Tests of that quirk set
		// a StaleRead longer than the client's first poll.
		StaleRead: 0,
		// Off for the same reason; tests of that quirk set their own.
		StaleStatus: 0,
	}
}

// DemoTimings make the lifecycles visible to a person watching a demo.
func DemoTimings() Timings {
	return Timings{
		NotFoundAfterCreate: 1 * time.Second,
		Install:             8 * time.Second,
		Update:              4 * time.Second,
		Reset:               6 * time.Second,
		Redeploy:            4 * time.Second,
		Delete:              4 * time.Second,
		NodePoolInstall:     8 * time.Second,
		NodePoolResize:      6 * time.Second,
		NodePoolUpdate:      4 * time.Second,
		NodePoolDelete:      4 * time.Second,
		LogOperation:        3 * time.Second,
		StaleRead:           1 * time.Second,
	}
}

// Faults injects failures. All rates are fractions in [0, 1]; the zero value
// injects nothing.
//
// Whether a request fails is a function of Seed and of the request, not of
// the order in which requests arrive: a hash of Seed, the method, the route
// template, the cluster the request concerns and the number of earlier
// requests with that same method, route and cluster. The cluster is known by
// its name: the one in a creation's body, or the one the cluster named in
// the path had when it was created (its id when the mock never knew it).
// Clients working on different clusters in parallel therefore meet the same
// faults on every run as long as each cluster sees the same sequence of
// requests; clusters sharing a name share one sequence. A request about a
// node pool or one of its nodes is also keyed by the pool, known by its
// name in the same way (the one in a pool creation's body, or the one the
// pool was created with), so each pool has a sequence of its own. Each draw is
// compared with its rate, so a higher rate fails a superset of the requests
// a lower rate fails. Whether a new cluster fails to install is likewise a
// function of Seed, its project, its name and how many clusters of that
// name came before it.
//
// A non-zero Seed also makes generated cluster ids a function of Seed, the
// project, the name and how many ids that name was given before, so that
// the paths of the requests, faulted ones included, are the same on every
// run; node pool ids likewise derive from the cluster's and the pool's
// names, node ids and names from their pool and how many nodes it had
// before. With Seed 0, ids are random, as the API's are.
type Faults struct {
	Seed                int64
	ServerErrorRate     float64       // API requests (not /auth/time) answered 500/502/503 before anything happens
	RateLimitRate       float64       // API requests (not /auth/time) answered 429 with Retry-After
	RetryAfter          time.Duration // Retry-After of 429 answers, rounded up to seconds; 0 => 1s
	Latency             time.Duration // added to every request
	AppliedThenFailRate float64       // mutating requests that are applied but answered 502
	InstallErrorRate    float64       // creations whose cluster ends in ERROR instead of READY
	// NodePoolInstallErrorRate is the fraction of new node pools ending in
	// ERROR instead of READY, drawn from Seed, the project, the cluster's
	// name, the pool's name and how many pools of that name the cluster
	// had before.
	NodePoolInstallErrorRate float64
}

// Values of Options.CiliumOnFree.
const (
	CiliumOnFreeRefuse = "refuse"
	CiliumOnFreeAccept = "accept"
)

// Values of Options.ResetNodePools.
const (
	ResetKeepNodePools   = "keep"   // pools stay; their nodes are replaced by new ones (new ids)
	ResetDeleteNodePools = "delete" // pools are deleted with their nodes
)

// Validate reports options New would refuse.
func (o Options) Validate() error {
	var errs []error
	if _, err := parseVersions(o.Versions); err != nil {
		errs = append(errs, err)
	}
	for _, mode := range []string{o.DefaultKubeProxyMode, o.ForceKubeProxyMode} {
		if mode != "" && !slices.Contains(kubeProxyModes, mode) {
			errs = append(errs, fmt.Errorf("kube-proxy mode %q is not one of %s", mode, strings.Join(kubeProxyModes, ", ")))
		}
	}
	rates := []struct {
		name string
		rate float64
	}{
		{"server error rate", o.Faults.ServerErrorRate},
		{"rate limit rate", o.Faults.RateLimitRate},
		{"applied-then-fail rate", o.Faults.AppliedThenFailRate},
		{"install error rate", o.Faults.InstallErrorRate},
		{"node pool install error rate", o.Faults.NodePoolInstallErrorRate},
	}
	for _, r := range rates {
		if r.rate < 0 || r.rate > 1 {
			errs = append(errs, fmt.Errorf("%s %v is outside [0, 1]", r.name, r.rate))
		}
	}
	for _, p := range o.Projects {
		if p == "" || strings.Contains(p, "/") {
			errs = append(errs, fmt.Errorf("project %q is not a valid service name", p))
		}
	}
	if p := o.ResetNodePools; p != "" && p != ResetKeepNodePools && p != ResetDeleteNodePools {
		errs = append(errs, fmt.Errorf("reset node pool policy %q is not %s or %s", p, ResetKeepNodePools, ResetDeleteNodePools))
	}
	if p := o.CiliumOnFree; p != "" && p != CiliumOnFreeRefuse && p != CiliumOnFreeAccept {
		errs = append(errs, fmt.Errorf("cilium-on-free policy %q is not %s or %s", p, CiliumOnFreeRefuse, CiliumOnFreeAccept))
	}
	if o.NodePageSize < 0 {
		errs = append(errs, fmt.Errorf("node page size %d is negative", o.NodePageSize))
	}
	if o.Etcd != nil {
		if err := o.Etcd.validate(); err != nil {
			errs = append(errs, err)
		}
	}
	for _, s := range append(slices.Clone(o.LogStreams), o.FailingLogStreams...) {
		if !validUUID(s) {
			errs = append(errs, fmt.Errorf("log stream %q is not a uuid", s))
		}
	}
	errs = append(errs, o.validateFlavors()...)
	return errors.Join(errs...)
}

// withDefaults fills every empty option; the caller has validated them.
func (o Options) withDefaults() Options {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&o.ApplicationKey, DefaultApplicationKey)
	def(&o.ApplicationSecret, DefaultApplicationSecret)
	def(&o.ConsumerKey, DefaultConsumerKey)
	def(&o.AccessToken, DefaultAccessToken)
	def(&o.DefaultKubeProxyMode, "iptables")
	o.Projects = slices.Clone(o.Projects)
	if len(o.Projects) == 0 {
		o.Projects = DefaultProjects()
	}
	o.Regions = slices.Clone(o.Regions)
	if len(o.Regions) == 0 {
		o.Regions = slices.Clone(DefaultRegions)
	}
	o.Versions = slices.Clone(o.Versions)
	if len(o.Versions) == 0 {
		o.Versions = slices.Clone(DefaultVersions)
	}
	if o.Timings == (Timings{}) {
		o.Timings = TestTimings()
	}
	t := &o.Timings
	for _, d := range []struct {
		pool    *time.Duration
		cluster time.Duration
	}{
		{&t.NodePoolInstall, t.Install}, {&t.NodePoolResize, t.Update},
		{&t.NodePoolUpdate, t.Update}, {&t.NodePoolDelete, t.Delete}, {&t.LogOperation, t.Redeploy},
	} {
		if *d.pool == 0 {
			*d.pool = d.cluster
		}
	}
	o.LogStreams = slices.Clone(o.LogStreams)
	if len(o.LogStreams) == 0 {
		o.LogStreams = slices.Clone(DefaultLogStreams)
	}
	if o.NodePageSize == 0 {
		o.NodePageSize = DefaultNodePageSize
	}
	def(&o.ResetNodePools, ResetKeepNodePools)
	def(&o.CiliumOnFree, CiliumOnFreeAccept)
	o.Flavors, o.RegionFlavors = withFlavorDefaults(o.Flavors, o.RegionFlavors)
	etcd := DefaultEtcdUsage()
	if o.Etcd != nil {
		etcd = *o.Etcd
	}
	o.Etcd = &etcd // a copy: the caller's value may change
	if o.Faults.RetryAfter <= 0 {
		o.Faults.RetryAfter = time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// versions knows the supported minors and the latest patch of each.
type versions struct {
	minors []string       // "1.31", oldest first
	latest map[string]int // minor -> latest patch
}

func parseVersions(list []string) (versions, error) {
	if len(list) == 0 {
		list = DefaultVersions
	}
	v := versions{latest: map[string]int{}}
	for _, s := range list {
		minor, patch, hasPatch, ok := splitVersion(s)
		if !ok {
			return v, fmt.Errorf("version %q is not of the form 1.NN or 1.NN.P", s)
		}
		if _, dup := v.latest[minor]; dup {
			return v, fmt.Errorf("version %s is listed twice", minor)
		}
		if !hasPatch {
			patch = defaultPatch(minor)
		}
		v.minors = append(v.minors, minor)
		v.latest[minor] = patch
	}
	if !slices.IsSortedFunc(v.minors, compareMinors) {
		return v, fmt.Errorf("versions %s are not sorted oldest first", strings.Join(v.minors, ", "))
	}
	return v, nil
}

// splitVersion splits "1.31.4" into ("1.31", 4, true) and "1.31" into
// ("1.31", 0, false).
func splitVersion(s string) (minor string, patch int, hasPatch, ok bool) {
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 || parts[0] != "1" {
		return "", 0, false, false
	}
	for _, p := range parts {
		if _, err := strconv.Atoi(p); err != nil || p == "" || p[0] == '+' || p[0] == '-' {
			return "", 0, false, false
		}
	}
	minor = parts[0] + "." + parts[1]
	if len(parts) == 3 {
		patch, _ = strconv.Atoi(parts[2])
		return minor, patch, true, true
	}
	return minor, 0, false, true
}

func compareMinors(a, b string) int {
	ma, _ := strconv.Atoi(strings.TrimPrefix(a, "1."))
	mb, _ := strconv.Atoi(strings.TrimPrefix(b, "1."))
	return ma - mb
}

// defaultPatch invents a stable, plausible latest patch for a minor, so that
// "1.31" is reported as a full version without configuration.
func defaultPatch(minor string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(minor, "1."))
	return n%7 + 1
}

func (v versions) newest() string { return v.minors[len(v.minors)-1] }

// full returns the latest patch of a minor; one no longer supported (from a
// preloaded cluster) gets an invented one.
func (v versions) full(minor string) string {
	patch, ok := v.latest[minor]
	if !ok {
		patch = defaultPatch(minor)
	}
	return minor + "." + strconv.Itoa(patch)
}

// next returns the supported minor that follows the given one, if any.
func (v versions) next(minor string) (string, bool) {
	for _, m := range v.minors {
		if compareMinors(m, minor) > 0 {
			return m, true
		}
	}
	return "", false
}

// fill sets the fields that derive from the version: what it can be
// upgraded to and whether it runs the latest patch.
func (v versions) fill(c *Cluster) {
	minor, patch, _, ok := splitVersion(c.Version)
	c.NextUpgradeVersions = nil
	if next, found := v.next(minor); ok && found {
		c.NextUpgradeVersions = []string{next}
	}
	latest, supported := v.latest[minor]
	c.IsUpToDate = ok && supported && patch >= latest
	c.ControlPlaneIsUpToDate = c.IsUpToDate
}
