package docs

import (
	"os"
	"regexp"
	"slices"
	"testing"
)

// pageOfSchema is the page that is the reference for each schema.
var pageOfSchema = map[string]string{
	"service-spec": "spec.md",
	"agent-config": "agent-config.md",
}

// TestPagesDescribeEveryField checks that the reference page of each
// schema names every property of it (in backticks, alone or in a dotted
// path such as `capacity.min`), so a field added to the Go type and the
// schema cannot go undocumented.
func TestPagesDescribeEveryField(t *testing.T) {
	for name, page := range pageOfSchema {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			doc := readSchemaDoc(t, name)
			names := propertyNames(doc, doc)
			if len(names) < 20 {
				t.Fatalf("only %d property names found in the schema", len(names))
			}
			for _, n := range names {
				mention := regexp.MustCompile("`[^`\\n]*\\b" + regexp.QuoteMeta(n) + "\\b[^`\\n]*`")
				if !mention.Match(data) {
					t.Errorf("%s does not name the field %q", page, n)
				}
			}
		})
	}
}

// propertyNames lists every property name in a schema node and what it
// references, each once, sorted.
func propertyNames(doc, node map[string]any) []string {
	seen := map[string]bool{}
	collectProperties(doc, node, seen, map[string]bool{})
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// collectProperties adds the property names under node to seen,
// following each $ref once (refs).
func collectProperties(doc, node map[string]any, seen, refs map[string]bool) {
	if ref, ok := node["$ref"].(string); ok && !refs[ref] {
		refs[ref] = true
		if target, err := pointerIn(doc, ref); err == nil {
			collectProperties(doc, target, seen, refs)
		}
	}
	if props, ok := node["properties"].(map[string]any); ok {
		for n, p := range props {
			seen[n] = true
			if m, ok := p.(map[string]any); ok {
				collectProperties(doc, m, seen, refs)
			}
		}
	}
	for _, k := range []string{"items", "additionalProperties"} {
		if m, ok := node[k].(map[string]any); ok {
			collectProperties(doc, m, seen, refs)
		}
	}
}
