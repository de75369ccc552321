package ovhmock_test

import (
	"bytes"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ovh/go-ovh/ovh"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

func TestCreateDefaultsAndInstallLifecycle(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	created := e.create(map[string]any{"region": "GRA9"})

	if created.Status != "INSTALLING" || created.ID == "" {
		t.Fatalf("create answered %+v", created)
	}
	jsonEqual(t, map[string]any{
		"name": created.Name, "region": created.Region, "version": created.Version,
		"nextUpgradeVersions": created.NextUpgradeVersions, "kubeProxyMode": created.KubeProxyMode,
		"customization": created.Customization, "updatePolicy": created.UpdatePolicy, "plan": created.Plan,
		"isUpToDate": created.IsUpToDate, "privateNetworkId": created.PrivateNetworkID,
		"loadBalancersSubnetId": created.LoadBalancersSubnetID, "ipAllocationPolicy": created.IPAllocationPolicy,
	}, map[string]any{
		"name": created.ID, "region": "GRA9", "version": "1.35.1",
		"nextUpgradeVersions": nil, "kubeProxyMode": "iptables",
		"customization": map[string]any{}, "updatePolicy": "ALWAYS_UPDATE", "plan": "free",
		"isUpToDate": true, "privateNetworkId": nil,
		"loadBalancersSubnetId": nil, "ipAllocationPolicy": nil,
	})
	if created.URL == "" || created.NodesURL == "" || created.CreatedAt.IsZero() {
		t.Fatalf("create answered %+v", created)
	}

	// Right after the creation the cluster is not found, nor listed.
	var ids []string
	err := e.client.Get(e.path(created.ID), new(ovhmock.Cluster))
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", created.ID)
	if err := e.client.Get(e.kube, &ids); err != nil || len(ids) != 0 {
		t.Fatalf("list = %v, %v; want empty", ids, err)
	}

	e.clock.Advance(slowTimings.NotFoundAfterCreate)
	if got := e.status(created.ID); got != "INSTALLING" {
		t.Fatalf("status = %s, want INSTALLING", got)
	}
	e.clock.Advance(slowTimings.Install - time.Second)
	if got := e.status(created.ID); got != "INSTALLING" {
		t.Fatalf("status = %s, want INSTALLING until the install time is over", got)
	}
	e.clock.Advance(time.Second)
	ready := e.get(created.ID)
	if ready.Status != "READY" || !ready.UpdatedAt.After(ready.CreatedAt) {
		t.Fatalf("after install: %+v", ready)
	}
	if err := e.client.Get(e.kube, &ids); err != nil || !slices.Equal(ids, []string{created.ID}) {
		t.Fatalf("list = %v, %v", ids, err)
	}
}

func TestCreateWithEverySetting(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.create(map[string]any{
		"region": "EU-WEST-PAR", "name": "full", "version": "1.34", "plan": "standard",
		"updatePolicy": "MINIMAL_DOWNTIME", "kubeProxyMode": "ipvs",
		"customization": map[string]any{
			"apiServer": map[string]any{"admissionPlugins": map[string]any{"enabled": []string{"NodeRestriction"}}},
			"kubeProxy": map[string]any{"ipvs": map[string]any{"scheduler": "lc", "syncPeriod": "PT30S", "tcpTimeout": "PT0S"}},
		},
		"privateNetworkId": "pn-12345",
		"privateNetworkConfiguration": map[string]any{
			"defaultVrackGateway": "10.0.0.1", "privateNetworkRoutingAsDefault": true,
		},
		"nodesSubnetId":         "6b7e57b5-5b59-4b1a-9a9a-4d1a2c3b4d5e",
		"loadBalancersSubnetId": "0f0e0d0c-0b0a-4908-8706-050403020100",
		"ipAllocationPolicy":    map[string]any{"podsIpv4Cidr": "10.240.0.0/13"},
		"nodepool":              map[string]any{"flavorName": "b3-8", "desiredNodes": 3},
	})
	jsonEqual(t, c.Customization, map[string]any{
		"apiServer": map[string]any{"admissionPlugins": map[string]any{"enabled": []string{"NodeRestriction"}, "disabled": []string{}}},
		"kubeProxy": map[string]any{"ipvs": map[string]any{"scheduler": "lc", "syncPeriod": "PT30S", "tcpTimeout": "P0D"}},
	})
	if c.Name != "full" || c.Version != "1.34.7" || c.Plan != "standard" || c.UpdatePolicy != "MINIMAL_DOWNTIME" || c.KubeProxyMode != "ipvs" {
		t.Fatalf("create answered %+v", c)
	}
	if !slices.Equal(c.NextUpgradeVersions, []string{"1.35"}) {
		t.Fatalf("nextUpgradeVersions = %v, want [1.35]", c.NextUpgradeVersions)
	}
	if *c.PrivateNetworkID != "pn-12345" || !c.PrivateNetworkConfiguration.PrivateNetworkRoutingAsDefault ||
		*c.NodesSubnetID != "6b7e57b5-5b59-4b1a-9a9a-4d1a2c3b4d5e" || *c.LoadBalancersSubnetID != "0f0e0d0c-0b0a-4908-8706-050403020100" {
		t.Fatalf("network settings = %+v", c)
	}
	jsonEqual(t, c.IPAllocationPolicy, map[string]string{"podsIpv4Cidr": "10.240.0.0/13", "servicesIpv4Cidr": "10.3.0.0/16"})
}

func TestDuplicateNamesAreAllowed(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	a := e.create(map[string]any{"region": "GRA7", "name": "same"})
	b := e.create(map[string]any{"region": "GRA7", "name": "same"})
	if a.ID == b.ID {
		t.Fatal("two clusters got the same id")
	}
}

func TestKubeProxyModeDefaultAndForced(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{DefaultKubeProxyMode: "ipvs"})
	if got := e.create(map[string]any{"region": "GRA7"}).KubeProxyMode; got != "ipvs" {
		t.Fatalf("default mode = %s, want ipvs", got)
	}
	e = newFakeEnv(t, ovhmock.Options{ForceKubeProxyMode: "ipvs"})
	c := e.createReady(map[string]any{"region": "GRA7", "kubeProxyMode": "iptables"})
	if c.KubeProxyMode != "ipvs" {
		t.Fatalf("forced mode = %s, want ipvs", c.KubeProxyMode)
	}
	if err := e.client.Post(e.path(c.ID, "/reset"), map[string]any{"kubeProxyMode": "iptables"}, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.mock.Cluster(e.project(), c.ID); got.KubeProxyMode != "ipvs" {
		t.Fatalf("forced mode after reset = %s, want ipvs", got.KubeProxyMode)
	}
}

func TestBusyClusterAnswersConflict(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.create(map[string]any{"region": "GRA7"})
	e.clock.Advance(slowTimings.NotFoundAfterCreate) // INSTALLING and visible

	mutations := []struct {
		method, path string
		body         any
	}{
		{"PUT", "", map[string]any{"name": "x"}},
		{"DELETE", "", nil},
		{"PUT", "/customization", map[string]any{}},
		{"POST", "/reset", map[string]any{}},
		{"POST", "/update", map[string]any{"strategy": "LATEST_PATCH"}},
		{"PUT", "/updatePolicy", map[string]any{"updatePolicy": "NEVER_UPDATE"}},
		{"POST", "/kubeconfig/reset", nil},
		{"POST", "/restart", map[string]any{"force": true}},
		{"PUT", "/privateNetworkConfiguration", map[string]any{}},
		{"PUT", "/updateLoadBalancersSubnetId", map[string]any{"loadBalancersSubnetId": "0f0e0d0c-0b0a-4908-8706-050403020100"}},
		{"POST", "/ipRestrictions", map[string]any{"ips": []string{"10.0.0.0/8"}}},
		{"PUT", "/ipRestrictions", map[string]any{"ips": []string{"10.0.0.0/8"}}},
		{"DELETE", "/ipRestrictions/10.0.0.0%2F8", nil},
	}
	for _, m := range mutations {
		err := e.client.CallAPI(m.method, e.path(c.ID, m.path), m.body, nil, true)
		wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "INSTALLING")
	}
	// Reads, including the kubeconfig, are not changes.
	var kc struct{ Content string }
	if err := e.client.Post(e.path(c.ID, "/kubeconfig"), nil, &kc); err != nil || kc.Content == "" {
		t.Fatalf("kubeconfig while installing: %v", err)
	}
	if got := e.status(c.ID); got != "INSTALLING" {
		t.Fatalf("a refused change moved the cluster to %s", got)
	}
}

func TestStaleReadAfterAChange(t *testing.T) {
	timings := slowTimings
	timings.StaleRead = 2 * time.Second
	e := newFakeEnv(t, ovhmock.Options{Timings: timings})
	c := e.createReady(map[string]any{"region": "GRA7"})
	body := map[string]any{"kubeProxy": map[string]any{"iptables": map[string]any{"syncPeriod": "PT45S"}}}
	if err := e.client.Put(e.path(c.ID, "/customization"), body, nil); err != nil {
		t.Fatal(err)
	}
	// For StaleRead the API still shows READY and the old values...
	stale := e.get(c.ID)
	var cust ovhmock.Customization
	if err := e.client.Get(e.path(c.ID, "/customization"), &cust); err != nil {
		t.Fatal(err)
	}
	if stale.Status != "READY" || stale.Customization.KubeProxy != nil || cust.KubeProxy != nil {
		t.Fatalf("during the stale window: %+v / %+v", stale, cust)
	}
	// ...but the cluster is busy already.
	err := e.client.Put(e.path(c.ID), map[string]any{"name": "x"}, nil)
	wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "UPDATING")

	e.clock.Advance(timings.StaleRead)
	updating := e.get(c.ID)
	if updating.Status != "UPDATING" || updating.Customization.KubeProxy.IPTables.SyncPeriod != "PT45S" {
		t.Fatalf("after the stale window: %+v", updating)
	}
	e.clock.Advance(timings.Update)
	if got := e.status(c.ID); got != "READY" {
		t.Fatalf("status = %s, want READY", got)
	}

	// A change without transient status is stale for a while too.
	if err := e.client.Put(e.path(c.ID), map[string]any{"name": "renamed"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := e.get(c.ID).Name; got != c.Name {
		t.Fatalf("name during the stale window = %s, want the old %s", got, c.Name)
	}
	e.clock.Advance(timings.StaleRead)
	if got := e.get(c.ID).Name; got != "renamed" {
		t.Fatalf("name = %s, want renamed", got)
	}
}

// TestStaleStatusWithStaleRead: only the status lags for StaleStatus; the
// other fields follow StaleRead.
func TestStaleStatusWithStaleRead(t *testing.T) {
	timings := slowTimings
	timings.StaleRead = 2 * time.Second
	timings.StaleStatus = 5 * time.Second
	e := newFakeEnv(t, ovhmock.Options{Timings: timings})
	c := e.createReady(map[string]any{"region": "GRA7"})
	changedAt := e.clock.Now().Add(time.Second)
	e.clock.Advance(time.Second)
	if err := e.client.Put(e.path(c.ID, "/ipRestrictions"), map[string]any{"ips": []string{"10.0.0.0/8"}}, nil); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		after   time.Duration // since the change
		status  string
		updated time.Time
	}{
		{0, "READY", c.UpdatedAt},
		{timings.StaleRead - time.Second, "READY", c.UpdatedAt},
		{timings.StaleRead, "READY", changedAt},
		{timings.StaleStatus - time.Second, "READY", changedAt},
		{timings.StaleStatus, "REDEPLOYING", changedAt},
		{timings.StaleRead + timings.Redeploy - time.Second, "REDEPLOYING", changedAt},
		{timings.StaleRead + timings.Redeploy, "READY", changedAt.Add(timings.StaleRead + timings.Redeploy)},
	} {
		e.clock.Advance(changedAt.Add(step.after).Sub(e.clock.Now()))
		got := e.get(c.ID)
		if got.Status != step.status || !got.UpdatedAt.Equal(step.updated) {
			t.Fatalf("%v after the change: status %s, updatedAt %v; want %s, %v", step.after, got.Status, got.UpdatedAt, step.status, step.updated)
		}
		err := e.client.Post(e.pools(c.ID), poolBody(nil), nil)
		if step.after < timings.StaleRead+timings.Redeploy {
			wantExactAPIError(t, err, http.StatusConflict, "Client::Conflict", "Cluster "+c.ID+" is in status REDEPLOYING; retry once it is READY")
		} else if err != nil {
			t.Fatalf("node pool creation after the redeploy: %v", err)
		}
	}
}

// TestStaleStatusLongerThanTheRedeploy: a StaleStatus of StaleRead+Redeploy
// or more hides REDEPLOYING entirely, yet the status a change ends in
// shows at once, and other changes show their status as usual.
func TestStaleStatusLongerThanTheRedeploy(t *testing.T) {
	timings := slowTimings
	timings.StaleRead = 2 * time.Second
	timings.StaleStatus = time.Hour
	e := newFakeEnv(t, ovhmock.Options{Timings: timings})
	id := e.readyCluster()
	busy := "Cluster " + id + " is in status REDEPLOYING; retry once it is READY"
	if err := e.client.Put(e.path(id, "/ipRestrictions"), map[string]any{"ips": []string{"10.0.0.0/8"}}, nil); err != nil {
		t.Fatal(err)
	}
	for elapsed := time.Duration(0); elapsed < timings.StaleRead+timings.Redeploy; elapsed += time.Second {
		if s := e.status(id); s != "READY" {
			t.Fatalf("%v after the change: status %s, want READY", elapsed, s)
		}
		wantExactAPIError(t, e.client.Post(e.pools(id), poolBody(nil), nil), http.StatusConflict, "Client::Conflict", busy)
		e.clock.Advance(time.Second)
	}
	if s := e.status(id); s != "READY" {
		t.Fatalf("after the redeploy: status %s, want READY", s)
	}

	// A customization change is not hidden.
	if err := e.client.Put(e.path(id, "/customization"), map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(timings.StaleRead)
	if s := e.status(id); s != "UPDATING" {
		t.Fatalf("after a customization change: status %s, want UPDATING", s)
	}
	e.clock.Advance(timings.Update)

	// An OIDC change ending in ERROR shows ERROR when it ends.
	if err := e.mock.SetOIDCLifecycle(e.project(), id, ovhmock.OIDCLifecycle{End: "ERROR"}); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Post(e.oidcPath(id), oidcMinimalBody, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(timings.StaleRead + timings.Redeploy - time.Second)
	if s := e.status(id); s != "READY" {
		t.Fatalf("during the OIDC redeploy: status %s, want READY", s)
	}
	e.clock.Advance(time.Second)
	if s := e.status(id); s != "ERROR" {
		t.Fatalf("after the OIDC redeploy: status %s, want ERROR", s)
	}

	// ModifyCluster shows its change at once.
	if err := e.mock.SetOIDCLifecycle(e.project(), id, ovhmock.OIDCLifecycle{}); err != nil {
		t.Fatal(err)
	}
	if err := e.mock.ModifyCluster(e.project(), id, func(c *ovhmock.Cluster) { c.Status = "READY" }); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Delete(e.oidcPath(id), nil); err != nil {
		t.Fatal(err)
	}
	if s := e.status(id); s != "READY" {
		t.Fatalf("after an OIDC deletion: status %s, want READY", s)
	}
	if err := e.mock.ModifyCluster(e.project(), id, func(c *ovhmock.Cluster) { c.Status = "USER_ERROR" }); err != nil {
		t.Fatal(err)
	}
	if s := e.status(id); s != "USER_ERROR" {
		t.Fatalf("after ModifyCluster: status %s, want USER_ERROR", s)
	}
}

// TestStaleStatusIsNotSaved: a cluster saved while its status lags is
// loaded REDEPLOYING, and the redeploy ends after Timings.Redeploy.
func TestStaleStatusIsNotSaved(t *testing.T) {
	timings := slowTimings
	timings.StaleStatus = time.Hour
	a := newFakeEnv(t, ovhmock.Options{Timings: timings})
	id := a.readyCluster()
	if err := a.client.Put(a.path(id, "/ipRestrictions"), map[string]any{"ips": []string{"10.0.0.0/8"}}, nil); err != nil {
		t.Fatal(err)
	}
	if s := a.status(id); s != "READY" {
		t.Fatalf("status = %s, want READY", s)
	}
	var saved bytes.Buffer
	if err := a.mock.SaveState(&saved); err != nil {
		t.Fatal(err)
	}

	b := newFakeEnv(t, ovhmock.Options{Timings: timings})
	if err := b.mock.LoadState(&saved); err != nil {
		t.Fatal(err)
	}
	if s := b.status(id); s != "REDEPLOYING" {
		t.Fatalf("status after the load = %s, want REDEPLOYING", s)
	}
	b.clock.Advance(timings.Redeploy)
	if s := b.status(id); s != "READY" {
		t.Fatalf("status after the redeploy = %s, want READY", s)
	}
	if err := b.client.Post(b.pools(id), poolBody(nil), nil); err != nil {
		t.Fatalf("node pool creation after the redeploy: %v", err)
	}
}

func TestLifecyclesOnTheRealClock(t *testing.T) {
	// Transitions long enough that a poller on a loaded machine still sees
	// each transient status, short enough to keep the test well under a
	// second.
	t.Parallel()
	step := 100 * time.Millisecond
	e := newEnv(t, ovhmock.Options{Timings: ovhmock.Timings{
		NotFoundAfterCreate: step / 4, Install: step, Update: step, Reset: step,
		Redeploy: step, Delete: step, StaleRead: step / 4,
	}})
	c := e.create(map[string]any{"region": "GRA7", "version": "1.34"})
	e.waitStatus(c.ID, "INSTALLING")
	e.waitStatus(c.ID, "READY")

	changes := []struct {
		method, path string
		body         any
		transient    string
	}{
		{"PUT", "/customization", map[string]any{}, "UPDATING"},
		{"POST", "/update", map[string]any{"strategy": "NEXT_MINOR"}, "UPDATING"},
		{"PUT", "/updateLoadBalancersSubnetId", map[string]any{"loadBalancersSubnetId": "0f0e0d0c-0b0a-4908-8706-050403020100"}, "REDEPLOYING"},
		{"PUT", "/privateNetworkConfiguration", map[string]any{}, "REDEPLOYING"},
		{"POST", "/reset", map[string]any{"version": "1.35"}, "RESETTING"},
	}
	for _, ch := range changes {
		if err := e.client.CallAPI(ch.method, e.path(c.ID, ch.path), ch.body, nil, true); err != nil {
			t.Fatalf("%s %s: %v", ch.method, ch.path, err)
		}
		e.waitStatus(c.ID, ch.transient)
		e.waitStatus(c.ID, "READY")
	}
	if got := e.get(c.ID).Version; got != "1.35.1" {
		t.Fatalf("version = %s", got)
	}

	if err := e.client.Delete(e.path(c.ID), nil); err != nil {
		t.Fatal(err)
	}
	e.waitStatus(c.ID, "DELETING")
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := e.client.Get(e.path(c.ID), new(ovhmock.Cluster))
		if isStatus(err, http.StatusNotFound) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still there after delete: %v", err)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestPutClusterAndUpdatePolicy(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7", "name": "before"})
	if err := e.client.Put(e.path(c.ID), map[string]any{"name": "after"}, nil); err != nil {
		t.Fatal(err)
	}
	got := e.get(c.ID)
	if got.Name != "after" || got.UpdatePolicy != "ALWAYS_UPDATE" || got.Status != "READY" {
		t.Fatalf("after rename: %+v", got)
	}
	if err := e.client.Put(e.path(c.ID), map[string]any{"updatePolicy": "MINIMAL_DOWNTIME"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := e.get(c.ID); got.Name != "after" || got.UpdatePolicy != "MINIMAL_DOWNTIME" {
		t.Fatalf("after policy change: %+v", got)
	}
	if err := e.client.Put(e.path(c.ID, "/updatePolicy"), map[string]any{"updatePolicy": "NEVER_UPDATE"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := e.get(c.ID).UpdatePolicy; got != "NEVER_UPDATE" {
		t.Fatalf("updatePolicy = %s", got)
	}
	err := e.client.Put(e.path(c.ID, "/updatePolicy"), map[string]any{"updatePolicy": "SOMETIMES"}, nil)
	wantAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "[updatePolicy] Given data (SOMETIMES) does not belong to the cloud.kube.UpdatePolicyEnum enumeration")
}

// TestVersionUpdateWithoutStrategy: strategy is optional in
// cloud.ProjectKubeUpdateCreation, and force deprecated with no effect; the
// mock takes a body without strategy as LATEST_PATCH.
func TestVersionUpdateWithoutStrategy(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{Versions: []string{"1.34", "1.35.3"}})
	if err := e.mock.AddCluster(e.project(), ovhmock.Cluster{ID: "behind", Version: "1.34.2"}); err != nil {
		t.Fatal(err)
	}
	for _, body := range []any{nil, map[string]any{}, map[string]any{"force": true}, map[string]any{"strategy": nil, "force": false}} {
		if err := e.client.Post(e.path("behind", "/update"), body, nil); err != nil {
			t.Fatalf("POST /update %v: %v", body, err)
		}
		if got := e.get("behind"); got.Status != "UPDATING" || got.Version != "1.34.7" {
			t.Fatalf("update %v: %+v, want 1.34.7 (the latest patch, not the next minor) UPDATING", body, got)
		}
		e.clock.Advance(slowTimings.Update)
		if got := e.get("behind"); got.Status != "READY" || got.Version != "1.34.7" || !got.IsUpToDate {
			t.Fatalf("after update %v: %+v", body, got)
		}
	}
}

func TestVersionUpdate(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7", "version": "1.34"})

	err := e.client.Post(e.path(c.ID, "/update"), map[string]any{"strategy": "NEXT_MINOR", "force": true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.get(c.ID); got.Status != "UPDATING" || got.Version != "1.35.1" {
		t.Fatalf("during the update: %+v", got)
	}
	e.clock.Advance(slowTimings.Update)
	got := e.get(c.ID)
	if got.Status != "READY" || got.Version != "1.35.1" || got.NextUpgradeVersions != nil || !got.IsUpToDate {
		t.Fatalf("after the update: %+v", got)
	}

	err = e.client.Post(e.path(c.ID, "/update"), map[string]any{"strategy": "NEXT_MINOR"}, nil)
	wantAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "latest available minor version")

	err = e.client.Post(e.path(c.ID, "/update"), map[string]any{"strategy": "SIDEWAYS"}, nil)
	wantAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "[strategy] Given data (SIDEWAYS) does not belong to the cloud.kube.UpdateStrategyEnum enumeration")

	if err := e.client.Put(e.path(c.ID, "/updatePolicy"), map[string]any{"updatePolicy": "NEVER_UPDATE"}, nil); err != nil {
		t.Fatal(err)
	}
	err = e.client.Post(e.path(c.ID, "/update"), map[string]any{"strategy": "LATEST_PATCH"}, nil)
	wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "Update aborted for cluster "+c.ID+" because of policy NEVER_UPDATE")
}

func TestLatestPatch(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{Versions: []string{"1.33", "1.34.9"}})
	if err := e.mock.AddCluster(e.project(), ovhmock.Cluster{ID: "old-patch", Version: "1.34.2"}); err != nil {
		t.Fatal(err)
	}
	before := e.get("old-patch")
	if before.IsUpToDate || before.ControlPlaneIsUpToDate || before.NextUpgradeVersions != nil {
		t.Fatalf("before: %+v", before)
	}
	if err := e.client.Post(e.path("old-patch", "/update"), map[string]any{"strategy": "LATEST_PATCH"}, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(slowTimings.Update)
	after := e.get("old-patch")
	if after.Version != "1.34.9" || !after.IsUpToDate || after.Status != "READY" {
		t.Fatalf("after: %+v", after)
	}
	// The newest configured minor is the default.
	if got := e.create(map[string]any{"region": "GRA7"}).Version; got != "1.34.9" {
		t.Fatalf("default version = %s", got)
	}
}

func TestDelete(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	keep := e.createReady(map[string]any{"region": "GRA7"})
	if err := e.client.Delete(e.path(c.ID), nil); err != nil {
		t.Fatal(err)
	}
	if got := e.status(c.ID); got != "DELETING" {
		t.Fatalf("status = %s, want DELETING", got)
	}
	var ids []string
	if err := e.client.Get(e.kube, &ids); err != nil || len(ids) != 2 {
		t.Fatalf("list while deleting = %v, %v", ids, err)
	}
	e.clock.Advance(slowTimings.Delete)
	err := e.client.Get(e.path(c.ID), new(ovhmock.Cluster))
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", c.ID)
	if err := e.client.Get(e.kube, &ids); err != nil || !slices.Equal(ids, []string{keep.ID}) {
		t.Fatalf("list after delete = %v, %v", ids, err)
	}
	err = e.client.Delete(e.path(c.ID), nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", c.ID)
	if _, ok := e.mock.Cluster(e.project(), c.ID); ok {
		t.Fatal("the mock still holds the deleted cluster")
	}
}

func TestFailedClusterCanBeDeletedOrResetOnly(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{
		"region": "GRA7", "name": "broken", "kubeProxyMode": "ipvs", "updatePolicy": "NEVER_UPDATE",
		"customization": map[string]any{"kubeProxy": map[string]any{"ipvs": map[string]any{"scheduler": "sh"}}},
	})
	if err := e.client.Post(e.path(c.ID, "/ipRestrictions"), map[string]any{"ips": []string{"192.0.2.0/24"}}, nil); err != nil {
		t.Fatal(err)
	}
	before := e.kubeconfig(c.ID)
	if err := e.mock.ModifyCluster(e.project(), c.ID, func(c *ovhmock.Cluster) { c.Status = "ERROR" }); err != nil {
		t.Fatal(err)
	}
	err := e.client.Put(e.path(c.ID, "/customization"), map[string]any{}, nil)
	wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "ERROR")
	if err := e.client.Post(e.path(c.ID, "/reset"), map[string]any{}, nil); err != nil {
		t.Fatalf("reset of a failed cluster: %v", err)
	}
	if got := e.status(c.ID); got != "RESETTING" {
		t.Fatalf("status after the reset = %s, want RESETTING", got)
	}
	e.clock.Advance(slowTimings.Reset)
	got := e.get(c.ID)
	// The empty reset object puts every setting back to its default, under
	// the same id.
	if got.ID != c.ID || got.Status != "READY" || got.Name != c.ID || got.KubeProxyMode != "iptables" ||
		got.UpdatePolicy != "ALWAYS_UPDATE" || mustJSON(t, got.Customization) != "{}" || got.Region != c.Region {
		t.Fatalf("after the reset: %+v", got)
	}
	var ips []string
	if err := e.client.Get(e.path(c.ID, "/ipRestrictions"), &ips); err != nil || len(ips) != 0 {
		t.Fatalf("IP restrictions after the reset = %v, %v; want none", ips, err)
	}
	if after := e.kubeconfig(c.ID); after.ca.Equal(before.ca) || after.client.Equal(before.client) {
		t.Fatal("the reset kept the kubeconfig credentials")
	}

	if err := e.mock.ModifyCluster(e.project(), c.ID, func(c *ovhmock.Cluster) { c.Status = "USER_QUOTA_ERROR" }); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Delete(e.path(c.ID), nil); err != nil {
		t.Fatalf("delete of a failed cluster: %v", err)
	}
	if got := e.status(c.ID); got != "DELETING" {
		t.Fatalf("status after the delete = %s, want DELETING", got)
	}
	e.clock.Advance(slowTimings.Delete)
	err = e.client.Get(e.path(c.ID), new(ovhmock.Cluster))
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", c.ID)
	if _, ok := e.mock.Cluster(e.project(), c.ID); ok {
		t.Fatal("the mock still holds the deleted cluster")
	}
}

func TestConcurrentClients(t *testing.T) {
	e := newEnv(t, ovhmock.Options{})
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := 0; i < 8; i++ {
		// go-ovh's Client writes to itself on every request, so each
		// goroutine needs its own.
		client, err := ovh.NewClient(e.srv.URL+"/1.0", ovhmock.DefaultApplicationKey, ovhmock.DefaultApplicationSecret, ovhmock.DefaultConsumerKey)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c ovhmock.Cluster
			if err := client.Post(e.kube, map[string]any{"region": "GRA7"}, &c); err != nil {
				errs <- err
				return
			}
			for j := 0; j < 4; j++ {
				var ids []string
				if err := client.Get(e.kube, &ids); err != nil {
					errs <- err
				}
				_ = e.mock.Clusters(ovhmock.DefaultProject)
				_ = e.mock.Requests()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := len(e.mock.Clusters(ovhmock.DefaultProject)); got != 8 {
		t.Fatalf("%d clusters, want 8", got)
	}
}
