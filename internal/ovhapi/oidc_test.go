package ovhapi

import (
	"context"
	"net/http"
	"reflect"
	"testing"
)

const oidcPathK1 = kubePathK1 + "/openIdConnect"

// Every key is sent, lists as [] when empty: the API receives the same body
// from this provider as from the official one.
func TestOIDCWritesSendEveryKey(t *testing.T) {
	const minimal = `{"issuerUrl":"https://idp.example.com","clientId":"kube","usernameClaim":"","usernamePrefix":"",` +
		`"groupsClaim":[],"groupsPrefix":"","requiredClaim":[],"signingAlgorithms":[],"caContent":""}`
	const full = `{"issuerUrl":"https://idp.example.com","clientId":"kube","usernameClaim":"email","usernamePrefix":"oidc:",` +
		`"groupsClaim":["groups"],"groupsPrefix":"oidc:","requiredClaim":["hd=example.com"],"signingAlgorithms":["RS256","ES256"],"caContent":"Q0E="}`
	fullConfig := OpenIDConnect{
		IssuerURL: "https://idp.example.com", ClientID: "kube", UsernameClaim: "email", UsernamePrefix: "oidc:",
		GroupsClaim: []string{"groups"}, GroupsPrefix: "oidc:", RequiredClaim: []string{"hd=example.com"},
		SigningAlgorithms: []string{"RS256", "ES256"}, CAContent: "Q0E=",
	}
	ctx := context.Background()
	tests := []struct {
		name, method string
		call         func(*Client) error
		want         string
	}{
		{"create, minimal", "POST", func(c *Client) error {
			_, err := c.CreateOIDC(ctx, "p", "k1", OpenIDConnect{IssuerURL: "https://idp.example.com", ClientID: "kube"})
			return err
		}, minimal},
		{"create, every setting", "POST", func(c *Client) error { _, err := c.CreateOIDC(ctx, "p", "k1", fullConfig); return err }, full},
		{"update, minimal", "PUT", func(c *Client) error {
			return c.UpdateOIDC(ctx, "p", "k1", OpenIDConnect{IssuerURL: "https://idp.example.com", ClientID: "kube"})
		}, minimal},
		{"update, every setting", "PUT", func(c *Client) error { return c.UpdateOIDC(ctx, "p", "k1", fullConfig) }, full},
		{"delete", "DELETE", func(c *Client) error { return c.DeleteOIDC(ctx, "p", "k1") }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				if r.Method == "POST" {
					answerJSON(w, 200, full)
					return
				}
				answerJSON(w, 200, "")
			})
			if err := tt.call(f.client(t, fastRetry)); err != nil {
				t.Fatal(err)
			}
			if got := f.count(tt.method, oidcPathK1); got != 1 {
				t.Fatalf("%d %s requests to %s, want 1 (all: %q)", got, tt.method, oidcPathK1, f.escaped)
			}
			if f.bodies[0] != tt.want {
				t.Errorf("body =\n%s\nwant\n%s", f.bodies[0], tt.want)
			}
		})
	}
}

func TestGetOIDC(t *testing.T) {
	t.Run("an answer without lists reads as empty lists once normalized", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			answerJSON(w, 200, `{"issuerUrl":"https://idp.example.com","clientId":"kube","groupsClaim":null}`)
		})
		o, err := f.client(t, fastRetry).GetOIDC(context.Background(), "p", "k1")
		if err != nil {
			t.Fatal(err)
		}
		want := OpenIDConnect{IssuerURL: "https://idp.example.com", ClientID: "kube",
			GroupsClaim: []string{}, RequiredClaim: []string{}, SigningAlgorithms: []string{}}
		if got := o.Normalized(); !reflect.DeepEqual(got, want) {
			t.Errorf("GetOIDC = %+v, want %+v", got, want)
		}
	})
	t.Run("a cluster without OIDC is not found", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			answerJSON(w, 404, `{"class":"Client::NotFound","message":"no OIDC"}`)
		})
		_, err := f.client(t, fastRetry).GetOIDC(context.Background(), "p", "k1")
		if !IsNotFound(err) {
			t.Fatalf("error = %v, want a not-found error", err)
		}
	})
	t.Run("the path segments are escaped", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { answerJSON(w, 200, `{}`) })
		if _, err := f.client(t, fastRetry).GetOIDC(context.Background(), "p", "a b"); err != nil {
			t.Fatal(err)
		}
		if want := "/1.0/cloud/project/p/kube/a%20b/openIdConnect"; f.escaped[0] != want {
			t.Errorf("path = %s, want %s", f.escaped[0], want)
		}
	})
}

// A POST is not repeated after a 500: the configuration may exist, which
// the resource checks before sending it again.
func TestCreateOIDCIsNotRetriedAfterA500(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			apiError(w, 500)
			return
		}
		answerJSON(w, 200, `{}`)
	})
	_, err := f.client(t, fastRetry).CreateOIDC(context.Background(), "p", "k1", OpenIDConnect{IssuerURL: "https://idp.example.com", ClientID: "kube"})
	if err == nil || !MaybeApplied(err) {
		t.Fatalf("error = %v, want one that may hide an applied change", err)
	}
	if got := f.count("POST", oidcPathK1); got != 1 {
		t.Errorf("%d POST requests, want 1", got)
	}
}

// PUT /openIdConnect answers no body in the API's schema: the client reads
// none, whatever the status of success.
func TestUpdateOIDCWithoutAnswer(t *testing.T) {
	for _, status := range []int{http.StatusOK, http.StatusNoContent} {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(status) })
		err := f.client(t, fastRetry).UpdateOIDC(context.Background(), "p", "k1", OpenIDConnect{IssuerURL: "https://idp.example.com", ClientID: "kube"})
		if err != nil {
			t.Fatalf("status %d without a body: %v", status, err)
		}
		if got := f.count("PUT", oidcPathK1); got != 1 {
			t.Fatalf("status %d: %d PUT requests, want 1", status, got)
		}
	}
}
