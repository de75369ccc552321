package acctest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/apischema"
)

// conformance records the kube requests a mock serves, with their bodies and
// answers, and holds them to the published schema (internal/apischema) when
// the test ends: every request body the provider sends and every 2xx answer
// the mock gives, so that the whole acceptance suite is the corpus of both.
type conformance struct {
	next http.Handler

	mu       sync.Mutex
	problems map[string]int // problem -> occurrences
	seen     int
}

func newConformance(next http.Handler) *conformance {
	return &conformance{next: next, problems: map[string]int{}}
}

func (c *conformance) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/1.0/") || !apischema.IsKube(r.URL.Path) {
		c.next.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	c.next.ServeHTTP(rec, r)
	c.check(r.Method, r.URL.Path, body, rec.status, rec.body.Bytes())
}

func (c *conformance) check(method, path string, body []byte, status int, answer []byte) {
	table := apischema.MustLoad()
	var problems []string
	op, ok := table.Find(method, path)
	if !ok {
		problems = append(problems, fmt.Sprintf("%s %s: the published schema has no such operation", method, path))
	} else {
		problems = append(problems, table.ValidateRequest(op, body)...)
		if status >= 200 && status < 300 {
			problems = append(problems, table.ValidateAnswer(op, answer)...)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen++
	for _, p := range problems {
		c.problems[p]++
	}
}

// report fails tb with every problem that no allowance covers, and logs the
// others.
func (c *conformance) report(tb testing.TB) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ps := make([]string, 0, len(c.problems))
	for p := range c.problems {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	for _, p := range ps {
		line := fmt.Sprintf("%s (%d time(s))", p, c.problems[p])
		if a, ok := apischema.Allowed(p); ok {
			tb.Logf("schema: allowed (%s: %s): %s", a.Area, a.Reason, line)
			continue
		}
		tb.Errorf("schema: %s", line)
	}
}

type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
