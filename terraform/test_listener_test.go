package terraform_test

import (
	"fmt"
	"net"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

const (
	testPort          = 8443
	testListenerARN   = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/0c3b4d5e6f708192"
	testListenerSG    = "sg-0fedcba9876543210"
	webLoadBalancer   = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
	webCertificateARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
)

// testListenerInputs are web's inputs with a test listener on testPort,
// overridden by extra.
func testListenerInputs(extra map[string]cty.Value) map[string]cty.Value {
	in := map[string]cty.Value{"test_listener_port": cty.NumberIntVal(testPort)}
	for k, v := range extra {
		in[k] = v
	}
	return serviceInputs(in)
}

// testListenerResources are serviceResources with the test listener and
// its security group created.
func testListenerResources() map[string]cty.Value {
	r := serviceResources()
	r["aws_lb_listener"] = cty.ObjectVal(map[string]cty.Value{
		"this": r["aws_lb_listener"].GetAttr("this"),
		"test": cty.TupleVal([]cty.Value{arnObj(testListenerARN)}),
	})
	r["aws_security_group"] = cty.ObjectVal(map[string]cty.Value{
		"instances":     r["aws_security_group"].GetAttr("instances"),
		"test_listener": cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal(testListenerSG)})}),
	})
	return r
}

// TestTestListenerFollowsTheServiceListener: the test listener is on the
// service's load balancer with its listener's protocol, certificate and SSL
// policy (HTTPS or HTTP), forwards to the same target groups with the same
// initial weights, and carries the tag the controller's policy needs to
// change it.
func TestTestListenerFollowsTheServiceListener(t *testing.T) {
	m := loadModule(t, "modules/service")
	for _, tc := range []struct {
		name, listener, protocol string
		certificate              bool
	}{
		{"HTTPS", `{ load_balancer_arn = "` + webLoadBalancer + `", certificate_arn = "` + webCertificateARN + `" }`, "HTTPS", true},
		{"HTTP", `{ load_balancer_arn = "` + webLoadBalancer + `", port = 80, protocol = "HTTP" }`, "HTTP", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEvaluator(t, m, testListenerInputs(map[string]cty.Value{"listener": hclValue(t, tc.listener)}), testListenerResources())
			if n := count(t, e, "aws_lb_listener", "test"); n != 1 {
				t.Fatalf("aws_lb_listener.test count = %d, want 1 with test_listener_port", n)
			}
			for _, name := range []string{"load_balancer_arn", "protocol", "certificate_arn", "ssl_policy"} {
				got, want := e.attr(name, "resource", "aws_lb_listener", "test"), e.attr(name, "resource", "aws_lb_listener", "this")
				if !got.RawEquals(want) {
					t.Errorf("test listener %s = %#v, the service listener's is %#v", name, got, want)
				}
			}
			if got := e.attr("protocol", "resource", "aws_lb_listener", "test").AsString(); got != tc.protocol {
				t.Errorf("test listener protocol %s, want %s", got, tc.protocol)
			}
			if cert := e.attr("certificate_arn", "resource", "aws_lb_listener", "test"); cert.IsNull() == tc.certificate {
				t.Errorf("test listener certificate_arn = %#v, want one only with HTTPS", cert)
			}
			if port := e.attr("port", "resource", "aws_lb_listener", "test"); !port.RawEquals(cty.NumberIntVal(testPort)) {
				t.Errorf("test listener port = %#v, want %d", port, testPort)
			}
			want := []string{
				"arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-a/73e2d6bc24d8a067 weight 100",
				"arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-b/8f1e2a3b4c5d6e7f weight 0",
			}
			if got := forwardTargets(t, e, "test"); !reflect.DeepEqual(got, want) {
				t.Errorf("test listener forwards to %q, want %q", got, want)
			}
			if got := forwardTargets(t, e, "this"); !reflect.DeepEqual(got, want) {
				t.Errorf("service listener forwards to %q, want %q (the test listener's initial weights)", got, want)
			}
			tags := e.attr("tags", "resource", "aws_lb_listener", "test")
			if !tags.Type().IsObjectType() || !tags.Type().HasAttribute("asgctl:service") || tags.GetAttr("asgctl:service").AsString() != "web" {
				t.Errorf("test listener tags %#v lack asgctl:service = web (the controller may modify only tagged listeners)", tags)
			}
			if got := e.attr("value", "output", "test_listener_arn"); !got.RawEquals(cty.StringVal(testListenerARN)) {
				t.Errorf("output test_listener_arn = %#v, want %s", got, testListenerARN)
			}
			if got := e.attr("value", "output", "test_listener_security_group_id"); !got.RawEquals(cty.StringVal(testListenerSG)) {
				t.Errorf("output test_listener_security_group_id = %#v, want %s", got, testListenerSG)
			}
		})
	}
}

// TestNoTestListenerByDefault: without test_listener_port there is no test
// listener, no security group for it, and both outputs are null.
func TestNoTestListenerByDefault(t *testing.T) {
	m := loadModule(t, "modules/service")
	e := newEvaluator(t, m, serviceInputs(nil), serviceResources())
	if n := count(t, e, "aws_lb_listener", "test"); n != 0 {
		t.Errorf("aws_lb_listener.test count = %d, want 0 without test_listener_port", n)
	}
	if n := count(t, e, "aws_security_group", "test_listener"); n != 0 {
		t.Errorf("aws_security_group.test_listener count = %d, want 0 without test_listener_port", n)
	}
	for _, out := range []string{"test_listener_arn", "test_listener_security_group_id"} {
		if v := e.attr("value", "output", out); !v.IsNull() {
			t.Errorf("output %s = %#v, want null", out, v)
		}
	}
}

// forwardTargets evaluates what aws_lb_listener.name's default action
// forwards to: "<target group ARN> weight <weight>", in order.
func forwardTargets(t *testing.T, e *evaluator, name string) []string {
	t.Helper()
	var out []string
	for _, action := range nestedBlocks(e.m.block("resource", "aws_lb_listener", name).Body, "default_action") {
		for _, fwd := range nestedBlocks(action.Body, "forward") {
			for _, tg := range nestedBlocks(fwd.Body, "target_group") {
				a := attrs(t, tg, "arn", "weight")
				if a["arn"] == nil || a["weight"] == nil {
					t.Fatalf("%s: target_group needs arn and weight", tg.DefRange)
				}
				out = append(out, e.value(a["arn"].Expr).AsString()+" weight "+e.value(a["weight"].Expr).AsBigFloat().Text('f', -1))
			}
		}
	}
	return out
}

// ingressRule is one evaluated ingress rule of a security group.
type ingressRule struct {
	from, to int64
	protocol string
	cidrs    []string // IPv4, then IPv6
}

// TestTestListenerIsInternalOnly: the test listener's security group admits
// the test port from test_listener_cidr_blocks and from nothing else (no
// one by default), IPv4 and IPv6 blocks each in their own list.
func TestTestListenerIsInternalOnly(t *testing.T) {
	m := loadModule(t, "modules/service")
	dyn := testListenerIngress(t, m)
	for _, tc := range []struct {
		name  string
		cidrs []string
		want  []ingressRule
	}{
		{"default", nil, nil},
		{"internal blocks", []string{"10.0.0.0/8", "fd00::/8"}, []ingressRule{
			{testPort, testPort, "tcp", []string{"10.0.0.0/8"}},
			{testPort, testPort, "tcp", []string{"fd00::/8"}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			extra := map[string]cty.Value{}
			if tc.cidrs != nil {
				extra["test_listener_cidr_blocks"] = stringList(tc.cidrs)
			}
			e := newEvaluator(t, m, testListenerInputs(extra), testListenerResources())
			if n := count(t, e, "aws_security_group", "test_listener"); n != 1 {
				t.Fatalf("aws_security_group.test_listener count = %d, want 1 with test_listener_port", n)
			}
			got := ingressRules(t, e, dyn)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("test listener ingress = %+v, want %+v", got, tc.want)
			}
			for _, r := range got {
				for _, c := range r.cidrs {
					if strings.HasSuffix(c, "/0") {
						t.Errorf("test listener open to the world (%s)", c)
					}
				}
			}
		})
	}
}

// testListenerIngress is the test listener security group's dynamic
// ingress block, failing t when the group has any other rule.
func testListenerIngress(t *testing.T, m *module) *hclsyntax.Block {
	t.Helper()
	sg := m.block("resource", "aws_security_group", "test_listener")
	if sg == nil {
		t.Fatal("service module: no aws_security_group.test_listener")
	}
	var dyn *hclsyntax.Block
	for _, b := range sg.Body.(*hclsyntax.Body).Blocks {
		switch {
		case b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == "ingress" && dyn == nil:
			dyn = b
		case b.Type == "ingress" || b.Type == "egress" || b.Type == "dynamic":
			t.Errorf("%s: the test listener's group has a rule besides the ingress from test_listener_cidr_blocks", b.Range())
		}
	}
	if dyn == nil {
		t.Fatal("aws_security_group.test_listener: no dynamic \"ingress\" over test_listener_cidr_blocks")
	}
	return dyn
}

// ingressRules expands a dynamic ingress block the way Terraform does.
func ingressRules(t *testing.T, e *evaluator, dyn *hclsyntax.Block) []ingressRule {
	t.Helper()
	forEach, ok := dyn.Body.Attributes["for_each"]
	if !ok || len(dyn.Body.Blocks) != 1 || dyn.Body.Blocks[0].Type != "content" {
		t.Fatalf("%s: dynamic ingress needs for_each and one content block", dyn.Range())
	}
	content := dyn.Body.Blocks[0].Body.Attributes
	var out []ingressRule
	for it := e.value(forEach.Expr).ElementIterator(); it.Next(); {
		k, v := it.Element()
		ctx := e.ctx.NewChild()
		ctx.Variables = map[string]cty.Value{"ingress": cty.ObjectVal(map[string]cty.Value{"key": k, "value": v})}
		val := func(name string) cty.Value {
			a, ok := content[name]
			if !ok {
				t.Fatalf("%s: ingress content has no %s", dyn.Range(), name)
			}
			v, diags := a.Expr.Value(ctx)
			if diags.HasErrors() {
				t.Fatalf("ingress %s: %s", name, diags.Error())
			}
			return v
		}
		from, _ := val("from_port").AsBigFloat().Int64()
		to, _ := val("to_port").AsBigFloat().Int64()
		var cidrs []string
		for _, list := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
			for _, c := range val(list).AsValueSlice() {
				cidrs = append(cidrs, c.AsString())
			}
		}
		out = append(out, ingressRule{from, to, val("protocol").AsString(), cidrs})
	}
	return out
}

// TestTestListenerInputsAreChecked evaluates the module's validations of
// test_listener_port and test_listener_cidr_blocks and the target groups'
// preconditions: the world (/0) and non-CIDRs are refused, and a test
// listener needs the service's own listener on another port.
func TestTestListenerInputsAreChecked(t *testing.T) {
	m := loadModule(t, "modules/service")
	rule := hclValue(t, `{ listener_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2", priority = 100, host_headers = ["web.example.com"] }`)
	for _, tc := range []struct {
		name   string
		inputs map[string]cty.Value
		fails  string // the check that fails, "" for none
	}{
		{"internal blocks", map[string]cty.Value{"test_listener_cidr_blocks": stringList([]string{"10.0.0.0/8", "192.168.4.0/24", "fd00::/8"})}, ""},
		{"IPv4 world", map[string]cty.Value{"test_listener_cidr_blocks": stringList([]string{"10.0.0.0/8", "0.0.0.0/0"})}, "variable test_listener_cidr_blocks"},
		{"IPv6 world", map[string]cty.Value{"test_listener_cidr_blocks": stringList([]string{"::/0"})}, "variable test_listener_cidr_blocks"},
		{"not a CIDR block", map[string]cty.Value{"test_listener_cidr_blocks": stringList([]string{"10.0.0.1"})}, "variable test_listener_cidr_blocks"},
		{"port out of range", map[string]cty.Value{"test_listener_port": cty.NumberIntVal(70000)}, "variable test_listener_port"},
		{"port not whole", map[string]cty.Value{"test_listener_port": cty.NumberFloatVal(80.5)}, "variable test_listener_port"},
		{"no test listener", map[string]cty.Value{"test_listener_port": cty.NullVal(cty.Number)}, ""},
		{"same port as the listener", map[string]cty.Value{"test_listener_port": cty.NumberIntVal(443)}, "precondition 3"},
		{"shared ALB", map[string]cty.Value{"listener": cty.NullVal(cty.DynamicPseudoType), "listener_rule": rule}, "precondition 2"},
		{"shared ALB without a test listener", map[string]cty.Value{"listener": cty.NullVal(cty.DynamicPseudoType), "listener_rule": rule, "test_listener_port": cty.NullVal(cty.Number)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEvaluator(t, m, testListenerInputs(tc.inputs), testListenerResources())
			if got := strings.Join(failingChecks(t, e), ", "); got != tc.fails {
				t.Errorf("failing checks: %q, want %q", got, tc.fails)
			}
		})
	}
}

// failingChecks evaluates the validations of the test listener's variables
// and the target groups' preconditions (numbered from 1), and names those
// whose condition is false.
func failingChecks(t *testing.T, e *evaluator) []string {
	t.Helper()
	ctx := e.ctx.NewChild()
	ctx.Functions = checkFunctions()
	var failing []string
	check := func(what string, b *hcl.Block) {
		cond := attrs(t, b, "condition", "error_message")["condition"]
		if cond == nil {
			t.Fatalf("%s: no condition", b.DefRange)
		}
		v, diags := cond.Expr.Value(ctx)
		if diags.HasErrors() {
			t.Fatalf("%s: condition: %s", what, diags.Error())
		}
		if v.False() {
			failing = append(failing, what)
		}
	}
	for _, name := range []string{"test_listener_port", "test_listener_cidr_blocks"} {
		for _, b := range nestedBlocks(e.m.block("variable", name).Body, "validation") {
			check("variable "+name, b)
		}
	}
	for _, lc := range nestedBlocks(e.m.block("resource", "aws_lb_target_group", "this").Body, "lifecycle") {
		for i, b := range nestedBlocks(lc.Body, "precondition") {
			check(fmt.Sprintf("precondition %d", i+1), b)
		}
	}
	return failing
}

// checkFunctions adds to moduleFunctions the Terraform functions the
// checks use.
func checkFunctions() map[string]function.Function {
	fns := moduleFunctions()
	fns["try"] = tryfunc.TryFunc
	fns["can"] = tryfunc.CanFunc
	fns["floor"] = stdlib.FloorFunc
	fns["alltrue"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for _, v := range args[0].AsValueSlice() {
				if v.False() {
					return cty.False, nil
				}
			}
			return cty.True, nil
		},
	})
	fns["endswith"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "suffix", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(strings.HasSuffix(args[0].AsString(), args[1].AsString())), nil
		},
	})
	// cidrhost with host number 0 (all the checks ask for): the prefix's
	// network address, an error for anything but a CIDR block.
	fns["cidrhost"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "hostnum", Type: cty.Number}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if !args[1].RawEquals(cty.Zero) {
				return cty.NilVal, fmt.Errorf("the test's cidrhost knows host number 0 only")
			}
			_, n, err := net.ParseCIDR(args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(n.IP.String()), nil
		},
	})
	return fns
}

func stringList(ss []string) cty.Value {
	if len(ss) == 0 {
		return cty.ListValEmpty(cty.String)
	}
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = cty.StringVal(s)
	}
	return cty.ListVal(vals)
}

// TestExampleOpensTheTestListenerInternally: the example gives web a test
// listener reachable from private address space only (with the example's
// defaults), attaches the module's security group for it to web's load
// balancer, and declares a verify hook.
func TestExampleOpensTheTestListenerInternally(t *testing.T) {
	m := loadModule(t, "examples/complete")
	web := m.block("module", "web")
	if web == nil {
		t.Fatal("example: no module web")
	}
	a := attrs(t, web, "test_listener_port", "test_listener_cidr_blocks", "verify")
	if a["test_listener_port"] == nil || a["verify"] == nil || a["test_listener_cidr_blocks"] == nil {
		t.Fatal("example module web: set test_listener_port, test_listener_cidr_blocks and verify")
	}
	nat := attrs(t, m.block("variable", "controller_nat_cidr_blocks"), "default")["default"]
	if nat == nil {
		t.Fatal("example: variable controller_nat_cidr_blocks needs a default")
	}
	natDefault, diags := nat.Expr.Value(nil)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{"controller_nat_cidr_blocks": natDefault})},
		Functions: moduleFunctions(),
	}
	cidrs, diags := a["test_listener_cidr_blocks"].Expr.Value(ctx)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if cidrs.LengthInt() == 0 {
		t.Error("example module web: test_listener_cidr_blocks is empty: nobody could reach the test listener")
	}
	for _, c := range cidrs.AsValueSlice() {
		ip, n, err := net.ParseCIDR(c.AsString())
		if err != nil {
			t.Errorf("example module web: test_listener_cidr_blocks: %v", err)
			continue
		}
		if ones, _ := n.Mask.Size(); !ip.IsPrivate() || ones == 0 {
			t.Errorf("example module web: test listener open to %s, want private address space", c.AsString())
		}
	}
	refs := func(b *hcl.Block, attr, want string) bool {
		expr := attrs(t, b, attr)[attr]
		for _, tr := range expr.Expr.Variables() {
			if s := traversalString(tr); strings.HasPrefix(s, want) {
				return true
			}
		}
		return false
	}
	if !refs(web, "listener", "aws_lb.web.") {
		t.Error("example module web: its listener is not on aws_lb.web")
	}
	if lb := m.block("resource", "aws_lb", "web"); lb == nil || !refs(lb, "security_groups", "module.web.test_listener_security_group_id") {
		t.Error("example: aws_lb.web does not attach module.web.test_listener_security_group_id: the test listener's port would stay closed")
	}
}

// traversalString renders a traversal's names joined by dots.
func traversalString(tr hcl.Traversal) string {
	var parts []string
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			parts = append(parts, s.Name)
		case hcl.TraverseAttr:
			parts = append(parts, s.Name)
		}
	}
	return strings.Join(parts, ".") + "."
}
