package terraform_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// evaluator evaluates a module's expressions as Terraform would: var.*
// from the module's defaults and the given inputs, fake attributes of the
// resources they refer to, path.module, every local, and the functions
// the modules use (file and templatefile read the repository's files).
type evaluator struct {
	t   *testing.T
	m   *module
	ctx *hcl.EvalContext
}

// newEvaluator builds the context; resources maps a resource type to its
// fake instances (as the type's object, by resource name).
func newEvaluator(t *testing.T, m *module, inputs, resources map[string]cty.Value) *evaluator {
	t.Helper()
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"var":  variables(t, m, inputs),
			"path": cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(m.dir)}),
		},
		Functions: moduleFunctions(),
	}
	for k, v := range resources {
		ctx.Variables[k] = v
	}
	e := &evaluator{t: t, m: m, ctx: ctx}
	e.ctx.Variables["local"] = e.locals()
	return e
}

// locals evaluates every local, each once the locals it names are known.
func (e *evaluator) locals() cty.Value {
	e.t.Helper()
	pending := map[string]*hcl.Attribute{}
	for _, b := range e.m.ofType("locals") {
		all, diags := b.Body.JustAttributes()
		if diags.HasErrors() {
			e.t.Fatal(diags.Error())
		}
		for n, a := range all {
			pending[n] = a
		}
	}
	done := map[string]cty.Value{}
	for len(pending) > 0 {
		progress := false
		for n, a := range pending {
			if !localsKnown(a.Expr, done) {
				continue
			}
			e.ctx.Variables["local"] = cty.ObjectVal(done)
			v, diags := a.Expr.Value(e.ctx)
			if diags.HasErrors() {
				e.t.Fatalf("%s: local.%s: %s", e.m.dir, n, diags.Error())
			}
			done[n], progress = v, true
			delete(pending, n)
		}
		if !progress {
			e.t.Fatalf("%s: locals refer to each other in a cycle or to unknown locals: %v", e.m.dir, keys(pending))
		}
	}
	return cty.ObjectVal(done)
}

// localsKnown reports whether every local expr refers to is in done.
func localsKnown(expr hcl.Expression, done map[string]cty.Value) bool {
	for _, tr := range expr.Variables() {
		if tr.RootName() != "local" || len(tr) < 2 {
			continue
		}
		if a, ok := tr[1].(hcl.TraverseAttr); ok {
			if _, known := done[a.Name]; !known {
				return false
			}
		}
	}
	return true
}

// keys lists a map's keys.
func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// value evaluates expr.
func (e *evaluator) value(expr hcl.Expression) cty.Value {
	e.t.Helper()
	v, diags := expr.Value(e.ctx)
	if diags.HasErrors() {
		e.t.Fatalf("%s: %s", e.m.dir, diags.Error())
	}
	return v
}

// attr evaluates attribute name of the block typ with labels.
func (e *evaluator) attr(name, typ string, labels ...string) cty.Value {
	e.t.Helper()
	b := e.m.block(typ, labels...)
	if b == nil {
		e.t.Fatalf("%s: no %s %v", e.m.dir, typ, labels)
	}
	a := attrs(e.t, b, name)[name]
	if a == nil {
		e.t.Fatalf("%s: %s %v has no %s", e.m.dir, typ, labels, name)
	}
	return e.value(a.Expr)
}

// local is the value of local.name.
func (e *evaluator) local(name string) cty.Value {
	e.t.Helper()
	l := e.ctx.Variables["local"]
	if !l.Type().HasAttribute(name) {
		e.t.Fatalf("%s: no local %s", e.m.dir, name)
	}
	return l.GetAttr(name)
}

// moduleFunctions is the part of Terraform's function library the modules
// use (validations aside).
func moduleFunctions() map[string]function.Function {
	fns := functions()
	for name, f := range map[string]function.Function{
		"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc, "compact": stdlib.CompactFunc,
		"join": stdlib.JoinFunc, "replace": stdlib.ReplaceFunc, "trimprefix": stdlib.TrimPrefixFunc,
		"trimspace": stdlib.TrimSpaceFunc, "file": fileFunc, "strcontains": strContainsFunc,
	} {
		fns[name] = f
	}
	fns["templatefile"] = templateFileFunc(fns)
	return fns
}

// strContainsFunc is Terraform's strcontains(): whether substr is in str.
var strContainsFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.BoolVal(strings.Contains(args[0].AsString(), args[1].AsString())), nil
	},
})

// fileFunc is Terraform's file(): the contents of a file, relative to the
// working directory (this one, which the modules' path.module is under).
var fileFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "path", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		b, err := os.ReadFile(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(string(b)), nil
	},
})

// templateFileFunc is Terraform's templatefile(): the file rendered with
// HCL's template language, the given variables and fns.
func templateFileFunc(fns map[string]function.Function) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			path := args[0].AsString()
			src, err := os.ReadFile(path)
			if err != nil {
				return cty.NilVal, err
			}
			expr, diags := hclsyntax.ParseTemplate(src, path, hcl.InitialPos)
			if diags.HasErrors() {
				return cty.NilVal, fmt.Errorf("%s: %w", path, diags)
			}
			v, diags := expr.Value(&hcl.EvalContext{Variables: args[1].AsValueMap(), Functions: fns})
			if diags.HasErrors() {
				return cty.NilVal, fmt.Errorf("%s: %w", path, diags)
			}
			return v, nil
		},
	})
}

// serviceResources are fake attributes of the service module's resources
// in eu-west-1, account 123456789012.
func serviceResources() map[string]cty.Value {
	const arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:"
	obj := func(kv ...string) cty.Value {
		m := map[string]cty.Value{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = cty.StringVal(kv[i+1])
		}
		return cty.ObjectVal(m)
	}
	return map[string]cty.Value{
		"aws_lb_target_group": cty.ObjectVal(map[string]cty.Value{"this": cty.ObjectVal(map[string]cty.Value{
			"a": obj("arn", arn+"targetgroup/web-a/73e2d6bc24d8a067"),
			"b": obj("arn", arn+"targetgroup/web-b/8f1e2a3b4c5d6e7f"),
		})}),
		"aws_lb_listener": cty.ObjectVal(map[string]cty.Value{
			"this": cty.TupleVal([]cty.Value{obj("arn", arn+"listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2")}),
			"test": cty.EmptyTupleVal,
		}),
		"aws_lb_listener_rule":     cty.ObjectVal(map[string]cty.Value{"this": cty.EmptyTupleVal}),
		"aws_launch_template":      cty.ObjectVal(map[string]cty.Value{"this": obj("id", "lt-0123456789abcdef0")}),
		"aws_iam_role":             cty.ObjectVal(map[string]cty.Value{"instance": obj("id", "asgctl-instance-web", "name", "asgctl-instance-web")}),
		"aws_iam_instance_profile": cty.ObjectVal(map[string]cty.Value{"this": obj("arn", "arn:aws:iam::123456789012:instance-profile/asgctl-instance-web")}),
		"aws_security_group": cty.ObjectVal(map[string]cty.Value{
			"instances":     obj("id", "sg-0123456789abcdef0"),
			"test_listener": cty.EmptyTupleVal,
		}),
	}
}

// serviceInputs are the service module's required inputs for web.
func serviceInputs(extra map[string]cty.Value) map[string]cty.Value {
	in := map[string]cty.Value{
		"name":                   cty.StringVal("web"),
		"vpc_id":                 cty.StringVal("vpc-0123"),
		"subnet_ids":             cty.ListVal([]cty.Value{cty.StringVal("subnet-0aaa")}),
		"ami_id":                 cty.StringVal("ami-0123"),
		"alb_security_group_ids": cty.ListVal([]cty.Value{cty.StringVal("sg-0123")}),
		"artifact_bucket":        cty.StringVal("artifacts"),
		"artifact_prefix":        cty.StringVal("web"),
		"listener":               cty.ObjectVal(map[string]cty.Value{"load_balancer_arn": cty.StringVal("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188")}),
		"agent": cty.ObjectVal(map[string]cty.Value{
			"processes": cty.NumberIntVal(2),
			"command":   cty.ListVal([]cty.Value{cty.StringVal("bin/web")}),
		}),
	}
	for k, v := range extra {
		in[k] = v
	}
	return in
}

// mustContain fails t for each of wants missing from s, naming what s is.
func mustContain(t *testing.T, what, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}
