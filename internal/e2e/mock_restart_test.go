package e2e

import (
	"errors"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// serveAt serves m at addr until stop is called or the test ends.
func serveAt(t *testing.T, m *ovhmock.Mock, addr string) (stop func()) {
	t.Helper()
	var ln net.Listener
	var err error
	// The port was just released by the previous mock: retry briefly.
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(m)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.Close
}

// TestAccE2E_planAfterMockRestart applies a cluster with a node pool, IP
// restrictions and OIDC against a mock that keeps a state file, stops the
// mock as `make mock` stops (the state saved on exit), starts a new one from
// that file at the same address, and plans: the plan is empty and sends
// nothing but reads, as it would have before the restart.
func TestAccE2E_planAfterMockRestart(t *testing.T) {
	t.Parallel()
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	stateFile := filepath.Join(t.TempDir(), "state.json")
	opts := ovhmock.Options{Timings: ovhmock.TestTimings()}

	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := probe.Addr().String()
	probe.Close()
	first := ovhmock.New(opts)
	stopFirst := serveAt(t, first, addr)
	w := acctest.NewWorkdir(t, binary, providerDir, "http://"+addr+"/1.0", waitsConfig(`["203.0.113.0/24", "198.51.100.7", "2001:db8::/64"]`))
	w.Run(acctest.MockCredentials, "apply", "-auto-approve", "-no-color", "-input=false")
	c := acctest.OnlyCluster(t, first)
	ips, _ := first.IPRestrictions(ovhmock.DefaultProject, c.ID)
	oidc, hasOIDC := first.OIDC(ovhmock.DefaultProject, c.ID)
	if len(ips) != 3 || !hasOIDC {
		t.Fatalf("before the restart the mock holds IP restrictions %v and OIDC %v (%+v): the test would prove nothing", ips, hasOIDC, oidc)
	}

	// What cmd/ovhmock does on SIGTERM: stop serving, then save the state.
	stopFirst()
	f, err := os.Create(stateFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.SaveState(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	// And what it does at start: load the state, then serve.
	second := ovhmock.New(opts)
	f, err = os.Open(stateFile)
	if err != nil {
		t.Fatal(err)
	}
	err = second.LoadState(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	serveAt(t, second, addr)
	acctest.GuardState(t, second, w)

	out, err := w.Try(acctest.MockCredentials, "plan", "-detailed-exitcode", "-no-color", "-input=false")
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		t.Errorf("the plan after a restart of the mock is not empty:\n%s", planSummary(out))
	} else if err != nil {
		t.Fatalf("plan after the restart: %v\n%s", err, acctest.Tail(out, 4000))
	}
	// The IP restrictions and OIDC changes moved the cluster's updatedAt
	// after its kubeconfig was stored: the refresh fetches the kubeconfig
	// once, a read, to check that no kubeconfig reset revoked it.
	fetches := 0
	for _, r := range second.Requests() {
		if r.Method == "POST" && r.Route == acctest.RouteKubeconfig {
			fetches++
			continue
		}
		if r.Method != "GET" {
			t.Errorf("the plan after the restart sent %s %s", r.Method, r.Path)
		}
	}
	if fetches > 1 {
		t.Errorf("the plan after the restart fetched the kubeconfig %d times, want at most once", fetches)
	}
	if got, _ := second.OIDC(ovhmock.DefaultProject, c.ID); got.IssuerURL != oidc.IssuerURL || got.ClientID != oidc.ClientID {
		t.Errorf("OIDC after the restart: %+v, want %+v", got, oidc)
	}
	w.Run(acctest.MockCredentials, "destroy", "-auto-approve", "-no-color", "-input=false")
}
