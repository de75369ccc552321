package ovhmock_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/apischema"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// TestAnswersMatchSchema walks a cluster through every kube operation the
// mock serves, with bodies that use every part of the schema the provider
// uses, and holds each 2xx answer to the published schema. The acceptance
// suite does the same for whatever the provider asks (acctest.ServeMock);
// this one runs with the unit tests.
func TestAnswersMatchSchema(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	table := apischema.MustLoad()
	call := func(method, path, body string) []byte {
		t.Helper()
		resp, answer := e.do(e.signed(method, path, body))
		if resp.StatusCode/100 != 2 {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, answer)
		}
		op, ok := table.Find(method, path)
		if !ok {
			t.Fatalf("%s %s: the published schema has no such operation", method, path)
		}
		for _, p := range append(table.ValidateRequest(op, []byte(body)), table.ValidateAnswer(op, answer)...) {
			if a, ok := apischema.Allowed(p); ok {
				t.Logf("allowed (%s: %s): %s", a.Area, a.Reason, p)
				continue
			}
			t.Error(p)
		}
		if method != http.MethodGet {
			e.clock.Advance(time.Minute) // past every transition of slowTimings
		}
		return answer
	}

	created := call(http.MethodPost, e.kube, `{"region": "GRA11", "name": "conform", "version": "1.31",
		"plan": "standard", "updatePolicy": "MINIMAL_DOWNTIME", "kubeProxyMode": "ipvs",
		"customization": {"apiServer": {"admissionPlugins": {"enabled": ["NodeRestriction"], "disabled": ["AlwaysPullImages"]}},
			"kubeProxy": {"ipvs": {"scheduler": "rr", "syncPeriod": "PT30S"}, "iptables": {"minSyncPeriod": "PT1S"}},
			"cilium": {"hubble": {"enabled": true, "relay": {"enabled": true}, "ui": {"enabled": true,
				"backendResources": {"limits": {"cpu": "500m", "memory": "512Mi"}}}},
				"clusterMesh": {"enabled": true, "apiServer": {"serviceType": "NodePort", "nodePort": 32379}}}},
		"ipAllocationPolicy": {"podsIpv4Cidr": "10.240.0.0/13", "servicesIpv4Cidr": "10.3.0.0/16"},
		"nodepools": [{"flavorName": "b3-8", "name": "first", "desiredNodes": 1, "availabilityZones": []}]}`)
	var c struct{ ID string }
	if err := json.Unmarshal(created, &c); err != nil || c.ID == "" {
		t.Fatalf("creation answer %s: %v", created, err)
	}
	e.clock.Advance(time.Minute)
	k := e.path(c.ID)

	call(http.MethodGet, e.kube, "")
	call(http.MethodGet, k, "")
	call(http.MethodPut, k, `{"name": "conform-2"}`)
	call(http.MethodPut, k+"/updatePolicy", `{"updatePolicy": "ALWAYS_UPDATE"}`)
	call(http.MethodGet, k+"/customization", "")
	call(http.MethodPut, k+"/customization", `{"kubeProxy": {"iptables": {"syncPeriod": "PT60S"}}}`)
	call(http.MethodGet, k+"/flavors", "")
	call(http.MethodPost, k+"/kubeconfig", "")
	call(http.MethodGet, k+"/metrics/etcdUsage", "")

	pool := call(http.MethodPost, k+"/nodepool", `{"flavorName": "b3-8", "name": "pool-a", "desiredNodes": 2,
		"minNodes": 0, "maxNodes": 5, "autoscale": false, "antiAffinity": false, "monthlyBilled": false,
		"availabilityZones": [], "autoscaling": {"scaleDownUtilizationThreshold": 0.5},
		"template": {"metadata": {"labels": {"a": "b"}, "annotations": {}, "finalizers": []},
			"spec": {"unschedulable": false, "taints": [{"key": "k", "value": "v", "effect": "NoSchedule"}]}}}`)
	var p struct{ ID string }
	if err := json.Unmarshal(pool, &p); err != nil || p.ID == "" {
		t.Fatalf("node pool answer %s: %v", pool, err)
	}
	e.clock.Advance(time.Minute)
	call(http.MethodGet, k+"/nodepool", "")
	call(http.MethodGet, k+"/nodepool/"+p.ID, "")
	call(http.MethodGet, k+"/nodepool/"+p.ID+"/nodes", "")
	call(http.MethodGet, k+"/node", "")
	call(http.MethodPut, k+"/nodepool/"+p.ID, `{"desiredNodes": 3, "autoscale": true, "autoscaling": {"scaleDownUnneededTimeSeconds": 600}}`)

	call(http.MethodPost, k+"/openIdConnect", `{"issuerUrl": "https://issuer.example.com", "clientId": "kube",
		"usernameClaim": "email", "usernamePrefix": "oidc:", "groupsClaim": ["groups"], "groupsPrefix": "oidc:",
		"requiredClaim": ["team=a"], "signingAlgorithms": ["RS256"], "caContent": ""}`)
	call(http.MethodGet, k+"/openIdConnect", "")
	call(http.MethodPut, k+"/openIdConnect", `{"issuerUrl": "https://issuer.example.com", "clientId": "kube-2"}`)
	call(http.MethodDelete, k+"/openIdConnect", "")

	call(http.MethodPut, k+"/ipRestrictions", `{"ips": ["10.0.0.0/8"]}`)
	call(http.MethodPost, k+"/ipRestrictions", `{"ips": ["192.0.2.0/24"]}`)
	call(http.MethodGet, k+"/ipRestrictions", "")
	call(http.MethodDelete, k+"/ipRestrictions/192.0.2.0%2F24", "")

	op := call(http.MethodPost, k+"/log/subscription", `{"kind": "audit", "streamId": "`+ovhmock.DefaultLogStreams[0]+`"}`)
	var reply struct{ OperationID, ServiceName string }
	if err := json.Unmarshal(op, &reply); err != nil {
		t.Fatal(err)
	}
	var done struct{ SubscriptionID string }
	if err := json.Unmarshal(call(http.MethodGet, "/dbaas/logs/"+reply.ServiceName+"/operation/"+reply.OperationID, ""), &done); err != nil {
		t.Fatal(err)
	}
	call(http.MethodGet, k+"/log/subscription?kind=audit", "")
	call(http.MethodGet, k+"/log/subscription/"+done.SubscriptionID, "")
	call(http.MethodDelete, k+"/log/subscription/"+done.SubscriptionID, "")

	call(http.MethodPost, k+"/update", `{"strategy": "NEXT_MINOR"}`)
	call(http.MethodPost, k+"/restart", `{"force": true}`)
	call(http.MethodPost, k+"/kubeconfig/reset", "")
	call(http.MethodPost, k+"/kubeconfig", "")
	call(http.MethodPost, k+"/reset", `{"workerNodesPolicy": "reinstall", "kubeProxyMode": "iptables"}`)
	call(http.MethodDelete, k+"/nodepool/"+p.ID, "")
	call(http.MethodDelete, k, "")
}
