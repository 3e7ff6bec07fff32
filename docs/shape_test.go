package docs

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// shape is the JSON a Go type decodes from: its kind ("object", "array",
// "string", "integer", "number" or "boolean"), an object's fields, and an
// array's items or a map's values (elem). Two sources build shapes: Go
// reflection (shapeOf) and the source of a package the tests may not
// import (astShape).
type shape struct {
	kind   string
	fields map[string]*shape // a struct's JSON fields; nil for maps
	elem   *shape            // array items, map values
}

// isMap reports whether s is an object with arbitrary keys.
func (s *shape) isMap() bool { return s.kind == "object" && s.fields == nil }

// fieldNames lists s's fields, sorted.
func (s *shape) fieldNames() []string {
	names := make([]string, 0, len(s.fields))
	for n := range s.fields {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

var (
	jsonMarshaler   = reflect.TypeFor[json.Marshaler]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
)

// shapeOf is the shape t decodes from with encoding/json. A type with its
// own JSON methods (api.Duration, time.Time) has the kind of what its zero
// value marshals to.
func shapeOf(t reflect.Type) (*shape, error) {
	if t.Kind() == reflect.Pointer {
		return shapeOf(t.Elem())
	}
	if t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		return marshaledShape(t)
	}
	switch t.Kind() {
	case reflect.String:
		return &shape{kind: "string"}, nil
	case reflect.Bool:
		return &shape{kind: "boolean"}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return &shape{kind: "integer"}, nil
	case reflect.Float32, reflect.Float64:
		return &shape{kind: "number"}, nil
	case reflect.Slice, reflect.Array:
		elem, err := shapeOf(t.Elem())
		return &shape{kind: "array", elem: elem}, err
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("map %s: only string keys are JSON objects", t)
		}
		elem, err := shapeOf(t.Elem())
		return &shape{kind: "object", elem: elem}, err
	case reflect.Struct:
		return structShape(t)
	}
	return nil, fmt.Errorf("%s: no JSON shape for kind %s", t, t.Kind())
}

// marshaledShape is the kind of what t's zero value marshals to.
func marshaledShape(t reflect.Type) (*shape, error) {
	b, err := json.Marshal(reflect.New(t).Elem().Interface())
	if err != nil {
		return nil, fmt.Errorf("marshal a zero %s: %w", t, err)
	}
	switch {
	case len(b) > 0 && b[0] == '"':
		return &shape{kind: "string"}, nil
	case string(b) == "true" || string(b) == "false":
		return &shape{kind: "boolean"}, nil
	}
	return nil, fmt.Errorf("%s marshals to %s: teach shapeOf its kind", t, b)
}

// structShape is the object a struct decodes from: every exported field
// under its JSON name (the tag's name, else the field's), "-" left out,
// embedded structs without a tag flattened into it.
func structShape(t reflect.Type) (*shape, error) {
	s := &shape{kind: "object", fields: map[string]*shape{}}
	for i := range t.NumField() {
		f := t.Field(i)
		name, skip := jsonName(f.Name, f.Tag.Get("json"))
		if skip || !f.IsExported() && !f.Anonymous {
			continue
		}
		fs, err := shapeOf(f.Type)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t, f.Name, err)
		}
		if f.Anonymous && f.Tag.Get("json") == "" && fs.fields != nil {
			for n, sub := range fs.fields {
				s.fields[n] = sub
			}
			continue
		}
		s.fields[name] = fs
	}
	return s, nil
}

// jsonName is a field's JSON name from its tag (`json:"name,omitempty"`);
// skip is true for `json:"-"`.
func jsonName(field, tag string) (name string, skip bool) {
	if tag == "-" {
		return "", true
	}
	name, _, _ = strings.Cut(tag, ",")
	if name == "" {
		name = field
	}
	return name, false
}
