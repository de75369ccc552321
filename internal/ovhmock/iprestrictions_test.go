package ovhmock_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// getIPs reads the list through the API.
func (e *env) getIPs(id string) []string {
	e.t.Helper()
	var ips []string
	if err := e.client.Get(e.path(id, "/ipRestrictions"), &ips); err != nil {
		e.t.Fatalf("GET ipRestrictions: %v", err)
	}
	if ips == nil {
		e.t.Fatal("GET ipRestrictions answered null, want a list")
	}
	return ips
}

// TestIPRestrictionsLifecycle: POST adds, PUT replaces, DELETE removes one
// block; each change redeploys the API server, during which the cluster
// refuses changes; POST and PUT answer the new list, DELETE nothing.
func TestIPRestrictionsLifecycle(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	path := e.path(c.ID, "/ipRestrictions")
	if got := e.getIPs(c.ID); len(got) != 0 {
		t.Fatalf("initial list = %q, want none", got)
	}
	redeploys := func(step string, want []string) {
		t.Helper()
		if s := e.status(c.ID); s != "REDEPLOYING" {
			t.Fatalf("after %s: status %s, want REDEPLOYING", step, s)
		}
		if got := e.getIPs(c.ID); !slices.Equal(got, want) {
			t.Fatalf("after %s: list %q, want %q", step, got, want)
		}
		e.clock.Advance(slowTimings.Redeploy)
		if s := e.status(c.ID); s != "READY" {
			t.Fatalf("after %s and the redeploy: status %s, want READY", step, s)
		}
	}

	var answer []string
	if err := e.client.Post(path, map[string]any{"ips": []string{"10.0.0.0/8", "192.0.2.7"}}, &answer); err != nil {
		t.Fatal(err)
	}
	if want := []string{"10.0.0.0/8", "192.0.2.7/32"}; !slices.Equal(answer, want) {
		t.Fatalf("POST answered %q, want %q", answer, want)
	}
	// Busy: every change is refused until the redeploy is over.
	change := map[string]any{"ips": []string{"198.51.100.0/24"}}
	for _, r := range []struct {
		method, path string
		body         any
	}{{"PUT", path, change}, {"POST", path, change}, {"DELETE", path + "/10.0.0.0%2F8", nil}} {
		err := e.client.CallAPI(r.method, r.path, r.body, nil, true)
		wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "REDEPLOYING")
	}
	redeploys("POST", []string{"10.0.0.0/8", "192.0.2.7/32"})

	if err := e.client.Post(path, map[string]any{"ips": []string{"2001:DB8:0::/32", "10.0.0.0/8"}}, &answer); err != nil {
		t.Fatal(err)
	}
	redeploys("a second POST", []string{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32"})

	if resp, body := e.do(e.signed("DELETE", path+"/10.0.0.0%2F8", "")); resp.StatusCode != http.StatusOK || len(body) != 0 {
		t.Fatalf("DELETE: status %d, body %q; want 200 without a body", resp.StatusCode, body)
	}
	redeploys("DELETE", []string{"192.0.2.7/32", "2001:db8::/32"})
	err := e.client.Delete(path+"/10.0.0.0%2F8", nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "10.0.0.0/8")

	if err := e.client.Put(path, map[string]any{"ips": []string{"198.51.100.0/24", "198.51.100.0/24"}}, &answer); err != nil {
		t.Fatal(err)
	}
	if want := []string{"198.51.100.0/24"}; !slices.Equal(answer, want) {
		t.Fatalf("PUT answered %q, want %q", answer, want)
	}
	redeploys("PUT", []string{"198.51.100.0/24"})

	// The same list again still redeploys; an empty one lifts every
	// restriction.
	if err := e.client.Put(path, map[string]any{"ips": []string{"198.51.100.0/24"}}, nil); err != nil {
		t.Fatal(err)
	}
	redeploys("the same PUT", []string{"198.51.100.0/24"})
	if err := e.client.Put(path, map[string]any{"ips": []string{}}, &answer); err != nil {
		t.Fatal(err)
	}
	if answer == nil || len(answer) != 0 {
		t.Fatalf("PUT [] answered %#v, want []", answer)
	}
	redeploys("PUT []", []string{})
	if got, _ := e.mock.IPRestrictions(e.project(), c.ID); len(got) != 0 {
		t.Fatalf("IPRestrictions = %q, want none", got)
	}
}

// TestIPRestrictionsStaleStatus: with Timings.StaleStatus, the cluster
// still reads READY for that long after each change of its IP restrictions,
// while the redeploy already refuses changes with 409.
func TestIPRestrictionsStaleStatus(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{Timings: staleStatusTimings})
	c := e.createReady(map[string]any{"region": "GRA7"})
	path := e.path(c.ID, "/ipRestrictions")
	for _, r := range []struct {
		method, path string
		body         any
	}{
		{"PUT", path, map[string]any{"ips": []string{"10.0.0.0/8", "192.0.2.0/24"}}},
		{"POST", path, map[string]any{"ips": []string{"198.51.100.0/24"}}},
		{"DELETE", path + "/10.0.0.0%2F8", nil},
	} {
		if err := e.client.CallAPI(r.method, r.path, r.body, nil, true); err != nil {
			t.Fatalf("%s: %v", r.method, err)
		}
		e.followStaleStatus(c.ID, r.method+" ipRestrictions")
	}
	if got, want := e.getIPs(c.ID), []string{"192.0.2.0/24", "198.51.100.0/24"}; !slices.Equal(got, want) {
		t.Fatalf("list = %q, want %q", got, want)
	}
	var ids []string
	if err := e.client.Get(e.kube, &ids); err != nil || !slices.Equal(ids, []string{c.ID}) {
		t.Fatalf("cluster list = %q, %v; want the ids only", ids, err)
	}
}

// A refused body changes nothing and redeploys nothing.
func TestIPRestrictionsValidation(t *testing.T) {
	for _, tt := range []struct {
		name    string
		body    any
		message string
	}{
		{"not an address", map[string]any{"ips": []string{"10.0.0.0/8", "office"}}, "[ips] Given data (office) is not valid for type ipBlock"},
		{"bad octet", map[string]any{"ips": []string{"10.0.0.300"}}, "[ips] Given data (10.0.0.300) is not valid for type ipBlock"},
		{"prefix too long", map[string]any{"ips": []string{"10.0.0.0/33"}}, "[ips] Given data (10.0.0.0/33) is not valid for type ipBlock"},
		{"zone", map[string]any{"ips": []string{"fe80::1%eth0"}}, "[ips] Given data (fe80::1%eth0) is not valid for type ipBlock"},
		{"not a list", map[string]any{"ips": "10.0.0.0/8"}, "[ips] Given data (10.0.0.0/8) is not valid for type list"},
		{"unknown key", map[string]any{"ips": []string{}, "ip": "10.0.0.0/8"}, "[ip] Received not described parameter"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEnv(t, ovhmock.Options{})
			c := e.createReady(map[string]any{"region": "GRA7"})
			if err := e.mock.SetIPRestrictions(e.project(), c.ID, []string{"203.0.113.0/24"}); err != nil {
				t.Fatal(err)
			}
			err := e.client.Put(e.path(c.ID, "/ipRestrictions"), tt.body, nil)
			wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", tt.message)
			if s := e.status(c.ID); s != "READY" {
				t.Fatalf("status after a refused change = %s, want READY", s)
			}
			if got := e.getIPs(c.ID); !slices.Equal(got, []string{"203.0.113.0/24"}) {
				t.Fatalf("list after a refused change = %q", got)
			}
		})
	}
}

// TestIPRestrictionsWithoutIPs: ips is not required in
// cloud.ProjectKubeIpRestrictionUpsert; the mock takes a body without it, or
// with null, as an empty list: PUT empties the list, POST adds nothing.
func TestIPRestrictionsWithoutIPs(t *testing.T) {
	for _, body := range []any{map[string]any{}, map[string]any{"ips": nil}, nil} {
		e := newFakeEnv(t, ovhmock.Options{})
		c := e.createReady(map[string]any{"region": "GRA7"})
		if err := e.mock.SetIPRestrictions(e.project(), c.ID, []string{"203.0.113.0/24"}); err != nil {
			t.Fatal(err)
		}
		if err := e.client.Post(e.path(c.ID, "/ipRestrictions"), body, nil); err != nil {
			t.Fatalf("POST %v: %v", body, err)
		}
		e.clock.Advance(slowTimings.Redeploy + slowTimings.StaleStatus)
		if got := e.getIPs(c.ID); !slices.Equal(got, []string{"203.0.113.0/24"}) {
			t.Fatalf("list after POST %v = %q, want it unchanged", body, got)
		}
		if err := e.client.Put(e.path(c.ID, "/ipRestrictions"), body, nil); err != nil {
			t.Fatalf("PUT %v: %v", body, err)
		}
		if got := e.getIPs(c.ID); len(got) != 0 {
			t.Fatalf("list after PUT %v = %q, want []", body, got)
		}
	}
}

// The endpoints answer 404 for a missing cluster and 409 for one that is
// not READY; GET works in any status.
func TestIPRestrictionsOfMissingAndBusyClusters(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	missing := e.path("5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f", "/ipRestrictions")
	err := e.client.Get(missing, nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f")
	err = e.client.Put(missing, map[string]any{"ips": []string{}}, nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "does not exist")

	c := e.create(map[string]any{"region": "GRA7"})
	e.clock.Advance(slowTimings.NotFoundAfterCreate)
	if got := e.getIPs(c.ID); len(got) != 0 {
		t.Fatalf("list of an installing cluster = %q", got)
	}
	err = e.client.Put(e.path(c.ID, "/ipRestrictions"), map[string]any{"ips": []string{"10.0.0.0/8"}}, nil)
	wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "INSTALLING")

	e.clock.Advance(slowTimings.Install)
	if err := e.client.Delete(e.path(c.ID), nil); err != nil {
		t.Fatal(err)
	}
	err = e.client.Put(e.path(c.ID, "/ipRestrictions"), map[string]any{"ips": []string{"10.0.0.0/8"}}, nil)
	wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "DELETING")
	e.clock.Advance(slowTimings.Delete)
	err = e.client.Get(e.path(c.ID, "/ipRestrictions"), nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", c.ID)
}

// SetIPRestrictions changes the list out of band: at once, in the API's
// stored form, without a redeploy; it refuses what the API refuses.
func TestSetIPRestrictions(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	if err := e.mock.SetIPRestrictions(e.project(), c.ID, []string{"192.0.2.7", "2001:db8::1", "192.0.2.7/32"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"192.0.2.7/32", "2001:db8::1/128"}
	if got := e.getIPs(c.ID); !slices.Equal(got, want) {
		t.Fatalf("list = %q, want %q", got, want)
	}
	if got, ok := e.mock.IPRestrictions(e.project(), c.ID); !ok || !slices.Equal(got, want) {
		t.Fatalf("IPRestrictions = %q, %v; want %q", got, ok, want)
	}
	if s := e.status(c.ID); s != "READY" {
		t.Fatalf("status = %s, want READY", s)
	}
	if err := e.mock.SetIPRestrictions(e.project(), c.ID, []string{"office"}); err == nil {
		t.Fatal("an invalid block was accepted")
	}
	if got := e.getIPs(c.ID); !slices.Equal(got, want) {
		t.Fatalf("a refused SetIPRestrictions changed the list to %q", got)
	}
	if err := e.mock.SetIPRestrictions(e.project(), "nope", nil); err == nil {
		t.Fatal("SetIPRestrictions of a missing cluster succeeded")
	}
	if _, ok := e.mock.IPRestrictions(e.project(), "nope"); ok {
		t.Fatal("IPRestrictions of a missing cluster reported one")
	}
}

// A reset empties the list, as API.md states.
func TestResetEmptiesIPRestrictions(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	if err := e.mock.SetIPRestrictions(e.project(), c.ID, []string{"203.0.113.0/24"}); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Post(e.path(c.ID, "/reset"), map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	if got := e.getIPs(c.ID); len(got) != 0 {
		t.Fatalf("list during the reset = %q, want none", got)
	}
	e.clock.Advance(slowTimings.Reset)
	if got := e.getIPs(c.ID); len(got) != 0 {
		t.Fatalf("list after the reset = %q, want none", got)
	}
}
