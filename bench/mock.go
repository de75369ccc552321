package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// mockSwitch serves the current mock, so that a scenario can move from the
// instant mock of its setup to the measured one on the same endpoint. It also
// notes which cluster or node pool each creation made, which the request log
// does not say.
type mockSwitch struct {
	cur atomic.Pointer[ovhmock.Mock]

	mu      sync.Mutex
	created map[string]time.Time // cluster or node pool id -> when its POST reached the mock
}

func (s *mockSwitch) set(m *ovhmock.Mock) {
	s.mu.Lock()
	s.created = map[string]time.Time{}
	s.mu.Unlock()
	s.cur.Store(m)
}

func (s *mockSwitch) mock() *ovhmock.Mock { return s.cur.Load() }

func (s *mockSwitch) creations() map[string]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]time.Time, len(s.created))
	for k, v := range s.created {
		out[k] = v
	}
	return out
}

func (s *mockSwitch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m := s.cur.Load()
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/kube") && !strings.HasSuffix(r.URL.Path, "/nodepool") {
		m.ServeHTTP(w, r)
		return
	}
	at := time.Now()
	rec := &teeWriter{ResponseWriter: w}
	m.ServeHTTP(rec, r)
	var k struct {
		ID string `json:"id"`
	}
	if rec.status == http.StatusOK && json.Unmarshal(rec.body.Bytes(), &k) == nil && k.ID != "" {
		s.mu.Lock()
		s.created[k.ID] = at
		s.mu.Unlock()
	}
}

type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (t *teeWriter) WriteHeader(code int) {
	t.status = code
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(p []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	t.body.Write(p)
	return t.ResponseWriter.Write(p)
}
