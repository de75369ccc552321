package ovhapi

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/apischema"
)

// conformingTypes pairs every request and answer type of the kube calls with
// the object of the published schema it encodes or decodes.
var conformingTypes = []struct {
	value  any
	object string
	dir    apischema.Direction
}{
	{Kube{}, "cloud.kube.Cluster", apischema.Answer},
	{KubeCreate{}, "cloud.ProjectKubeCreation", apischema.Request},
	{KubeReset{}, "cloud.ProjectKubeResetCreation", apischema.Request},
	{KubeUpdate{}, "cloud.ProjectKubeUpdate", apischema.Request},
	{kubeUpgrade{}, "cloud.ProjectKubeUpdateCreation", apischema.Request},
	{kubeRestart{}, "cloud.ProjectKubeRestart", apischema.Request},
	{kubeconfigAnswer{}, "cloud.kube.Kubeconfig", apischema.Answer},
	{updatePolicyBody{}, "cloud.ProjectKubeUpdatePolicyUpdate", apischema.Request},
	{loadBalancersSubnetBody{}, "cloud.ProjectKubeUpdateLoadBalancersSubnetId", apischema.Request},
	{Customization{}, "cloud.ProjectKubeCustomization", apischema.Request},
	{PrivateNetworkConfiguration{}, "cloud.kube.PrivateNetworkConfiguration", apischema.Request},
	{NodePool{}, "cloud.kube.NodePool", apischema.Answer},
	{NodePoolCreate{}, "cloud.ProjectKubeNodePoolCreation", apischema.Request},
	{NodePoolUpdate{}, "cloud.ProjectKubeNodePoolUpdate", apischema.Request},
	{Node{}, "cloud.kube.Node", apischema.Answer},
	{Flavor{}, "cloud.kube.Flavor", apischema.Answer},
	{OpenIDConnect{}, "cloud.kube.OpenIdConnect", apischema.Answer},
	{OpenIDConnect{}, "cloud.ProjectKubeOpenIdConnectCreation", apischema.Request},
	{OpenIDConnect{}, "cloud.ProjectKubeOpenIdConnectUpdate", apischema.Request},
	{ipRestrictionsBody{}, "cloud.ProjectKubeIpRestrictionUpsert", apischema.Request},
	{EtcdUsage{}, "cloud.kube.EtcdUsage", apischema.Answer},
	{LogSubscription{}, "dbaas.logs.LogSubscription", apischema.Answer},
	{logSubscriptionCreate{}, "dbaas.logs.LogSubscriptionCreation", apischema.Request},
	{LogOperationRef{}, "dbaas.logs.LogSubscriptionResponse", apischema.Answer},
	{LogOperation{}, "dbaas.logs.Operation", apischema.Answer},
}

// TestClientTypesMatchSchema holds every JSON field of the client's kube
// request and answer types, nested ones included, to the published schema:
// a field the API does not have, a JSON type that differs, a required field
// that may be left out or a nil pointer sent as null where the schema has no
// null all fail it (apischema.CheckGoType says exactly what is checked).
func TestClientTypesMatchSchema(t *testing.T) {
	table := apischema.MustLoad()
	var problems []string
	for _, c := range conformingTypes {
		problems = append(problems, table.CheckGoType(reflect.TypeOf(c.value), c.object, c.dir)...)
	}
	for _, p := range problems {
		if a, ok := apischema.Allowed(p); ok {
			t.Logf("allowed (%s: %s): %s", a.Area, a.Reason, p)
			continue
		}
		t.Error(p)
	}
}

// TestClientTypesAllChecked fails when a struct type of the client's kube
// files is neither listed in conformingTypes nor reached from one of them,
// so that a new body or answer cannot escape TestClientTypesMatchSchema.
func TestClientTypesAllChecked(t *testing.T) {
	reached := map[string]bool{}
	var walk func(rt reflect.Type)
	walk = func(rt reflect.Type) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice || rt.Kind() == reflect.Map {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct || reached[rt.Name()] {
			return
		}
		reached[rt.Name()] = true
		for i := range rt.NumField() {
			walk(rt.Field(i).Type)
		}
	}
	for _, c := range conformingTypes {
		walk(reflect.TypeOf(c.value))
	}
	fset := token.NewFileSet()
	for _, file := range []string{"kube.go", "nodepool.go", "oidc.go", "iprestrictions.go", "etcd.go", "logsub.go"} {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				ts := s.(*ast.TypeSpec)
				if _, isStruct := ts.Type.(*ast.StructType); isStruct && !reached[ts.Name.Name] {
					t.Errorf("%s: struct %s is not checked against the schema: add it to conformingTypes", file, ts.Name.Name)
				}
			}
		}
	}
	if !slices.ContainsFunc(conformingTypes, func(c struct {
		value  any
		object string
		dir    apischema.Direction
	}) bool {
		return strings.HasPrefix(c.object, "cloud.kube.")
	}) {
		t.Fatal("no answer type listed")
	}
}
