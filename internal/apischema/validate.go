package apischema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Direction tells a request body (which must carry the required fields) from
// an answer.
type Direction int

const (
	Request Direction = iota
	Answer
)

func (d Direction) String() string {
	if d == Request {
		return "request"
	}
	return "answer"
}

// empty tells whether a body carries nothing: no bytes, blanks, or null.
func empty(body []byte) bool {
	b := bytes.TrimSpace(body)
	return len(b) == 0 || string(b) == "null"
}

// ValidateRequest checks the body of a request to op.
func (t *Table) ValidateRequest(op Operation, body []byte) []string {
	return t.validateBody(op, op.Body, body, Request)
}

// ValidateAnswer checks the body of a 2xx answer to op.
func (t *Table) ValidateAnswer(op Operation, body []byte) []string {
	return t.validateBody(op, op.Answer, body, Answer)
}

func (t *Table) validateBody(op Operation, want *Type, body []byte, dir Direction) []string {
	if want == nil {
		if empty(body) {
			return nil
		}
		return []string{fmt.Sprintf("%s: the %s has a body, the schema none: %s", op, dir, clip(body))}
	}
	if empty(body) {
		if dir == Request {
			return []string{fmt.Sprintf("%s: the request has no body, the schema wants a %s", op, want)}
		}
		return []string{fmt.Sprintf("%s: the answer has no body, the schema gives a %s", op, want)}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return []string{fmt.Sprintf("%s: the %s is not JSON: %v", op, dir, err)}
	}
	var errs []string
	for _, e := range t.Validate(*want, v, dir) {
		errs = append(errs, fmt.Sprintf("%s: %s %s", op, dir, e))
	}
	return errs
}

// Validate checks a decoded JSON value (decoded with UseNumber) against a
// type of the table, and returns one line per problem: unknown fields, wrong
// JSON types, values out of an enumeration, null where the schema does not
// allow it, in requests missing required fields and, in answers, missing
// fields that cannot be null.
func (t *Table) Validate(want Type, v any, dir Direction) []string {
	var errs []string
	t.validate(want, v, dir, "$", &errs)
	return errs
}

func (t *Table) validate(want Type, v any, dir Direction, at string, errs *[]string) {
	fail := func(format string, a ...any) { *errs = append(*errs, at+": "+fmt.Sprintf(format, a...)) }
	if v == nil {
		if !want.Nullable {
			fail("null, but %s is not nullable", want)
		}
		return
	}
	if want.Array {
		l, ok := v.([]any)
		if !ok {
			fail("%s, want an array of %s", jsonKind(v), want.Elem())
			return
		}
		for i, e := range l {
			t.validate(want.Elem(), e, dir, fmt.Sprintf("%s[%d]", at, i), errs)
		}
		return
	}
	switch want.Kind {
	case KindString:
		if _, ok := v.(string); !ok {
			fail("%s, want a string", jsonKind(v))
		}
	case KindEnum:
		s, ok := v.(string)
		if !ok {
			fail("%s, want a string of %s", jsonKind(v), want.Name)
		} else if !slices.Contains(t.Enums[want.Name], s) {
			fail("%q is not one of %s (%s)", s, want.Name, strings.Join(t.Enums[want.Name], ", "))
		}
	case KindBoolean:
		if _, ok := v.(bool); !ok {
			fail("%s, want a boolean", jsonKind(v))
		}
	case KindInteger:
		n, ok := v.(json.Number)
		if !ok {
			fail("%s, want an integer", jsonKind(v))
		} else if _, err := n.Int64(); err != nil {
			fail("%s is not an integer", n)
		}
	case KindNumber:
		if _, ok := v.(json.Number); !ok {
			fail("%s, want a number", jsonKind(v))
		}
	case KindMap:
		m, ok := v.(map[string]any)
		if !ok {
			fail("%s, want an object of strings", jsonKind(v))
			return
		}
		for _, k := range sortedKeys(m) {
			if _, ok := m[k].(string); !ok {
				*errs = append(*errs, fmt.Sprintf("%s.%s: %s, want a string", at, k, jsonKind(m[k])))
			}
		}
	case KindObject:
		m, ok := v.(map[string]any)
		if !ok {
			fail("%s, want an object %s", jsonKind(v), want.Name)
			return
		}
		o := t.Objects[want.Name]
		for _, k := range sortedKeys(m) {
			ft, ok := o.Fields[k]
			if !ok {
				*errs = append(*errs, fmt.Sprintf("%s.%s: %s has no field %q", at, k, o.Name, k))
				continue
			}
			t.validate(ft, m[k], dir, at+"."+k, errs)
		}
		if dir == Request {
			for _, r := range o.Required {
				if _, ok := m[r]; !ok {
					*errs = append(*errs, fmt.Sprintf("%s.%s: missing, but %s requires it", at, r, o.Name))
				}
			}
		} else {
			// An answer carries every field that cannot be null; one
			// left out reads as null, which only a nullable field may be.
			for _, f := range slices.Sorted(maps.Keys(o.Fields)) {
				if _, ok := m[f]; !ok && !o.Fields[f].Nullable {
					*errs = append(*errs, fmt.Sprintf("%s.%s: missing from the answer, but %s.%s is not nullable", at, f, o.Name, f))
				}
			}
		}
	}
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("a string (%q)", x)
	case bool:
		return "a boolean"
	case json.Number:
		return "a number (" + x.String() + ")"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func clip(b []byte) string {
	s := string(bytes.TrimSpace(b))
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}
