package ovhmock_test

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/ovh/go-ovh/ovh"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

func TestServerErrorFault(t *testing.T) {
	e := newEnv(t, ovhmock.Options{Faults: ovhmock.Faults{Seed: 7, ServerErrorRate: 1}})
	seen := map[int]bool{}
	for range 30 {
		// go-ovh's first call is /auth/time, which faults spare: every
		// failure below is the API request itself.
		err := e.client.Post(e.kube, map[string]any{"region": "GRA7"}, nil)
		var apiErr *ovh.APIError
		if !errors.As(err, &apiErr) || apiErr.QueryID == "" {
			t.Fatalf("error = %v", err)
		}
		want := map[int]string{500: "Server::InternalServerError", 502: "Server::BadGateway", 503: "Server::ServiceUnavailable"}[apiErr.Code]
		if want == "" || apiErr.Class != want {
			t.Fatalf("error = %d %s", apiErr.Code, apiErr.Class)
		}
		seen[apiErr.Code] = true
	}
	if len(seen) != 3 {
		t.Fatalf("statuses seen: %v, want 500, 502 and 503", seen)
	}
	if n := len(e.mock.Clusters(e.project())); n != 0 {
		t.Fatalf("a request failed before anything happened created %d clusters", n)
	}
	if counts := e.mock.Counts(); counts["GET /auth/time"] != 1 {
		t.Fatalf("counts = %v", counts)
	}
}

func TestRateLimitFault(t *testing.T) {
	for _, tt := range []struct {
		retryAfter time.Duration
		header     string
	}{{0, "1"}, {1500 * time.Millisecond, "2"}, {3 * time.Second, "3"}} {
		e := newEnv(t, ovhmock.Options{Faults: ovhmock.Faults{RateLimitRate: 1, RetryAfter: tt.retryAfter}})
		resp, body := e.do(e.signed("GET", e.kube, ""))
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != tt.header {
			t.Fatalf("RetryAfter %v: %d, Retry-After %q; want 429, %q", tt.retryAfter, resp.StatusCode, resp.Header.Get("Retry-After"), tt.header)
		}
		if class, _ := errorBody(t, body); class != "Client::TooManyRequests" {
			t.Fatalf("class = %s", class)
		}
	}
}

// faultSequence returns the status of 80 identical requests.
func faultSequence(t *testing.T, seed int64) []int {
	t.Helper()
	e := newEnv(t, ovhmock.Options{Faults: ovhmock.Faults{Seed: seed, ServerErrorRate: 0.3, RateLimitRate: 0.2}})
	var statuses []int
	for range 80 {
		var ids []string
		err := e.client.Get(e.kube, &ids)
		var apiErr *ovh.APIError
		switch {
		case err == nil:
			statuses = append(statuses, http.StatusOK)
		case errors.As(err, &apiErr):
			statuses = append(statuses, apiErr.Code)
		default:
			t.Fatal(err)
		}
	}
	return statuses
}

func TestFaultsAreReproducibleFromTheSeed(t *testing.T) {
	a, b, other := faultSequence(t, 42), faultSequence(t, 42), faultSequence(t, 43)
	if !slices.Equal(a, b) {
		t.Fatalf("same seed, different faults:\n%v\n%v", a, b)
	}
	if slices.Equal(a, other) {
		t.Fatal("another seed gave the same faults")
	}
	kinds := map[int]int{}
	for _, s := range a {
		kinds[s/100*100]++
		if s == http.StatusTooManyRequests {
			kinds[429]++
		}
	}
	if kinds[200] == 0 || kinds[500] == 0 || kinds[429] == 0 {
		t.Fatalf("statuses %v: want successes, 5xx and 429", a)
	}
}

func TestLatencyFault(t *testing.T) {
	e := newEnv(t, ovhmock.Options{Faults: ovhmock.Faults{Latency: 40 * time.Millisecond}})
	start := time.Now()
	if resp, _ := e.do(raw{method: "GET", path: "/auth/time"}); resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Fatalf("answered in %v, want at least 40ms", d)
	}
}

func TestAppliedThenFailFault(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{Faults: ovhmock.Faults{AppliedThenFailRate: 1}})
	err := e.client.Post(e.kube, map[string]any{"region": "GRA7", "name": "ghost"}, nil)
	wantAPIError(t, err, http.StatusBadGateway, "Server::BadGateway", "")
	clusters := e.mock.Clusters(e.project())
	if len(clusters) != 1 || clusters[0].Name != "ghost" {
		t.Fatalf("the failed creation must still create the cluster: %+v", clusters)
	}
	id := clusters[0].ID
	e.clock.Advance(slowTimings.NotFoundAfterCreate + slowTimings.Install)

	// Reads are not affected, nor is the read-only kubeconfig POST.
	var ids []string
	if err := e.client.Get(e.kube, &ids); err != nil || !slices.Equal(ids, []string{id}) {
		t.Fatalf("list = %v, %v", ids, err)
	}
	var kc map[string]string
	if err := e.client.Post(e.path(id, "/kubeconfig"), nil, &kc); err != nil {
		t.Fatal(err)
	}

	// A change is applied, then answered 502.
	err = e.client.Put(e.path(id, "/customization"), map[string]any{"kubeProxy": map[string]any{"ipvs": map[string]any{"scheduler": "nq"}}}, nil)
	wantAPIError(t, err, http.StatusBadGateway, "Server::BadGateway", "")
	if got := e.get(id); got.Status != "UPDATING" || got.Customization.KubeProxy.IPVS.Scheduler != "nq" {
		t.Fatalf("after the failed PUT: %+v", got)
	}
	// A refused change keeps its real answer.
	e.clock.Advance(slowTimings.Update)
	err = e.client.Put(e.path(id), map[string]any{"name": 1}, nil)
	wantAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "[name]")
}

func TestInstallErrorFault(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{Faults: ovhmock.Faults{InstallErrorRate: 1}})
	c := e.create(map[string]any{"region": "GRA7"})
	e.clock.Advance(slowTimings.NotFoundAfterCreate)
	if s := e.status(c.ID); s != "INSTALLING" {
		t.Fatalf("status = %s, want INSTALLING", s)
	}
	e.clock.Advance(slowTimings.Install)
	if s := e.status(c.ID); s != "ERROR" {
		t.Fatalf("status = %s, want ERROR", s)
	}
	if err := e.client.Delete(e.path(c.ID), nil); err != nil {
		t.Fatalf("deleting a failed cluster: %v", err)
	}
}

func TestInvalidOptionsPanic(t *testing.T) {
	for _, opts := range []ovhmock.Options{
		{Versions: []string{"1.34", "1.33"}},
		{Versions: []string{"2.0"}},
		{DefaultKubeProxyMode: "nftables"},
		{Faults: ovhmock.Faults{ServerErrorRate: 1.5}},
		{Projects: []string{"a/b"}},
	} {
		if opts.Validate() == nil {
			t.Errorf("Validate accepted %+v", opts)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New accepted %+v", opts)
				}
			}()
			ovhmock.New(opts)
		}()
	}
}
