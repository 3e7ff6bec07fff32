package terraform_test

import (
	"encoding/json"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/asgctl/asgctl/internal/testenv"
)

const (
	tokenParameter    = "/asgctl/web/consul-token"
	tokenParameterARN = "arn:aws:ssm:eu-west-1:123456789012:parameter/asgctl/web/consul-token"
	tokenFile         = "/etc/asgctl/consul-token"
)

// statement is one IAM policy statement as the modules write them.
type statement struct {
	Sid       string
	Effect    string
	Action    string
	Resource  string
	Condition map[string]map[string]string
}

// policyStatements evaluates the policy of aws_iam_role_policy name.
func policyStatements(t *testing.T, e *evaluator, name string) []statement {
	t.Helper()
	var doc struct{ Statement []statement }
	if err := json.Unmarshal([]byte(e.attr("policy", "resource", "aws_iam_role_policy", name).AsString()), &doc); err != nil {
		t.Fatalf("aws_iam_role_policy.%s: %v", name, err)
	}
	return doc.Statement
}

// count evaluates the count of resource typ.name.
func count(t *testing.T, e *evaluator, typ, name string) int {
	t.Helper()
	n, _ := e.attr("count", "resource", typ, name).AsBigFloat().Int64()
	return int(n)
}

// renderUserData renders the launch template's user data: the argument
// of its base64encode().
func renderUserData(t *testing.T, e *evaluator) string {
	t.Helper()
	b := e.m.block("resource", "aws_launch_template", "this")
	call, isCall := attrs(t, b, "user_data")["user_data"].Expr.(*hclsyntax.FunctionCallExpr)
	if !isCall || call.Name != "base64encode" || len(call.Args) != 1 {
		t.Fatalf("%s: user_data must be base64encode(templatefile(...))", e.m.dir)
	}
	return e.value(call.Args[0]).AsString()
}

// TestServiceModuleReadsTheConsulTokenAtBoot: with
// consul_token_ssm_parameter the instance role may read exactly that
// parameter, user data reads it at boot into the file the agent's config
// names and into the Consul client's config under the node name the
// token's rules allow, and the token appears nowhere in the launch
// template; without it nothing of that is there.
func TestServiceModuleReadsTheConsulTokenAtBoot(t *testing.T) {
	m := loadModule(t, "modules/service")
	e := newEvaluator(t, m, serviceInputs(map[string]cty.Value{"consul_token_ssm_parameter": cty.StringVal(tokenParameter)}), serviceResources())
	if n := count(t, e, "aws_iam_role_policy", "consul_token"); n != 1 {
		t.Fatalf("consul_token policy count = %d, want 1", n)
	}
	st := policyStatements(t, e, "consul_token")
	if len(st) != 1 || st[0].Action != "ssm:GetParameter" || st[0].Resource != tokenParameterARN || st[0].Effect != "Allow" {
		t.Errorf("consul_token policy = %+v, want only ssm:GetParameter on %s", st, tokenParameterARN)
	}
	if got := e.local("agent_config").GetAttr("consul").GetAttr("token_file").AsString(); got != tokenFile {
		t.Errorf("agent consul.token_file = %q, want %q (where user data writes the token)", got, tokenFile)
	}
	ud := renderUserData(t, e)
	mustContain(t, "user data", ud,
		`aws ssm get-parameter --region "eu-west-1" --with-decryption`, `--name "`+tokenParameter+`"`,
		"umask 077", "> "+tokenFile, "/etc/consul.d/asgctl-acl-tokens.hcl", `agent = "%s"`,
		"systemctl enable --now consul")
	order := []string{"> " + tokenFile, "/etc/asgctl/agent.json", "systemctl enable --now asgctl-agent"}
	for i := 1; i < len(order); i++ {
		if strings.Index(ud, order[i-1]) > strings.Index(ud, order[i]) {
			t.Errorf("user data writes %q after %q: the agent must find its token when it reads its config", order[i-1], order[i])
		}
	}
	checkNodeName(t, e, ud)
	bashSyntax(t, ud)
}

// TestServiceModuleWithoutConsulToken: no parameter, no SSM read, no
// permission, and the agent's own consul.token_file.
func TestServiceModuleWithoutConsulToken(t *testing.T) {
	m := loadModule(t, "modules/service")
	agent := cty.ObjectVal(map[string]cty.Value{
		"processes": cty.NumberIntVal(2), "command": cty.ListVal([]cty.Value{cty.StringVal("bin/web")}),
		"consul_token_file": cty.StringVal("/run/secrets/consul"),
	})
	e := newEvaluator(t, m, serviceInputs(map[string]cty.Value{"agent": agent}), serviceResources())
	if n := count(t, e, "aws_iam_role_policy", "consul_token"); n != 0 {
		t.Errorf("consul_token policy count = %d without a parameter, want 0", n)
	}
	if got := e.local("agent_config").GetAttr("consul").GetAttr("token_file").AsString(); got != "/run/secrets/consul" {
		t.Errorf("agent consul.token_file = %q, want the agent input's", got)
	}
	if ud := renderUserData(t, e); strings.Contains(ud, "ssm") || strings.Contains(ud, "consul.d") {
		t.Errorf("user data reads a token without consul_token_ssm_parameter:\n%s", ud)
	}
}

// TestServiceModuleDecryptsWithTheGivenKeyOnly: a customer managed key
// adds kms:Decrypt on that key for the parameter's encryption context.
func TestServiceModuleDecryptsWithTheGivenKeyOnly(t *testing.T) {
	const key = "arn:aws:kms:eu-west-1:123456789012:key/0aaa1111-2222-3333-4444-555566667777"
	m := loadModule(t, "modules/service")
	e := newEvaluator(t, m, serviceInputs(map[string]cty.Value{
		"consul_token_ssm_parameter": cty.StringVal(tokenParameter), "consul_token_kms_key_arn": cty.StringVal(key),
	}), serviceResources())
	st := policyStatements(t, e, "consul_token")
	if len(st) != 2 || st[1].Action != "kms:Decrypt" || st[1].Resource != key ||
		st[1].Condition["StringEquals"]["kms:EncryptionContext:PARAMETER_ARN"] != tokenParameterARN {
		t.Errorf("consul_token policy = %+v, want kms:Decrypt on %s for %s only", st, key, tokenParameterARN)
	}
}

// checkNodeName: the node name user data gives the Consul client starts
// with the node_prefix the module renders the agent policy with.
func checkNodeName(t *testing.T, e *evaluator, ud string) {
	t.Helper()
	m := regexp.MustCompile(`printf 'node_name = "%s"\\n' "([^"]+)"`).FindStringSubmatch(ud)
	if m == nil {
		t.Fatalf("user data sets no node_name:\n%s", ud)
	}
	node := strings.ReplaceAll(m[1], "$instance_id", "i-0123456789abcdef0")
	prefix := e.local("consul_node_prefix").AsString()
	if !strings.HasPrefix(node, prefix) {
		t.Errorf("node name %q does not start with node_prefix %q: the token could not register it or hold sessions on it", node, prefix)
	}
	policy := e.attr("value", "output", "consul_agent_policy").AsString()
	mustContain(t, "consul_agent_policy", policy,
		`key "deploys/web"`, `session_prefix "`+prefix+`"`, `node_prefix "`+prefix+`"`)
}

// bashSyntax checks the script parses (bash -n).
func bashSyntax(t *testing.T, script string) {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		testenv.SkipOrFail(t, "no bash to check the user data's syntax: %v", err)
	}
	cmd := exec.Command(bash, "-n")
	cmd.Stdin = strings.NewReader(script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("bash -n: %v\n%s\n%s", err, out, script)
	}
}
