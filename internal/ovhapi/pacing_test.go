package ovhapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

type arrival struct {
	key string // "METHOD escaped-path"
	at  time.Time
}

// TestRetryAfterPausesTheWholeClient checks that a Retry-After answer to one
// request holds back every request of the same Client, whatever its path and
// whichever goroutine sends it: the API rate-limits the account, not the
// path, so a call that kept going would only earn more 429s for all.
func TestRetryAfterPausesTheWholeClient(t *testing.T) {
	const (
		limitedKey = "GET " + kubePathK1
		listKey    = "GET /1.0/cloud/project/p/kube"
		otherKey   = "GET /1.0/cloud/project/p/kube/k2"
		policyKey  = "PUT /1.0/cloud/project/p/kube/k3/updatePolicy"
	)
	var (
		mu       sync.Mutex
		arrivals []arrival
		t429     time.Time
	)
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, n int) {
		now := time.Now()
		key := r.Method + " " + r.URL.EscapedPath()
		mu.Lock()
		arrivals = append(arrivals, arrival{key, now})
		limit := key == limitedKey && n == 1
		if limit {
			t429 = now
		}
		mu.Unlock()
		switch {
		case limit:
			w.Header().Set("Retry-After", "1")
			apiError(w, http.StatusTooManyRequests)
		case key == listKey:
			answerJSON(w, 200, `["k1","k2","k3"]`)
		case r.Method == http.MethodGet:
			answerJSON(w, 200, kubeJSON)
		default:
			w.WriteHeader(http.StatusOK)
		}
	})
	c := f.client(t, fastRetry)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// Other resources keep calling the API from their own goroutines, on
	// other paths and with other methods, before, during and after the pause.
	loops := map[string]func() error{
		listKey:   func() error { _, err := c.ListKubes(ctx, "p"); return err },
		otherKey:  func() error { _, err := c.GetKube(ctx, "p", "k2"); return err },
		policyKey: func() error { return c.SetUpdatePolicy(ctx, "p", "k3", "NEVER_UPDATE") },
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	// Deferred rather than left to t.Cleanup: the loops must end before the
	// server that newFakeAPI closes in its cleanup.
	defer func() {
		select {
		case <-stop:
		default:
			close(stop)
		}
		wg.Wait()
	}()
	for key, call := range loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := call(); err != nil {
					t.Errorf("%s: %v", key, err)
					return
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
	}
	// waitFor polls the arrivals until cond holds for them.
	waitFor := func(what string, cond func([]arrival) bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			mu.Lock()
			ok := cond(arrivals)
			mu.Unlock()
			if ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	everyLoopSince := func(since func() time.Time) func([]arrival) bool {
		return func(as []arrival) bool {
			from := since()
			seen := map[string]bool{}
			for _, a := range as {
				if !a.at.Before(from) {
					seen[a.key] = true
				}
			}
			for key := range loops {
				if !seen[key] {
					return false
				}
			}
			return true
		}
	}
	waitFor("every loop to reach the server", everyLoopSince(func() time.Time { return time.Time{} }))

	if _, err := c.GetKube(ctx, "p", "k1"); err != nil {
		t.Fatalf("GetKube after a 429: %v", err)
	}
	mu.Lock()
	limitedAt := t429
	mu.Unlock()
	if limitedAt.IsZero() {
		t.Fatal("the server never answered 429")
	}
	// The pause must end for everyone, not only for the call that met the 429.
	waitFor("every loop to resume after the pause", everyLoopSince(func() time.Time { return limitedAt.Add(900 * time.Millisecond) }))
	close(stop)
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	// The pause starts when the client reads the 429, just after limitedAt,
	// and lasts a second: requests already on their way may land in the first
	// moments, none may land in the rest of that second.
	from, to := limitedAt.Add(100*time.Millisecond), limitedAt.Add(900*time.Millisecond)
	var during []string
	retries := 0
	for _, a := range arrivals {
		if !a.at.Before(from) && !a.at.After(to) {
			during = append(during, fmt.Sprintf("%s at +%v", a.key, a.at.Sub(limitedAt).Round(time.Millisecond)))
		}
		if a.key == limitedKey && a.at.After(limitedAt) {
			retries++
			if d := a.at.Sub(limitedAt); d < 900*time.Millisecond {
				t.Errorf("the rate-limited request was retried %v after the 429, want about 1s (Retry-After: 1)", d)
			}
		}
	}
	if len(during) > 0 {
		t.Errorf("%d requests reached the server during the pause that Retry-After: 1 asked for, first:\n%s", len(during), strings.Join(during[:min(len(during), 5)], "\n"))
	}
	if retries != 1 {
		t.Errorf("the rate-limited request was retried %d times, want once", retries)
	}
}
