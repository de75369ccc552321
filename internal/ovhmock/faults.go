package ovhmock

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
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
	u := hashDraw(m.opts.Faults.Seed, "request", k.method, k.route, k.project, k.kind, k.value, strconv.Itoa(n))
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
}

func newIDRegistry() idRegistry {
	return idRegistry{names: map[string]string{}, issued: map[string]int{}}
}

// idKey joins a project and a name or id; a service name has no "/", so the
// join is unambiguous.
func idKey(project, s string) string { return project + "/" + s }

func (r idRegistry) clone() idRegistry {
	out := newIDRegistry()
	for k, v := range r.names {
		out.names[k] = v
	}
	for k, v := range r.issued {
		out.issued[k] = v
	}
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
