package terraform_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// TestControllerModuleConsulPolicy: the controller module renders
// policies/consul/controller.hcl with its session node prefix, and reads
// its token parameter in its own region and account.
func TestControllerModuleConsulPolicy(t *testing.T) {
	m := loadModule(t, "modules/controller")
	inputs := map[string]cty.Value{
		"vpc_id":                     cty.StringVal("vpc-0123"),
		"subnet_ids":                 cty.ListVal([]cty.Value{cty.StringVal("subnet-0aaa")}),
		"ami_id":                     cty.StringVal("ami-0123"),
		"consul_http_addr":           cty.StringVal("consul.internal:8500"),
		"consul_token_ssm_parameter": cty.StringVal("/asgctl/controller/consul-token"),
		"consul_session_node_prefix": cty.StringVal("asgctl-controller-"),
	}
	sg := cty.ObjectVal(map[string]cty.Value{"this": cty.ObjectVal(map[string]cty.Value{
		"arn": cty.StringVal("arn:aws:ec2:eu-central-1:210987654321:security-group/sg-0123456789abcdef0"),
	})})
	e := newEvaluator(t, m, inputs, map[string]cty.Value{"aws_security_group": sg})
	policy := e.attr("value", "output", "consul_policy").AsString()
	mustContain(t, "consul_policy", policy, `session_prefix "asgctl-controller-"`, `key_prefix "asgctl/locks/"`)
	st := policyStatements(t, e, "consul_token")
	if want := "arn:aws:ssm:eu-central-1:210987654321:parameter/asgctl/controller/consul-token"; len(st) != 1 || st[0].Resource != want {
		t.Errorf("consul_token policy = %+v, want ssm:GetParameter on %s", st, want)
	}
	mustContain(t, "controller user data", e.local("user_data").AsString(), "AWS_REGION=eu-central-1", `--region "eu-central-1"`)
}

// TestExampleWiresConsulPolicies: the example gives every service its
// token parameter and makes the Consul policies of the controller and of
// every service's agents and CI from the modules' outputs.
func TestExampleWiresConsulPolicies(t *testing.T) {
	m := loadModule(t, "examples/complete")
	var services []string
	for _, b := range m.ofType("module") {
		a := attrs(t, b, "source", "consul_token_ssm_parameter")
		if literalString(t, a["source"]) != "../../modules/service" {
			continue
		}
		services = append(services, b.Labels[0])
		if p := a["consul_token_ssm_parameter"]; p == nil || !strings.Contains(literalString(t, p), b.Labels[0]) {
			t.Errorf("example module %s: set consul_token_ssm_parameter (a parameter of its own)", b.Labels[0])
		}
	}
	if len(services) == 0 {
		t.Fatal("example: no service module")
	}
	want := map[string]bool{"module.controller.consul_policy": false}
	for _, svc := range services {
		want["module."+svc+".consul_agent_policy"] = false
		want["module."+svc+".consul_ci_policy"] = false
	}
	for _, r := range m.resources("consul_acl_policy") {
		for _, tr := range blockTraversals(r) {
			if tr.RootName() == "module" && len(tr) >= 3 {
				ref := "module." + tr[1].(hcl.TraverseAttr).Name + "." + tr[2].(hcl.TraverseAttr).Name
				if _, ok := want[ref]; ok {
					want[ref] = true
				}
			}
		}
	}
	for ref, used := range want {
		if !used {
			t.Errorf("example: no consul_acl_policy is made from %s", ref)
		}
	}
}

// blockTraversals lists every variable reference in a block's body.
func blockTraversals(b *hcl.Block) []hcl.Traversal {
	var out []hcl.Traversal
	_ = hclsyntax.VisitAll(b.Body.(*hclsyntax.Body), func(n hclsyntax.Node) hcl.Diagnostics {
		if e, ok := n.(*hclsyntax.ScopeTraversalExpr); ok {
			out = append(out, e.Traversal)
		}
		return nil
	})
	return out
}
