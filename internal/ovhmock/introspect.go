package ovhmock

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// serveIntrospection answers the /_mock/ endpoints that let a test or a CI
// job read the mock from outside a Go process. They need no authentication
// and are neither logged nor subject to faults.
func (m *Mock) serveIntrospection(w http.ResponseWriter, r *http.Request) {
	res := result{status: http.StatusOK}
	var v any
	switch r.Method + " " + r.URL.Path {
	case "GET /_mock/requests":
		v = m.Requests()
	case "GET /_mock/counts":
		v = m.Counts()
	case "GET /_mock/state":
		var buf bytes.Buffer
		if err := m.SaveState(&buf); err != nil {
			res = errorResult(err)
		} else {
			res.body = buf.Bytes()
		}
	case "POST /_mock/requests/reset":
		m.ResetRequests()
		res.status = http.StatusNoContent
	default:
		res = errorResult(notFound("Got an invalid (or empty) URL"))
	}
	if v != nil {
		raw, err := json.Marshal(v)
		if err != nil {
			res = errorResult(err)
		} else {
			res.body = raw
		}
	}
	m.mu.Lock()
	res.queryID = m.nextQueryID(m.opts.Now())
	m.mu.Unlock()
	writeResult(w, res)
}
