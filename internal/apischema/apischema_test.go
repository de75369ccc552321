package apischema

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestTableLoads: the table parses, every type it names exists, and every
// operation is under the project and unique.
func TestTableLoads(t *testing.T) {
	table, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(table.Objects) < 50 || len(table.Enums) < 15 || len(table.Operations) != 47 {
		t.Fatalf("%d objects, %d enums, %d operations", len(table.Objects), len(table.Enums), len(table.Operations))
	}
	seen := map[string]bool{}
	for _, op := range table.Operations {
		if seen[op.String()] {
			t.Errorf("%s twice", op)
		}
		seen[op.String()] = true
		if got, ok := table.Find(op.Method, "/1.0"+strings.ReplaceAll(op.FullPath(), "{", "x{")); !ok || got.String() != op.String() {
			t.Errorf("%s: found %v %v", op, got, ok)
		}
	}
	if _, err := parse([]byte("objects: {a: {fields: {b: nothing}}}")); err == nil {
		t.Error("an unknown type is accepted")
	}
}

func TestFind(t *testing.T) {
	table := MustLoad()
	for _, tc := range []struct {
		method, path, want string
	}{
		{"GET", "/1.0/cloud/project/p/kube/k", "GET /cloud/project/{serviceName}/kube/{kubeId}"},
		{"PUT", "/cloud/project/p/kube/k/nodepool/n", "PUT /cloud/project/{serviceName}/kube/{kubeId}/nodepool/{nodePoolId}"},
		{"DELETE", "/1.0/cloud/project/p/kube/k/ipRestrictions/10.0.0.0%2F8", "DELETE /cloud/project/{serviceName}/kube/{kubeId}/ipRestrictions/{ip}"},
		{"POST", "/1.0/cloud/project/p/kube/k/nodepool/n", ""},
		{"GET", "/1.0/cloud/project/p/kube/k/unknown", ""},
	} {
		op, ok := table.Find(tc.method, tc.path)
		if got := op.String(); ok != (tc.want != "") || ok && got != tc.want {
			t.Errorf("%s %s: %q %v, want %q", tc.method, tc.path, got, ok, tc.want)
		}
	}
}

func decode(t *testing.T, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestValidate: each kind of problem is reported with the field's path, and
// a valid body passes.
func TestValidate(t *testing.T) {
	table := MustLoad()
	pool := Type{Kind: KindObject, Name: "cloud.ProjectKubeNodePoolCreation"}
	for _, tc := range []struct {
		name, body string
		dir        Direction
		want       []string
	}{
		{"valid", `{"flavorName": "b3-8", "desiredNodes": 2, "availabilityZones": null, "autoscaling": {"scaleDownUtilizationThreshold": 0.5},
			"template": {"metadata": {"labels": {"a": "b"}, "annotations": {}, "finalizers": []}, "spec": {"unschedulable": false, "taints": []}}}`, Request, nil},
		{"unknown field", `{"flavorName": "b3-8", "flavor": "b3-8"}`, Request, []string{`$.flavor: cloud.ProjectKubeNodePoolCreation has no field "flavor"`}},
		{"wrong type", `{"flavorName": "b3-8", "desiredNodes": "2"}`, Request, []string{`$.desiredNodes: a string ("2"), want an integer`}},
		{"not an integer", `{"flavorName": "b3-8", "desiredNodes": 2.5}`, Request, []string{`$.desiredNodes: 2.5 is not an integer`}},
		{"null not nullable", `{"flavorName": "b3-8", "name": null}`, Request, []string{`$.name: null, but string is not nullable`}},
		{"missing required", `{"name": "a"}`, Request, []string{`$.flavorName: missing, but cloud.ProjectKubeNodePoolCreation requires it`}},
		{"missing required, nested", `{"flavorName": "b3-8", "template": {"metadata": {"labels": {}, "annotations": {}}, "spec": {"unschedulable": true, "taints": [{"key": "k", "value": "v", "effect": "Sometimes"}]}}}`, Request,
			[]string{`$.template.metadata.finalizers: missing, but cloud.kube.NodePoolTemplateMetadata requires it`,
				`$.template.spec.taints[0].effect: "Sometimes" is not one of cloud.kube.TaintEffectEnum (NoExecute, NoSchedule, PreferNoSchedule)`}},
		{"map of strings", `{"flavorName": "b3-8", "template": {"metadata": {"labels": {"a": 1}, "annotations": {}, "finalizers": []}, "spec": {"unschedulable": true, "taints": []}}}`, Request,
			[]string{`$.template.metadata.labels.a: a number (1), want a string`}},
	} {
		if got := table.Validate(pool, decode(t, tc.body), tc.dir); !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
	// An answer needs no required field, but every field that cannot be null.
	node := Type{Kind: KindObject, Name: "cloud.kube.EtcdUsage"}
	if got := table.Validate(node, decode(t, `{"quota": 1}`), Answer); !slices.Equal(got, []string{"$.usage: missing from the answer, but cloud.kube.EtcdUsage.usage is not nullable"}) {
		t.Errorf("answer: %q", got)
	}
	op, _ := table.Find("DELETE", "/cloud/project/p/kube/k")
	if got := table.ValidateAnswer(op, []byte(`{"message": "ok"}`)); len(got) != 1 || !strings.Contains(got[0], "the answer has a body, the schema none") {
		t.Errorf("body where none: %q", got)
	}
	if got := table.ValidateAnswer(op, []byte("null")); got != nil {
		t.Errorf("null where none: %q", got)
	}
	op, _ = table.Find("POST", "/cloud/project/p/kube")
	if got := table.ValidateRequest(op, nil); len(got) != 1 || !strings.Contains(got[0], "the request has no body") {
		t.Errorf("no body: %q", got)
	}
}

// TestCheckGoType: each kind of difference between a Go type and an object.
func TestCheckGoType(t *testing.T) {
	table := MustLoad()
	type autoscaling struct {
		Threshold int `json:"scaleDownUtilizationThreshold"`
	}
	type create struct {
		FlavorName  string       `json:"flavorName,omitempty"`
		Name        *string      `json:"name"`
		Extra       string       `json:"extra"`
		Autoscaling *autoscaling `json:"autoscaling,omitempty"`
		Zones       []int        `json:"availabilityZones"`
		ignored     string
		Skipped     string `json:"-"`
	}
	_ = create{}.ignored
	want := []string{
		`create.FlavorName (json "flavorName"): cloud.ProjectKubeNodePoolCreation requires it, but omitempty can leave it out`,
		`create.Name (json "name"): a nil pointer sends null, but cloud.ProjectKubeNodePoolCreation.name is not nullable`,
		`create.Extra (json "extra"): cloud.ProjectKubeNodePoolCreation has no field "extra"`,
		`create.Autoscaling (json "autoscaling").Threshold (json "scaleDownUtilizationThreshold"): Go type int, schema type number`,
		`create.Zones (json "availabilityZones")[]: Go type int, schema type string`,
	}
	if got := table.CheckGoType(reflect.TypeOf(create{}), "cloud.ProjectKubeNodePoolCreation", Request); !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	type lacking struct {
		Name string `json:"name"`
	}
	if got := table.CheckGoType(reflect.TypeOf(lacking{}), "cloud.ProjectKubeNodePoolCreation", Request); !slices.Equal(got,
		[]string{`lacking: cloud.ProjectKubeNodePoolCreation requires "flavorName", which the struct lacks`}) {
		t.Errorf("lacking: %q", got)
	}
	if got := table.CheckGoType(reflect.TypeOf(lacking{}), "cloud.ProjectKubeNodePoolCreation", Answer); got != nil {
		t.Errorf("an answer type needs no required field: %q", got)
	}
}
