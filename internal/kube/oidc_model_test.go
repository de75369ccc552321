package kube

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

func TestOIDCAPIConfig(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		model oidcAttributes
		want  string
	}{
		{
			name: "every setting",
			model: oidcAttributes{
				IssuerURL: types.StringValue("https://gitlab.com"), ClientID: types.StringValue("abc"),
				UsernameClaim: types.StringValue("email"), UsernamePrefix: types.StringValue("-"),
				GroupsClaim: strList("groups_direct"), GroupsPrefix: types.StringValue("gitlab:"),
				RequiredClaim: strList("aud=abc", "iss=https://gitlab.com"), SigningAlgs: strList("RS256"),
				CAContent: types.StringValue("Q0E="),
			},
			want: `{"issuerUrl":"https://gitlab.com","clientId":"abc","usernameClaim":"email","usernamePrefix":"-",` +
				`"groupsClaim":["groups_direct"],"groupsPrefix":"gitlab:","requiredClaim":["aud=abc","iss=https://gitlab.com"],` +
				`"signingAlgorithms":["RS256"],"caContent":"Q0E="}`,
		},
		{
			// A state written by the official provider may hold null
			// lists and strings; they are sent empty, as there.
			name: "nulls",
			model: oidcAttributes{
				IssuerURL: types.StringValue("https://gitlab.com"), ClientID: types.StringValue("abc"),
				UsernameClaim: types.StringNull(), UsernamePrefix: types.StringNull(), GroupsClaim: types.ListNull(types.StringType),
				GroupsPrefix: types.StringNull(), RequiredClaim: types.ListNull(types.StringType),
				SigningAlgs: types.ListNull(types.StringType), CAContent: types.StringNull(),
			},
			want: `{"issuerUrl":"https://gitlab.com","clientId":"abc","usernameClaim":"","usernamePrefix":"",` +
				`"groupsClaim":[],"groupsPrefix":"","requiredClaim":[],"signingAlgorithms":[],"caContent":""}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := tt.model.apiConfig(ctx)
			if diags.HasError() {
				t.Fatal(diags)
			}
			raw, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if string(raw) != tt.want {
				t.Errorf("body =\n%s\nwant\n%s", raw, tt.want)
			}
		})
	}
}

// Every attribute read from the API is known, lists included: the plan of a
// configuration that leaves them out holds "" and [], so a read must too.
func TestOIDCSetFromAPI(t *testing.T) {
	ctx := context.Background()
	var m oidcAttributes
	if diags := m.setFromAPI(ctx, "p1", "k1", &ovhapi.OpenIDConnect{
		IssuerURL: "https://dex.example.com/dex", ClientID: "kubernetes", GroupsClaim: []string{"groups"},
	}); diags.HasError() {
		t.Fatal(diags)
	}
	want := oidcAttributes{
		ID: types.StringValue("p1/k1"), ServiceName: types.StringValue("p1"), KubeID: types.StringValue("k1"),
		IssuerURL: types.StringValue("https://dex.example.com/dex"), ClientID: types.StringValue("kubernetes"),
		UsernameClaim: types.StringValue(""), UsernamePrefix: types.StringValue(""), GroupsClaim: strList("groups"),
		GroupsPrefix: types.StringValue(""), RequiredClaim: strList(), SigningAlgs: strList(), CAContent: types.StringValue(""),
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("model =\n%+v\nwant\n%+v", m, want)
	}
}

func TestSameOIDC(t *testing.T) {
	base := ovhapi.OpenIDConnect{IssuerURL: "https://idp.example.com", ClientID: "k", SigningAlgorithms: []string{"RS256", "ES256"}}
	if !sameOIDC(ovhapi.OpenIDConnect{IssuerURL: "https://idp.example.com", ClientID: "k", GroupsClaim: []string{}},
		ovhapi.OpenIDConnect{IssuerURL: "https://idp.example.com", ClientID: "k"}) {
		t.Error("[] and a missing list differ")
	}
	for name, change := range map[string]func(*ovhapi.OpenIDConnect){
		"issuer":          func(o *ovhapi.OpenIDConnect) { o.IssuerURL += "/" },
		"client":          func(o *ovhapi.OpenIDConnect) { o.ClientID = "other" },
		"username claim":  func(o *ovhapi.OpenIDConnect) { o.UsernameClaim = "email" },
		"username prefix": func(o *ovhapi.OpenIDConnect) { o.UsernamePrefix = "-" },
		"groups claim":    func(o *ovhapi.OpenIDConnect) { o.GroupsClaim = []string{"groups"} },
		"groups prefix":   func(o *ovhapi.OpenIDConnect) { o.GroupsPrefix = "oidc:" },
		"required claim":  func(o *ovhapi.OpenIDConnect) { o.RequiredClaim = []string{"a=b"} },
		"algorithm order": func(o *ovhapi.OpenIDConnect) { o.SigningAlgorithms = []string{"ES256", "RS256"} },
		"ca":              func(o *ovhapi.OpenIDConnect) { o.CAContent = "Q0E=" },
	} {
		other := base
		other.SigningAlgorithms = append([]string{}, base.SigningAlgorithms...)
		change(&other)
		if sameOIDC(base, other) {
			t.Errorf("a change of %s is not seen", name)
		}
	}
}
