package terraform_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/asgctl/asgctl/controller/api"
)

// The module directories and the example; each is one Terraform module.
var moduleDirs = []string{
	"modules/service",
	"modules/deploy-role",
	"modules/controller",
	"examples/complete",
}

var topSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
}}

// module is the parsed content of one directory's .tf files.
type module struct {
	dir    string
	files  map[string][]byte
	blocks hcl.Blocks
}

func (m *module) ofType(typ string) hcl.Blocks {
	var out hcl.Blocks
	for _, b := range m.blocks {
		if b.Type == typ {
			out = append(out, b)
		}
	}
	return out
}

func (m *module) resources(typ string) hcl.Blocks {
	var out hcl.Blocks
	for _, b := range m.ofType("resource") {
		if b.Labels[0] == typ {
			out = append(out, b)
		}
	}
	return out
}

func (m *module) block(typ string, labels ...string) *hcl.Block {
	for _, b := range m.ofType(typ) {
		if reflect.DeepEqual(b.Labels, labels) {
			return b
		}
	}
	return nil
}

// loadModule parses every .tf file in dir; parse errors fail the test.
func loadModule(t *testing.T, dir string) *module {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("%s: no .tf files", dir)
	}
	m := &module{dir: dir, files: map[string][]byte{}}
	p := hclparse.NewParser()
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m.files[path] = src
		f, diags := p.ParseHCL(src, path)
		if diags.HasErrors() {
			t.Errorf("parse: %s", diags.Error())
			continue
		}
		content, _, diags := f.Body.PartialContent(topSchema)
		if diags.HasErrors() {
			t.Errorf("%s: %s", path, diags.Error())
			continue
		}
		m.blocks = append(m.blocks, content.Blocks...)
	}
	return m
}

func loadAll(t *testing.T) []*module {
	t.Helper()
	out := make([]*module, 0, len(moduleDirs))
	for _, d := range moduleDirs {
		out = append(out, loadModule(t, d))
	}
	return out
}

// attrs returns a block body's attributes (any nested blocks are ignored).
func attrs(t *testing.T, b *hcl.Block, names ...string) map[string]*hcl.Attribute {
	t.Helper()
	schema := &hcl.BodySchema{}
	for _, n := range names {
		schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: n})
	}
	content, _, diags := b.Body.PartialContent(schema)
	if diags.HasErrors() {
		t.Errorf("%s: %s", b.DefRange, diags.Error())
	}
	return content.Attributes
}

func nestedBlocks(b hcl.Body, typ string) hcl.Blocks {
	content, _, _ := b.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: typ}}})
	return content.Blocks
}

func literalString(t *testing.T, a *hcl.Attribute) string {
	t.Helper()
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || v.Type() != cty.String || v.IsNull() {
		return ""
	}
	return v.AsString()
}

// awsProviderVersion is the AWS provider constraint of every module and
// example: v5 and v6, whose breaking changes the modules avoid
// (providers_test.go).
const awsProviderVersion = ">= 5.0, < 7.0"

func TestModulesPinVersions(t *testing.T) {
	for _, m := range loadAll(t) {
		tf := m.ofType("terraform")
		if len(tf) != 1 {
			t.Errorf("%s: want one terraform block, got %d", m.dir, len(tf))
			continue
		}
		a := attrs(t, tf[0], "required_version")
		if rv := a["required_version"]; rv == nil || literalString(t, rv) != ">= 1.5.0" {
			t.Errorf("%s: required_version must be \">= 1.5.0\"", m.dir)
		}
		rp := nestedBlocks(tf[0].Body, "required_providers")
		if len(rp) != 1 {
			t.Errorf("%s: want one required_providers block", m.dir)
			continue
		}
		all, diags := rp[0].Body.JustAttributes()
		if diags.HasErrors() {
			t.Errorf("%s: %s", m.dir, diags.Error())
			continue
		}
		aws := all["aws"]
		if aws == nil {
			t.Errorf("%s: required_providers lacks aws", m.dir)
			continue
		}
		v, diags := aws.Expr.Value(nil)
		if diags.HasErrors() || !v.Type().IsObjectType() || !v.Type().HasAttribute("source") || !v.Type().HasAttribute("version") {
			t.Errorf("%s: aws provider requirement must be {source, version}", m.dir)
			continue
		}
		if s, ver := v.GetAttr("source").AsString(), v.GetAttr("version").AsString(); s != "hashicorp/aws" || ver != awsProviderVersion {
			t.Errorf("%s: aws provider = %s %s, want hashicorp/aws %s (v5 and v6)", m.dir, s, ver, awsProviderVersion)
		}
		for name, a := range all {
			if v, diags := a.Expr.Value(nil); diags.HasErrors() || !v.Type().IsObjectType() || !v.Type().HasAttribute("version") {
				t.Errorf("%s: provider %s has no version constraint", m.dir, name)
			}
		}
	}
}

func TestVariablesAndOutputsAreDocumented(t *testing.T) {
	for _, m := range loadAll(t) {
		for _, v := range m.ofType("variable") {
			a := attrs(t, v, "type", "description", "default", "sensitive", "nullable")
			if a["type"] == nil {
				t.Errorf("%s: variable %q has no type", v.DefRange, v.Labels[0])
			}
			if a["description"] == nil || strings.TrimSpace(literalString(t, a["description"])) == "" {
				t.Errorf("%s: variable %q has no description", v.DefRange, v.Labels[0])
			}
		}
		for _, o := range m.ofType("output") {
			a := attrs(t, o, "description", "value", "sensitive")
			if a["description"] == nil || strings.TrimSpace(literalString(t, a["description"])) == "" {
				t.Errorf("%s: output %q has no description", o.DefRange, o.Labels[0])
			}
		}
	}
}

// TestServiceModuleCreatesNoAutoScalingGroup: the controller owns the groups.
func TestServiceModuleCreatesNoAutoScalingGroup(t *testing.T) {
	m := loadModule(t, "modules/service")
	for _, typ := range []string{"aws_autoscaling_group", "aws_autoscaling_lifecycle_hook", "aws_autoscaling_attachment"} {
		for _, r := range m.resources(typ) {
			t.Errorf("%s: the service module must not manage %s: the controller creates and owns the groups", r.DefRange, typ)
		}
	}
}

// TestWeightedForwardsIgnoreChanges: every listener or rule that forwards to
// target groups leaves its action to the controller.
func TestWeightedForwardsIgnoreChanges(t *testing.T) {
	actionOf := map[string]string{"aws_lb_listener": "default_action", "aws_lb_listener_rule": "action"}
	for _, m := range loadAll(t) {
		for typ, action := range actionOf {
			for _, r := range m.resources(typ) {
				forwards := false
				for _, a := range nestedBlocks(r.Body, action) {
					forwards = forwards || len(nestedBlocks(a.Body, "forward")) > 0
				}
				if !forwards {
					continue
				}
				if !ignoresChanges(t, r, action) {
					t.Errorf("%s: %s.%s forwards to target groups but lacks lifecycle { ignore_changes = [%s] }: Terraform would fight the controller over the weights",
						r.DefRange, typ, r.Labels[1], action)
				}
			}
		}
	}
	m := loadModule(t, "modules/service")
	for typ := range actionOf {
		if len(m.resources(typ)) == 0 {
			t.Errorf("service module: no %s resource", typ)
		}
	}
}

func ignoresChanges(t *testing.T, r *hcl.Block, attr string) bool {
	t.Helper()
	for _, lc := range nestedBlocks(r.Body, "lifecycle") {
		a := attrs(t, lc, "ignore_changes", "create_before_destroy", "prevent_destroy")
		if a["ignore_changes"] == nil {
			continue
		}
		exprs, diags := hcl.ExprList(a["ignore_changes"].Expr)
		if diags.HasErrors() {
			continue
		}
		for _, e := range exprs {
			if trav, diags := hcl.AbsTraversalForExpr(e); !diags.HasErrors() && trav.RootName() == attr {
				return true
			}
		}
	}
	return false
}

// jsonFields lists a struct type's JSON field names and whether each is
// required (no omitempty).
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
	return out
}

func omitEmpty(f reflect.StructField) bool {
	_, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
	return strings.Contains(","+opts+",", ",omitempty,")
}

// compareKeys checks an object constructor's keys against struct type typ,
// recursing into nested objects and for-expressions that build objects.
func compareKeys(t *testing.T, path string, obj *hclsyntax.ObjectConsExpr, typ reflect.Type) {
	t.Helper()
	fields := jsonFields(typ)
	seen := map[string]bool{}
	for _, item := range obj.Items {
		key := hcl.ExprAsKeyword(item.KeyExpr)
		if key == "" {
			t.Errorf("%s: a key is not a plain name (%s)", path, item.KeyExpr.Range())
			continue
		}
		seen[key] = true
		f, ok := fields[key]
		if !ok {
			t.Errorf("%s: field %q is not accepted by controller/api %s (strict decoding rejects it)", path, key, typ.Name())
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		val := item.ValueExpr
		switch {
		case ft.Kind() == reflect.Struct && ft != reflect.TypeOf(api.Duration(0)):
			if o, ok := val.(*hclsyntax.ObjectConsExpr); ok {
				compareKeys(t, path+"."+key, o, ft)
			}
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			if fe, ok := val.(*hclsyntax.ForExpr); ok {
				if o, ok := fe.ValExpr.(*hclsyntax.ObjectConsExpr); ok {
					compareKeys(t, path+"."+key+"[]", o, ft.Elem())
				}
			}
		}
	}
	var missing []string
	for name, f := range fields {
		if !seen[name] && !omitEmpty(f) {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	for _, name := range missing {
		t.Errorf("%s: required field %q of controller/api %s is missing", path, name, typ.Name())
	}
}

// serviceSpecObject returns the object passed to jsonencode in the service
// module's service_spec output.
func serviceSpecObject(t *testing.T, m *module) *hclsyntax.ObjectConsExpr {
	t.Helper()
	out := m.block("output", "service_spec")
	if out == nil {
		t.Fatal("service module: no output \"service_spec\"")
	}
	value := attrs(t, out, "value", "description")["value"]
	if value == nil {
		t.Fatal("output service_spec has no value")
	}
	call, ok := value.Expr.(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "jsonencode" || len(call.Args) != 1 {
		t.Fatalf("%s: output service_spec must be jsonencode({...})", value.Range)
	}
	obj, ok := call.Args[0].(*hclsyntax.ObjectConsExpr)
	if !ok {
		t.Fatalf("%s: the argument of jsonencode must be an object constructor", value.Range)
	}
	return obj
}

func TestServiceSpecOutputHasExactlyTheAPIFields(t *testing.T) {
	m := loadModule(t, "modules/service")
	compareKeys(t, "service_spec", serviceSpecObject(t, m), reflect.TypeOf(api.ServiceSpec{}))
}

// TestServiceSpecOutputDecodesAndValidates evaluates the output with the
// module's variable defaults plus the inputs below, with fake resource
// attributes, and puts the JSON through the controller's strict decoder and
// Validate: field names, JSON types and the defaults' values must all pass.
func TestServiceSpecOutputDecodesAndValidates(t *testing.T) {
	const (
		tgA      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-a/73e2d6bc24d8a067"
		tgB      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-b/8f1e2a3b4c5d6e7f"
		listener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"
		testLis  = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/0c3b4d5e6f708192"
		rule     = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"
		role     = "arn:aws:iam::123456789012:role/asgctl-deploy"
	)
	required := map[string]cty.Value{
		"name":                   cty.StringVal("web"),
		"vpc_id":                 cty.StringVal("vpc-0123"),
		"subnet_ids":             cty.ListVal([]cty.Value{cty.StringVal("subnet-0aaa"), cty.StringVal("subnet-0bbb")}),
		"ami_id":                 cty.StringVal("ami-0123"),
		"alb_security_group_ids": cty.ListVal([]cty.Value{cty.StringVal("sg-0123")}),
		"artifact_bucket":        cty.StringVal("artifacts"),
		"artifact_prefix":        cty.StringVal("web"),
		"agent": cty.ObjectVal(map[string]cty.Value{
			"processes": cty.NumberIntVal(2),
			"command":   cty.ListVal([]cty.Value{cty.StringVal("bin/web")}),
		}),
	}
	ownListener := cty.ObjectVal(map[string]cty.Value{"load_balancer_arn": cty.StringVal("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188")})
	cases := []struct {
		name          string
		inputs        map[string]cty.Value
		listeners     []cty.Value
		rules         []cty.Value
		testListeners []cty.Value
		want          api.ServiceSpec
		wantRule      string
		wantRoleID    bool
		// The verification fields; zero in the cases without a test
		// listener, verify or analysis, whose specs stay as they were.
		wantTest     string
		wantVerify   *api.Verify
		wantAnalysis *api.Analysis
	}{
		{
			name: "own listener, controller in the same account",
			inputs: map[string]cty.Value{
				"listener": ownListener,
			},
			listeners: []cty.Value{cty.ObjectVal(map[string]cty.Value{"arn": cty.StringVal(listener)})},
		},
		{
			name: "rule on a shared listener, deploy role",
			inputs: map[string]cty.Value{
				"listener_rule": cty.ObjectVal(map[string]cty.Value{
					"listener_arn": cty.StringVal(listener), "priority": cty.NumberIntVal(100),
					"host_headers": cty.ListVal([]cty.Value{cty.StringVal("web.example.com")}),
				}),
				"deploy_role_arn": cty.StringVal(role),
				"external_id":     cty.StringVal("asgctl-example"),
				"alarms":          cty.ListVal([]cty.Value{cty.StringVal("web-5xx")}),
				"tags":            cty.MapVal(map[string]cty.Value{"team": cty.StringVal("platform")}),
			},
			rules:      []cty.Value{cty.ObjectVal(map[string]cty.Value{"arn": cty.StringVal(rule)})},
			wantRule:   rule,
			wantRoleID: true,
		},
		{
			// The relative hook URL validates only with the test listener
			// in the spec to resolve against.
			name: "own listener, test listener, verify hooks and analysis",
			inputs: map[string]cty.Value{
				"listener":                  ownListener,
				"test_listener_port":        cty.NumberIntVal(8443),
				"test_listener_cidr_blocks": cty.ListVal([]cty.Value{cty.StringVal("10.0.0.0/8")}),
				"verify": hclValue(t, `{
					before_traffic = [
						{ name = "smoke", http = { url = "/ping", expect_status = 200, repeats = 5 } },
						{ name = "contract-tests", webhook = { url = "https://ci.example.com/hooks/contract", headers = { Authorization = "Bearer x" } }, timeout = "2m" },
					]
					after_traffic = [{ name = "deep-health", http = { url = "/health/deep", body_regexp = "ok" } }]
				}`),
				"analysis": hclValue(t, `{ interval = "1m", min_requests = 500, error_rate = { margin = 0.001 }, latency = { max_ratio = 1.3, slack = "25ms" } }`),
			},
			listeners:     []cty.Value{cty.ObjectVal(map[string]cty.Value{"arn": cty.StringVal(listener)})},
			testListeners: []cty.Value{cty.ObjectVal(map[string]cty.Value{"arn": cty.StringVal(testLis)})},
			wantTest:      testLis,
			wantVerify: &api.Verify{
				BeforeTraffic: []api.Hook{
					{Name: "smoke", HTTP: &api.HTTPCheck{URL: "/ping", ExpectStatus: 200, Repeats: 5}},
					{Name: "contract-tests", Webhook: &api.Webhook{URL: "https://ci.example.com/hooks/contract", Headers: map[string]string{"Authorization": "Bearer x"}}, Timeout: api.Duration(2 * time.Minute)},
				},
				AfterTraffic: []api.Hook{{Name: "deep-health", HTTP: &api.HTTPCheck{URL: "/health/deep", BodyRegexp: "ok"}}},
			},
			wantAnalysis: &api.Analysis{
				Interval: api.Duration(time.Minute), MinRequests: 500,
				ErrorRate: &api.ErrorRateCheck{Margin: 0.001},
				Latency:   &api.LatencyCheck{MaxRatio: 1.3, Slack: api.Duration(25 * time.Millisecond)},
			},
		},
	}
	m := loadModule(t, "modules/service")
	obj := serviceSpecObject(t, m)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inputs := map[string]cty.Value{}
			for k, v := range required {
				inputs[k] = v
			}
			for k, v := range tc.inputs {
				inputs[k] = v
			}
			ctx := &hcl.EvalContext{
				Variables: map[string]cty.Value{
					"var":                  variables(t, m, inputs),
					"aws_launch_template":  cty.ObjectVal(map[string]cty.Value{"this": cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("lt-0123456789abcdef0")})}),
					"aws_lb_target_group":  cty.ObjectVal(map[string]cty.Value{"this": cty.ObjectVal(map[string]cty.Value{"a": arnObj(tgA), "b": arnObj(tgB)})}),
					"aws_lb_listener":      cty.ObjectVal(map[string]cty.Value{"this": cty.TupleVal(tc.listeners), "test": cty.TupleVal(tc.testListeners)}),
					"aws_lb_listener_rule": cty.ObjectVal(map[string]cty.Value{"this": cty.TupleVal(tc.rules)}),
				},
				Functions: functions(),
			}
			ctx.Variables["local"] = locals(t, m, ctx, "listener_arn", "rule_arn", "region", "test_listener_arn")
			v, diags := (&hclsyntax.FunctionCallExpr{Name: "jsonencode", Args: []hclsyntax.Expression{obj}}).Value(ctx)
			if diags.HasErrors() {
				t.Fatalf("evaluate service_spec: %s", diags.Error())
			}
			doc := []byte(v.AsString())
			var spec api.ServiceSpec
			if err := api.DecodeStrict(doc, &spec); err != nil {
				t.Fatalf("%v\n%s", err, doc)
			}
			if err := spec.Validate(); err != nil {
				t.Fatalf("%v\n%s", err, doc)
			}
			if spec.ListenerARN != listener || spec.RuleARN != tc.wantRule || (spec.RoleARN != "") != tc.wantRoleID || (spec.ExternalID != "") != tc.wantRoleID {
				t.Errorf("listener/rule/role wrong:\n%s", doc)
			}
			if spec.Region != "eu-west-1" {
				t.Errorf("region %q, want eu-west-1 (the target groups' region):\n%s", spec.Region, doc)
			}
			if !reflect.DeepEqual(spec.TargetGroups, []string{tgA, tgB}) || spec.LifecycleHook != "asgctl-launch" {
				t.Errorf("target groups or lifecycle hook wrong:\n%s", doc)
			}
			if spec.TestListenerARN != tc.wantTest || spec.TestRuleARN != "" {
				t.Errorf("test_listener_arn %q, test_rule_arn %q; want %q and none:\n%s", spec.TestListenerARN, spec.TestRuleARN, tc.wantTest, doc)
			}
			if !reflect.DeepEqual(spec.Verify, tc.wantVerify) || !reflect.DeepEqual(spec.Analysis, tc.wantAnalysis) {
				t.Errorf("verify or analysis not copied as given (want verify %+v, analysis %+v):\n%s", tc.wantVerify, tc.wantAnalysis, doc)
			}
			// The module's defaults are the controller's defaults.
			d := spec.WithDefaults()
			if !reflect.DeepEqual(d.Steps, api.DefaultSteps) || d.ProgressDeadline.D() != api.DefaultProgressDeadline ||
				d.ScaleDown() != api.DefaultScaleDownDelay || d.Keep() != api.DefaultKeepPrevious || d.MinHealthy() != api.DefaultMinHealthyPercent {
				t.Errorf("defaults differ from controller/api's:\n%s", doc)
			}
		})
	}
}

// hclValue is the value of an HCL expression without variables, as
// Terraform gives a module input written that way.
func hclValue(t *testing.T, src string) cty.Value {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(src), "input.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %s: %s", src, diags.Error())
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		t.Fatalf("evaluate %s: %s", src, diags.Error())
	}
	return v
}

func arnObj(arn string) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{"arn": cty.StringVal(arn)})
}

// variables builds var.* the way Terraform does: the given inputs or the
// default, optional attributes defaulted, converted to the declared type.
func variables(t *testing.T, m *module, inputs map[string]cty.Value) cty.Value {
	t.Helper()
	out := map[string]cty.Value{}
	for _, b := range m.ofType("variable") {
		name := b.Labels[0]
		a := attrs(t, b, "type", "description", "default", "sensitive", "nullable")
		ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(a["type"].Expr)
		if diags.HasErrors() {
			t.Fatalf("variable %q type: %s", name, diags.Error())
		}
		val, given := inputs[name]
		if !given {
			if a["default"] == nil {
				t.Fatalf("variable %q is required: give it in the test", name)
			}
			if val, diags = a["default"].Expr.Value(nil); diags.HasErrors() {
				t.Fatalf("variable %q default: %s", name, diags.Error())
			}
		}
		if defaults != nil {
			val = defaults.Apply(val)
		}
		conv, err := convert.Convert(val, ty)
		if err != nil {
			t.Fatalf("variable %q: %v", name, err)
		}
		out[name] = conv
	}
	return cty.ObjectVal(out)
}

// locals evaluates the named locals of the module.
func locals(t *testing.T, m *module, ctx *hcl.EvalContext, names ...string) cty.Value {
	t.Helper()
	out := map[string]cty.Value{}
	for _, b := range m.ofType("locals") {
		all, diags := b.Body.JustAttributes()
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		for _, n := range names {
			if a := all[n]; a != nil {
				v, diags := a.Expr.Value(ctx)
				if diags.HasErrors() {
					t.Fatalf("local.%s: %s", n, diags.Error())
				}
				out[n] = v
			}
		}
	}
	return cty.ObjectVal(out)
}

// functions is the part of Terraform's function library the evaluated
// expressions use; one() is Terraform's own.
func functions() map[string]function.Function {
	return map[string]function.Function{
		"jsonencode": stdlib.JSONEncodeFunc,
		"merge":      stdlib.MergeFunc,
		"length":     stdlib.LengthFunc,
		"split":      stdlib.SplitFunc,
		"one": function.New(&function.Spec{
			Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
			Type: func(args []cty.Value) (cty.Type, error) {
				ty := args[0].Type()
				if ty.IsTupleType() && len(ty.TupleElementTypes()) > 0 {
					return ty.TupleElementTypes()[0], nil
				}
				return cty.DynamicPseudoType, nil
			},
			Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
				l := args[0].AsValueSlice()
				if len(l) == 0 {
					return cty.NullVal(retType), nil
				}
				if len(l) > 1 {
					return cty.NilVal, function.NewArgErrorf(0, "must have at most one element")
				}
				return l[0], nil
			},
		}),
	}
}

// TestExampleSpecsAreRegistrable: the example's outputs are the modules'
// ServiceSpec outputs (nothing between that could add or drop fields).
func TestExampleSpecsAreRegistrable(t *testing.T) {
	m := loadModule(t, "examples/complete")
	for _, svc := range []string{"web", "api"} {
		out := m.block("output", svc+"_service_spec")
		if out == nil {
			t.Errorf("example: no output %s_service_spec", svc)
			continue
		}
		trav, diags := hcl.AbsTraversalForExpr(attrs(t, out, "value", "description")["value"].Expr)
		if diags.HasErrors() || len(trav) != 3 || trav.RootName() != "module" {
			t.Errorf("example output %s_service_spec must be module.%s.service_spec", svc, svc)
			continue
		}
		if got := trav[1].(hcl.TraverseAttr).Name + "." + trav[2].(hcl.TraverseAttr).Name; got != svc+".service_spec" {
			t.Errorf("example output %s_service_spec = module.%s", svc, got)
		}
	}
	// Both ways of putting a service behind a load balancer are exercised.
	var own, rule bool
	for _, b := range m.ofType("module") {
		a := attrs(t, b, "listener", "listener_rule")
		own = own || a["listener"] != nil
		rule = rule || a["listener_rule"] != nil
	}
	if !own || !rule {
		t.Errorf("example must wire one service with its own listener and one with a listener rule (own=%v rule=%v)", own, rule)
	}
}

// TestReferencedRepoFilesExist: the modules read policies/ and dist/systemd/
// files with file(); a missing one would fail only at plan time.
func TestReferencedRepoFilesExist(t *testing.T) {
	for _, m := range loadAll(t) {
		for path, src := range m.files {
			for _, ref := range []string{"policies/", "dist/systemd/"} {
				rest := string(src)
				for {
					i := strings.Index(rest, "/../../../"+ref)
					if i < 0 {
						break
					}
					rest = rest[i+len("/../../../"):]
					name := rest[:strings.IndexAny(rest, "\")")]
					if _, err := os.Stat(filepath.Join("..", name)); err != nil {
						t.Errorf("%s references %s: %v", path, name, err)
					}
				}
			}
		}
	}
}

// The JSON tags read above are the wire names; keep the test honest if the
// struct ever moves to custom marshalling.
func TestServiceSpecRoundTripsItsTags(t *testing.T) {
	b, err := json.Marshal(api.ServiceSpec{Version: 1, Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	fields := jsonFields(reflect.TypeOf(api.ServiceSpec{}))
	for k := range m {
		if _, ok := fields[k]; !ok {
			t.Errorf("ServiceSpec marshals %q, which its json tags do not name", k)
		}
	}
}
