package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ovh/go-ovh/ovh"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// argsEnv, when set, makes the test binary run the command itself with these
// arguments (one per line), for tests that signal a real process.
const argsEnv = "OVHMOCK_TEST_ARGS"

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(argsEnv); ok {
		os.Args = append([]string{"ovhmock"}, strings.Split(args, "\n")...)
		os.Exit(exitCode())
	}
	os.Exit(m.Run())
}

// lockedBuffer collects what the server logs from its goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// server is one run of the command.
type server struct {
	env    map[string]string
	lines  []string
	stderr *lockedBuffer
	stop   func() error // cancels the run and returns its error
}

func start(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	s := &server{env: map[string]string{}, stderr: &lockedBuffer{}}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, stdoutW, s.stderr)
		stdoutW.CloseWithError(io.EOF)
		done <- err
	}()
	// The environment ends with the default project, in either form.
	scanner := bufio.NewScanner(stdoutR)
	for scanner.Scan() {
		line := scanner.Text()
		s.lines = append(s.lines, line)
		if strings.HasPrefix(line, "unset ") {
			continue
		}
		key, value, _ := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		s.env[key] = value
		if key == "OVH_CLOUD_PROJECT_SERVICE" {
			break
		}
	}
	if _, ok := s.env["OVH_CLOUD_PROJECT_SERVICE"]; !ok {
		cancel()
		t.Fatalf("printed %q, then: %v; stderr: %s", s.lines, <-done, s.stderr)
	}
	go func() { _, _ = io.Copy(io.Discard, stdoutR) }()
	var once sync.Once
	var runErr error
	s.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the server did not stop")
			}
		})
		return runErr
	}
	t.Cleanup(func() { _ = s.stop() })
	return s
}

func (s *server) client(t *testing.T) *ovh.Client {
	t.Helper()
	c, err := ovh.NewClient(s.env["OVH_ENDPOINT"], s.env["OVH_APPLICATION_KEY"], s.env["OVH_APPLICATION_SECRET"], s.env["OVH_CONSUMER_KEY"])
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestServeSaveAndReload(t *testing.T) {
	dir := t.TempDir()
	// The state goes into a folder that does not exist yet; the env file
	// replaces one that anybody could read.
	state, envFile := filepath.Join(dir, ".mock", "state.json"), filepath.Join(dir, "mock.env")
	if err := os.WriteFile(envFile, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{
		"-listen", "127.0.0.1:0", "-timings", "test", "-projects", "p1,p2",
		"-application-key", "ak", "-application-secret", "as-s3cr3t", "-consumer-key", "ck-s3cr3t", "-access-token", "tok-s3cr3t",
		"-state", state, "-env-file", envFile,
	}
	s := start(t, args...)

	endpoint := s.env["OVH_ENDPOINT"]
	if !strings.HasPrefix(endpoint, "http://127.0.0.1:") || !strings.HasSuffix(endpoint, "/1.0") {
		t.Fatalf("endpoint = %q", endpoint)
	}
	want := "unset OVH_ACCESS_TOKEN OVH_CLIENT_ID OVH_CLIENT_SECRET\n" +
		"export OVH_ENDPOINT=" + endpoint + "\n" +
		"export OVH_APPLICATION_KEY=ak\n" +
		"export OVH_APPLICATION_SECRET=as-s3cr3t\n" +
		"export OVH_CONSUMER_KEY=ck-s3cr3t\n" +
		"export OVH_CLOUD_PROJECT_SERVICE=p1\n"
	if got := strings.Join(s.lines, "\n") + "\n"; got != want {
		t.Fatalf("printed:\n%s\nwant:\n%s", got, want)
	}
	written, err := os.ReadFile(envFile)
	if err != nil || string(written) != want {
		t.Fatalf("env file = %q, %v", written, err)
	}

	client := s.client(t)
	var created ovhmock.Cluster
	if err := client.Post("/cloud/project/p1/kube", map[string]any{"region": "GRA7", "name": "kept"}, &created); err != nil {
		t.Fatal(err)
	}
	// The token is not printed, but accepted.
	bearer, _ := ovh.NewAccessTokenClient(endpoint, "tok-s3cr3t")
	var ids []string
	if err := bearer.Get("/cloud/project/p2/kube", &ids); err != nil {
		t.Fatalf("bearer token: %v", err)
	}
	if err := s.stop(); err != nil {
		t.Fatalf("run returned %v", err)
	}

	logged := s.stderr.String()
	if !strings.Contains(logged, "POST /1.0/cloud/project/p1/kube 200") || !strings.Contains(logged, "GET /1.0/auth/time 200") {
		t.Fatalf("stderr does not log the requests:\n%s", logged)
	}
	if strings.Contains(logged, "s3cr3t") || strings.Contains(logged, "$1$") {
		t.Fatalf("stderr leaks a credential or a signature:\n%s", logged)
	}
	if want := "stopped; state saved to " + state + " (1 cluster)\n"; !strings.HasSuffix(logged, want) {
		t.Fatalf("stderr does not end with %q:\n%s", want, logged)
	}
	for _, f := range []string{state, envFile} {
		wantMode(t, f, 0o600)
	}

	var saved struct {
		Projects map[string]struct{ Clusters []ovhmock.Cluster }
	}
	raw, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &saved); err != nil {
		t.Fatal(err)
	}
	if cl := saved.Projects["p1"].Clusters; len(cl) != 1 || cl[0].ID != created.ID {
		t.Fatalf("saved state = %s", raw)
	}

	// A second run preloads the file.
	s2 := start(t, args...)
	if err := s2.client(t).Get("/cloud/project/p1/kube", &ids); err != nil || len(ids) != 1 || ids[0] != created.ID {
		t.Fatalf("after restart: %v, %v", ids, err)
	}
	var c ovhmock.Cluster
	if err := s2.client(t).Get("/cloud/project/p1/kube/"+created.ID, &c); err != nil || c.Name != "kept" {
		t.Fatalf("after restart: %+v, %v", c, err)
	}
	if err := s2.stop(); err != nil {
		t.Fatal(err)
	}
}

func wantMode(t *testing.T, file string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Fatalf("%s has mode %v, want %v", file, got, want)
	}
}

// TestPrintedEnvironment checks each form of the printed environment for
// each authentication method: exactly one method's variables, which the
// mock accepts; the shell form, sourced by bash, also removes the other
// methods' variables (exporting both gets "Conflicting OVHcloud
// credentials" from the provider) and survives quotes in a credential.
func TestPrintedEnvironment(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatal("bash, which the Makefile needs too, is not on PATH")
	}
	const token = "it's a token"
	for _, tt := range []struct {
		form, auth string
		want       string // {{endpoint}} stands for the endpoint
	}{
		{"shell", "key", `unset OVH_ACCESS_TOKEN OVH_CLIENT_ID OVH_CLIENT_SECRET
export OVH_ENDPOINT={{endpoint}}
export OVH_APPLICATION_KEY=mock-application-key
export OVH_APPLICATION_SECRET=mock-application-secret
export OVH_CONSUMER_KEY=mock-consumer-key
export OVH_CLOUD_PROJECT_SERVICE=0123456789abcdef0123456789abcdef
`},
		{"shell", "token", `unset OVH_APPLICATION_KEY OVH_APPLICATION_SECRET OVH_CONSUMER_KEY OVH_CLIENT_ID OVH_CLIENT_SECRET
export OVH_ENDPOINT={{endpoint}}
export OVH_ACCESS_TOKEN='it'\''s a token'
export OVH_CLOUD_PROJECT_SERVICE=0123456789abcdef0123456789abcdef
`},
		{"dotenv", "key", `OVH_ENDPOINT={{endpoint}}
OVH_APPLICATION_KEY=mock-application-key
OVH_APPLICATION_SECRET=mock-application-secret
OVH_CONSUMER_KEY=mock-consumer-key
OVH_CLOUD_PROJECT_SERVICE=0123456789abcdef0123456789abcdef
`},
		{"dotenv", "token", `OVH_ENDPOINT={{endpoint}}
OVH_ACCESS_TOKEN=it's a token
OVH_CLOUD_PROJECT_SERVICE=0123456789abcdef0123456789abcdef
`},
	} {
		t.Run(tt.form+"_"+tt.auth, func(t *testing.T) {
			envFile := filepath.Join(t.TempDir(), "env")
			s := start(t, "-listen", "127.0.0.1:0", "-timings", "test", "-access-token", token,
				"-print-env", tt.form, "-print-auth", tt.auth, "-env-file", envFile)
			endpoint := strings.Trim(s.env["OVH_ENDPOINT"], "'")
			want := strings.ReplaceAll(tt.want, "{{endpoint}}", endpoint)
			if got := strings.Join(s.lines, "\n") + "\n"; got != want {
				t.Fatalf("printed:\n%s\nwant:\n%s", got, want)
			}
			written, err := os.ReadFile(envFile)
			if err != nil || string(written) != want {
				t.Fatalf("env file = %q, %v; want what was printed", written, err)
			}
			wantMode(t, envFile, 0o600)

			// What a user's session ends up with, starting from leftovers
			// of every method.
			got := map[string]string{}
			if tt.form == "shell" {
				cmd := exec.Command(bash, "-c", `. "$1" && env`, "bash", envFile)
				cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "OVH_ACCESS_TOKEN=real", "OVH_APPLICATION_KEY=real",
					"OVH_APPLICATION_SECRET=real", "OVH_CONSUMER_KEY=real", "OVH_CLIENT_ID=real", "OVH_CLIENT_SECRET=real"}
				out, err := cmd.Output()
				if err != nil {
					t.Fatalf("sourcing the env file: %v", err)
				}
				for _, line := range strings.Split(string(out), "\n") {
					if k, v, _ := strings.Cut(line, "="); strings.HasPrefix(k, "OVH_") {
						got[k] = v
					}
				}
			} else {
				got = s.env
			}
			wantEnv := map[string]string{"OVH_ENDPOINT": endpoint, "OVH_CLOUD_PROJECT_SERVICE": ovhmock.DefaultProject}
			if tt.auth == "token" {
				wantEnv["OVH_ACCESS_TOKEN"] = token
			} else {
				wantEnv["OVH_APPLICATION_KEY"] = ovhmock.DefaultApplicationKey
				wantEnv["OVH_APPLICATION_SECRET"] = ovhmock.DefaultApplicationSecret
				wantEnv["OVH_CONSUMER_KEY"] = ovhmock.DefaultConsumerKey
			}
			if !maps.Equal(got, wantEnv) {
				t.Fatalf("environment = %v, want %v", got, wantEnv)
			}

			// The credentials work.
			var client *ovh.Client
			if tt.auth == "token" {
				client, err = ovh.NewAccessTokenClient(endpoint, got["OVH_ACCESS_TOKEN"])
			} else {
				client, err = ovh.NewClient(endpoint, got["OVH_APPLICATION_KEY"], got["OVH_APPLICATION_SECRET"], got["OVH_CONSUMER_KEY"])
			}
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			if err := client.Get("/cloud/project/"+got["OVH_CLOUD_PROJECT_SERVICE"]+"/kube", &ids); err != nil {
				t.Fatalf("with the printed credentials: %v", err)
			}
		})
	}
}

func TestFlagsReachTheMock(t *testing.T) {
	const (
		installTime = 250 * time.Millisecond
		latency     = 60 * time.Millisecond
		seed        = 3
	)
	s := start(t, "-listen", "127.0.0.1:0", "-timings", "test", "-versions", "1.33,1.34",
		"-force-kube-proxy-mode", "ipvs", "-canonical-durations", "-create-time", installTime.String(),
		"-fault-seed", fmt.Sprint(seed), "-fault-latency", latency.String())
	endpoint := s.env["OVH_ENDPOINT"]
	if !strings.HasPrefix(endpoint, "http://127.0.0.1:") || strings.HasPrefix(endpoint, "http://127.0.0.1:0/") {
		t.Fatalf("-listen 127.0.0.1:0 serves at %s", endpoint)
	}

	// -fault-latency: every request, even /auth/time, takes at least that
	// long.
	sent := time.Now()
	resp, err := http.Get(endpoint + "/auth/time")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if d := time.Since(sent); resp.StatusCode != http.StatusOK || d < latency {
		t.Fatalf("/auth/time answered %d in %v, want 200 after at least %v", resp.StatusCode, d, latency)
	}

	client := s.client(t)
	kube := "/cloud/project/" + ovhmock.DefaultProject + "/kube"
	var c ovhmock.Cluster
	body := map[string]any{"region": "GRA7", "name": "flags", "kubeProxyMode": "iptables", "customization": map[string]any{
		"kubeProxy": map[string]any{"iptables": map[string]any{"syncPeriod": "PT60S"}},
	}}
	posted := time.Now()
	if err := client.Post(kube, body, &c); err != nil {
		t.Fatal(err)
	}
	created := time.Now()
	// -versions makes 1.34 the newest; -force-kube-proxy-mode overrides the
	// mode asked for; -canonical-durations re-renders PT60S.
	if c.Version != "1.34.7" || c.KubeProxyMode != "ipvs" || c.Customization.KubeProxy.IPTables.SyncPeriod != "PT1M" {
		t.Fatalf("created = %+v", c)
	}

	// -fault-seed: ids derive from the seed and the name, as in a mock
	// built with that seed.
	for _, tt := range []struct {
		seed int64
		same bool
	}{{seed, true}, {seed + 1, false}} {
		ref := ovhmock.New(ovhmock.Options{Faults: ovhmock.Faults{Seed: tt.seed}})
		if err := ref.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{Name: "flags"}); err != nil {
			t.Fatal(err)
		}
		if id := ref.Clusters(ovhmock.DefaultProject)[0].ID; (id == c.ID) != tt.same {
			t.Fatalf("seed %d gives id %s to cluster flags; the server gave %s", tt.seed, id, c.ID)
		}
	}

	// -create-time with -timings test: the cluster is visible after 5ms and
	// READY after the install time, on the server's clock, which is this
	// process's. A READY answer can only come once both have passed since
	// the POST was sent, and any GET sent once they have passed since the
	// POST was answered must see READY. Before, the latency being longer
	// than 5ms, every GET sees INSTALLING (-timings demo would hide the
	// cluster for a second).
	visibleAndInstalled := ovhmock.TestTimings().NotFoundAfterCreate + installTime
	for {
		sentAt := time.Now()
		var got ovhmock.Cluster
		err := client.Get(kube+"/"+c.ID, &got)
		answeredAt := time.Now()
		status := got.Status
		if apiErr := (*ovh.APIError)(nil); errors.As(err, &apiErr) && apiErr.Code == http.StatusNotFound {
			status = "404"
		} else if err != nil {
			t.Fatal(err)
		}
		if status == "READY" {
			if answeredAt.Sub(posted) < visibleAndInstalled {
				t.Fatalf("READY %v after the POST, before the install time %v", answeredAt.Sub(posted), visibleAndInstalled)
			}
			break
		}
		if status != "INSTALLING" || sentAt.Sub(created) >= visibleAndInstalled {
			t.Fatalf("status %s %v after the creation; want INSTALLING, then READY after %v", status, sentAt.Sub(created), visibleAndInstalled)
		}
		time.Sleep(20 * time.Millisecond)
	}

	// Rates of 1 make every API request fail.
	s = start(t, "-listen", "127.0.0.1:0", "-fault-429-rate", "1", "-fault-retry-after", "2s")
	resp, err = http.Get(strings.TrimSuffix(s.env["OVH_ENDPOINT"], "/1.0") + "/1.0/cloud/project/x/kube")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" {
		t.Fatalf("status %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func TestBadCommandLines(t *testing.T) {
	for _, args := range [][]string{
		{"-timings", "fast"},
		{"-fault-5xx-rate", "2"},
		{"-fault-install-error-rate", "-1"},
		{"-default-kube-proxy-mode", "nftables"},
		{"-versions", "1.34,1.33"},
		{"-no-such-flag"},
		{"extra-argument"},
		{"-listen", "256.0.0.1:0"},
		{"-reset-node-pools", "maybe"},
		{"-fault-nodepool-install-error-rate", "2"},
		{"-flavors", "b3-8,b3-8"},
		{"-cilium-on-free", "maybe"},
		{"-print-env", "json"},
		{"-print-auth", "oauth2"},
		{"-access-token", "two\nlines"},
		{"-stale-status", "-1s"},
		{"-node-page-size", "-1"},
		{"-node-page-size", "many"},
		{"-etcd-quota", "-1"},
		{"-etcd-usage", "-1"},
		{"-etcd-usage", "80%"},
		{"-log-streams", "not-a-uuid"},
		{"-log-failing-streams", "x"},
		{"-log-operation-time", "-1s"},
	} {
		var stderr bytes.Buffer
		if err := run(context.Background(), args, io.Discard, &stderr); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
	if err := run(context.Background(), []string{"-h"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "help") {
		t.Errorf("-h returned %v, want flag.ErrHelp", err)
	}
}

// TestStaleStatusFlag: -stale-status sets Timings.StaleStatus on top of
// -timings, refuses a negative duration, and the served mock keeps a
// cluster reading READY while a change of its IP restrictions redeploys it.
func TestStaleStatusFlag(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want ovhmock.Timings
	}{
		{nil, ovhmock.DemoTimings()},
		{[]string{"-stale-status", "3s"}, func() ovhmock.Timings { tm := ovhmock.DemoTimings(); tm.StaleStatus = 3 * time.Second; return tm }()},
		{[]string{"-timings", "test", "-stale-status", "3s"}, func() ovhmock.Timings { tm := ovhmock.TestTimings(); tm.StaleStatus = 3 * time.Second; return tm }()},
		{[]string{"-stale-status", "0"}, ovhmock.DemoTimings()},
	} {
		cfg, err := parseFlags(tt.args, io.Discard)
		if err != nil {
			t.Fatalf("parseFlags(%q): %v", tt.args, err)
		}
		if cfg.opts.Timings != tt.want {
			t.Errorf("parseFlags(%q): timings %+v, want %+v", tt.args, cfg.opts.Timings, tt.want)
		}
	}
	err := run(context.Background(), []string{"-listen", "127.0.0.1:0", "-stale-status", "-1s"}, io.Discard, io.Discard)
	if want := "-stale-status -1s: want a duration of 0 or more"; err == nil || err.Error() != want {
		t.Fatalf("-stale-status -1s: %v, want %q", err, want)
	}

	// A StaleStatus longer than the redeploy hides REDEPLOYING entirely:
	// every GET reads READY. When /_mock/state still shows the truth,
	// REDEPLOYING, after a GET and a node pool creation, both came during
	// the redeploy: the GET proves the lag, the creation must be a 409. The
	// redeploy lasts 30ms with -timings test; a machine too slow to see it
	// tries again.
	s := start(t, "-listen", "127.0.0.1:0", "-timings", "test", "-stale-status", "1h")
	client := s.client(t)
	kube := "/cloud/project/" + ovhmock.DefaultProject + "/kube"
	id := readyCluster(t, client, kube)
	pool := map[string]any{"flavorName": "b3-8", "availabilityZones": []string{}}
	busy := "Cluster " + id + " is in status REDEPLOYING; retry once it is READY"
	isBusy := func(err error) bool {
		var apiErr *ovh.APIError
		return errors.As(err, &apiErr) && apiErr.Code == http.StatusConflict && apiErr.Message == busy
	}
	readsReady := func() {
		t.Helper()
		var c ovhmock.Cluster
		if err := client.Get(kube+"/"+id, &c); err != nil {
			t.Fatal(err)
		}
		if c.Status != "READY" {
			t.Fatalf("status %s during the redeploy, want READY", c.Status)
		}
	}
	for attempt := 1; ; attempt++ {
		poll(t, "IP restrictions changed", func() (bool, error) {
			err := client.Put(kube+"/"+id+"/ipRestrictions", map[string]any{"ips": []string{"10.0.0.0/8"}}, nil)
			if isBusy(err) {
				return false, nil
			}
			return err == nil, err
		})
		readsReady()
		created := client.Post(kube+"/"+id+"/nodepool", pool, nil)
		if truthStatus(t, s.env["OVH_ENDPOINT"], ovhmock.DefaultProject, id) == "REDEPLOYING" {
			if !isBusy(created) {
				t.Fatalf("node pool creation during the redeploy: %v, want 409 %q", created, busy)
			}
			break
		}
		if created != nil && !isBusy(created) {
			t.Fatal(created)
		}
		if attempt == 20 {
			t.Fatal("the redeploy was over before /_mock/state could be read, 20 times")
		}
	}
	poll(t, "node pool created after the redeploy", func() (bool, error) {
		readsReady()
		err := client.Post(kube+"/"+id+"/nodepool", pool, nil)
		if isBusy(err) {
			return false, nil
		}
		return err == nil, err
	})
}

// truthStatus is a cluster's true status, read from /_mock/state.
func truthStatus(t *testing.T, endpoint, project, id string) string {
	t.Helper()
	resp, err := http.Get(strings.TrimSuffix(endpoint, "/1.0") + "/_mock/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var state struct {
		Projects map[string]struct{ Clusters []ovhmock.Cluster }
	}
	if err := json.NewDecoder(resp.Body).Decode(&state); err != nil {
		t.Fatal(err)
	}
	for _, c := range state.Projects[project].Clusters {
		if c.ID == id {
			return c.Status
		}
	}
	t.Fatalf("/_mock/state has no cluster %s in project %s", id, project)
	return ""
}

func TestBadStateFileStopsTheStart(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(state, []byte(`{"projects": {"p": {"clusters": [{"status": "SLEEPING"}]}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"-listen", "127.0.0.1:0", "-state", state}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "SLEEPING") {
		t.Fatalf("run = %v, want the state error", err)
	}
}

// poll asks until cond is true, on the server's clock, which is this
// process's.
func poll(t *testing.T, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		done, err := cond()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still waiting after 10s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func is404(err error) bool {
	var apiErr *ovh.APIError
	return errors.As(err, &apiErr) && apiErr.Code == http.StatusNotFound
}

// readyCluster creates a cluster and waits until it is READY.
func readyCluster(t *testing.T, client *ovh.Client, kube string) string {
	t.Helper()
	var c ovhmock.Cluster
	if err := client.Post(kube, map[string]any{"region": "GRA7"}, &c); err != nil {
		t.Fatal(err)
	}
	poll(t, "cluster READY", func() (bool, error) {
		var got ovhmock.Cluster
		err := client.Get(kube+"/"+c.ID, &got)
		if is404(err) {
			return false, nil
		}
		return got.Status == "READY", err
	})
	return c.ID
}

// poolStatus answers "404" for a pool the API does not show.
func poolStatus(client *ovh.Client, path string) (string, error) {
	var p ovhmock.NodePool
	err := client.Get(path, &p)
	if is404(err) {
		return "404", nil
	}
	return p.Status, err
}

// -etcd-quota and -etcd-usage: every cluster answers them, in bytes; the
// defaults are the mock's documented ones.
func TestEtcdFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want ovhmock.EtcdUsage
	}{
		{[]string{"-etcd-quota", "1000", "-etcd-usage", "850"}, ovhmock.EtcdUsage{Quota: 1000, Usage: 850}},
		{[]string{"-etcd-quota", "0", "-etcd-usage", "0"}, ovhmock.EtcdUsage{}},
		{[]string{"-etcd-usage", "1"}, ovhmock.EtcdUsage{Quota: ovhmock.DefaultEtcdQuota, Usage: 1}},
		{nil, ovhmock.DefaultEtcdUsage()},
	} {
		cfg, err := parseFlags(tt.args, io.Discard)
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		m := ovhmock.New(cfg.opts)
		if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{ID: "c1", Name: "c1", Region: "GRA7"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := m.EtcdUsage(ovhmock.DefaultProject, "c1"); got != tt.want {
			t.Errorf("%q: etcd usage %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

// -node-page-size: a page of nodes holds that many when the request sets
// no size; the default holds DefaultNodePageSize.
func TestNodePageSizeFlag(t *testing.T) {
	kube := "/cloud/project/" + ovhmock.DefaultProject + "/kube"
	for _, tt := range []struct {
		args  []string
		pages []int
	}{
		{[]string{"-node-page-size", "2"}, []int{2, 2, 1}},
		{nil, []int{5}},
	} {
		t.Run(fmt.Sprint(tt.args), func(t *testing.T) {
			s := start(t, append([]string{"-listen", "127.0.0.1:0", "-timings", "test", "-nodepool-zones-optional"}, tt.args...)...)
			client := s.client(t)
			id := readyCluster(t, client, kube)
			if err := client.Post(kube+"/"+id+"/nodepool", map[string]any{"flavorName": "b3-8", "desiredNodes": 5}, nil); err != nil {
				t.Fatal(err)
			}
			poll(t, "pool listed", func() (bool, error) {
				var pools []ovhmock.NodePool
				err := client.Get(kube+"/"+id+"/nodepool", &pools)
				return len(pools) == 1, err
			})
			var pages []int
			cursor := ""
			for range 10 {
				req, err := client.NewRequest(http.MethodGet, kube+"/"+id+"/node", nil, true)
				if err != nil {
					t.Fatal(err)
				}
				if cursor != "" {
					req.Header.Set("X-Pagination-Cursor", cursor)
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				var nodes []ovhmock.Node
				if err := client.UnmarshalResponse(resp, &nodes); err != nil {
					t.Fatal(err)
				}
				pages = append(pages, len(nodes))
				if cursor = resp.Header.Get("X-Pagination-Cursor-Next"); cursor == "" {
					break
				}
			}
			if fmt.Sprint(pages) != fmt.Sprint(tt.pages) {
				t.Errorf("pages of %v nodes, want %v", pages, tt.pages)
			}
		})
	}
}

// TestLogSubscriptionFlags: -log-streams sets the streams a subscription
// may name (others answer 404), -log-failing-streams those whose operation
// ends in FAILURE, -log-operation-time how long an operation takes.
func TestLogSubscriptionFlags(t *testing.T) {
	const known, failing = "0a4f3e1c-1111-4222-8333-944455556666", "0a4f3e1c-1111-4222-8333-944455556667"
	kube := "/cloud/project/" + ovhmock.DefaultProject + "/kube"
	s := start(t, "-listen", "127.0.0.1:0", "-timings", "test", "-log-streams", known+","+failing,
		"-log-failing-streams", failing, "-log-operation-time", "300ms")
	client := s.client(t)
	id := readyCluster(t, client, kube)
	subs := kube + "/" + id + "/log/subscription"
	err := client.Post(subs, map[string]string{"kind": "audit", "streamId": ovhmock.DefaultLogStreams[0]}, nil)
	if !isStatus(err, http.StatusNotFound) {
		t.Fatalf("a stream -log-streams leaves out: %v, want a 404", err)
	}
	operation := func(stream string) (state string, took time.Duration) {
		t.Helper()
		var reply struct{ OperationID, ServiceName string }
		poll(t, "creation accepted", func() (bool, error) {
			err := client.Post(subs, map[string]string{"kind": "audit", "streamId": stream}, &reply)
			if isStatus(err, http.StatusConflict) {
				return false, nil
			}
			return err == nil, err
		})
		start := time.Now()
		for {
			var op struct{ State string }
			if err := client.Get("/dbaas/logs/"+reply.ServiceName+"/operation/"+reply.OperationID, &op); err != nil {
				t.Fatal(err)
			}
			if op.State != "PENDING" && op.State != "RUNNING" {
				return op.State, time.Since(start)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if state, took := operation(known); state != "SUCCESS" || took < 200*time.Millisecond {
		t.Fatalf("operation on a known stream: %s after %v, want SUCCESS after about 300ms", state, took)
	}
	if state, _ := operation(failing); state != "FAILURE" {
		t.Fatalf("operation on a failing stream: %s, want FAILURE", state)
	}
}

func TestNodePoolFlags(t *testing.T) {
	const poolTime = 150 * time.Millisecond
	kube := "/cloud/project/" + ovhmock.DefaultProject + "/kube"
	s := start(t, "-listen", "127.0.0.1:0", "-timings", "test", "-flavors", "b3-8,x9-30", "-nodepool-zones-optional",
		"-reset-node-pools", "delete", "-fault-nodepool-install-error-rate", "1", "-nodepool-create-time", poolTime.String())
	client := s.client(t)
	id := readyCluster(t, client, kube)

	// -flavors: the list of every region, specs read from unknown names.
	var flavors []ovhmock.Flavor
	if err := client.Get(kube+"/"+id+"/flavors", &flavors); err != nil {
		t.Fatal(err)
	}
	want := []ovhmock.Flavor{
		{Name: "b3-8", Category: "b", State: "available", VCPUs: 2, RAM: 8},
		{Name: "x9-30", Category: "x", State: "available", VCPUs: 7, RAM: 30},
	}
	if fmt.Sprint(flavors) != fmt.Sprint(want) {
		t.Fatalf("flavors = %+v, want %+v", flavors, want)
	}

	// -nodepool-zones-optional: no availabilityZones needed.
	var p ovhmock.NodePool
	posted := time.Now()
	if err := client.Post(kube+"/"+id+"/nodepool", map[string]any{"flavorName": "x9-30", "name": "p"}, &p); err != nil {
		t.Fatal(err)
	}
	created := time.Now()
	// -nodepool-create-time and -fault-nodepool-install-error-rate: the
	// pool installs for that long, then fails.
	pool := kube + "/" + id + "/nodepool/" + p.ID
	poll(t, "pool ERROR", func() (bool, error) {
		sent := time.Now()
		status, err := poolStatus(client, pool)
		switch {
		case err != nil:
			return false, err
		case status == "ERROR" && time.Since(posted) < poolTime:
			return false, fmt.Errorf("ERROR %v after the POST, before %v", time.Since(posted), poolTime)
		case status == "ERROR":
			return true, nil
		case status != "404" && status != "INSTALLING":
			return false, fmt.Errorf("status %s", status)
		case sent.Sub(created) > poolTime+ovhmock.TestTimings().NotFoundAfterCreate:
			return false, fmt.Errorf("still %s %v after the creation", status, sent.Sub(created))
		}
		return false, nil
	})

	// -reset-node-pools delete: a reset deleting the nodes deletes the pools.
	if err := client.Post(kube+"/"+id+"/reset", map[string]any{"workerNodesPolicy": "delete"}, nil); err != nil {
		t.Fatal(err)
	}
	poll(t, "pool deleted", func() (bool, error) {
		status, err := poolStatus(client, pool)
		return status == "404", err
	})

	// Without the flags: zones are mandatory, the default flavors apply,
	// pools install and survive a reset.
	s = start(t, "-listen", "127.0.0.1:0", "-timings", "test")
	client = s.client(t)
	id = readyCluster(t, client, kube)
	err := client.Post(kube+"/"+id+"/nodepool", map[string]any{"flavorName": "b3-8", "name": "p"}, nil)
	var apiErr *ovh.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != http.StatusBadRequest || apiErr.Message != "[availabilityZones] availabilityZones is mandatory" {
		t.Fatalf("creation without zones: %v", err)
	}
	err = client.Post(kube+"/"+id+"/nodepool", map[string]any{"flavorName": "x9-30", "availabilityZones": []string{}}, nil)
	if !errors.As(err, &apiErr) || apiErr.Code != http.StatusBadRequest || !strings.Contains(apiErr.Message, "x9-30") {
		t.Fatalf("creation with an unknown flavor: %v", err)
	}
	if err := client.Post(kube+"/"+id+"/nodepool", map[string]any{"flavorName": "t1-45", "name": "p", "availabilityZones": []string{}}, &p); err != nil {
		t.Fatal(err)
	}
	pool = kube + "/" + id + "/nodepool/" + p.ID
	poll(t, "pool READY", func() (bool, error) {
		status, err := poolStatus(client, pool)
		return status == "READY", err
	})
	if err := client.Post(kube+"/"+id+"/reset", map[string]any{"workerNodesPolicy": "delete"}, nil); err != nil {
		t.Fatal(err)
	}
	poll(t, "pool READY after the reset", func() (bool, error) {
		status, err := poolStatus(client, pool)
		if status == "404" {
			return false, errors.New("the reset deleted the pool")
		}
		return status == "READY", err
	})
}

func TestNodePoolsSurviveARestart(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	args := []string{"-listen", "127.0.0.1:0", "-timings", "test", "-state", state}
	kube := "/cloud/project/" + ovhmock.DefaultProject + "/kube"
	s := start(t, args...)
	client := s.client(t)
	id := readyCluster(t, client, kube)
	var p ovhmock.NodePool
	if err := client.Post(kube+"/"+id+"/nodepool", map[string]any{"flavorName": "b3-8", "name": "kept", "desiredNodes": 2, "availabilityZones": []string{}}, &p); err != nil {
		t.Fatal(err)
	}
	poll(t, "pool READY", func() (bool, error) {
		status, err := poolStatus(client, kube+"/"+id+"/nodepool/"+p.ID)
		return status == "READY", err
	})
	var nodes []ovhmock.Node
	if err := client.Get(kube+"/"+id+"/node", &nodes); err != nil || len(nodes) != 2 {
		t.Fatalf("nodes = %v, %v", nodes, err)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}

	s = start(t, args...)
	client = s.client(t)
	var pools []ovhmock.NodePool
	if err := client.Get(kube+"/"+id+"/nodepool", &pools); err != nil || len(pools) != 1 || pools[0].ID != p.ID || pools[0].Status != "READY" {
		t.Fatalf("pools after restart = %+v, %v", pools, err)
	}
	var again []ovhmock.Node
	if err := client.Get(kube+"/"+id+"/node", &again); err != nil || len(again) != 2 || again[0].ID != nodes[0].ID || again[1].Name != nodes[1].Name {
		t.Fatalf("nodes after restart = %+v, %v", again, err)
	}
}

func TestCiliumOnFreeFlag(t *testing.T) {
	kube := "/cloud/project/" + ovhmock.DefaultProject + "/kube"
	cilium := map[string]any{"clusterId": 12, "hubble": map[string]any{"enabled": true, "relay": map[string]any{"enabled": false}}}
	body := map[string]any{"region": "GRA7", "name": "free-cilium", "customization": map[string]any{"cilium": cilium}}

	// By default a Free-plan cluster takes the cilium key, as the published
	// schema allows, and the state file keeps it.
	state := filepath.Join(t.TempDir(), "state.json")
	args := []string{"-listen", "127.0.0.1:0", "-timings", "test", "-state", state}
	s := start(t, args...)
	client := s.client(t)
	var c ovhmock.Cluster
	if err := client.Post(kube, body, &c); err != nil {
		t.Fatalf("cilium on a Free cluster by default: %v", err)
	}
	wantCustomization := mustMarshal(t, map[string]any{"cilium": cilium})
	if c.Plan != "free" || mustMarshal(t, c.Customization) != wantCustomization {
		t.Fatalf("created %s with customization %s, want free with %s", c.Plan, mustMarshal(t, c.Customization), wantCustomization)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	s = start(t, args...)
	var got map[string]any
	if err := s.client(t).Get(kube+"/"+c.ID+"/customization", &got); err != nil {
		t.Fatal(err)
	}
	if mustMarshal(t, got) != wantCustomization {
		t.Fatalf("customization after restart = %s, want %s", mustMarshal(t, got), wantCustomization)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}

	// -cilium-on-free refuse: a Free-plan cluster refuses the cilium key, a
	// Standard-plan one takes it.
	s = start(t, "-listen", "127.0.0.1:0", "-timings", "test", "-cilium-on-free", "refuse")
	client = s.client(t)
	err := client.Post(kube, body, nil)
	var apiErr *ovh.APIError
	want := "[customization.cilium] Cilium customization needs the standard plan; this cluster is on the free plan"
	if !errors.As(err, &apiErr) || apiErr.Code != http.StatusBadRequest || apiErr.Message != want {
		t.Fatalf("cilium on a Free cluster with -cilium-on-free refuse: %v, want 400 %q", err, want)
	}
	standard := map[string]any{"region": "GRA7", "plan": "standard", "customization": map[string]any{"cilium": cilium}}
	if err := client.Post(kube, standard, nil); err != nil {
		t.Fatalf("cilium on a Standard cluster: %v", err)
	}
}

// mustMarshal renders v as compact JSON with sorted keys, for comparisons.
func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var generic any
	if err := json.Unmarshal(raw, &generic); err != nil {
		t.Fatal(err)
	}
	raw, err = json.Marshal(generic)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// TestSIGTERM runs the command as a process with its defaults, as `make
// mock` does: the documented examples' placeholder project is known, and
// SIGTERM stops the process, which saves its state into a new folder with
// mode 0600, says so, and exits 0.
func TestSIGTERM(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, ".mock", "state.json")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), argsEnv+"="+strings.Join([]string{"-listen", "127.0.0.1:0", "-timings", "test", "-state", state}, "\n"))
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	env := map[string]string{}
	scanner := bufio.NewScanner(stdout)
	for env["OVH_CLOUD_PROJECT_SERVICE"] == "" && scanner.Scan() {
		k, v, _ := strings.Cut(strings.TrimPrefix(scanner.Text(), "export "), "=")
		env[k] = v
	}
	go func() {
		_, _ = io.Copy(io.Discard, stdout)
		exited <- cmd.Wait()
	}()
	if env["OVH_CLOUD_PROJECT_SERVICE"] == "" {
		t.Fatalf("no environment printed; stderr: %s", stderr)
	}
	client, err := ovh.NewClient(env["OVH_ENDPOINT"], env["OVH_APPLICATION_KEY"], env["OVH_APPLICATION_SECRET"], env["OVH_CONSUMER_KEY"])
	if err != nil {
		t.Fatal(err)
	}
	var c ovhmock.Cluster
	if err := client.Post("/cloud/project/"+ovhmock.ExampleProject+"/kube", map[string]any{"region": "GRA11", "name": "example"}, &c); err != nil {
		t.Fatalf("creation in the examples' project: %v", err)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		exited <- err // for the cleanup
		if err != nil {
			t.Fatalf("exit: %v; stderr: %s", err, stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10s after SIGTERM; stderr: %s", stderr)
	}
	if want := "stopped (terminated signal received); state saved to " + state + " (1 cluster)\n"; !strings.HasSuffix(stderr.String(), want) {
		t.Fatalf("stderr does not end with %q:\n%s", want, stderr)
	}
	wantMode(t, state, 0o600)
	raw, err := os.ReadFile(state)
	if err != nil || !strings.Contains(string(raw), c.ID) {
		t.Fatalf("state file: %v\n%s", err, raw)
	}
}

// isStatus reports an OVHcloud error answer with this status.
func isStatus(err error, code int) bool {
	var apiErr *ovh.APIError
	return errors.As(err, &apiErr) && apiErr.Code == code
}
