package dist

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// testDigests are the SHA-256 digests the tests give the template, by
// architecture: distinct, so a download checked against the other
// architecture's digest shows.
var testDigests = map[string]map[string]string{
	"agent_sha256":  {"amd64": fmt.Sprintf("%064x", 1), "arm64": fmt.Sprintf("%064x", 2)},
	"consul_sha256": {"amd64": fmt.Sprintf("%064x", 3), "arm64": fmt.Sprintf("%064x", 4)},
}

// packerContext is what Packer evaluates the template's expressions with:
// var.* (defaults, plus asgctl_version and the test digests), local.*,
// source.name (arch; "" outside a build), path.root and the functions
// the template uses, timestamp() fixed.
func packerContext(t *testing.T, body *hclsyntax.Body, arch string) *hcl.EvalContext {
	t.Helper()
	vars := map[string]cty.Value{"asgctl_version": cty.StringVal("v1.2.0")}
	for name, byArch := range testDigests {
		m := map[string]cty.Value{}
		for a, d := range byArch {
			m[a] = cty.StringVal(d)
		}
		vars[name] = cty.MapVal(m)
	}
	for _, b := range blocks(body, "variable") {
		if _, given := vars[b.Labels[0]]; given {
			continue
		}
		if _, ok := b.Body.Attributes["default"]; !ok {
			t.Fatalf("variable %q has no default: give it in packerContext", b.Labels[0])
		}
		vars[b.Labels[0]] = value(t, b.Body, "default", nil)
	}
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"var":    cty.ObjectVal(vars),
			"source": cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal(arch)}),
			"path":   cty.ObjectVal(map[string]cty.Value{"root": cty.StringVal(filepath.Dir(packerTemplate))}),
		},
		Functions: packerFunctions(),
	}
	locals := map[string]cty.Value{}
	for _, b := range blocks(body, "locals") {
		for name := range b.Body.Attributes {
			locals[name] = value(t, b.Body, name, ctx)
		}
	}
	ctx.Variables["local"] = cty.ObjectVal(locals)
	return ctx
}

// packerFunctions is the part of Packer's function library the template
// uses.
func packerFunctions() map[string]function.Function {
	fns := map[string]function.Function{
		"lookup":     stdlib.LookupFunc,
		"merge":      stdlib.MergeFunc,
		"formatdate": stdlib.FormatDateFunc,
		"timestamp": function.New(&function.Spec{
			Type: function.StaticReturnType(cty.String),
			Impl: func([]cty.Value, cty.Type) (cty.Value, error) { return cty.StringVal("2025-03-01T12:00:00Z"), nil },
		}),
	}
	fns["templatefile"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return renderTemplate(args[0].AsString(), args[1].AsValueMap())
		},
	})
	return fns
}

// renderTemplate renders an HCL template file with vars.
func renderTemplate(path string, vars map[string]cty.Value) (cty.Value, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return cty.NilVal, err
	}
	expr, diags := hclsyntax.ParseTemplate(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("%s: %w", path, diags)
	}
	v, diags := expr.Value(&hcl.EvalContext{Variables: vars})
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("%s: %w", path, diags)
	}
	return v, nil
}
