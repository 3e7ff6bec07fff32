package docs

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"testing"
)

// TestAgentSourceShapeMatchesEncoder checks the source-read shape of the
// agent's config against the real encoder: `asgctl-agent --check` prints
// the whole config (its types have no omitempty), so every object it
// prints must have exactly the fields the shape has, each value of the
// shape's kind.
func TestAgentSourceShapeMatchesEncoder(t *testing.T) {
	out, err := checkAgentConfigFile(filepath.Join(repoRoot, "agent", "internal", "config", "testdata", "agent.json"))
	if err != nil {
		t.Fatal(err)
	}
	var printed any
	if err := json.Unmarshal(out, &printed); err != nil {
		t.Fatalf("--check printed no JSON: %v\n%s", err, out)
	}
	for _, p := range matchPrinted("", printed, goShapes(t)["agent-config"]) {
		t.Error(p)
	}
}

// matchPrinted lists where an encoded value v disagrees with shape s.
func matchPrinted(path string, v any, s *shape) []string {
	switch x := v.(type) {
	case nil:
		return nil // a nil slice or pointer: any kind
	case map[string]any:
		if s.kind != "object" {
			return []string{fmt.Sprintf("%s: printed an object, the shape is %s", orRoot(path), s.kind)}
		}
		if s.isMap() {
			return nil
		}
		got, want := slices.Sorted(maps.Keys(x)), s.fieldNames()
		if !slices.Equal(got, want) {
			return []string{fmt.Sprintf("%s: printed fields %v, the source has %v", orRoot(path), got, want)}
		}
		var out []string
		for _, k := range got {
			out = append(out, matchPrinted(join(path, k), x[k], s.fields[k])...)
		}
		return out
	case []any:
		var out []string
		for i, e := range x {
			out = append(out, matchPrinted(fmt.Sprintf("%s[%d]", path, i), e, s.elem)...)
		}
		return out
	}
	if k := printedKind(v); k != s.kind && !(k == "integer" && s.kind == "number") {
		return []string{fmt.Sprintf("%s: printed a %s, the shape is %s", orRoot(path), k, s.kind)}
	}
	return nil
}

// printedKind is the JSON kind of a decoded scalar.
func printedKind(v any) string {
	switch x := v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}
