package consul

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestTemplatesTakeTheirVariables: every .hcl file here is a known
// template, names exactly the variables Terraform passes it, renders to
// rules with no template syntax left, and is tested by a scenario.
func TestTemplatesTakeTheirVariables(t *testing.T) {
	files, err := filepath.Glob("*.hcl")
	if err != nil {
		t.Fatal(err)
	}
	var known []string
	for f := range templates {
		known = append(known, f)
	}
	sort.Strings(files)
	sort.Strings(known)
	if !slices.Equal(files, known) {
		t.Fatalf("policy files %v, want %v (add a new one to templates and scenarios)", files, known)
	}
	tested := map[string]bool{}
	c := &cluster{node: "node-1"}
	for _, sc := range scenarios {
		for _, p := range sc.policies(c) {
			tested[p.file] = true
		}
	}
	for _, f := range files {
		if got, want := templateVariables(t, f), templates[f]; !sameSet(got, want) {
			t.Errorf("%s uses variables %v, want %v", f, got, want)
		}
		vars := map[string]string{}
		for _, v := range templates[f] {
			vars[v] = "x-" + v
		}
		out, err := render(f, vars)
		if err != nil || strings.Contains(out, "${") || strings.Contains(out, "%{") {
			t.Errorf("%s renders to %q, %v", f, out, err)
		}
		if !tested[f] {
			t.Errorf("%s is in no scenario: its component's calls are not checked", f)
		}
	}
}

// TestRenderNeedsEveryVariable: like Terraform's templatefile(), a
// missing variable is an error naming it, not an empty string.
func TestRenderNeedsEveryVariable(t *testing.T) {
	_, err := render("agent.hcl", map[string]string{"service": "web"})
	if err == nil || !strings.Contains(err.Error(), "node_prefix") {
		t.Fatalf("render without node_prefix: %v; want an error naming it", err)
	}
}

// templateVariables lists the variables a template refers to.
func templateVariables(t *testing.T, file string) []string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	expr, diags := hclsyntax.ParseTemplate(src, file, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %s: %s", file, diags.Error())
	}
	var out []string
	for _, tr := range expr.Variables() {
		if !slices.Contains(out, tr.RootName()) {
			out = append(out, tr.RootName())
		}
	}
	return out
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	sort.Strings(a)
	sort.Strings(b)
	return slices.Equal(a, b)
}
