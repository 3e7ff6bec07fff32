package docs

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Example files. The rule: a JSON file in a directory named testdata,
// examples or docs (at any depth; .git, .tools, .cache and the root's bin
// are not searched) whose name starts with "spec" is a service spec, and
// one whose name starts with "agent" is an agent config, except the
// schemas themselves (*.schema.json). A name containing "invalid" or
// "unknown" marks an example both the schema and the Go loader must refuse;
// every other one both must accept.

// exampleFile is one example found by the rule.
type exampleFile struct {
	path   string // relative to the repository root, slash-separated
	schema string // "service-spec" or "agent-config"
	valid  bool
}

// exampleDirs are the directory names examples live under.
var exampleDirs = []string{"testdata", "examples", "docs"}

// findExampleFiles walks the repository for example files.
func findExampleFiles(root string) ([]exampleFile, error) {
	var out []exampleFile
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if skippedDir(rel, d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if ex, ok := classifyExample(rel); ok {
			out = append(out, ex)
		}
		return nil
	})
	return out, err
}

// skippedDir reports whether the walk leaves out directory rel.
func skippedDir(rel, name string) bool {
	return name == ".git" || name == ".tools" || name == ".cache" || rel == "bin"
}

// classifyExample applies the rule to one file.
func classifyExample(rel string) (exampleFile, bool) {
	base := filepath.Base(rel)
	if filepath.Ext(base) != ".json" || strings.HasSuffix(base, ".schema.json") {
		return exampleFile{}, false
	}
	dirs := strings.Split(filepath.ToSlash(filepath.Dir(rel)), "/")
	if !slices.ContainsFunc(dirs, func(d string) bool { return slices.Contains(exampleDirs, d) }) {
		return exampleFile{}, false
	}
	ex := exampleFile{path: rel, valid: !strings.Contains(base, "invalid") && !strings.Contains(base, "unknown")}
	switch {
	case strings.HasPrefix(base, "spec"):
		ex.schema = "service-spec"
	case strings.HasPrefix(base, "agent"):
		ex.schema = "agent-config"
	default:
		return exampleFile{}, false
	}
	return ex, true
}

// knownExamples must be among what the rule finds, so that a change to
// the rule (or a move of these files) cannot leave them unchecked.
var knownExamples = []string{
	"controller/api/testdata/spec.json",
	"controller/internal/cli/testdata/spec_invalid.json",
	"controller/internal/cli/testdata/spec_unknown_field.json",
	"agent/internal/config/testdata/agent.json",
}

// TestExampleFiles validates every example file against its schema and
// loads it with its Go loader: a valid example must pass both, an invalid
// one fail both.
func TestExampleFiles(t *testing.T) {
	files, err := findExampleFiles(repoRoot)
	if err != nil {
		t.Fatalf("walk the repository: %v", err)
	}
	found := map[string]bool{}
	for _, f := range files {
		found[f.path] = true
	}
	for _, k := range knownExamples {
		if !found[k] {
			t.Errorf("%s is not found by the example rule any more", k)
		}
	}
	for _, f := range files {
		t.Run(f.path, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(repoRoot, f.path))
			if err != nil {
				t.Fatal(err)
			}
			checkExample(t, f.schema, data, f.valid)
		})
	}
}

// checkExample validates data against schema and loads it with the Go
// loader: both must accept it when valid, both refuse it otherwise.
func checkExample(t *testing.T, schema string, data []byte, valid bool) {
	t.Helper()
	schemaErr := validateJSON(t, schema, data)
	goErr := loadAs(t, schema, data)
	switch {
	case valid && schemaErr != nil:
		t.Errorf("the %s schema refuses it:\n%v", schema, schemaErr)
	case valid && goErr != nil:
		t.Errorf("the Go loader refuses it: %v", goErr)
	case !valid && schemaErr == nil:
		t.Errorf("an invalid example, but the %s schema accepts it (the Go loader says: %v)", schema, goErr)
	case !valid && goErr == nil:
		t.Errorf("an invalid example, but the Go loader accepts it")
	}
}
