package ovhmock_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// TestIPRestrictionsAreSaved: a state file carries each cluster's IP
// restrictions as the API stores them (a bare address as its /32 or /128
// block, a block with host bits as written, in the order of arrival), and a
// restarted mock serves the same lists; a cluster whose list was emptied has
// none after the restart, and a list can be changed again.
func TestIPRestrictionsAreSaved(t *testing.T) {
	a := newFakeEnv(t, ovhmock.Options{})
	const restricted, emptied, never = "k1", "k2", "k3"
	for _, id := range []string{restricted, emptied, never} {
		if err := a.mock.AddCluster(a.project(), ovhmock.Cluster{ID: id, Name: "ips-" + id}); err != nil {
			t.Fatal(err)
		}
	}
	sent := []string{"203.0.113.0/24", "198.51.100.7", "2001:db8::1", "10.0.0.1/8"}
	want := []string{"203.0.113.0/24", "198.51.100.7/32", "2001:db8::1/128", "10.0.0.1/8"}
	if err := a.client.Put(a.path(restricted, "/ipRestrictions"), map[string]any{"ips": sent}, nil); err != nil {
		t.Fatal(err)
	}
	if err := a.client.Put(a.path(emptied, "/ipRestrictions"), map[string]any{"ips": []string{"192.0.2.0/24"}}, nil); err != nil {
		t.Fatal(err)
	}
	a.clock.Advance(slowTimings.Redeploy)
	if err := a.client.Put(a.path(emptied, "/ipRestrictions"), map[string]any{"ips": []string{}}, nil); err != nil {
		t.Fatal(err)
	}
	a.clock.Advance(slowTimings.Redeploy)

	var saved bytes.Buffer
	if err := a.mock.SaveState(&saved); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(saved.String(), `"ipRestrictions"`) || !strings.Contains(saved.String(), `"2001:db8::1/128"`) {
		t.Fatalf("the state file holds no IP restrictions:\n%s", saved.String())
	}

	b := newFakeEnv(t, ovhmock.Options{})
	if err := b.mock.LoadState(&saved); err != nil {
		t.Fatal(err)
	}
	for id, wantIPs := range map[string][]string{restricted: want, emptied: {}, never: {}} {
		var got []string
		if err := b.client.Get(b.path(id, "/ipRestrictions"), &got); err != nil {
			t.Errorf("GET the IP restrictions of %s after a restart: %v", id, err)
			continue
		}
		if !slices.Equal(got, wantIPs) {
			t.Errorf("IP restrictions of %s after a restart: %q, want %q", id, got, wantIPs)
		}
		if held, _ := b.mock.IPRestrictions(b.project(), id); !slices.Equal(held, wantIPs) {
			t.Errorf("the restarted mock holds %q for %s, want %q", held, id, wantIPs)
		}
		if c := b.get(id); c.Status != "READY" {
			t.Errorf("cluster %s reads %s after a restart, want READY", id, c.Status)
		}
	}
	// The list restored is the list changed: a block removed by address.
	if err := b.client.Delete(b.path(restricted, "/ipRestrictions/198.51.100.7"), nil); err != nil {
		t.Fatalf("DELETE a restored block: %v", err)
	}
	if held, _ := b.mock.IPRestrictions(b.project(), restricted); !slices.Equal(held, []string{"203.0.113.0/24", "2001:db8::1/128", "10.0.0.1/8"}) {
		t.Errorf("after removing a restored block: %q", held)
	}
}
