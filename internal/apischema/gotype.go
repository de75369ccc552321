package apischema

import (
	"fmt"
	"reflect"
	"strings"
)

// CheckGoType compares a Go struct that encodes (Request) or decodes (Answer)
// the table's object with the object, following nested structs, and returns
// one line per difference:
//
//   - every JSON field of the struct must be a field of the object, with the
//     same JSON type (Go strings for strings and enumerations, integers for
//     integers, floats for numbers, bools for booleans, slices for arrays,
//     map[string]string for maps, structs for objects);
//   - in a request, a field the object requires must be in the struct and
//     always sent (no omitempty), and a pointer sent even when nil (no
//     omitempty) must be nullable, as it then sends null.
//
// encoding/json leaves a Go value at its zero value when an answer holds
// null, so a nullable field of an answer need not be a pointer; whether a
// slice or a map is ever sent as null depends on the code that fills it,
// which the acceptance corpus checks (see acctest.ServeMock).
func (t *Table) CheckGoType(rt reflect.Type, object string, dir Direction) []string {
	var errs []string
	t.checkStruct(rt, object, dir, rt.Name(), map[string]bool{}, &errs)
	return errs
}

type goField struct {
	name      string
	typ       reflect.Type
	omitempty bool
	goName    string
}

func jsonFields(rt reflect.Type) []goField {
	var out []goField
	for i := range rt.NumField() {
		f := rt.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				out = append(out, jsonFields(ft)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, goField{name: name, typ: f.Type, omitempty: strings.Contains(","+opts+",", ",omitempty,"), goName: f.Name})
	}
	return out
}

func (t *Table) checkStruct(rt reflect.Type, object string, dir Direction, at string, seen map[string]bool, errs *[]string) {
	key := fmt.Sprintf("%s/%s/%d", rt.String(), object, dir)
	if seen[key] {
		return
	}
	seen[key] = true
	o, ok := t.Objects[object]
	if !ok {
		*errs = append(*errs, fmt.Sprintf("%s: the table has no object %s", at, object))
		return
	}
	if rt.Kind() != reflect.Struct {
		*errs = append(*errs, fmt.Sprintf("%s: %s is not a struct, want object %s", at, rt, object))
		return
	}
	have := map[string]bool{}
	for _, f := range jsonFields(rt) {
		have[f.name] = true
		where := fmt.Sprintf("%s.%s (json %q)", at, f.goName, f.name)
		want, ok := o.Fields[f.name]
		if !ok {
			*errs = append(*errs, fmt.Sprintf("%s: %s has no field %q", where, object, f.name))
			continue
		}
		if dir == Request {
			required := false
			for _, r := range o.Required {
				required = required || r == f.name
			}
			if required && f.omitempty {
				*errs = append(*errs, fmt.Sprintf("%s: %s requires it, but omitempty can leave it out", where, object))
			}
			if f.typ.Kind() == reflect.Pointer && !f.omitempty && !want.Nullable {
				*errs = append(*errs, fmt.Sprintf("%s: a nil pointer sends null, but %s.%s is not nullable", where, object, f.name))
			}
		}
		t.checkType(f.typ, want, dir, where, seen, errs)
	}
	if dir == Request {
		for _, r := range o.Required {
			if !have[r] {
				*errs = append(*errs, fmt.Sprintf("%s: %s requires %q, which the struct lacks", at, object, r))
			}
		}
	}
}

func (t *Table) checkType(gt reflect.Type, want Type, dir Direction, at string, seen map[string]bool, errs *[]string) {
	for gt.Kind() == reflect.Pointer {
		gt = gt.Elem()
	}
	mismatch := func() {
		*errs = append(*errs, fmt.Sprintf("%s: Go type %s, schema type %s", at, gt, want))
	}
	if want.Array {
		if gt.Kind() != reflect.Slice && gt.Kind() != reflect.Array {
			mismatch()
			return
		}
		t.checkType(gt.Elem(), want.Elem(), dir, at+"[]", seen, errs)
		return
	}
	switch want.Kind {
	case KindString, KindEnum:
		if gt.Kind() != reflect.String {
			mismatch()
		}
	case KindBoolean:
		if gt.Kind() != reflect.Bool {
			mismatch()
		}
	case KindInteger:
		switch gt.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		default:
			mismatch()
		}
	case KindNumber:
		if gt.Kind() != reflect.Float32 && gt.Kind() != reflect.Float64 {
			mismatch()
		}
	case KindMap:
		if gt.Kind() != reflect.Map || gt.Key().Kind() != reflect.String || gt.Elem().Kind() != reflect.String {
			mismatch()
		}
	case KindObject:
		if gt.Kind() != reflect.Struct {
			mismatch()
			return
		}
		t.checkStruct(gt, want.Name, dir, at, seen, errs)
	}
}
