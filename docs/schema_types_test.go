package docs

import (
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

// goShapes are the Go types behind the schemas: the ServiceSpec by
// reflection, the agent's Config from its package's source.
func goShapes(t *testing.T) map[string]*shape {
	t.Helper()
	spec, err := shapeOf(reflect.TypeFor[api.ServiceSpec]())
	if err != nil {
		t.Fatalf("shape of api.ServiceSpec: %v", err)
	}
	pkg, err := parsePackage(filepath.Join(repoRoot, "agent", "internal", "config"))
	if err != nil {
		t.Fatalf("agent config source: %v", err)
	}
	agent, err := pkg.shapeOfType("Config")
	if err != nil {
		t.Fatalf("shape of the agent's config.Config: %v", err)
	}
	return map[string]*shape{"service-spec": spec, "agent-config": agent}
}

// TestSchemasMatchGoTypes holds each schema to its Go type: every JSON
// field of the type (nested structs, slices, maps and pointers walked) has
// a property and every property a field, with a compatible type, and
// every object the decoder reads strictly says additionalProperties false.
func TestSchemasMatchGoTypes(t *testing.T) {
	for name, s := range goShapes(t) {
		t.Run(name, func(t *testing.T) {
			doc := readSchemaDoc(t, name)
			for _, p := range compareShape(doc, "", doc, s) {
				t.Error(p)
			}
		})
	}
}

// compareShape lists where the schema node at path disagrees with the Go
// shape s.
func compareShape(doc map[string]any, path string, node map[string]any, s *shape) []string {
	n, err := resolveRef(doc, node)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", orRoot(path), err)}
	}
	if p := compareType(path, n, s.kind); p != "" {
		return []string{p}
	}
	switch {
	case s.kind == "array":
		return compareItems(doc, path, n, s.elem)
	case s.isMap():
		return compareMap(doc, path, n, s.elem)
	case s.kind == "object":
		return compareFields(doc, path, n, s)
	}
	return nil
}

// compareType checks that the node's "type" is the Go kind, optionally
// with "null" (encoding/json leaves a field alone on null).
func compareType(path string, n map[string]any, kind string) string {
	var types []string
	switch v := n["type"].(type) {
	case string:
		types = []string{v}
	case []any:
		for _, x := range v {
			s, _ := x.(string)
			types = append(types, s)
		}
	}
	if !slices.Contains(types, kind) {
		return fmt.Sprintf("%s: Go decodes a JSON %s, the schema's type is %v", orRoot(path), kind, n["type"])
	}
	for _, ty := range types {
		if ty != kind && ty != "null" {
			return fmt.Sprintf("%s: the schema allows %s, Go decodes only a JSON %s (or null)", orRoot(path), ty, kind)
		}
	}
	return ""
}

// compareItems checks an array's items (and any prefixItems) against the
// Go element shape.
func compareItems(doc map[string]any, path string, n map[string]any, elem *shape) []string {
	items, ok := n["items"].(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("%s: an array without an items schema", orRoot(path))}
	}
	out := compareShape(doc, path+"[]", items, elem)
	prefix, _ := n["prefixItems"].([]any)
	for i, p := range prefix {
		if m, ok := p.(map[string]any); ok {
			out = append(out, compareShape(doc, fmt.Sprintf("%s[%d]", path, i), m, elem)...)
		}
	}
	return out
}

// compareMap checks an object with arbitrary keys: no fixed properties,
// and additionalProperties a schema for the values.
func compareMap(doc map[string]any, path string, n map[string]any, elem *shape) []string {
	if _, ok := n["properties"]; ok {
		return []string{fmt.Sprintf("%s: Go decodes a map, the schema lists fixed properties", orRoot(path))}
	}
	values, ok := n["additionalProperties"].(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("%s: Go decodes a map, the schema has no additionalProperties schema for its values", orRoot(path))}
	}
	return compareShape(doc, path+"{}", values, elem)
}

// compareFields checks a struct: the same fields both ways, each compared,
// and additionalProperties false (the Go decoder refuses unknown fields).
func compareFields(doc map[string]any, path string, n map[string]any, s *shape) []string {
	var out []string
	if n["additionalProperties"] != false {
		out = append(out, fmt.Sprintf("%s: additionalProperties must be false: the Go decoder refuses unknown fields", orRoot(path)))
	}
	props, _ := n["properties"].(map[string]any)
	for _, f := range s.fieldNames() {
		p, ok := props[f].(map[string]any)
		if !ok {
			out = append(out, fmt.Sprintf("%s: Go field %q has no property in the schema", orRoot(path), f))
			continue
		}
		out = append(out, compareShape(doc, join(path, f), p, s.fields[f])...)
	}
	for _, f := range slices.Sorted(maps.Keys(props)) {
		if _, ok := s.fields[f]; !ok {
			out = append(out, fmt.Sprintf("%s: schema property %q is no field of the Go type", orRoot(path), f))
		}
	}
	return out
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func orRoot(path string) string {
	if path == "" {
		return "(root)"
	}
	return path
}
