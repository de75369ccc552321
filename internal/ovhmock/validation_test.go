package ovhmock_test

import (
	"maps"
	"net/http"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

func TestCreateValidation(t *testing.T) {
	ipvs := func(field string, value any) map[string]any {
		return map[string]any{"kubeProxy": map[string]any{"ipvs": map[string]any{field: value}}}
	}
	tests := []struct {
		name    string
		body    map[string]any // merged over {"region": "GRA7"}
		message string         // the whole message
	}{
		{"region missing", map[string]any{"region": nil}, "[region] Missing required parameter"},
		{"region unknown", map[string]any{"region": "XX1"}, "[region] Given data (XX1) is not an available region for Managed Kubernetes"},
		{"region lower case", map[string]any{"region": "gra7"}, "[region] Given data (gra7) is not an available region for Managed Kubernetes"},
		{"kubeProxyMode unknown", map[string]any{"kubeProxyMode": "foo"}, "[kubeProxyMode] Given data (foo) does not belong to the cloud.kube.KubeProxyModeEnum enumeration"},
		{"version with patch", map[string]any{"version": "1.34.7"}, "[version] Given data (1.34.7) does not belong to the cloud.kube.VersionEnum enumeration"},
		{"version unsupported", map[string]any{"version": "1.30"}, "[version] Given data (1.30) does not belong to the cloud.kube.VersionEnum enumeration"},
		{"version as a number", map[string]any{"version": 1.34}, "[version] Given data (1.34) is not valid for type string"},
		{"updatePolicy unknown", map[string]any{"updatePolicy": "SOMETIMES"}, "[updatePolicy] Given data (SOMETIMES) does not belong to the cloud.kube.UpdatePolicyEnum enumeration"},
		{"scheduler unknown", map[string]any{"customization": ipvs("scheduler", "wrr")},
			"[customization.kubeProxy.ipvs.scheduler] Given data (wrr) does not belong to the cloud.kube.KubeProxyIpvsSchedulerEnum enumeration"},
		{"negative duration inside", map[string]any{"customization": ipvs("syncPeriod", "PT-5S")},
			"[customization.kubeProxy.ipvs.syncPeriod] Given data (PT-5S) is not valid for type duration"},
		{"negative duration", map[string]any{"customization": ipvs("tcpTimeout", "-PT5S")},
			"[customization.kubeProxy.ipvs.tcpTimeout] Given data (-PT5S) is not valid for type duration"},
		{"Go duration", map[string]any{"customization": ipvs("udpTimeout", "30s")},
			"[customization.kubeProxy.ipvs.udpTimeout] Given data (30s) is not valid for type duration"},
		{"empty duration", map[string]any{"customization": ipvs("minSyncPeriod", "")},
			"[customization.kubeProxy.ipvs.minSyncPeriod] Given data () is not valid for type duration"},
		{"duration without part", map[string]any{"customization": ipvs("tcpFinTimeout", "PT")},
			"[customization.kubeProxy.ipvs.tcpFinTimeout] Given data (PT) is not valid for type duration"},
		{"duration parts out of order", map[string]any{"customization": map[string]any{"kubeProxy": map[string]any{"iptables": map[string]any{"syncPeriod": "PT1S1M"}}}},
			"[customization.kubeProxy.iptables.syncPeriod] Given data (PT1S1M) is not valid for type duration"},
		{"admission plugin unknown", map[string]any{"customization": map[string]any{"apiServer": map[string]any{"admissionPlugins": map[string]any{"enabled": []string{"PodSecurity"}}}}},
			"[customization.apiServer.admissionPlugins.enabled] Given data (PodSecurity) does not belong to the cloud.ProjectKubeCustomizationAPIServerAdmissionPluginsEnum enumeration"},
		{"admission plugins not a list", map[string]any{"customization": map[string]any{"apiServer": map[string]any{"admissionPlugins": map[string]any{"enabled": "NodeRestriction"}}}},
			"[customization.apiServer.admissionPlugins.enabled] Given data (NodeRestriction) is not valid for type list"},
		{"empty load balancer subnet", map[string]any{"loadBalancersSubnetId": ""}, "[loadBalancersSubnetId] Given data () is not valid for type uuid"},
		{"routing flag not a boolean", map[string]any{"privateNetworkConfiguration": map[string]any{"privateNetworkRoutingAsDefault": "yes"}},
			"[privateNetworkConfiguration.privateNetworkRoutingAsDefault] Given data (yes) is not valid for type boolean"},
		{"pods CIDR invalid", map[string]any{"ipAllocationPolicy": map[string]any{"podsIpv4Cidr": "10.0.0.0/33"}},
			"[ipAllocationPolicy.podsIpv4Cidr] Given data (10.0.0.0/33) is not valid for type ipv4Block"},
		{"services CIDR IPv6", map[string]any{"ipAllocationPolicy": map[string]any{"servicesIpv4Cidr": "fd00::/64"}},
			"[ipAllocationPolicy.servicesIpv4Cidr] Given data (fd00::/64) is not valid for type ipv4Block"},
		{"unknown field", map[string]any{"foo": 1}, "[foo] Received not described parameter"},
		{"unknown nested field", map[string]any{"customization": map[string]any{"kubeProxy": map[string]any{"nftables": map[string]any{}}}},
			"[customization.kubeProxy.nftables] Received not described parameter"},
		{"name not a string", map[string]any{"name": 42}, "[name] Given data (42) is not valid for type string"},
		{"customization not an object", map[string]any{"customization": "none"}, "[customization] Given data (none) is not valid for type cloud.ProjectKubeCustomization"},
		{"node pool not an object", map[string]any{"nodepool": []int{1}}, "[nodepool] Given data ([1]) is not valid for type cloud.ProjectKubeCreationNodePool"},
		{"workerNodesPolicy is for reset only", map[string]any{"workerNodesPolicy": "delete"}, "[workerNodesPolicy] Received not described parameter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEnv(t, ovhmock.Options{})
			body := map[string]any{"region": "GRA7"}
			maps.Copy(body, tt.body)
			if v, ok := tt.body["region"]; ok && v == nil {
				delete(body, "region")
			}
			err := e.client.Post(e.kube, body, nil)
			wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", tt.message)
			if n := len(e.mock.Clusters(e.project())); n != 0 {
				t.Fatalf("a refused creation left %d clusters", n)
			}
		})
	}
}

func TestMalformedJSON(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	for _, body := range []string{`{"region":`, `{"region":"GRA7"} {}`, `[]`} {
		resp, raw := e.do(e.signed("POST", e.kube, body))
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("%s: status %d", body, resp.StatusCode)
		}
		if class, _ := errorBody(t, raw); class != "Client::BadRequest" {
			t.Fatalf("%s: class %s", body, class)
		}
	}
}

func TestValidationOfOtherEndpoints(t *testing.T) {
	tests := []struct {
		name, method, path string
		body               any
		message            string
	}{
		{"customization duration", "PUT", "/customization", map[string]any{"kubeProxy": map[string]any{"iptables": map[string]any{"syncPeriod": "PT-5S"}}},
			"[kubeProxy.iptables.syncPeriod] Given data (PT-5S) is not valid for type duration"},
		{"customization unknown key", "PUT", "/customization", map[string]any{"kubelet": map[string]any{}}, "[kubelet] Received not described parameter"},
		{"reset region", "POST", "/reset", map[string]any{"region": "GRA7"}, "[region] Received not described parameter"},
		{"reset plan", "POST", "/reset", map[string]any{"plan": "free"}, "[plan] Received not described parameter"},
		{"reset worker nodes policy", "POST", "/reset", map[string]any{"workerNodesPolicy": "keep"},
			"[workerNodesPolicy] Given data (keep) does not belong to the cloud.kube.ResetWorkerNodesPolicyEnum enumeration"},
		{"reset version", "POST", "/reset", map[string]any{"version": "1.99"}, "[version] Given data (1.99) does not belong to the cloud.kube.VersionEnum enumeration"},
		{"put name type", "PUT", "", map[string]any{"name": true}, "[name] Given data (true) is not valid for type string"},
		{"put unknown field", "PUT", "", map[string]any{"version": "1.34"}, "[version] Received not described parameter"},
		{"update force type", "POST", "/update", map[string]any{"strategy": "LATEST_PATCH", "force": "yes"}, "[force] Given data (yes) is not valid for type boolean"},
		{"update policy missing", "PUT", "/updatePolicy", map[string]any{}, "[updatePolicy] Missing required parameter"},
		{"load balancer subnet empty", "PUT", "/updateLoadBalancersSubnetId", map[string]any{"loadBalancersSubnetId": ""},
			"[loadBalancersSubnetId] Given data () is not valid for type uuid"},
		{"ip restriction", "POST", "/ipRestrictions", map[string]any{"ips": []string{"10.0.0.0/8", "nowhere"}}, "[ips] Given data (nowhere) is not valid for type ipBlock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEnv(t, ovhmock.Options{})
			c := e.createReady(map[string]any{"region": "GRA7"})
			err := e.client.CallAPI(tt.method, e.path(c.ID, tt.path), tt.body, nil, true)
			wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", tt.message)
			if got := e.get(c.ID); mustJSON(t, got) != mustJSON(t, c) {
				t.Fatalf("a refused change altered the cluster:\n%+v\nwas\n%+v", got, c)
			}
			var ips []string
			if err := e.client.Get(e.path(c.ID, "/ipRestrictions"), &ips); err != nil || len(ips) != 0 {
				t.Fatalf("IP restrictions after a refused change = %v, %v", ips, err)
			}
		})
	}
}

// TestAcceptsWhatTheSchemaAccepts: values the schema allows that the mock
// once refused. plan is a plain string, nodesSubnetId, privateNetworkId and
// defaultVrackGateway too, and the schema's own example of a creation lists
// AlwaysPullImages both enabled and disabled.
func TestAcceptsWhatTheSchemaAccepts(t *testing.T) {
	both := map[string]any{"apiServer": map[string]any{"admissionPlugins": map[string]any{
		"enabled": []string{"AlwaysPullImages", "NodeRestriction"}, "disabled": []string{"AlwaysPullImages"}}}}
	for name, body := range map[string]map[string]any{
		"plan of any name":                      {"plan": "gold"},
		"nodes subnet not a uuid":               {"privateNetworkId": "pn-1", "nodesSubnetId": "subnet-1"},
		"empty private network":                 {"privateNetworkId": ""},
		"gateway not an IP":                     {"privateNetworkConfiguration": map[string]any{"defaultVrackGateway": "gw"}},
		"admission plugin enabled and disabled": {"customization": both},
	} {
		t.Run(name, func(t *testing.T) {
			e := newFakeEnv(t, ovhmock.Options{})
			body["region"] = "GRA7"
			c := e.createReady(body)
			if plan, ok := body["plan"]; ok && c.Plan != plan {
				t.Fatalf("plan = %q, want %q", c.Plan, plan)
			}
			if _, ok := body["customization"]; ok {
				_, alone := e.customizationOf(c.ID)
				jsonEqual(t, alone, both)
			}
		})
	}

	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	for _, tt := range []struct {
		method, path string
		body         any
	}{
		{"PUT", "/customization", both},
		{"POST", "/reset", map[string]any{"customization": both, "nodesSubnetId": "subnet-2"}},
		{"PUT", "/privateNetworkConfiguration", map[string]any{"defaultVrackGateway": "10.0.0.300"}},
	} {
		if err := e.client.CallAPI(tt.method, e.path(c.ID, tt.path), tt.body, nil, true); err != nil {
			t.Fatalf("%s %s: %v", tt.method, tt.path, err)
		}
		e.clock.Advance(10 * time.Second)
	}
	if _, alone := e.customizationOf(c.ID); mustJSON(t, alone) != mustJSON(t, both) {
		t.Fatalf("customization = %s", mustJSON(t, alone))
	}
}

// TestLoadBalancersSubnetCanBeUnset: loadBalancersSubnetId is a nullable
// uuid in cloud.ProjectKubeUpdateLoadBalancersSubnetId, required by
// nothing: null, or a body without it, unsets the subnet.
func TestLoadBalancersSubnetCanBeUnset(t *testing.T) {
	const subnet = "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11"
	for _, body := range []any{map[string]any{"loadBalancersSubnetId": nil}, map[string]any{}} {
		e := newFakeEnv(t, ovhmock.Options{})
		c := e.createReady(map[string]any{"region": "GRA7", "privateNetworkId": "pn-1", "loadBalancersSubnetId": subnet})
		if got := e.get(c.ID).LoadBalancersSubnetID; got == nil || *got != subnet {
			t.Fatalf("created with subnet %v", got)
		}
		if err := e.client.Put(e.path(c.ID, "/updateLoadBalancersSubnetId"), body, nil); err != nil {
			t.Fatalf("PUT %v: %v", body, err)
		}
		e.clock.Advance(slowTimings.Redeploy)
		if got := e.get(c.ID).LoadBalancersSubnetID; got != nil {
			t.Fatalf("after PUT %v: subnet %q, want none", body, *got)
		}
	}
}
