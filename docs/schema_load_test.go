package docs

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// repoRoot is the repository's root, seen from this package's directory
// (where go test runs its tests).
const repoRoot = ".."

// The two schemas, by the name examples are tagged with.
var schemaFiles = map[string]string{
	"service-spec": "schema/service-spec.schema.json",
	"agent-config": "schema/agent-config.schema.json",
}

// readSchemaDoc reads a schema file as plain JSON, for walking.
func readSchemaDoc(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(schemaFiles[name])
	if err != nil {
		t.Fatalf("read the %s schema: %v", name, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", schemaFiles[name], err)
	}
	return doc
}

var (
	compiledMu sync.Mutex
	compiled   = map[string]*jsonschema.Schema{}
)

// compileSchema compiles the schema named name ("service-spec", or
// "service-spec#/$defs/step" for a part of it) as draft 2020-12, once.
func compileSchema(t *testing.T, ref string) *jsonschema.Schema {
	t.Helper()
	compiledMu.Lock()
	defer compiledMu.Unlock()
	if s, ok := compiled[ref]; ok {
		return s
	}
	name, pointer, _ := strings.Cut(ref, "#")
	file, ok := schemaFiles[name]
	if !ok {
		t.Fatalf("no schema named %q (known: service-spec, agent-config)", name)
	}
	s, err := compileFile(file, pointer)
	if err != nil {
		t.Fatalf("compile %s: %v", ref, err)
	}
	compiled[ref] = s
	return s
}

// compileFile compiles file (at the location a JSON pointer names, "" for
// the whole) as draft 2020-12.
func compileFile(file, pointer string) (*jsonschema.Schema, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(abs)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	url := "file://" + filepath.ToSlash(abs)
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	loc := url
	if pointer != "" {
		loc += "#" + pointer
	}
	return c.Compile(loc)
}

// validateJSON validates data against the schema ref names.
func validateJSON(t *testing.T, ref string, data []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return compileSchema(t, ref).Validate(inst)
}

// resolveRef returns node with its $ref followed, recursively, within doc:
// the referenced definition's keywords overridden by node's own.
func resolveRef(doc, node map[string]any) (map[string]any, error) {
	ref, ok := node["$ref"].(string)
	if !ok {
		return node, nil
	}
	target, err := pointerIn(doc, ref)
	if err != nil {
		return nil, err
	}
	base, err := resolveRef(doc, target)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range node {
		if k != "$ref" {
			out[k] = v
		}
	}
	return out, nil
}

// pointerIn finds a local reference ("#/$defs/step") in doc.
func pointerIn(doc map[string]any, ref string) (map[string]any, error) {
	p, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("$ref %q: only local references are supported", ref)
	}
	var cur any = doc
	for _, part := range strings.Split(p, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %q: %q is not inside an object", ref, part)
		}
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		if cur, ok = m[part]; !ok {
			return nil, fmt.Errorf("$ref %q: no %q", ref, part)
		}
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("$ref %q is not a schema object", ref)
	}
	return m, nil
}
