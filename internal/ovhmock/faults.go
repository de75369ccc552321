package ovhmock

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Values of Request.Fault: which injected fault, if any, decided the answer.
const (
	FaultServerError     = "server_error"      // answered 500, 502 or 503 before anything happened
	FaultRateLimited     = "rate_limited"      // answered 429 with Retry-After
	FaultAppliedThenFail = "applied_then_fail" // the change was applied, then answered 502
)

// faultDraw is the fate of one API request.
type faultDraw struct {
	serverError     int // 0, or the 5xx status to answer with
	rateLimited     bool
	appliedThenFail bool
}

// faultKey names the requests that share a sequence of draws. It leaves out
// everything that depends on arrival order or on the run (cluster ids under
// a zero seed, query ids, times), so that the requests of one cluster meet
// the same draws however they interleave with those of other clusters.
type faultKey struct {
	method, route string
	project       string
	kind          string // "", "name" or "id": what value is
	value         string // the cluster's name, or its id when no name is known
	// The node pool of a pool or node route, likewise: poolKind "" (none),
	// "name" or "id".
	poolKind, pool string
}

// hashDraw returns four uniform 64-bit values that are a function of the
// seed and the parts only. Each part is length-prefixed so that no two
// different lists of parts hash alike.
func hashDraw(seed int64, parts ...string) [4]uint64 {
	h := sha256.New()
	var buf [binary.MaxVarintLen64]byte
	binary.BigEndian.PutUint64(buf[:8], uint64(seed))
	h.Write(buf[:8])
	for _, p := range parts {
		n := binary.PutUvarint(buf[:], uint64(len(p)))
		h.Write(buf[:n])
		h.Write([]byte(p))
	}
	sum := h.Sum(nil)
	var out [4]uint64
	for i := range out {
		out[i] = binary.BigEndian.Uint64(sum[8*i:])
	}
	return out
}

// unit maps a uniform 64-bit value to a uniform float in [0, 1).
func unit(u uint64) float64 {
	return float64(u>>11) / (1 << 53)
}

// requestFaultKey identifies the cluster a request concerns by a key that is
// the same on every run: the name in a creation's body, or the name the
// cluster named in the path was created with. The caller holds m.mu.
func (m *Mock) requestFaultKey(r *http.Request, rt *route, params map[string]string, body []byte) faultKey {
	k := faultKey{method: r.Method, route: r.URL.EscapedPath(), project: params["serviceName"]}
	if rt == nil {
		return k
	}
	k.route = rt.pattern
	if id, ok := params["kubeId"]; ok {
		if name, known := m.ids.names[idKey(k.project, id)]; known {
			k.kind, k.value = "name", name
		} else {
			k.kind, k.value = "id", id
		}
		k.poolKind, k.pool = m.poolFaultKey(k.project, id, rt, params, body)
		return k
	}
	if rt.method == http.MethodPost && rt.pattern == kubeRoute {
		var req struct {
			Name json.RawMessage `json:"name"`
		}
		var name string
		if json.Unmarshal(body, &req) == nil && json.Unmarshal(req.Name, &name) == nil {
			k.kind, k.value = "name", name
		}
	}
	return k
}

// drawFaults decides the fate of a request from a hash of the seed, its key
// and how many requests with that key came before it, never from arrival
// order. Each draw is compared with its rate, so a higher rate fails a
// superset of the requests a lower rate fails. The caller holds m.mu.
func (m *Mock) drawFaults(k faultKey) faultDraw {
	n := m.occurrences[k]
	m.occurrences[k] = n + 1
	parts := []string{"request", k.method, k.route, k.project, k.kind, k.value}
	if k.poolKind != "" {
		parts = append(parts, "pool", k.poolKind, k.pool)
	}
	u := hashDraw(m.opts.Faults.Seed, append(parts, strconv.Itoa(n))...)
	f := m.opts.Faults
	var d faultDraw
	if unit(u[0]) < f.ServerErrorRate {
		d.serverError = []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}[u[3]%3]
	}
	d.rateLimited = unit(u[1]) < f.RateLimitRate
	d.appliedThenFail = unit(u[2]) < f.AppliedThenFailRate
	return d
}

// drawInstallFailure decides whether a new cluster will end in ERROR, from
// its project, its name and how many clusters of that name were created
// before it. The caller holds m.mu.
func (m *Mock) drawInstallFailure(project, name string, occurrence int) bool {
	u := hashDraw(m.opts.Faults.Seed, "install", project, name, strconv.Itoa(occurrence))
	return unit(u[0]) < m.opts.Faults.InstallErrorRate
}

// retryAfter is the pause a 429 asks for: Retry-After carries whole seconds,
// so the configured duration is rounded up.
func (m *Mock) retryAfter() time.Duration {
	return (m.opts.Faults.RetryAfter + time.Second - 1).Truncate(time.Second)
}

// idRegistry remembers every cluster id the mock has known, with the name the
// cluster had then, so that a request about a cluster has the same fault key
// before and after its deletion, and no id is ever given twice.
type idRegistry struct {
	names  map[string]string // idKey(project, id) -> name at creation
	issued map[string]int    // idKey(project, name) -> ids generated for that name
	// Node pools and nodes, keyed by childKey(project, kubeId, id): the
	// name of the pool at its creation.
	pools, nodes map[string]string
	poolsIssued  map[string]int // childKey(project, cluster name, pool name) -> pool ids generated
	nodesIssued  map[string]int // childKey(project, kubeId, pool id) -> nodes generated
}

func newIDRegistry() idRegistry {
	return idRegistry{
		names: map[string]string{}, issued: map[string]int{},
		pools: map[string]string{}, nodes: map[string]string{},
		poolsIssued: map[string]int{}, nodesIssued: map[string]int{},
	}
}

// idKey joins a project and a name or id; a service name has no "/", so the
// join is unambiguous.
func idKey(project, s string) string { return project + "/" + s }

func (r idRegistry) clone() idRegistry {
	out := newIDRegistry()
	for k, v := range r.names {
		out.names[k] = v
	}
	maps.Copy(out.issued, r.issued)
	maps.Copy(out.pools, r.pools)
	maps.Copy(out.nodes, r.nodes)
	maps.Copy(out.poolsIssued, r.poolsIssued)
	maps.Copy(out.nodesIssued, r.nodesIssued)
	return out
}

func (r idRegistry) register(project, id, name string) {
	r.names[idKey(project, id)] = name
}

// newID returns a fresh cluster id for a cluster of that name, and the
// occurrence of the name it was derived from. Under a non-zero seed the id
// is a function of the seed, the project, the name and the occurrence, so
// that the paths of a run, the faulted ones included, are the same on every
// run; otherwise it is random, as the API's are.
func (r idRegistry) newID(seed int64, project, name string, taken func(string) bool) (string, int) {
	for {
		n := r.issued[idKey(project, name)]
		r.issued[idKey(project, name)] = n + 1
		var b [16]byte
		if seed == 0 {
			b = randomUUIDBytes()
		} else {
			u := hashDraw(seed, "id", project, name, strconv.Itoa(n))
			binary.BigEndian.PutUint64(b[:8], u[0])
			binary.BigEndian.PutUint64(b[8:], u[1])
		}
		id := formatUUID(b)
		if _, known := r.names[idKey(project, id)]; !known && !taken(id) {
			return id, n
		}
	}
}

// formatUUID shapes 16 bytes as a version 4 UUID, the form of cluster ids.
func formatUUID(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// childKey joins the parts of a node pool or node key; each part is length
// prefixed, since names may contain any character.
func childKey(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(strconv.Itoa(len(p)))
		b.WriteByte(':')
		b.WriteString(p)
	}
	return b.String()
}

func (r idRegistry) registerPool(project, kubeID, id, name string) {
	r.pools[childKey(project, kubeID, id)] = name
}

func (r idRegistry) registerNode(project, kubeID, id, poolName string) {
	r.nodes[childKey(project, kubeID, id)] = poolName
}

// newPoolID returns a fresh node pool id and the occurrence of the pool's
// name in its cluster, as newID does for clusters: under a non-zero seed, a
// function of the seed, the project, the cluster's name, the pool's name
// ("" when the creation gives none) and the occurrence.
func (r idRegistry) newPoolID(seed int64, project, clusterName, name string, taken func(string) bool) (string, int) {
	key := childKey(project, clusterName, name)
	for {
		n := r.poolsIssued[key]
		r.poolsIssued[key] = n + 1
		b := randomUUIDBytes()
		if seed != 0 {
			b = seededBytes(seed, "nodepool-id", project, clusterName, name, strconv.Itoa(n))
		}
		if id := formatUUID(b); !taken(id) {
			return id, n
		}
	}
}

// newNode returns a fresh node id, instance id and name suffix (6 hex
// digits), seeded by the pool and how many nodes it had before.
func (r idRegistry) newNode(seed int64, project, kubeID, poolID string, taken func(string) bool) (id, instance, suffix string) {
	key := childKey(project, kubeID, poolID)
	for {
		n := r.nodesIssued[key]
		r.nodesIssued[key] = n + 1
		a, b := randomUUIDBytes(), randomUUIDBytes()
		if seed != 0 {
			a = seededBytes(seed, "node-id", project, kubeID, poolID, strconv.Itoa(n))
			b = seededBytes(seed, "node-instance", project, kubeID, poolID, strconv.Itoa(n))
		}
		if id := formatUUID(a); !taken(id) {
			return id, formatUUID(b), fmt.Sprintf("%x", b[13:])
		}
	}
}

func seededBytes(seed int64, parts ...string) [16]byte {
	u := hashDraw(seed, parts...)
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], u[0])
	binary.BigEndian.PutUint64(b[8:], u[1])
	return b
}

// poolFaultKey names the node pool a request under a cluster concerns: the
// name the pool of the path (or of the node of the path) was created with,
// or the name in a pool creation's body. The caller holds m.mu.
func (m *Mock) poolFaultKey(project, kubeID string, rt *route, params map[string]string, body []byte) (kind, value string) {
	lookup := func(names map[string]string, id string) (string, string) {
		if name, known := names[childKey(project, kubeID, id)]; known {
			return "name", name
		}
		return "id", id
	}
	if id, ok := params["nodePoolId"]; ok {
		return lookup(m.ids.pools, id)
	}
	if id, ok := params["nodeId"]; ok {
		return lookup(m.ids.nodes, id)
	}
	if rt.method == http.MethodPost && rt.pattern == nodePoolRoute {
		var req struct {
			Name json.RawMessage `json:"name"`
		}
		var name string
		if json.Unmarshal(body, &req) == nil && json.Unmarshal(req.Name, &name) == nil {
			return "name", name
		}
	}
	return "", ""
}

// drawPoolInstallFailure decides whether a new node pool will end in
// ERROR. The caller holds m.mu.
func (m *Mock) drawPoolInstallFailure(project, clusterName, name string, occurrence int) bool {
	u := hashDraw(m.opts.Faults.Seed, "nodepool-install", project, clusterName, name, strconv.Itoa(occurrence))
	return unit(u[0]) < m.opts.Faults.NodePoolInstallErrorRate
}
