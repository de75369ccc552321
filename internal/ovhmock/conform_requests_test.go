package ovhmock

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ovh/go-ovh/ovh"

	"github.com/mkscloud/terraform-provider-ovh/internal/apischema"
)

// requestBody is one request body the mock decodes: the operation that
// carries it, the schema the mock checks it with and the Go type it reads it
// into. path is the table's, relative to apischema.ProjectPrefix.
type requestBody struct {
	method, path string
	schema       *schema
	goType       reflect.Type
}

// requestBodies lists every decodeBody of the mock's handlers under /kube
// (TestRequestBodiesAllListed keeps the list whole).
func requestBodies() []requestBody {
	s := newSchemas(DefaultRegions, DefaultVersions)
	typ := reflect.TypeOf
	return []requestBody{
		{"POST", "/kube", s.create, typ(createRequest{})},
		{"PUT", "/kube/{kubeId}", s.putCluster, typ(putClusterRequest{})},
		{"PUT", "/kube/{kubeId}/customization", s.customization, typ(Customization{})},
		{"POST", "/kube/{kubeId}/reset", s.reset, typ(resetRequest{})},
		{"POST", "/kube/{kubeId}/update", s.update, typ(upgradeRequest{})},
		{"POST", "/kube/{kubeId}/restart", s.restart, typ(restartRequest{})},
		{"PUT", "/kube/{kubeId}/updatePolicy", s.updatePolicy, typ(updatePolicyRequest{})},
		{"PUT", "/kube/{kubeId}/privateNetworkConfiguration", s.privateNetworkConfiguration, typ(PrivateNetworkConfiguration{})},
		{"PUT", "/kube/{kubeId}/updateLoadBalancersSubnetId", s.loadBalancersSubnet, typ(loadBalancersSubnetRequest{})},
		{"PUT", "/kube/{kubeId}/ipRestrictions", s.ipRestrictions, typ(ipRestrictionsRequest{})},
		{"POST", "/kube/{kubeId}/ipRestrictions", s.ipRestrictions, typ(ipRestrictionsRequest{})},
		{"POST", "/kube/{kubeId}/nodepool", s.nodePoolCreate, typ(nodePoolCreation{})},
		{"PUT", "/kube/{kubeId}/nodepool/{nodePoolId}", s.nodePoolUpdate, typ(nodePoolUpdate{})},
		{"POST", "/kube/{kubeId}/openIdConnect", oidcSchema(false), typ(OpenIDConnect{})},
		{"PUT", "/kube/{kubeId}/openIdConnect", oidcSchema(true), typ(oidcUpdate{})},
		{"POST", "/kube/{kubeId}/log/subscription", logSchema, typ(logSubscriptionCreation{})},
	}
}

// bodyObject returns the table's object for the body of b's operation.
func bodyObject(t *testing.T, table *apischema.Table, b requestBody) string {
	t.Helper()
	op, ok := table.Find(b.method, apischema.ProjectPrefix+b.path)
	if !ok || op.Body == nil || op.Body.Kind != apischema.KindObject || op.Body.Array {
		t.Fatalf("%s %s: the table has no operation with an object body there", b.method, b.path)
	}
	return op.Body.Name
}

// TestRequestTypesMatchSchema holds what the mock reads of each request body
// to the table, field by field: every JSON field of the Go type it decodes
// into, nested ones included, is a field of the operation's object with the
// same JSON type (apischema.CheckGoType, as for an answer the client
// decodes); and its request schema, which refuses what it does not describe,
// describes exactly the object's fields, with their JSON types, and requires
// exactly what the object requires, at every level.
func TestRequestTypesMatchSchema(t *testing.T) {
	table := apischema.MustLoad()
	var problems []string
	for _, b := range requestBodies() {
		object := bodyObject(t, table, b)
		problems = append(problems, table.CheckGoType(b.goType, object, apischema.Answer)...)
		compareSchema(table, b.schema, apischema.Type{Kind: apischema.KindObject, Name: object}, b.method+" "+b.path, &problems)
	}
	for _, p := range problems {
		if a, ok := apischema.Allowed(p); ok {
			t.Logf("allowed (%s: %s): %s", a.Area, a.Reason, p)
			continue
		}
		t.Error(p)
	}
}

// compareSchema compares the mock's schema s with the table's type want, at.
func compareSchema(table *apischema.Table, s *schema, want apischema.Type, at string, problems *[]string) {
	mismatch := func() {
		*problems = append(*problems, fmt.Sprintf("%s: the mock checks a %s (%s), the table has %s", at, kindName(s.kind), s.typeName, want))
	}
	if want.Array {
		if s.kind != kindList {
			mismatch()
			return
		}
		compareSchema(table, s.elem, want.Elem(), at+"[]", problems)
		return
	}
	switch want.Kind {
	case apischema.KindString, apischema.KindEnum:
		if s.kind != kindString {
			mismatch()
		}
	case apischema.KindInteger:
		if s.kind != kindInteger {
			mismatch()
		}
	case apischema.KindNumber:
		if s.kind != kindNumber {
			mismatch()
		}
	case apischema.KindBoolean:
		if s.kind != kindBool {
			mismatch()
		}
	case apischema.KindMap:
		if s.kind != kindStringMap {
			mismatch()
		}
	case apischema.KindObject:
		switch {
		case s.kind == kindAnyObject:
			// Accepted without a look inside: refuses nothing there.
		case s.kind != kindObject:
			mismatch()
		default:
			compareObject(table, s, want.Name, at, problems)
		}
	}
}

func compareObject(table *apischema.Table, s *schema, name, at string, problems *[]string) {
	o, ok := table.Objects[name]
	if !ok {
		*problems = append(*problems, fmt.Sprintf("%s: the table has no object %s", at, name))
		return
	}
	if s.typeName != name {
		*problems = append(*problems, fmt.Sprintf("%s: the mock names the object %s, the table %s", at, s.typeName, name))
	}
	for _, f := range slices.Sorted(maps.Keys(s.fields)) {
		want, ok := o.Fields[f]
		if !ok {
			// Worded as apischema.CheckGoType words it, for the allowances.
			*problems = append(*problems, fmt.Sprintf("%s.%s: %s has no field %q", at, f, name, f))
			continue
		}
		compareSchema(table, s.fields[f], want, at+"."+f, problems)
	}
	for _, f := range slices.Sorted(maps.Keys(o.Fields)) {
		if _, ok := s.fields[f]; !ok {
			*problems = append(*problems, fmt.Sprintf("%s.%s: %s has the field, the mock refuses it as not described", at, f, name))
		}
	}
	for _, r := range s.required {
		if !slices.Contains(o.Required, r) {
			*problems = append(*problems, fmt.Sprintf("%s.%s: the mock requires it, %s does not", at, r, name))
		}
	}
	for _, r := range o.Required {
		if !slices.Contains(s.required, r) {
			*problems = append(*problems, fmt.Sprintf("%s.%s: %s requires it, the mock takes a body without it", at, r, name))
		}
	}
}

func kindName(k kind) string {
	return map[kind]string{kindString: "string", kindBool: "boolean", kindObject: "object", kindList: "list",
		kindAnyObject: "object", kindInteger: "integer", kindNumber: "number", kindStringMap: "map"}[k]
}

// TestRequestBodiesAllListed fails when a handler decodes a body that
// requestBodies does not list: every decodeBody(..., &req) of the mock's
// files must read into a named type listed there.
func TestRequestBodiesAllListed(t *testing.T) {
	listed := map[string]bool{}
	for _, b := range requestBodies() {
		listed[b.goType.Name()] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	calls := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			fn, ok := n.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				return true
			}
			types := map[string]ast.Expr{} // local variable -> its declared type
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if vs, ok := n.(*ast.ValueSpec); ok && vs.Type != nil {
					for _, name := range vs.Names {
						types[name.Name] = vs.Type
					}
				}
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "decodeBody" || len(call.Args) != 3 {
					return true
				}
				calls++
				where := fset.Position(call.Pos()).String()
				u, ok := call.Args[2].(*ast.UnaryExpr)
				if !ok {
					t.Errorf("%s: decodeBody into %T, want &variable", where, call.Args[2])
					return true
				}
				v, _ := u.X.(*ast.Ident)
				if v == nil {
					t.Errorf("%s: decodeBody into an expression, want &variable", where)
					return true
				}
				switch ty := types[v.Name].(type) {
				case *ast.Ident:
					if !listed[ty.Name] {
						t.Errorf("%s: the body type %s is not in requestBodies", where, ty.Name)
					}
				default:
					t.Errorf("%s: decodeBody into %s of an unnamed type: name it and list it in requestBodies", where, v.Name)
				}
				return true
			})
			return false
		})
	}
	if calls < len(requestBodies())-1 { // POST and PUT /ipRestrictions share one call
		t.Fatalf("found %d calls of decodeBody, want at least %d", calls, len(requestBodies())-1)
	}
}

// minimalValue builds the smallest value of want the table accepts: an
// object holds its required fields only. sample gives the string values the
// mock has to know (a region, a flavor).
func minimalValue(table *apischema.Table, want apischema.Type, field string) any {
	if want.Array {
		return []any{}
	}
	switch want.Kind {
	case apischema.KindEnum:
		return table.Enums[want.Name][0]
	case apischema.KindString:
		if v, ok := sampleStrings[field]; ok {
			return v
		}
		return "x"
	case apischema.KindInteger:
		return 0
	case apischema.KindNumber:
		return 0.5
	case apischema.KindBoolean:
		return false
	case apischema.KindMap:
		return map[string]any{}
	}
	body := map[string]any{}
	o := table.Objects[want.Name]
	for _, r := range o.Required {
		body[r] = minimalValue(table, o.Fields[r], r)
	}
	return body
}

// sampleStrings are values the mock knows, for the string fields a minimal
// body must carry.
var sampleStrings = map[string]string{
	"region":     DefaultRegions[0],
	"flavorName": "b3-8",
	"issuerUrl":  "https://issuer.example.com",
	"clientId":   "kube",
}

// mockRules are the members the mock requires beyond the table, each for a
// user report (see the package comment): a minimal body is sent again with
// them before it is judged.
var mockRules = map[string]map[string]any{
	// ovhcloud-cli #119: "availabilityZones is mandatory", even on a 1-AZ region.
	"POST /kube/{kubeId}/nodepool": {"availabilityZones": []any{}},
	// The official provider's documentation of its log subscription: "audit"
	// is the only kind (API-MKS.md §6); the schema's kind is a free string.
	"POST /kube/{kubeId}/log/subscription": {"kind": "audit"},
}

// TestMinimalBodiesAccepted drives the mock with, for each body it decodes,
// the smallest body the table accepts: the mock must not refuse it for what
// it holds (a 2xx, or a 4xx about the cluster rather than a member). Then it
// leaves out each member the table requires: the mock must refuse that, and
// name the member.
func TestMinimalBodiesAccepted(t *testing.T) {
	table := apischema.MustLoad()
	m := New(Options{Timings: TestTimings()})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	client, err := ovh.NewClient(srv.URL+"/1.0", DefaultApplicationKey, DefaultApplicationSecret, DefaultConsumerKey)
	if err != nil {
		t.Fatal(err)
	}
	send := func(method, path string, body map[string]any) (int, string) {
		t.Helper()
		req, err := client.NewRequest(method, path, body, true)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var answer struct{ Message string }
		_ = json.Unmarshal(raw, &answer)
		return resp.StatusCode, answer.Message
	}
	// fixture gives a READY standard cluster of its own to each request, so
	// that no answer is a 409 of a cluster still busy with the previous one,
	// with a READY pool and an OIDC configuration.
	n := 0
	fixture := func(b requestBody) string {
		t.Helper()
		n++
		id := fmt.Sprintf("conform-%d", n)
		if err := m.AddCluster(DefaultProject, Cluster{ID: id, Plan: "standard", Version: DefaultVersions[0]}); err != nil {
			t.Fatal(err)
		}
		p := strings.NewReplacer("{kubeId}", id).Replace(b.path)
		if strings.Contains(p, "{nodePoolId}") {
			pool, err := m.AddNodePool(DefaultProject, id, NodePool{Name: "pool", DesiredNodes: 1})
			if err != nil {
				t.Fatal(err)
			}
			p = strings.ReplaceAll(p, "{nodePoolId}", pool.ID)
		}
		if strings.HasSuffix(p, "/openIdConnect") && b.method == http.MethodPut {
			if err := m.SetOIDC(DefaultProject, id, &OpenIDConnect{IssuerURL: "https://issuer.example.com", ClientID: "kube"}); err != nil {
				t.Fatal(err)
			}
		}
		return "/cloud/project/" + DefaultProject + p
	}
	aboutBody := func(status int, message string) bool {
		return status == http.StatusBadRequest && (strings.HasPrefix(message, "[") || strings.Contains(message, "Invalid JSON"))
	}
	// notRefused: a 2xx, or a refusal about the cluster or the object (404,
	// 409, a 400 that names no member).
	notRefused := func(status int, message string) bool {
		switch {
		case status/100 == 2, status == http.StatusNotFound, status == http.StatusConflict:
			return true
		case status == http.StatusBadRequest:
			return !aboutBody(status, message)
		}
		return false
	}
	for _, b := range requestBodies() {
		t.Run(b.method+" "+b.path, func(t *testing.T) {
			object := bodyObject(t, table, b)
			minimal := minimalValue(table, apischema.Type{Kind: apischema.KindObject, Name: object}, "").(map[string]any)
			status, message := send(b.method, fixture(b), minimal)
			if extra, ok := mockRules[b.method+" "+b.path]; ok && aboutBody(status, message) {
				t.Logf("%v: %d %s; sent again with %v, a rule of the mock", minimal, status, message, extra)
				maps.Copy(minimal, extra)
				status, message = send(b.method, fixture(b), minimal)
			}
			if !notRefused(status, message) {
				t.Errorf("the minimal body %v of %s was refused: %d %s", minimal, object, status, message)
			} else {
				t.Logf("the minimal body %v: %d %s", minimal, status, message)
			}
			for _, r := range table.Objects[object].Required {
				without := maps.Clone(minimal)
				delete(without, r)
				status, message := send(b.method, fixture(b), without)
				if want := "[" + r + "] Missing required parameter"; status != http.StatusBadRequest || message != want {
					t.Errorf("without %s, which %s requires: %d %q, want 400 %q", r, object, status, message, want)
				}
			}
		})
	}
}
