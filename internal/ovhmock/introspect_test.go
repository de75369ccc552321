package ovhmock_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

func TestRequestLogAndCounts(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.create(map[string]any{"region": "GRA7"})
	_ = e.client.Get(e.path(c.ID), nil)               // 404: not visible yet
	_ = e.client.Get("/cloud/project/x/nothing", nil) // unknown route

	want := []ovhmock.Request{
		{Method: "GET", Path: "/1.0/auth/time", Route: "/auth/time", Status: 200},
		{Method: "POST", Path: "/1.0" + e.kube, Route: "/cloud/project/{serviceName}/kube", Status: 200},
		{Method: "GET", Path: "/1.0" + e.path(c.ID), Route: "/cloud/project/{serviceName}/kube/{kubeId}", Status: 404},
		{Method: "GET", Path: "/1.0/cloud/project/x/nothing", Route: "", Status: 404},
	}
	got := e.mock.Requests()
	if len(got) != len(want) {
		t.Fatalf("log = %+v", got)
	}
	for i := range want {
		want[i].Time = e.clock.Now()
		if got[i] != want[i] {
			t.Fatalf("entry %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	jsonEqual(t, e.mock.Counts(), map[string]int{
		"GET /auth/time":                                 1,
		"POST /cloud/project/{serviceName}/kube":         1,
		"GET /cloud/project/{serviceName}/kube/{kubeId}": 1,
		"GET /1.0/cloud/project/x/nothing":               1,
	})

	// The same over HTTP, without credentials and without being logged.
	var overHTTP []ovhmock.Request
	getJSON(t, e.srv.URL+"/_mock/requests", &overHTTP)
	jsonEqual(t, overHTTP, got)
	var counts map[string]int
	getJSON(t, e.srv.URL+"/_mock/counts", &counts)
	jsonEqual(t, counts, e.mock.Counts())

	resp, err := http.Post(e.srv.URL+"/_mock/requests/reset", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("reset answered %d", resp.StatusCode)
	}
	if n := len(e.mock.Requests()); n != 0 {
		t.Fatalf("%d entries after reset", n)
	}
	if n := len(e.mock.Counts()); n != 0 {
		t.Fatalf("%d counters after reset", n)
	}

	var state struct {
		Projects map[string]struct{ Clusters []ovhmock.Cluster }
	}
	getJSON(t, e.srv.URL+"/_mock/state", &state)
	if cl := state.Projects[ovhmock.DefaultProject].Clusters; len(cl) != 1 || cl[0].ID != c.ID {
		t.Fatalf("state = %+v", state)
	}

	resp, err = http.Get(e.srv.URL + "/_mock/nothing")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || resp.Header.Get("X-Ovh-QueryID") == "" {
		t.Fatalf("unknown introspection path: %d", resp.StatusCode)
	}
	e.mock.ResetRequests()
	if n := len(e.mock.Requests()); n != 0 {
		t.Fatalf("%d entries after ResetRequests", n)
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Ovh-QueryID") == "" {
		t.Fatalf("GET %s: %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func TestSaveAndLoadState(t *testing.T) {
	a := newFakeEnv(t, ovhmock.Options{Projects: []string{"p1", "p2"}})
	one := a.createReady(map[string]any{"region": "GRA7", "name": "one", "customization": map[string]any{
		"kubeProxy": map[string]any{"iptables": map[string]any{"syncPeriod": "PT30S"}},
	}})
	if err := a.client.Post(a.path(one.ID, "/ipRestrictions"), map[string]any{"ips": []string{"203.0.113.0/24"}}, nil); err != nil {
		t.Fatal(err)
	}
	creds := a.kubeconfig(one.ID)
	if err := a.client.Post("/cloud/project/p2/kube", map[string]any{"region": "DE1"}, nil); err != nil {
		t.Fatal(err)
	}
	var saved bytes.Buffer
	if err := a.mock.SaveState(&saved); err != nil {
		t.Fatal(err)
	}

	b := newFakeEnv(t, ovhmock.Options{Projects: []string{"p1"}})
	if err := b.mock.AddCluster("p1", ovhmock.Cluster{ID: "replaced"}); err != nil {
		t.Fatal(err)
	}
	if err := b.mock.LoadState(bytes.NewReader(saved.Bytes())); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"p1", "p2"} {
		jsonEqual(t, b.mock.Clusters(p), a.mock.Clusters(p))
	}
	if _, ok := b.mock.Cluster("p1", "replaced"); ok {
		t.Fatal("LoadState kept a cluster the file does not have")
	}
	var ips []string
	if err := b.client.Get(b.path(one.ID, "/ipRestrictions"), &ips); err != nil || len(ips) != 1 || ips[0] != "203.0.113.0/24" {
		t.Fatalf("IP restrictions after load = %v, %v", ips, err)
	}
	if got := b.kubeconfig(one.ID); !got.ca.Equal(creds.ca) || got.client.CheckSignatureFrom(creds.ca) != nil {
		t.Fatal("the cluster's certificate authority did not survive the round trip")
	}
	// The cluster still INSTALLING in p2 completes after the load.
	installing := b.mock.Clusters("p2")[0]
	if installing.Status != "INSTALLING" {
		t.Fatalf("status = %s", installing.Status)
	}
	b.clock.Advance(slowTimings.Install)
	if got, _ := b.mock.Cluster("p2", installing.ID); got.Status != "READY" {
		t.Fatalf("status after install time = %s", got.Status)
	}
}

func TestLoadHandWrittenState(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	state := `{"projects": {"` + ovhmock.DefaultProject + `": {"clusters": [
		{"id": "c1", "region": "GRA7", "version": "1.34", "name": "kept"},
		{"id": "c2", "customization": {"kubeProxy": {"iptables": {"syncPeriod": "PT0S"}}}, "ipRestrictions": ["10.1.2.3"]}
	]}, "extra": {"clusters": []}}}`
	if err := e.mock.LoadState(strings.NewReader(state)); err != nil {
		t.Fatal(err)
	}
	c1 := e.get("c1")
	if c1.Status != "READY" || c1.Version != "1.34.7" || c1.Name != "kept" || c1.URL == "" ||
		c1.Plan != "free" || c1.KubeProxyMode != "iptables" || c1.NextUpgradeVersions[0] != "1.35" {
		t.Fatalf("c1 = %+v", c1)
	}
	c2 := e.get("c2")
	if c2.Name != "c2" || c2.Region != ovhmock.DefaultRegions[0] || c2.Customization.KubeProxy.IPTables.SyncPeriod != "P0D" {
		t.Fatalf("c2 = %+v", c2)
	}
	var ips []string
	if err := e.client.Get(e.path("c2", "/ipRestrictions"), &ips); err != nil || ips[0] != "10.1.2.3/32" {
		t.Fatalf("ips = %v, %v", ips, err)
	}
	var ids []string
	if err := e.client.Get("/cloud/project/extra/kube", &ids); err != nil || len(ids) != 0 {
		t.Fatalf("project from the file: %v, %v", ids, err)
	}
}

func TestLoadStateRefusesBadFiles(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.create(map[string]any{"region": "GRA7"})
	cluster := func(body string) string {
		return `{"projects": {"p": {"clusters": [` + body + `]}}}`
	}
	for name, state := range map[string]string{
		"not JSON":        `{"projects": `,
		"unknown member":  `{"projects": {}, "clusters": []}`,
		"unknown status":  cluster(`{"status": "SLEEPING"}`),
		"bad version":     cluster(`{"version": "2"}`),
		"bad duration":    cluster(`{"customization": {"kubeProxy": {"ipvs": {"syncPeriod": "30s"}}}}`),
		"bad IP block":    cluster(`{"ipRestrictions": ["somewhere"]}`),
		"bad credentials": cluster(`{"credentials": {"caCert": "x", "caKey": "x", "clientCert": "x", "clientKey": "x"}}`),
		"duplicate id":    cluster(`{"id": "a"}, {"id": "a"}`),
		"bad project":     `{"projects": {"a/b": {"clusters": []}}}`,
	} {
		if err := e.mock.LoadState(strings.NewReader(state)); err == nil {
			t.Errorf("%s: LoadState accepted %s", name, state)
		}
	}
	if _, ok := e.mock.Cluster(e.project(), c.ID); !ok {
		t.Fatal("a refused state file changed the mock")
	}
}

func TestAddModifyRemoveCluster(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	if err := e.mock.AddCluster("nope", ovhmock.Cluster{}); err == nil {
		t.Fatal("AddCluster accepted an unknown project")
	}
	if err := e.mock.AddCluster(e.project(), ovhmock.Cluster{Name: "preloaded", Region: "UK1"}); err != nil {
		t.Fatal(err)
	}
	clusters := e.mock.Clusters(e.project())
	if len(clusters) != 1 || len(clusters[0].ID) != 36 {
		t.Fatalf("clusters = %+v", clusters)
	}
	id := clusters[0].ID
	if err := e.mock.AddCluster(e.project(), ovhmock.Cluster{ID: id}); err == nil {
		t.Fatal("AddCluster accepted a duplicate id")
	}
	got := e.get(id) // visible at once
	if got.Status != "READY" || got.Version != "1.35.1" || got.Region != "UK1" {
		t.Fatalf("preloaded = %+v", got)
	}

	// Snapshots are copies.
	clusters[0].Customization.KubeProxy = &ovhmock.KubeProxy{}
	if again, _ := e.mock.Cluster(e.project(), id); again.Customization.KubeProxy != nil {
		t.Fatal("changing a snapshot changed the mock")
	}

	if err := e.mock.ModifyCluster(e.project(), id, func(c *ovhmock.Cluster) {
		c.Name = "renamed in the console"
		c.Version = "1.33.1"
	}); err != nil {
		t.Fatal(err)
	}
	got = e.get(id)
	if got.Name != "renamed in the console" || got.IsUpToDate || got.NextUpgradeVersions[0] != "1.34" {
		t.Fatalf("after ModifyCluster: %+v", got)
	}
	if err := e.mock.ModifyCluster(e.project(), "missing", func(*ovhmock.Cluster) {}); err == nil {
		t.Fatal("ModifyCluster accepted a missing cluster")
	}
	if err := e.mock.ModifyCluster(e.project(), id, func(c *ovhmock.Cluster) { c.ID = "other" }); err == nil {
		t.Fatal("ModifyCluster accepted an id change")
	}

	// A status forced out of band ends the transition in progress.
	if err := e.client.Put(e.path(id, "/customization"), map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.mock.ModifyCluster(e.project(), id, func(c *ovhmock.Cluster) { c.Status = "READY" }); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Put(e.path(id), map[string]any{"name": "again"}, nil); err != nil {
		t.Fatalf("cluster forced READY is still busy: %v", err)
	}

	if !e.mock.RemoveCluster(e.project(), id) || e.mock.RemoveCluster(e.project(), id) {
		t.Fatal("RemoveCluster must remove once")
	}
	err := e.client.Get(e.path(id), nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", id)
}

func TestQueryIDOnEveryAnswer(t *testing.T) {
	e := newEnv(t, ovhmock.Options{})
	seen := map[string]bool{}
	for _, r := range []raw{
		{method: "GET", path: "/auth/time"},
		e.signed("GET", e.kube, ""),
		e.signed("GET", "/cloud/project/nope/kube", ""),
		{method: "GET", path: e.kube},
	} {
		resp, _ := e.do(r)
		id := resp.Header.Get("X-Ovh-QueryID")
		if id == "" || seen[id] {
			t.Fatalf("%s %s: query id %q", r.method, r.path, id)
		}
		seen[id] = true
	}
}

func TestTimingsHelpers(t *testing.T) {
	test, demo := ovhmock.TestTimings(), ovhmock.DemoTimings()
	for _, d := range []time.Duration{test.Install, test.Update, test.Reset, test.Redeploy, test.Delete} {
		if d <= 0 || d > 100*time.Millisecond {
			t.Fatalf("TestTimings %+v: want short positive durations", test)
		}
	}
	if demo.Install < time.Second {
		t.Fatalf("DemoTimings %+v: want seconds", demo)
	}
}
