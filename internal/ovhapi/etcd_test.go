package ovhapi

import (
	"context"
	"net/http"
	"testing"
)

// GetEtcdUsage reads both values in bytes, beyond 32 bits, from the
// cluster's metrics path; a missing cluster is a not-found error.
func TestGetEtcdUsage(t *testing.T) {
	const path = kubePathK1 + "/metrics/etcdUsage"
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.EscapedPath() != path {
			apiError(w, 404)
			return
		}
		answerJSON(w, 200, `{"quota":8589934592,"usage":6871947674}`)
	})
	c := f.client(t, fastRetry)
	u, err := c.GetEtcdUsage(context.Background(), "p", "k1")
	if err != nil {
		t.Fatal(err)
	}
	if u.Quota != 8589934592 || u.Usage != 6871947674 {
		t.Errorf("GetEtcdUsage = %+v", u)
	}
	if got := f.count("GET", path); got != 1 {
		t.Errorf("%d GET %s, want 1", got, path)
	}
	if _, err := c.GetEtcdUsage(context.Background(), "p", "k2"); !IsNotFound(err) {
		t.Errorf("missing cluster: error %v, want a not-found error", err)
	}
}
