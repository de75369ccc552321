package ovhmock_test

import (
	"net/http"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

func (e *env) etcdUsage(id string) (ovhmock.EtcdUsage, error) {
	e.t.Helper()
	var u ovhmock.EtcdUsage
	err := e.client.Get(e.path(id, "/metrics/etcdUsage"), &u)
	return u, err
}

// TestEtcdUsage: every cluster answers the options' quota and usage, or the
// documented defaults, until SetEtcdUsage gives one values of its own; an
// unknown cluster, or one not yet visible, is a 404; negative values are
// refused.
func TestEtcdUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts *ovhmock.EtcdUsage
		want ovhmock.EtcdUsage
	}{
		{"defaults", nil, ovhmock.EtcdUsage{Quota: 400 << 20, Usage: 50 << 20}},
		{"options", &ovhmock.EtcdUsage{Quota: 1000, Usage: 900}, ovhmock.EtcdUsage{Quota: 1000, Usage: 900}},
		{"zeros", &ovhmock.EtcdUsage{}, ovhmock.EtcdUsage{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newFakeEnv(t, ovhmock.Options{Etcd: tc.opts})
			c := e.create(map[string]any{"region": "GRA7"})
			_, err := e.etcdUsage(c.ID)
			wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "Kubernetes cluster "+c.ID+" does not exist")
			e.clock.Advance(slowTimings.NotFoundAfterCreate)
			// INSTALLING: the metric is there already.
			if got, err := e.etcdUsage(c.ID); err != nil || got != tc.want {
				t.Fatalf("etcdUsage = %+v, %v; want %+v", got, err, tc.want)
			}
			if got, ok := e.mock.EtcdUsage(e.project(), c.ID); !ok || got != tc.want {
				t.Fatalf("EtcdUsage() = %+v, %v; want %+v", got, ok, tc.want)
			}

			other := e.create(map[string]any{"region": "GRA7"})
			e.clock.Advance(slowTimings.NotFoundAfterCreate)
			own := ovhmock.EtcdUsage{Quota: 2 << 30, Usage: 1 << 30}
			if err := e.mock.SetEtcdUsage(e.project(), c.ID, own); err != nil {
				t.Fatal(err)
			}
			if got, err := e.etcdUsage(c.ID); err != nil || got != own {
				t.Fatalf("after SetEtcdUsage: %+v, %v; want %+v", got, err, own)
			}
			if got, err := e.etcdUsage(other.ID); err != nil || got != tc.want {
				t.Fatalf("another cluster after SetEtcdUsage: %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}

	e := newFakeEnv(t, ovhmock.Options{})
	_, err := e.etcdUsage("0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70")
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", "Kubernetes cluster 0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70 does not exist")
	if err := e.mock.SetEtcdUsage(e.project(), "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70", ovhmock.EtcdUsage{}); err == nil {
		t.Error("SetEtcdUsage of an unknown cluster: no error")
	}
	c := e.createReady(map[string]any{"region": "GRA7"})
	if err := e.mock.SetEtcdUsage(e.project(), c.ID, ovhmock.EtcdUsage{Quota: -1}); err == nil {
		t.Error("SetEtcdUsage with a negative quota: no error")
	}
	if err := (ovhmock.Options{Etcd: &ovhmock.EtcdUsage{Usage: -1}}).Validate(); err == nil {
		t.Error("Options with a negative etcd usage: no error")
	}
}

// TestEtcdUsageFaults: the injected faults reach the path like any other.
func TestEtcdUsageFaults(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{Faults: ovhmock.Faults{Seed: 1, ServerErrorRate: 1}})
	if err := e.mock.AddCluster(e.project(), ovhmock.Cluster{ID: "c1", Name: "c1", Region: "GRA7", Status: "READY"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.etcdUsage("c1"); !isStatus(err, 500) && !isStatus(err, 502) && !isStatus(err, 503) {
		t.Fatalf("error = %v, want a 5xx", err)
	}
	log := e.mock.FaultedRequests()
	if len(log) != 1 || log[0].Route != "/cloud/project/{serviceName}/kube/{kubeId}/metrics/etcdUsage" || log[0].Fault != ovhmock.FaultServerError {
		t.Fatalf("faulted requests = %+v, want the GET of etcdUsage", log)
	}
}
