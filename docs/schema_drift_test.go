package docs

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestSchemaCheckCatchesDrift shows compareShape failing on the kinds of
// drift it is there to catch, each made on a copy of the spec schema.
func TestSchemaCheckCatchesDrift(t *testing.T) {
	spec := goShapes(t)["service-spec"]
	cases := []struct {
		name   string
		change func(doc map[string]any)
		want   string
	}{
		{"a Go field without a property", func(d map[string]any) {
			delete(obj(d, "$defs", "capacity", "properties"), "desired")
		}, `capacity: Go field "desired" has no property`},
		{"a property without a Go field", func(d map[string]any) {
			obj(d, "properties")["desired_count"] = map[string]any{"type": "integer"}
		}, `schema property "desired_count" is no field`},
		{"a non-integer number where Go decodes an int", func(d map[string]any) {
			obj(d, "properties", "keep_previous")["type"] = []any{"number", "null"}
		}, "keep_previous: Go decodes a JSON integer"},
		{"a second kind beside the Go one", func(d map[string]any) {
			obj(d, "properties", "keep_previous")["type"] = []any{"integer", "string", "null"}
		}, "keep_previous: the schema allows string"},
		{"a wrong kind", func(d map[string]any) {
			obj(d, "properties", "progress_deadline")["type"] = "integer"
		}, "progress_deadline: Go decodes a JSON string"},
		{"an object open to unknown fields", func(d map[string]any) {
			delete(obj(d, "$defs", "step"), "additionalProperties")
		}, "steps[]: additionalProperties must be false"},
		{"a map without a value schema", func(d map[string]any) {
			obj(d, "properties", "tags")["additionalProperties"] = true
		}, "tags: Go decodes a map"},
		{"a nested field renamed", func(d map[string]any) {
			props := obj(d, "$defs", "scheduledAction", "properties")
			props["timezone"] = props["time_zone"]
			delete(props, "time_zone")
		}, `scheduled_actions[]: Go field "time_zone" has no property`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := copyDoc(t, readSchemaDoc(t, "service-spec"))
			c.change(doc)
			problems := compareShape(doc, "", doc, spec)
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, c.want) }) {
				t.Errorf("want a problem containing %q, got %q", c.want, problems)
			}
		})
	}
}

// obj walks doc down keys to an object.
func obj(doc map[string]any, keys ...string) map[string]any {
	cur := doc
	for _, k := range keys {
		cur = cur[k].(map[string]any)
	}
	return cur
}

// copyDoc deep-copies a decoded JSON document.
func copyDoc(t *testing.T, doc map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
