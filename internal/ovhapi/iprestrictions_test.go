package ovhapi

import (
	"context"
	"net/http"
	"slices"
	"testing"
)

const ipRestrictionsPath = "/1.0/cloud/project/p%2Fx/kube/k1/ipRestrictions"

func TestGetIPRestrictions(t *testing.T) {
	for _, tt := range []struct {
		name   string
		answer string
		want   []string
	}{
		{"a list", `["10.0.0.0/8","2001:db8::/32"]`, []string{"10.0.0.0/8", "2001:db8::/32"}},
		{"empty", `[]`, []string{}},
		{"null", `null`, []string{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { answerJSON(w, 200, tt.answer) })
			got, err := f.client(t, fastRetry).GetIPRestrictions(context.Background(), "p/x", "k1")
			if err != nil {
				t.Fatal(err)
			}
			if got == nil || !slices.Equal(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
			if n := f.count("GET", ipRestrictionsPath); n != 1 {
				t.Errorf("%d GET of %s, want 1 (all: %q)", n, ipRestrictionsPath, f.escaped)
			}
		})
	}
}

func TestGetIPRestrictionsOfAMissingCluster(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { apiError(w, 404) })
	_, err := f.client(t, fastRetry).GetIPRestrictions(context.Background(), "p", "k1")
	if !IsNotFound(err) {
		t.Fatalf("error = %v, want a not-found error", err)
	}
}

// The whole list is sent, an empty one as [] (never null), and a PUT lost
// to a 5xx is sent again: it replaces the list, so repeating it is safe.
func TestPutIPRestrictions(t *testing.T) {
	for _, tt := range []struct {
		name     string
		ips      []string
		wantBody string
	}{
		{"a list", []string{"10.0.0.0/8", "198.51.100.7"}, `{"ips":["10.0.0.0/8","198.51.100.7"]}`},
		{"nil", nil, `{"ips":[]}`},
		{"empty", []string{}, `{"ips":[]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n == 1 {
					apiError(w, 503)
					return
				}
				answerJSON(w, 200, `["10.0.0.0/8","198.51.100.7/32"]`)
			})
			got, err := f.client(t, fastRetry).PutIPRestrictions(context.Background(), "p/x", "k1", tt.ips)
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"10.0.0.0/8", "198.51.100.7/32"}; !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
			if n := f.count("PUT", ipRestrictionsPath); n != 2 {
				t.Errorf("%d PUT of %s, want 2 (all: %q)", n, ipRestrictionsPath, f.escaped)
			}
			for _, b := range f.bodies {
				if b != tt.wantBody {
					t.Errorf("body = %s, want %s", b, tt.wantBody)
				}
			}
		})
	}
}

// An answer without a body is an empty list.
func TestPutIPRestrictionsWithoutAnswer(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) { answerJSON(w, 200, "") })
	got, err := f.client(t, fastRetry).PutIPRestrictions(context.Background(), "p", "k1", []string{"10.0.0.0/8"})
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("got %#v, %v; want an empty list", got, err)
	}
}
