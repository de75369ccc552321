package ovhmock_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// caContent is base64 of a freshly generated self-signed CA certificate.
func caContent(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "idp-ca"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// oidcMinimalBody is a creation with only the required members, sent as written.
var oidcMinimalBody = json.RawMessage(`{"issuerUrl":"https://idp.example.com/realms/k8s","clientId":"kubernetes"}`)

func (e *env) oidcPath(id string) string { return e.path(id, "/openIdConnect") }

// readyCluster adds a READY cluster and returns its id.
func (e *env) readyCluster() string {
	e.t.Helper()
	if err := e.mock.AddCluster(e.project(), ovhmock.Cluster{ID: "k1", Name: "oidc"}); err != nil {
		e.t.Fatal(err)
	}
	return "k1"
}

// TestOIDCLifecycle follows one configuration from creation to deletion:
// each change redeploys the cluster, which refuses other changes meanwhile.
func TestOIDCLifecycle(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	id := e.readyCluster()
	var got ovhmock.OpenIDConnect
	wantAPIError(t, e.client.Get(e.oidcPath(id), &got), 404, "Client::NotFound", "Cluster k1 has no OpenIdConnect configuration")

	if err := e.client.Post(e.oidcPath(id), oidcMinimalBody, &got); err != nil {
		t.Fatal(err)
	}
	stored := ovhmock.OpenIDConnect{IssuerURL: "https://idp.example.com/realms/k8s", ClientID: "kubernetes",
		GroupsClaim: []string{}, RequiredClaim: []string{}, SigningAlgorithms: []string{}}
	jsonEqual(t, got, stored)
	if s := e.status(id); s != "REDEPLOYING" {
		t.Fatalf("status after the creation = %s, want REDEPLOYING", s)
	}
	wantAPIError(t, e.client.Put(e.oidcPath(id), oidcMinimalBody, nil), 409, "Client::Conflict", "is in status REDEPLOYING")
	e.clock.Advance(slowTimings.Redeploy)
	if s := e.status(id); s != "READY" {
		t.Fatalf("status after the redeployment = %s, want READY", s)
	}
	if err := e.client.Get(e.oidcPath(id), &got); err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, got, stored)
	wantExactAPIError(t, e.client.Post(e.oidcPath(id), oidcMinimalBody, nil), 409, "Client::Conflict",
		"Cluster k1 already has an OpenIdConnect configuration; change it with PUT or delete it first")

	updated := ovhmock.OpenIDConnect{IssuerURL: "https://accounts.google.com", ClientID: "123.apps.googleusercontent.com",
		UsernameClaim: "email", UsernamePrefix: "-", GroupsClaim: []string{"groups"}, GroupsPrefix: "oidc:",
		RequiredClaim: []string{"hd=example.com"}, SigningAlgorithms: []string{"RS256", "ES256"}, CAContent: caContent(t)}
	if err := e.client.Put(e.oidcPath(id), updated, nil); err != nil {
		t.Fatal(err)
	}
	if s := e.status(id); s != "REDEPLOYING" {
		t.Fatalf("status after the update = %s, want REDEPLOYING", s)
	}
	if snap, ok := e.mock.OIDC(e.project(), id); !ok {
		t.Fatal("the configuration is gone after the update")
	} else {
		jsonEqual(t, snap, updated)
	}
	e.clock.Advance(slowTimings.Redeploy)

	if err := e.client.Delete(e.oidcPath(id), nil); err != nil {
		t.Fatal(err)
	}
	if s := e.status(id); s != "REDEPLOYING" {
		t.Fatalf("status after the deletion = %s, want REDEPLOYING", s)
	}
	wantAPIError(t, e.client.Get(e.oidcPath(id), &got), 404, "Client::NotFound", "no OpenIdConnect configuration")
	e.clock.Advance(slowTimings.Redeploy)
	wantAPIError(t, e.client.Put(e.oidcPath(id), oidcMinimalBody, nil), 404, "Client::NotFound", "no OpenIdConnect configuration")
	wantAPIError(t, e.client.Delete(e.oidcPath(id), nil), 404, "Client::NotFound", "no OpenIdConnect configuration")
	if s := e.status(id); s != "READY" {
		t.Fatalf("refused changes moved the cluster to %s", s)
	}
}

// TestOIDCStaleStatus: with Timings.StaleStatus, the cluster still reads
// READY for that long after each change of its OIDC configuration, while
// the redeploy already refuses changes with 409.
func TestOIDCStaleStatus(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{Timings: staleStatusTimings})
	id := e.readyCluster()
	if err := e.client.Post(e.oidcPath(id), oidcMinimalBody, nil); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, e.client.Put(e.oidcPath(id), oidcMinimalBody, nil), 409, "Client::Conflict", "is in status REDEPLOYING")
	e.followStaleStatus(id, "POST openIdConnect")
	if err := e.client.Put(e.oidcPath(id), ovhmock.OpenIDConnect{IssuerURL: "https://accounts.google.com", ClientID: "k"}, nil); err != nil {
		t.Fatal(err)
	}
	e.followStaleStatus(id, "PUT openIdConnect")
	if err := e.client.Delete(e.oidcPath(id), nil); err != nil {
		t.Fatal(err)
	}
	e.followStaleStatus(id, "DELETE openIdConnect")
	if _, ok := e.mock.OIDC(e.project(), id); ok {
		t.Fatal("the configuration survived its deletion")
	}
}

func TestOIDCLifecycleChoices(t *testing.T) {
	t.Run("creation through INSTALLING", func(t *testing.T) {
		e := newFakeEnv(t, ovhmock.Options{})
		id := e.readyCluster()
		if err := e.mock.SetOIDCLifecycle(e.project(), id, ovhmock.OIDCLifecycle{Creation: "INSTALLING"}); err != nil {
			t.Fatal(err)
		}
		if err := e.client.Post(e.oidcPath(id), oidcMinimalBody, nil); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(slowTimings.Install - time.Second)
		if s := e.status(id); s != "INSTALLING" {
			t.Fatalf("status = %s, want INSTALLING for Timings.Install", s)
		}
		e.clock.Advance(time.Second)
		if s := e.status(id); s != "READY" {
			t.Fatalf("status = %s, want READY", s)
		}
		// Other changes still redeploy.
		if err := e.client.Put(e.oidcPath(id), oidcMinimalBody, nil); err != nil {
			t.Fatal(err)
		}
		if s := e.status(id); s != "REDEPLOYING" {
			t.Fatalf("status after PUT = %s, want REDEPLOYING", s)
		}
	})
	t.Run("a change that ends in ERROR", func(t *testing.T) {
		e := newFakeEnv(t, ovhmock.Options{})
		id := e.readyCluster()
		if err := e.mock.SetOIDCLifecycle(e.project(), id, ovhmock.OIDCLifecycle{End: "ERROR"}); err != nil {
			t.Fatal(err)
		}
		if err := e.client.Post(e.oidcPath(id), oidcMinimalBody, nil); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(slowTimings.Redeploy)
		if s := e.status(id); s != "ERROR" {
			t.Fatalf("status = %s, want ERROR", s)
		}
		wantAPIError(t, e.client.Delete(e.oidcPath(id), nil), 409, "Client::Conflict", "is in status ERROR")
	})
	t.Run("statuses that make no sense are refused", func(t *testing.T) {
		e := newFakeEnv(t, ovhmock.Options{})
		id := e.readyCluster()
		for _, l := range []ovhmock.OIDCLifecycle{{Creation: "READY"}, {Creation: "DELETING"}, {End: "REDEPLOYING"}} {
			if err := e.mock.SetOIDCLifecycle(e.project(), id, l); err == nil {
				t.Errorf("%+v accepted", l)
			}
		}
		if err := e.mock.SetOIDCLifecycle(e.project(), "nope", ovhmock.OIDCLifecycle{}); err == nil {
			t.Error("an unknown cluster accepted")
		}
	})
}

// The configuration goes with its cluster, and an unknown cluster is a 404
// like any other.
func TestOIDCOfMissingCluster(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	id := e.readyCluster()
	if err := e.mock.SetOIDC(e.project(), id, &ovhmock.OpenIDConnect{IssuerURL: "https://idp.example.com", ClientID: "k"}); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Delete(e.path(id), nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(slowTimings.Delete)
	wantAPIError(t, e.client.Get(e.oidcPath(id), nil), 404, "Client::NotFound", "Kubernetes cluster k1 does not exist")
	wantAPIError(t, e.client.Post(e.oidcPath("other"), oidcMinimalBody, nil), 404, "Client::NotFound", "Kubernetes cluster other does not exist")
	if _, ok := e.mock.OIDC(e.project(), id); ok {
		t.Error("OIDC still reports a configuration of a deleted cluster")
	}
}

// TestOIDCValidation checks the answers to bodies the API refuses; none of
// them changes the cluster. A PUT (cloud.ProjectKubeOpenIdConnectUpdate)
// requires nothing.
func TestOIDCValidation(t *testing.T) {
	both := []string{"POST", "PUT"}
	tests := []struct {
		name, body, want string
		methods          []string
	}{
		{"issuer missing", `{"clientId":"k"}`, "[issuerUrl] Missing required parameter", []string{"POST"}},
		{"client id missing", `{"issuerUrl":"https://idp.example.com"}`, "[clientId] Missing required parameter", []string{"POST"}},
		{"empty groups claim", `{"issuerUrl":"https://idp.example.com","clientId":"k","groupsClaim":["groups",""]}`,
			"[groupsClaim] Given data () must not be empty", both},
		{"empty required claim", `{"issuerUrl":"https://idp.example.com","clientId":"k","requiredClaim":[""]}`,
			"[requiredClaim] Given data () must not be empty", both},
		{"unknown algorithm", `{"issuerUrl":"https://idp.example.com","clientId":"k","signingAlgorithms":["HS256"]}`,
			"[signingAlgorithms] Given data (HS256) does not belong to the cloud.kube.OpenIdConnectSigningAlgorithmsEnum enumeration", both},
		{"algorithms not a list", `{"issuerUrl":"https://idp.example.com","clientId":"k","signingAlgorithms":"RS256"}`,
			"[signingAlgorithms] Given data (RS256) is not valid for type list", both},
		{"unknown field", `{"issuerUrl":"https://idp.example.com","clientId":"k","clientSecret":"s"}`,
			"[clientSecret] Received not described parameter", both},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEnv(t, ovhmock.Options{})
			id := e.readyCluster()
			for _, method := range tt.methods {
				if method == "PUT" {
					if err := e.mock.SetOIDC(e.project(), id, &ovhmock.OpenIDConnect{IssuerURL: "https://idp.example.com", ClientID: "k"}); err != nil {
						t.Fatal(err)
					}
				}
				resp, body := e.do(e.signed(method, e.oidcPath(id), tt.body))
				if resp.StatusCode != http.StatusBadRequest {
					t.Fatalf("%s: status %d (%s), want 400", method, resp.StatusCode, body)
				}
				class, msg := errorBody(t, body)
				if class != "Client::BadRequest" || msg != tt.want {
					t.Errorf("%s: %s %q, want Client::BadRequest %q", method, class, msg, tt.want)
				}
				if s := e.status(id); s != "READY" {
					t.Fatalf("%s: a refused body moved the cluster to %s", method, s)
				}
			}
		})
	}
}

// TestOIDCAcceptsWhatTheSchemaAccepts: the schema makes the issuer, the
// client id, the claims and the CA plain strings, so the mock stores them
// as sent, whatever they hold; only an empty claim is refused (#653).
func TestOIDCAcceptsWhatTheSchemaAccepts(t *testing.T) {
	pemText := string(mustDecode(t, caContent(t)))
	publicKey := base64.StdEncoding.EncodeToString(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{1, 2, 3}}))
	for name, o := range map[string]ovhmock.OpenIDConnect{
		"client id empty":            {IssuerURL: "https://idp.example.com"},
		"issuer over http":           {IssuerURL: "http://idp.example.com", ClientID: "k"},
		"issuer with a query":        {IssuerURL: "https://idp.example.com/?realm=k8s", ClientID: "k"},
		"issuer without host":        {IssuerURL: "https:///realms/k8s", ClientID: "k"},
		"required claim without =":   {IssuerURL: "https://idp.example.com", ClientID: "k", RequiredClaim: []string{"hd"}},
		"required claim without key": {IssuerURL: "https://idp.example.com", ClientID: "k", RequiredClaim: []string{"=x"}},
		"CA not base64":              {IssuerURL: "https://idp.example.com", ClientID: "k", CAContent: "not base64!"},
		"CA as PEM text":             {IssuerURL: "https://idp.example.com", ClientID: "k", CAContent: pemText},
		"CA without certificate":     {IssuerURL: "https://idp.example.com", ClientID: "k", CAContent: publicKey},
	} {
		t.Run(name, func(t *testing.T) {
			e := newFakeEnv(t, ovhmock.Options{})
			id := e.readyCluster()
			if resp, raw := e.do(e.signed("POST", e.oidcPath(id), mustJSON(t, o))); resp.StatusCode != http.StatusOK {
				t.Fatalf("POST: status %d: %s", resp.StatusCode, raw)
			}
			got, ok := e.mock.OIDC(e.project(), id)
			if want := withEmptyLists(o); !ok || mustJSON(t, got) != mustJSON(t, want) {
				t.Fatalf("stored %+v, want %+v", got, want)
			}
			e.clock.Advance(slowTimings.Redeploy)
			if resp, raw := e.do(e.signed("PUT", e.oidcPath(id), mustJSON(t, o))); resp.StatusCode != http.StatusOK {
				t.Fatalf("PUT: status %d: %s", resp.StatusCode, raw)
			}
		})
	}
}

// TestOIDCPutChangesWhatItSends: no member of a PUT is required; those
// left out keep their value, and the answer has no body.
func TestOIDCPutChangesWhatItSends(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	id := e.readyCluster()
	first := ovhmock.OpenIDConnect{IssuerURL: "https://idp.example.com", ClientID: "k", GroupsClaim: []string{"groups"}, SigningAlgorithms: []string{"ES256"}}
	if err := e.mock.SetOIDC(e.project(), id, &first); err != nil {
		t.Fatal(err)
	}
	want := withEmptyLists(first)
	for _, tt := range []struct {
		body   string
		change func(*ovhmock.OpenIDConnect)
	}{
		{`{}`, func(*ovhmock.OpenIDConnect) {}},
		{`{"clientId":"other","usernamePrefix":"-"}`, func(o *ovhmock.OpenIDConnect) { o.ClientID, o.UsernamePrefix = "other", "-" }},
		{`{"groupsClaim":[],"caContent":null}`, func(o *ovhmock.OpenIDConnect) { o.GroupsClaim = []string{} }},
	} {
		resp, body := e.do(e.signed("PUT", e.oidcPath(id), tt.body))
		if resp.StatusCode != http.StatusOK || len(body) != 0 {
			t.Fatalf("PUT %s: status %d, body %q; want 200 without a body", tt.body, resp.StatusCode, body)
		}
		if s := e.status(id); s != "REDEPLOYING" {
			t.Fatalf("PUT %s: status %s, want REDEPLOYING", tt.body, s)
		}
		e.clock.Advance(slowTimings.Redeploy)
		tt.change(&want)
		if got, _ := e.mock.OIDC(e.project(), id); mustJSON(t, got) != mustJSON(t, want) {
			t.Fatalf("after PUT %s: %+v, want %+v", tt.body, got, want)
		}
	}
}

func TestOIDCAcceptsARealCA(t *testing.T) {
	e := newFakeEnv(t, ovhmock.Options{})
	id := e.readyCluster()
	ca := caContent(t)
	body := `{"issuerUrl":"https://dex.example.com:5556/dex","clientId":"k","caContent":"` + ca + `","signingAlgorithms":["ES512"],"requiredClaim":["a=b=c"]}`
	if resp, raw := e.do(e.signed("POST", e.oidcPath(id), body)); resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, raw)
	}
	got, ok := e.mock.OIDC(e.project(), id)
	if !ok || got.CAContent != ca || got.RequiredClaim[0] != "a=b=c" {
		t.Errorf("stored %+v", got)
	}
}

func mustDecode(t *testing.T, s string) []byte {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestOIDCIsSaved: a state file carries each cluster's OIDC configuration
// and IP restrictions, so that a restarted mock serves them as before.
func TestOIDCIsSaved(t *testing.T) {
	a := newFakeEnv(t, ovhmock.Options{})
	withOIDC := a.readyCluster()
	const id = "k2"
	if err := a.mock.AddCluster(a.project(), ovhmock.Cluster{ID: id, Name: "no-oidc"}); err != nil {
		t.Fatal(err)
	}
	if err := a.client.Post(a.path(withOIDC, "/openIdConnect"), oidcMinimalBody, nil); err != nil {
		t.Fatal(err)
	}
	a.clock.Advance(slowTimings.Redeploy) // the redeploy ends
	if err := a.client.Put(a.path(withOIDC, "/ipRestrictions"), map[string]any{"ips": []string{"10.0.0.0/8"}}, nil); err != nil {
		t.Fatal(err)
	}
	var saved bytes.Buffer
	if err := a.mock.SaveState(&saved); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(saved.String(), `"openIdConnect"`) || !strings.Contains(saved.String(), `"issuerUrl": "https://idp.example.com/realms/k8s"`) {
		t.Fatalf("the state file holds no OIDC configuration:\n%s", saved.String())
	}

	b := newFakeEnv(t, ovhmock.Options{})
	if err := b.mock.LoadState(&saved); err != nil {
		t.Fatal(err)
	}
	var got ovhmock.OpenIDConnect
	if err := b.client.Get(b.path(withOIDC, "/openIdConnect"), &got); err != nil {
		t.Fatalf("GET the OIDC configuration after a restart: %v", err)
	}
	if got.IssuerURL != "https://idp.example.com/realms/k8s" || got.ClientID != "kubernetes" {
		t.Errorf("OIDC configuration after a restart: %+v", got)
	}
	var ips []string
	if err := b.client.Get(b.path(withOIDC, "/ipRestrictions"), &ips); err != nil || len(ips) != 1 || ips[0] != "10.0.0.0/8" {
		t.Errorf("IP restrictions after a restart: %v, %v", ips, err)
	}
	if err := b.client.Get(b.path(id, "/openIdConnect"), &got); err == nil {
		t.Errorf("the cluster without OIDC has one after a restart: %+v", got)
	}
}

// withEmptyLists is o as the mock reads it back: lists never null.
func withEmptyLists(o ovhmock.OpenIDConnect) ovhmock.OpenIDConnect {
	for _, l := range []*[]string{&o.GroupsClaim, &o.RequiredClaim, &o.SigningAlgorithms} {
		if *l == nil {
			*l = []string{}
		}
	}
	return o
}
