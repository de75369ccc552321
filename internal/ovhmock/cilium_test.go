package ovhmock_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// fullCilium is every member of the cilium key, with the values API-MKS.md
// shows.
func fullCilium() map[string]any {
	resources := func() map[string]any {
		return map[string]any{
			"limits":   map[string]any{"cpu": "500m", "memory": "500Mi"},
			"requests": map[string]any{"cpu": "50m", "memory": "50Mi"},
		}
	}
	return map[string]any{
		"clusterId": 42,
		"clusterMesh": map[string]any{
			"enabled":   true,
			"apiServer": map[string]any{"serviceType": "NodePort", "nodePort": 32379},
		},
		"hubble": map[string]any{
			"enabled": true,
			"relay":   map[string]any{"enabled": true},
			"ui": map[string]any{
				"enabled":           true,
				"backendResources":  resources(),
				"frontendResources": resources(),
			},
		},
	}
}

// customizationOf answers GET /kube/{id} and GET /customization as
// generic JSON, so that a member the mock added would show.
func (e *env) customizationOf(id string) (inCluster, alone map[string]any) {
	e.t.Helper()
	var cluster map[string]any
	if err := e.client.Get(e.path(id), &cluster); err != nil {
		e.t.Fatal(err)
	}
	inCluster, _ = cluster["customization"].(map[string]any)
	if err := e.client.Get(e.path(id, "/customization"), &alone); err != nil {
		e.t.Fatal(err)
	}
	return inCluster, alone
}

func TestCiliumAtCreationOnStandardPlan(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	want := map[string]any{"cilium": fullCilium()}
	c := e.create(map[string]any{"region": "GRA7", "plan": "standard", "customization": want})
	jsonEqual(t, c.Customization, want)
	e.clock.Advance(slowTimings.NotFoundAfterCreate)
	inCluster, alone := e.customizationOf(c.ID)
	jsonEqual(t, inCluster, want)
	jsonEqual(t, alone, want)

	snapshot, _ := e.mock.Cluster(e.project(), c.ID)
	got := snapshot.Customization.Cilium
	if *got.ClusterID != 42 || !*got.ClusterMesh.Enabled || *got.ClusterMesh.APIServer.ServiceType != "NodePort" ||
		*got.ClusterMesh.APIServer.NodePort != 32379 || !*got.Hubble.Relay.Enabled ||
		*got.Hubble.UI.BackendResources.Limits.CPU != "500m" || *got.Hubble.UI.FrontendResources.Requests.Memory != "50Mi" {
		t.Fatalf("snapshot = %s", mustJSON(t, got))
	}
	// A snapshot is a copy down to the leaves.
	*got.ClusterID = 7
	*got.Hubble.UI.FrontendResources.Requests.Memory = "1Gi"
	again, _ := e.mock.Cluster(e.project(), c.ID)
	jsonEqual(t, again.Customization, want)
}

func TestCiliumEchoesOnlyWhatWasSet(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7", "plan": "standard", "customization": map[string]any{"cilium": map[string]any{
		"clusterId":   nil,
		"clusterMesh": map[string]any{"enabled": false, "apiServer": nil},
		"hubble": map[string]any{
			"relay": map[string]any{"enabled": nil},
			"ui":    map[string]any{"backendResources": map[string]any{"limits": map[string]any{"memory": "1Gi"}}},
		},
	}}})
	want := map[string]any{"cilium": map[string]any{
		"clusterMesh": map[string]any{"enabled": false},
		"hubble": map[string]any{
			"relay": map[string]any{},
			"ui":    map[string]any{"backendResources": map[string]any{"limits": map[string]any{"memory": "1Gi"}}},
		},
	}}
	inCluster, alone := e.customizationOf(c.ID)
	jsonEqual(t, inCluster, want)
	jsonEqual(t, alone, want)

	// A null cilium is no cilium, even on a Free-plan cluster.
	free := e.createReady(map[string]any{"region": "GRA7", "customization": map[string]any{"cilium": nil}})
	inCluster, alone = e.customizationOf(free.ID)
	jsonEqual(t, inCluster, map[string]any{})
	jsonEqual(t, alone, map[string]any{})
}

const ciliumNeedsStandard = "Cilium customization needs the standard plan; this cluster is on the free plan"

func TestCiliumOnFreePlanRefusedByOption(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{CiliumOnFree: ovhmock.CiliumOnFreeRefuse})
	cilium := map[string]any{"hubble": map[string]any{"enabled": true}}
	for _, body := range []map[string]any{
		{"region": "GRA7", "plan": "free", "customization": map[string]any{"cilium": cilium}},
		{"region": "GRA7", "customization": map[string]any{"cilium": cilium}}, // free is the default plan
		{"region": "GRA7", "customization": map[string]any{"cilium": map[string]any{}}},
	} {
		err := e.client.Post(e.kube, body, nil)
		wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "[customization.cilium] "+ciliumNeedsStandard)
	}
	if n := len(e.mock.Clusters(e.project())); n != 0 {
		t.Fatalf("refused creations left %d clusters", n)
	}

	// Validation comes before the plan.
	err := e.client.Post(e.kube, map[string]any{"region": "GRA7", "customization": map[string]any{"cilium": map[string]any{"clusterId": "0"}}}, nil)
	wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "[customization.cilium.clusterId] Given data (0) is not valid for type long")

	c := e.createReady(map[string]any{"region": "GRA7", "customization": map[string]any{
		"kubeProxy": map[string]any{"iptables": map[string]any{"syncPeriod": "PT30S"}},
	}})
	err = e.client.Put(e.path(c.ID, "/customization"), map[string]any{"cilium": cilium}, nil)
	wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "[cilium] "+ciliumNeedsStandard)
	err = e.client.Post(e.path(c.ID, "/reset"), map[string]any{"customization": map[string]any{"cilium": cilium}}, nil)
	wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "[customization.cilium] "+ciliumNeedsStandard)
	if got := e.get(c.ID); mustJSON(t, got) != mustJSON(t, c) {
		t.Fatalf("refused changes altered the cluster:\n%+v\nwas\n%+v", got, c)
	}
}

// The schema does not refuse Cilium on a Free-plan cluster, and no report
// shows the API refusing it: the mock accepts it unless told otherwise.
func TestCiliumOnFreePlanAcceptedByDefault(t *testing.T) {
	for _, opts := range []ovhmock.Options{{}, {CiliumOnFree: ovhmock.CiliumOnFreeAccept}} {
		e := newFakeEnv(t, opts)
		c := e.createReady(map[string]any{"region": "GRA7", "customization": map[string]any{"cilium": map[string]any{"hubble": map[string]any{"enabled": true}}}})
		if _, alone := e.customizationOf(c.ID); mustJSON(t, alone) != mustJSON(t, map[string]any{"cilium": map[string]any{"hubble": map[string]any{"enabled": true}}}) {
			t.Fatalf("%+v: customization %s", opts, mustJSON(t, alone))
		}
	}
}

func TestCiliumOnFreePlanAccepted(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{CiliumOnFree: ovhmock.CiliumOnFreeAccept})
	want := map[string]any{"cilium": fullCilium()}
	c := e.createReady(map[string]any{"region": "GRA7", "customization": want})
	if c.Plan != "free" {
		t.Fatalf("plan = %s", c.Plan)
	}
	inCluster, alone := e.customizationOf(c.ID)
	jsonEqual(t, inCluster, want)
	jsonEqual(t, alone, want)

	next := map[string]any{"cilium": map[string]any{"clusterId": 9}}
	if err := e.client.Put(e.path(c.ID, "/customization"), next, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(slowTimings.Update)
	_, alone = e.customizationOf(c.ID)
	jsonEqual(t, alone, next)

	// Accepting does not mean skipping validation.
	err := e.client.Put(e.path(c.ID, "/customization"), map[string]any{"cilium": map[string]any{"clusterId": "9"}}, nil)
	wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "[cilium.clusterId] Given data (9) is not valid for type long")

	if err := (ovhmock.Options{CiliumOnFree: "maybe"}).Validate(); err == nil || !strings.Contains(err.Error(), "maybe") {
		t.Fatalf("Validate = %v, want the unknown policy named", err)
	}
	for _, p := range []string{"", ovhmock.CiliumOnFreeRefuse, ovhmock.CiliumOnFreeAccept} {
		if err := (ovhmock.Options{CiliumOnFree: p}).Validate(); err != nil {
			t.Fatalf("Validate(%q) = %v", p, err)
		}
	}
}

func TestCiliumPutReplacesItsWholeKeyOnly(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	apiServer := map[string]any{"admissionPlugins": map[string]any{"enabled": []string{"AlwaysPullImages"}, "disabled": []string{"NodeRestriction"}}}
	kubeProxy := map[string]any{"iptables": map[string]any{"minSyncPeriod": "PT1S", "syncPeriod": "PT30S"}}
	c := e.createReady(map[string]any{"region": "GRA7", "plan": "standard", "customization": map[string]any{
		"apiServer": apiServer, "kubeProxy": kubeProxy, "cilium": fullCilium(),
	}})

	put := func(body any) {
		t.Helper()
		var answer map[string]string
		if err := e.client.Put(e.path(c.ID, "/customization"), body, &answer); err != nil {
			t.Fatal(err)
		}
		if answer["message"] == "" {
			t.Fatalf("PUT /customization answered %v, want a message", answer)
		}
		if got := e.status(c.ID); got != "UPDATING" {
			t.Fatalf("status after PUT /customization = %s, want UPDATING", got)
		}
		err := e.client.Put(e.path(c.ID, "/customization"), map[string]any{"cilium": map[string]any{"clusterId": 1}}, nil)
		wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "UPDATING")
		e.clock.Advance(slowTimings.Update)
		if got := e.status(c.ID); got != "READY" {
			t.Fatalf("status after the update time = %s, want READY", got)
		}
	}
	check := func(cilium any) {
		t.Helper()
		want := map[string]any{"apiServer": apiServer, "kubeProxy": kubeProxy, "cilium": cilium}
		inCluster, alone := e.customizationOf(c.ID)
		jsonEqual(t, inCluster, want)
		jsonEqual(t, alone, want)
	}

	// Only cilium sent: apiServer and kubeProxy are kept, and cilium is
	// replaced whole: clusterId, clusterMesh and the rest of hubble are gone.
	put(map[string]any{"cilium": map[string]any{"hubble": map[string]any{"enabled": false}}})
	check(map[string]any{"hubble": map[string]any{"enabled": false}})

	put(map[string]any{"cilium": map[string]any{"clusterId": 255, "clusterMesh": map[string]any{"apiServer": map[string]any{"serviceType": "LoadBalancer"}}}})
	check(map[string]any{"clusterId": 255, "clusterMesh": map[string]any{"apiServer": map[string]any{"serviceType": "LoadBalancer"}}})

	// Other keys sent, or cilium null: cilium is kept.
	put(map[string]any{"kubeProxy": kubeProxy, "cilium": nil})
	check(map[string]any{"clusterId": 255, "clusterMesh": map[string]any{"apiServer": map[string]any{"serviceType": "LoadBalancer"}}})

	// An empty cilium empties it.
	put(map[string]any{"cilium": map[string]any{}})
	check(map[string]any{})
}

func TestCiliumValidation(t *testing.T) {
	ui := func(part, list, field string, value any) map[string]any {
		return map[string]any{"hubble": map[string]any{"ui": map[string]any{part: map[string]any{list: map[string]any{field: value}}}}}
	}
	apiServer := func(members map[string]any) map[string]any {
		return map[string]any{"clusterMesh": map[string]any{"apiServer": members}}
	}
	tests := []struct {
		name   string
		cilium any
		field  string // under cilium
		detail string
	}{
		{"clusterId a string", map[string]any{"clusterId": "42"}, "clusterId", "Given data (42) is not valid for type long"},
		{"clusterId a fraction", map[string]any{"clusterId": 4.2}, "clusterId", "Given data (4.2) is not valid for type long"},
		{"serviceType unknown", apiServer(map[string]any{"serviceType": "ClusterIP"}), "clusterMesh.apiServer.serviceType",
			"Given data (ClusterIP) does not belong to the cloud.ProjectKubeCustomizationCiliumClusterMeshApiServerServiceTypeEnum enumeration"},
		{"serviceType lower case", apiServer(map[string]any{"serviceType": "nodeport"}), "clusterMesh.apiServer.serviceType",
			"Given data (nodeport) does not belong to the cloud.ProjectKubeCustomizationCiliumClusterMeshApiServerServiceTypeEnum enumeration"},
		{"cpu a number", ui("backendResources", "limits", "cpu", 1), "hubble.ui.backendResources.limits.cpu",
			"Given data (1) is not valid for type string"},
		{"enabled not a boolean", map[string]any{"hubble": map[string]any{"enabled": "yes"}}, "hubble.enabled",
			"Given data (yes) is not valid for type boolean"},
		{"unknown member", map[string]any{"kubeProxyReplacement": true}, "kubeProxyReplacement", "Received not described parameter"},
		{"unknown nested member", map[string]any{"hubble": map[string]any{"ui": map[string]any{"ingress": map[string]any{}}}}, "hubble.ui.ingress",
			"Received not described parameter"},
		{"cilium not an object", "on", "", "Given data (on) is not valid for type cloud.ProjectKubeCustomizationCilium"},
	}
	message := func(prefix, field, detail string) string {
		path := prefix + "cilium"
		if field != "" {
			path += "." + field
		}
		return "[" + path + "] " + detail
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEnv(t, ovhmock.Options{})
			err := e.client.Post(e.kube, map[string]any{"region": "GRA7", "plan": "standard", "customization": map[string]any{"cilium": tt.cilium}}, nil)
			wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", message("customization.", tt.field, tt.detail))
			if n := len(e.mock.Clusters(e.project())); n != 0 {
				t.Fatalf("a refused creation left %d clusters", n)
			}

			c := e.createReady(map[string]any{"region": "GRA7", "plan": "standard", "customization": map[string]any{"cilium": fullCilium()}})
			err = e.client.Put(e.path(c.ID, "/customization"), map[string]any{"cilium": tt.cilium}, nil)
			wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", message("", tt.field, tt.detail))
			err = e.client.Post(e.path(c.ID, "/reset"), map[string]any{"customization": map[string]any{"cilium": tt.cilium}}, nil)
			wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", message("customization.", tt.field, tt.detail))
			if got := e.get(c.ID); mustJSON(t, got) != mustJSON(t, c) {
				t.Fatalf("refused changes altered the cluster:\n%+v\nwas\n%+v", got, c)
			}
		})
	}
}

func TestCiliumValuesAtTheLimitsAreAccepted(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	resources := func(cpu, memory string) map[string]any {
		return map[string]any{"limits": map[string]any{"cpu": cpu, "memory": memory}, "requests": map[string]any{"cpu": cpu, "memory": memory}}
	}
	for _, cilium := range []map[string]any{
		{"clusterId": 1, "clusterMesh": map[string]any{"apiServer": map[string]any{"serviceType": "NodePort", "nodePort": 30000}}},
		{"clusterId": 255, "clusterMesh": map[string]any{"apiServer": map[string]any{"serviceType": "NodePort", "nodePort": 32767}}},
		{"clusterMesh": map[string]any{"apiServer": map[string]any{"nodePort": 31000}}},
		{"clusterMesh": map[string]any{"apiServer": map[string]any{"serviceType": "LoadBalancer"}}},
		{"hubble": map[string]any{"ui": map[string]any{"backendResources": resources("0.5", "1Gi"), "frontendResources": resources("2", "128974848")}}},
		{"hubble": map[string]any{"ui": map[string]any{"backendResources": resources(".25", "129M"), "frontendResources": resources("1.", "1Ei")}}},
		{"hubble": map[string]any{"ui": map[string]any{"backendResources": resources("100m", "64Ki"), "frontendResources": resources("1k", "2Ti")}}},
	} {
		want := map[string]any{"cilium": cilium}
		c := e.createReady(map[string]any{"region": "GRA7", "plan": "standard", "customization": want})
		_, alone := e.customizationOf(c.ID)
		jsonEqual(t, alone, want)
	}
}

func TestCiliumReset(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7", "plan": "standard", "customization": map[string]any{
		"kubeProxy": map[string]any{"ipvs": map[string]any{"scheduler": "rr"}},
		"cilium":    fullCilium(),
	}})
	reset := func(body any) {
		t.Helper()
		if err := e.client.Post(e.path(c.ID, "/reset"), body, nil); err != nil {
			t.Fatal(err)
		}
		if got := e.status(c.ID); got != "RESETTING" {
			t.Fatalf("status after reset = %s", got)
		}
		e.clock.Advance(slowTimings.Reset)
	}

	// A reset with another cilium stores it alone.
	next := map[string]any{"cilium": map[string]any{"clusterId": 7, "hubble": map[string]any{"enabled": false}}}
	reset(map[string]any{"customization": next})
	inCluster, alone := e.customizationOf(c.ID)
	jsonEqual(t, inCluster, next)
	jsonEqual(t, alone, next)

	// A reset without customization clears it.
	reset(map[string]any{})
	inCluster, alone = e.customizationOf(c.ID)
	jsonEqual(t, inCluster, map[string]any{})
	jsonEqual(t, alone, map[string]any{})
	if got, _ := e.mock.Cluster(e.project(), c.ID); got.Customization != nil && got.Customization.Cilium != nil {
		t.Fatalf("cilium after reset = %s", mustJSON(t, got.Customization.Cilium))
	}
}

func TestCiliumStateRoundTrip(t *testing.T) {
	a := newFakeEnv(t, ovhmock.Options{})
	want := map[string]any{"cilium": fullCilium()}
	c := a.createReady(map[string]any{"region": "GRA7", "plan": "standard", "customization": want})
	partial := map[string]any{"cilium": map[string]any{"hubble": map[string]any{"enabled": false}}}
	p := a.createReady(map[string]any{"region": "GRA7", "plan": "standard", "customization": partial})

	var state struct {
		Projects map[string]struct {
			Clusters []map[string]any `json:"clusters"`
		} `json:"projects"`
	}
	getJSON(t, a.srv.URL+"/_mock/state", &state)
	clusters := state.Projects[a.project()].Clusters
	if len(clusters) != 2 {
		t.Fatalf("/_mock/state has %d clusters", len(clusters))
	}
	jsonEqual(t, clusters[0]["customization"], want)
	jsonEqual(t, clusters[1]["customization"], partial)

	var saved bytes.Buffer
	if err := a.mock.SaveState(&saved); err != nil {
		t.Fatal(err)
	}
	b := newFakeEnv(t, ovhmock.Options{})
	if err := b.mock.LoadState(bytes.NewReader(saved.Bytes())); err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, b.mock.Clusters(b.project()), a.mock.Clusters(a.project()))
	for id, want := range map[string]map[string]any{c.ID: want, p.ID: partial} {
		inCluster, alone := b.customizationOf(id)
		jsonEqual(t, inCluster, want)
		jsonEqual(t, alone, want)
	}
}

func TestCiliumInPreloadedClusters(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	cluster := func(cilium string) string {
		return `{"projects": {"` + ovhmock.DefaultProject + `": {"clusters": [{"id": "c1", "customization": {"cilium": ` + cilium + `}}]}}}`
	}
	// Stored on a Free-plan cluster: a state file may come from a mock
	// that accepted it.
	if err := e.mock.LoadState(strings.NewReader(cluster(`{"clusterId": 3}`))); err != nil {
		t.Fatal(err)
	}
	_, alone := e.customizationOf("c1")
	jsonEqual(t, alone, map[string]any{"cilium": map[string]any{"clusterId": 3}})

	for cilium, message := range map[string]string{
		`{"clusterId": "300"}`: "cannot unmarshal string",
		`{"clusterMesh": {"apiServer": {"serviceType": "Ingress"}}}`: "Given data (Ingress) does not belong",
		`{"ebpf": true}`: "unknown field",
	} {
		err := e.mock.LoadState(strings.NewReader(cluster(cilium)))
		if err == nil || !strings.Contains(err.Error(), message) {
			t.Errorf("LoadState(%s) = %v, want an error containing %q", cilium, err, message)
		}
	}
	if _, ok := e.mock.Cluster(e.project(), "c1"); !ok {
		t.Fatal("a refused state file changed the mock")
	}

	serviceType := "Ingress"
	err := e.mock.AddCluster(e.project(), ovhmock.Cluster{ID: "c2", Plan: "standard", Customization: &ovhmock.Customization{
		Cilium: &ovhmock.CiliumCustomization{ClusterMesh: &ovhmock.CiliumClusterMesh{APIServer: &ovhmock.CiliumClusterMeshAPIServer{ServiceType: &serviceType}}},
	}})
	if err == nil || !strings.Contains(err.Error(), "[customization.cilium.clusterMesh.apiServer.serviceType] Given data (Ingress) does not belong") {
		t.Fatalf("AddCluster with serviceType Ingress = %v", err)
	}
	clusterID := int64(200)
	enabled := false
	err = e.mock.AddCluster(e.project(), ovhmock.Cluster{ID: "c2", Plan: "standard", Customization: &ovhmock.Customization{
		Cilium: &ovhmock.CiliumCustomization{ClusterID: &clusterID, Hubble: &ovhmock.CiliumHubble{Enabled: &enabled}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, alone = e.customizationOf("c2")
	jsonEqual(t, alone, map[string]any{"cilium": map[string]any{"clusterId": 200, "hubble": map[string]any{"enabled": false}}})
}

// TestCiliumAcceptsWhatTheSchemaAccepts: the schema sets no bound on
// clusterId and nodePort, no format on cpu and memory, and no rule between
// serviceType and nodePort, so the mock stores all of them as sent.
func TestCiliumAcceptsWhatTheSchemaAccepts(t *testing.T) {
	ui := func(part, list, field string, value any) map[string]any {
		return map[string]any{"hubble": map[string]any{"ui": map[string]any{part: map[string]any{list: map[string]any{field: value}}}}}
	}
	apiServer := func(members map[string]any) map[string]any {
		return map[string]any{"clusterMesh": map[string]any{"apiServer": members}}
	}
	for name, cilium := range map[string]map[string]any{
		"clusterId 0":                {"clusterId": 0},
		"clusterId 300":              {"clusterId": 300},
		"clusterId negative":         {"clusterId": -1},
		"nodePort 29999":             apiServer(map[string]any{"serviceType": "NodePort", "nodePort": 29999}),
		"nodePort 32768":             apiServer(map[string]any{"serviceType": "NodePort", "nodePort": 32768}),
		"nodePort with LoadBalancer": apiServer(map[string]any{"serviceType": "LoadBalancer", "nodePort": 32379}),
		"cpu a word":                 ui("backendResources", "limits", "cpu", "lots"),
		"memory with a space":        ui("frontendResources", "requests", "memory", "500 Mi"),
		"cpu empty":                  ui("frontendResources", "requests", "cpu", ""),
	} {
		t.Run(name, func(t *testing.T) {
			e := newFakeEnv(t, ovhmock.Options{})
			want := map[string]any{"cilium": cilium}
			c := e.createReady(map[string]any{"region": "GRA7", "plan": "standard", "customization": want})
			_, alone := e.customizationOf(c.ID)
			jsonEqual(t, alone, want)
			if err := e.client.Put(e.path(c.ID, "/customization"), want, nil); err != nil {
				t.Fatalf("PUT /customization: %v", err)
			}
		})
	}
}
