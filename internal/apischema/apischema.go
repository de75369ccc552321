// Package apischema holds, for tests only, a table of the kube part of the
// OVHcloud API as its published schema describes it (testdata/kube.yaml), and
// checks JSON bodies and Go types against it. The client (internal/ovhapi)
// and the mock (internal/ovhmock) are written separately from each other;
// their tests, and the acceptance-test kit (internal/acctest), hold both to
// this one reading of the schema. Neither the client nor the mock imports
// this package outside their tests.
package apischema

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed testdata/kube.yaml
var tableYAML []byte

// ProjectPrefix is the part of every operation's path that the table leaves out.
const ProjectPrefix = "/cloud/project/{serviceName}"

// Kind is the JSON kind of a type of the table.
type Kind string

const (
	KindString  Kind = "string"
	KindInteger Kind = "integer"
	KindNumber  Kind = "number"
	KindBoolean Kind = "boolean"
	KindMap     Kind = "map" // an object whose values are strings
	KindObject  Kind = "object"
	KindEnum    Kind = "enum" // a string out of an enumeration
)

// Type is the type of a field, a body or an answer.
type Type struct {
	Kind     Kind
	Name     string // the object or enumeration, for KindObject and KindEnum
	Array    bool
	Nullable bool
}

func (t Type) String() string {
	s := string(t.Kind)
	if t.Name != "" {
		s = t.Name
	}
	if t.Array {
		s += "[]"
	}
	if t.Nullable {
		s += "?"
	}
	return s
}

// Elem is the type of an array's elements.
func (t Type) Elem() Type { return Type{Kind: t.Kind, Name: t.Name} }

// Object is an object of the schema.
type Object struct {
	Name     string
	Fields   map[string]Type
	Required []string
}

// Operation is one method on one path.
type Operation struct {
	Method string
	Path   string // relative to ProjectPrefix, as the table writes it
	Body   *Type
	Answer *Type
}

func (o Operation) String() string { return o.Method + " " + o.FullPath() }

// LDPPrefix starts the paths of the Logs Data Platform operations the table
// holds, which are not under a project: the table writes them in full.
const LDPPrefix = "/dbaas/logs/"

// FullPath is the operation's path from the API's root.
func (o Operation) FullPath() string {
	if strings.HasPrefix(o.Path, LDPPrefix) {
		return o.Path
	}
	return ProjectPrefix + o.Path
}

// Table is the whole table.
type Table struct {
	Objects    map[string]*Object
	Enums      map[string][]string
	Operations []Operation
}

var (
	loadOnce sync.Once
	loaded   *Table
	loadErr  error
)

// Load parses the table once.
func Load() (*Table, error) {
	loadOnce.Do(func() { loaded, loadErr = parse(tableYAML) })
	return loaded, loadErr
}

// MustLoad is Load for callers to whom a broken table is a programming error.
func MustLoad() *Table {
	t, err := Load()
	if err != nil {
		panic("apischema: " + err.Error())
	}
	return t
}

type rawTable struct {
	Objects map[string]struct {
		Fields   map[string]string `yaml:"fields"`
		Required []string          `yaml:"required"`
	} `yaml:"objects"`
	Enums      map[string][]string `yaml:"enums"`
	Operations []struct {
		Method string `yaml:"method"`
		Path   string `yaml:"path"`
		Body   string `yaml:"body"`
		Answer string `yaml:"answer"`
	} `yaml:"operations"`
}

func parse(data []byte) (*Table, error) {
	var raw rawTable
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	t := &Table{Objects: map[string]*Object{}, Enums: raw.Enums}
	for name := range raw.Objects {
		t.Objects[name] = &Object{Name: name, Fields: map[string]Type{}}
	}
	for name, ro := range raw.Objects {
		o := t.Objects[name]
		o.Required = ro.Required
		for f, expr := range ro.Fields {
			ty, err := t.parseType(expr)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", name, f, err)
			}
			o.Fields[f] = ty
		}
		for _, r := range ro.Required {
			if _, ok := o.Fields[r]; !ok {
				return nil, fmt.Errorf("%s: required field %q is not a field", name, r)
			}
		}
	}
	for _, ro := range raw.Operations {
		op := Operation{Method: ro.Method, Path: ro.Path}
		for _, p := range []struct {
			expr string
			dst  **Type
		}{{ro.Body, &op.Body}, {ro.Answer, &op.Answer}} {
			if p.expr == "" {
				continue
			}
			ty, err := t.parseType(p.expr)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", op, err)
			}
			*p.dst = &ty
		}
		t.Operations = append(t.Operations, op)
	}
	return t, nil
}

func (t *Table) parseType(expr string) (Type, error) {
	var ty Type
	s := strings.TrimSpace(expr)
	if strings.HasSuffix(s, "?") {
		ty.Nullable, s = true, strings.TrimSuffix(s, "?")
	}
	if strings.HasSuffix(s, "[]") {
		ty.Array, s = true, strings.TrimSuffix(s, "[]")
	}
	switch Kind(s) {
	case KindString, KindInteger, KindNumber, KindBoolean, KindMap:
		ty.Kind = Kind(s)
		return ty, nil
	}
	if _, ok := t.Objects[s]; ok {
		ty.Kind, ty.Name = KindObject, s
		return ty, nil
	}
	if _, ok := t.Enums[s]; ok {
		ty.Kind, ty.Name = KindEnum, s
		return ty, nil
	}
	return ty, fmt.Errorf("unknown type %q", expr)
}

// Find returns the operation of a request, given its method and its path as
// sent (with or without the /1.0 prefix; a query is ignored). ok is false
// when no operation of the table matches.
func (t *Table) Find(method, path string) (Operation, bool) {
	path, _, _ = strings.Cut(strings.TrimPrefix(path, "/1.0"), "?")
	got := strings.Split(strings.Trim(path, "/"), "/")
	for _, op := range t.Operations {
		if op.Method != method {
			continue
		}
		want := strings.Split(strings.Trim(op.FullPath(), "/"), "/")
		if len(want) != len(got) {
			continue
		}
		if slices.EqualFunc(want, got, func(w, g string) bool {
			return strings.HasPrefix(w, "{") || w == g
		}) {
			return op, true
		}
	}
	return Operation{}, false
}

// IsKube tells whether a request path belongs to the part of the API the
// table covers.
func IsKube(path string) bool {
	return strings.Contains(path, "/kube/") || strings.HasSuffix(path, "/kube") ||
		strings.Contains(path, "/kube?") || strings.Contains(path, LDPPrefix)
}
