package ovhmock_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// kubeconfigFile is the part of a kubeconfig the tests look at.
type kubeconfigFile struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Clusters   []struct {
		Name    string `yaml:"name"`
		Cluster struct {
			Server string `yaml:"server"`
			CAData string `yaml:"certificate-authority-data"`
		} `yaml:"cluster"`
	} `yaml:"clusters"`
	Contexts []struct {
		Name    string `yaml:"name"`
		Context struct {
			Cluster string `yaml:"cluster"`
			User    string `yaml:"user"`
		} `yaml:"context"`
	} `yaml:"contexts"`
	CurrentContext string `yaml:"current-context"`
	Users          []struct {
		Name string `yaml:"name"`
		User struct {
			CertData string `yaml:"client-certificate-data"`
			KeyData  string `yaml:"client-key-data"`
		} `yaml:"user"`
	} `yaml:"users"`
}

// credentials of a parsed kubeconfig.
type kubeCreds struct {
	server string
	ca     *x509.Certificate
	client *x509.Certificate
}

func (e *env) kubeconfig(id string) kubeCreds {
	e.t.Helper()
	var answer struct {
		Content string `json:"content"`
	}
	if err := e.client.Post(e.path(id, "/kubeconfig"), nil, &answer); err != nil {
		e.t.Fatal(err)
	}
	var kc kubeconfigFile
	if err := yaml.Unmarshal([]byte(answer.Content), &kc); err != nil {
		e.t.Fatalf("kubeconfig is not YAML: %v\n%s", err, answer.Content)
	}
	if kc.APIVersion != "v1" || kc.Kind != "Config" || len(kc.Clusters) != 1 || len(kc.Users) != 1 || len(kc.Contexts) != 1 {
		e.t.Fatalf("kubeconfig layout: %+v", kc)
	}
	if kc.CurrentContext != kc.Contexts[0].Name || kc.Contexts[0].Context.Cluster != kc.Clusters[0].Name || kc.Contexts[0].Context.User != kc.Users[0].Name {
		e.t.Fatalf("kubeconfig references do not match: %+v", kc)
	}
	decode := func(field, b64 string) []byte {
		raw, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			e.t.Fatalf("%s is not base64: %v", field, err)
		}
		return raw
	}
	caPEM := decode("certificate-authority-data", kc.Clusters[0].Cluster.CAData)
	certPEM := decode("client-certificate-data", kc.Users[0].User.CertData)
	keyPEM := decode("client-key-data", kc.Users[0].User.KeyData)
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		e.t.Fatalf("client certificate and key do not match: %v", err)
	}
	block, _ := pem.Decode(caPEM)
	if block == nil {
		e.t.Fatal("CA data is not PEM")
	}
	ca, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		e.t.Fatal(err)
	}
	client, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		e.t.Fatal(err)
	}
	if err := client.CheckSignatureFrom(ca); err != nil {
		e.t.Fatalf("client certificate not signed by the CA: %v", err)
	}
	return kubeCreds{server: kc.Clusters[0].Cluster.Server, ca: ca, client: client}
}

func TestKubeconfig(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA9", "name": `quotes " and: colons`})
	first := e.kubeconfig(c.ID)
	if first.server != "https://"+c.URL {
		t.Fatalf("server = %s, want https://%s", first.server, c.URL)
	}
	if again := e.kubeconfig(c.ID); again.client.Equal(first.client) || !again.ca.Equal(first.ca) || again.server != first.server {
		t.Fatal("each kubeconfig fetch must carry a new client certificate, for the same server and CA")
	}
	updated := e.get(c.ID).UpdatedAt
	e.clock.Advance(time.Second)
	if err := e.client.Post(e.path(c.ID, "/kubeconfig/reset"), nil, nil); err != nil {
		t.Fatal(err)
	}
	// The nodes are reinstalled: the cluster is RESETTING, and refuses
	// changes, until Redeploy has passed.
	if got := e.status(c.ID); got != "RESETTING" {
		t.Fatalf("status after kubeconfig/reset = %s, want RESETTING", got)
	}
	err := e.client.Post(e.path(c.ID, "/kubeconfig/reset"), nil, nil)
	wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "RESETTING")
	e.clock.Advance(slowTimings.Redeploy)
	if got := e.get(c.ID); got.Status != "READY" || !got.UpdatedAt.After(updated) {
		t.Fatalf("after the reset: status %s, updatedAt %s (was %s); want READY and a later updatedAt", got.Status, got.UpdatedAt, updated)
	}
	rotated := e.kubeconfig(c.ID)
	if rotated.client.Equal(first.client) || rotated.ca.Equal(first.ca) {
		t.Fatal("kubeconfig/reset must issue new certificates under a new CA: no kubeconfig served before may match")
	}
	if err := first.client.CheckSignatureFrom(rotated.ca); err == nil {
		t.Fatal("the client certificate served before the reset is still signed by the cluster's CA")
	}
	if _, ok := e.mock.Cluster(e.project(), c.ID); !ok {
		t.Fatal("cluster vanished")
	}
}

// TestRestart: POST /restart, with or without force, shows REDEPLOYING until
// Redeploy has passed, then READY, and changes nothing else; a busy cluster
// refuses it with 409 and a body that is not cloud.ProjectKubeRestart with
// 400.
func TestRestart(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA9", "name": "restarted"})
	for _, body := range []any{map[string]any{"force": true}, map[string]any{"force": false}, map[string]any{}} {
		before := e.get(c.ID)
		e.clock.Advance(time.Second)
		if err := e.client.Post(e.path(c.ID, "/restart"), body, nil); err != nil {
			t.Fatalf("restart %v: %v", body, err)
		}
		if got := e.status(c.ID); got != "REDEPLOYING" {
			t.Fatalf("status after restart %v = %s, want REDEPLOYING", body, got)
		}
		err := e.client.Post(e.path(c.ID, "/restart"), body, nil)
		wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "REDEPLOYING")
		e.clock.Advance(slowTimings.Redeploy)
		after := e.get(c.ID)
		if after.Status != "READY" || after.Version != before.Version || after.Name != before.Name || !after.UpdatedAt.After(before.UpdatedAt) {
			t.Fatalf("after restart %v: %+v, before %+v", body, after, before)
		}
	}
	err := e.client.Post(e.path(c.ID, "/restart"), map[string]any{"force": "yes"}, nil)
	wantAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", "force")
}

func TestResetSemantics(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{
		"region": "SBG5", "name": "prod", "version": "1.33", "plan": "standard", "kubeProxyMode": "ipvs",
		"updatePolicy": "NEVER_UPDATE", "privateNetworkId": "pn-1", "loadBalancersSubnetId": "0f0e0d0c-0b0a-4908-8706-050403020100",
		"ipAllocationPolicy": map[string]any{"podsIpv4Cidr": "10.10.0.0/16", "servicesIpv4Cidr": "10.11.0.0/16"},
		"customization":      map[string]any{"kubeProxy": map[string]any{"ipvs": map[string]any{"scheduler": "sh"}}},
	})
	var ips []string
	if err := e.client.Post(e.path(c.ID, "/ipRestrictions"), map[string]any{"ips": []string{"192.0.2.0/24"}}, &ips); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(slowTimings.Redeploy)
	before := e.kubeconfig(c.ID)

	body := map[string]any{"version": "1.34", "workerNodesPolicy": "reinstall", "customization": map[string]any{
		"apiServer": map[string]any{"admissionPlugins": map[string]any{"enabled": []string{"AlwaysPullImages"}}},
	}}
	if err := e.client.Post(e.path(c.ID, "/reset"), body, nil); err != nil {
		t.Fatal(err)
	}
	if got := e.status(c.ID); got != "RESETTING" {
		t.Fatalf("status = %s, want RESETTING", got)
	}
	e.clock.Advance(slowTimings.Reset)
	got := e.get(c.ID)
	// Same cluster, same region and plan; what the payload set is set;
	// everything else is back to its default.
	jsonEqual(t, map[string]any{
		"id": got.ID, "status": got.Status, "region": got.Region, "plan": got.Plan, "url": got.URL,
		"name": got.Name, "version": got.Version, "kubeProxyMode": got.KubeProxyMode, "updatePolicy": got.UpdatePolicy,
		"privateNetworkId": got.PrivateNetworkID, "loadBalancersSubnetId": got.LoadBalancersSubnetID,
		"ipAllocationPolicy": got.IPAllocationPolicy, "customization": got.Customization,
		"createdAt": got.CreatedAt,
	}, map[string]any{
		"id": c.ID, "status": "READY", "region": "SBG5", "plan": "standard", "url": c.URL,
		"name": c.ID, "version": "1.34.7", "kubeProxyMode": "iptables", "updatePolicy": "ALWAYS_UPDATE",
		"privateNetworkId": nil, "loadBalancersSubnetId": nil, "ipAllocationPolicy": nil,
		"customization": map[string]any{"apiServer": map[string]any{"admissionPlugins": map[string]any{"enabled": []string{"AlwaysPullImages"}, "disabled": []string{}}}},
		"createdAt":     c.CreatedAt,
	})
	if err := e.client.Get(e.path(c.ID, "/ipRestrictions"), &ips); err != nil || len(ips) != 0 {
		t.Fatalf("IP restrictions after reset = %v, %v; want none", ips, err)
	}
	after := e.kubeconfig(c.ID)
	if after.client.Equal(before.client) || after.ca.Equal(before.ca) {
		t.Fatal("reset must regenerate the kubeconfig credentials")
	}

	// With an empty payload the reset object is all defaults.
	if err := e.client.Post(e.path(c.ID, "/reset"), nil, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(slowTimings.Reset)
	got = e.get(c.ID)
	if got.Version != "1.35.1" || len(mustJSON(t, got.Customization)) != 2 {
		t.Fatalf("after an empty reset: %+v", got)
	}
}

func TestPrivateNetworkConfiguration(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7", "privateNetworkId": "pn-1"})
	var got ovhmock.PrivateNetworkConfiguration
	if err := e.client.Get(e.path(c.ID, "/privateNetworkConfiguration"), &got); err != nil {
		t.Fatal(err)
	}
	if got != (ovhmock.PrivateNetworkConfiguration{}) {
		t.Fatalf("default configuration = %+v", got)
	}
	want := ovhmock.PrivateNetworkConfiguration{DefaultVrackGateway: "10.0.0.254", PrivateNetworkRoutingAsDefault: true}
	var answer map[string]string
	if err := e.client.Put(e.path(c.ID, "/privateNetworkConfiguration"), want, &answer); err != nil {
		t.Fatal(err)
	}
	if answer["message"] == "" {
		t.Fatalf("PUT answered %v, want a message", answer)
	}
	if s := e.status(c.ID); s != "REDEPLOYING" {
		t.Fatalf("status = %s, want REDEPLOYING", s)
	}
	e.clock.Advance(slowTimings.Redeploy)
	if err := e.client.Get(e.path(c.ID, "/privateNetworkConfiguration"), &got); err != nil {
		t.Fatal(err)
	}
	cl := e.get(c.ID)
	if got != want || *cl.PrivateNetworkConfiguration != want || cl.Status != "READY" {
		t.Fatalf("configuration = %+v, cluster %+v", got, cl)
	}
}

func TestUpdateLoadBalancersSubnet(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	subnet := "0f0e0d0c-0b0a-4908-8706-050403020100"
	if err := e.client.Put(e.path(c.ID, "/updateLoadBalancersSubnetId"), map[string]any{"loadBalancersSubnetId": subnet}, nil); err != nil {
		t.Fatal(err)
	}
	if s := e.status(c.ID); s != "REDEPLOYING" {
		t.Fatalf("status = %s, want REDEPLOYING", s)
	}
	e.clock.Advance(slowTimings.Redeploy)
	if got := e.get(c.ID); got.Status != "READY" || got.LoadBalancersSubnetID == nil || *got.LoadBalancersSubnetID != subnet {
		t.Fatalf("after redeploy: %+v", got)
	}
}
