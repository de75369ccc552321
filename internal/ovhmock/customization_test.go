package ovhmock_test

import (
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

func TestZeroDurationsComeBackAsP0D(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.create(map[string]any{"region": "GRA7", "customization": map[string]any{
		"kubeProxy": map[string]any{
			"iptables": map[string]any{"minSyncPeriod": "PT0S", "syncPeriod": "PT60S"},
			"ipvs":     map[string]any{"tcpTimeout": "PT0M", "udpTimeout": "P0D", "tcpFinTimeout": "PT0.0S", "syncPeriod": "PT90S"},
		},
	}})
	want := map[string]any{"kubeProxy": map[string]any{
		"iptables": map[string]any{"minSyncPeriod": "P0D", "syncPeriod": "PT60S"},
		"ipvs":     map[string]any{"tcpTimeout": "P0D", "udpTimeout": "P0D", "tcpFinTimeout": "P0D", "syncPeriod": "PT90S"},
	}}
	jsonEqual(t, c.Customization, want)
	e.clock.Advance(slowTimings.NotFoundAfterCreate)
	var got ovhmock.Customization
	if err := e.client.Get(e.path(c.ID, "/customization"), &got); err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, got, want)
}

func TestCanonicalDurationsOption(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{CanonicalDurations: true})
	c := e.createReady(map[string]any{"region": "GRA7", "customization": map[string]any{
		"kubeProxy": map[string]any{
			"iptables": map[string]any{"minSyncPeriod": "PT0S", "syncPeriod": "PT60S"},
			"ipvs": map[string]any{
				"minSyncPeriod": "PT90S", "syncPeriod": "PT3600S", "tcpTimeout": "P1W",
				"tcpFinTimeout": "PT1.50S", "udpTimeout": "PT25H",
			},
		},
	}})
	jsonEqual(t, c.Customization, map[string]any{"kubeProxy": map[string]any{
		"iptables": map[string]any{"minSyncPeriod": "P0D", "syncPeriod": "PT1M"},
		"ipvs": map[string]any{
			"minSyncPeriod": "PT1M30S", "syncPeriod": "PT1H", "tcpTimeout": "P7D",
			"tcpFinTimeout": "PT1.5S", "udpTimeout": "P1DT1H",
		},
	}})
	// PUT /customization is normalised the same way.
	body := map[string]any{"kubeProxy": map[string]any{"iptables": map[string]any{"syncPeriod": "PT120S"}}}
	if err := e.client.Put(e.path(c.ID, "/customization"), body, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := e.mock.Cluster(e.project(), c.ID)
	if s := got.Customization.KubeProxy.IPTables.SyncPeriod; s != "PT2M" {
		t.Fatalf("syncPeriod = %s, want PT2M", s)
	}
}

func TestCustomizationReplacesPerTopLevelKey(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7", "customization": map[string]any{
		"apiServer": map[string]any{"admissionPlugins": map[string]any{"enabled": []string{"AlwaysPullImages"}, "disabled": []string{"NodeRestriction"}}},
		"kubeProxy": map[string]any{"iptables": map[string]any{"minSyncPeriod": "PT1S", "syncPeriod": "PT30S"}},
	}})
	apiServer := map[string]any{"admissionPlugins": map[string]any{"enabled": []string{"AlwaysPullImages"}, "disabled": []string{"NodeRestriction"}}}

	put := func(body any) map[string]string {
		t.Helper()
		var answer map[string]string
		if err := e.client.Put(e.path(c.ID, "/customization"), body, &answer); err != nil {
			t.Fatal(err)
		}
		if got := e.get(c.ID).Status; got != "UPDATING" {
			t.Fatalf("status after PUT /customization = %s, want UPDATING", got)
		}
		e.clock.Advance(slowTimings.Update)
		return answer
	}
	getCustomization := func() ovhmock.Customization {
		t.Helper()
		var got ovhmock.Customization
		if err := e.client.Get(e.path(c.ID, "/customization"), &got); err != nil {
			t.Fatal(err)
		}
		return got
	}

	// kubeProxy sent: its whole subtree is replaced, iptables is gone;
	// apiServer left out: kept.
	answer := put(map[string]any{"kubeProxy": map[string]any{"ipvs": map[string]any{"scheduler": "rr"}}})
	if answer["message"] == "" {
		t.Fatalf("PUT /customization answered %v, want a message", answer)
	}
	jsonEqual(t, getCustomization(), map[string]any{
		"apiServer": apiServer,
		"kubeProxy": map[string]any{"ipvs": map[string]any{"scheduler": "rr"}},
	})

	// apiServer sent with only "enabled": "disabled" comes back empty.
	put(map[string]any{"apiServer": map[string]any{"admissionPlugins": map[string]any{"enabled": []string{"NodeRestriction"}}}})
	jsonEqual(t, getCustomization(), map[string]any{
		"apiServer": map[string]any{"admissionPlugins": map[string]any{"enabled": []string{"NodeRestriction"}, "disabled": []string{}}},
		"kubeProxy": map[string]any{"ipvs": map[string]any{"scheduler": "rr"}},
	})

	// An empty object changes nothing, an empty key empties its subtree.
	put(map[string]any{})
	put(map[string]any{"kubeProxy": map[string]any{}})
	jsonEqual(t, getCustomization(), map[string]any{
		"apiServer": map[string]any{"admissionPlugins": map[string]any{"enabled": []string{"NodeRestriction"}, "disabled": []string{}}},
		"kubeProxy": map[string]any{},
	})
	if got := e.get(c.ID); got.Status != "READY" {
		t.Fatalf("status = %s", got.Status)
	}
}

func TestCustomizationEchoesOnlyWhatWasSet(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7", "customization": map[string]any{
		"kubeProxy": map[string]any{"ipvs": map[string]any{"syncPeriod": "PT30S"}},
	}})
	var got map[string]any
	if err := e.client.Get(e.path(c.ID, "/customization"), &got); err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, got, map[string]any{"kubeProxy": map[string]any{"ipvs": map[string]any{"syncPeriod": "PT30S"}}})

	plain := e.createReady(map[string]any{"region": "GRA7"})
	var empty map[string]any
	if err := e.client.Get(e.path(plain.ID, "/customization"), &empty); err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, empty, map[string]any{})
}
