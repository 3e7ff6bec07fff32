package terraform_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/asgctl/asgctl/internal/testenv"
)

// deployWorkflow is the reusable deploy workflow whose header carries the
// caller example.
const deployWorkflow = "../.github/workflows/deploy.yml"

// TestWorkflowUploadsWhereAgentsFetch: the artifact the deploy workflow's
// caller example uploads (its own key derivation, run with bash) lies
// under what the example's service module lets the agents fetch, both in
// the agent's artifacts.allow and in the instance role's s3:GetObject,
// for the same bucket, and under what policies/ci.json lets CI put; the
// bucket is the same input on both sides.
func TestWorkflowUploadsWhereAgentsFetch(t *testing.T) {
	src, err := os.ReadFile(deployWorkflow)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	with := callerWith(t, lines)
	svc, bucket := with["service"], with["artifact-bucket"]
	if svc == "" || bucket == "" {
		t.Fatalf("%s: the caller example sets no service or artifact-bucket: %v", deployWorkflow, with)
	}
	for _, in := range []string{"artifact-bucket", "artifact-prefix"} {
		if !regexp.MustCompile(`(?m)^      ` + in + `:$`).MatchString(string(src)) {
			t.Errorf("%s: no input %s", deployWorkflow, in)
		}
	}
	key := uploadKey(t, lines, svc, with["artifact-prefix"])
	object := "s3://" + bucket + "/" + key

	prefix := exampleArtifactPrefix(t, svc)
	m := loadModule(t, "modules/service")
	e := newEvaluator(t, m, serviceInputs(map[string]cty.Value{
		"name": cty.StringVal(svc), "artifact_bucket": cty.StringVal(bucket), "artifact_prefix": cty.StringVal(prefix),
	}), serviceResources())
	var allow []string
	for _, v := range e.local("agent_config").GetAttr("artifacts").GetAttr("allow").AsValueSlice() {
		allow = append(allow, v.AsString())
	}
	if len(allow) != 1 || !strings.HasPrefix(object, allow[0]) {
		t.Errorf("the workflow uploads %s, outside the agent's artifacts.allow %q", object, allow)
	}
	arn := "arn:aws:s3:::" + bucket + "/" + key
	if !allows(policyStatements(t, e, "agent"), "s3:GetObject", arn) {
		t.Errorf("the instance role may not s3:GetObject %s", arn)
	}
	ci, err := os.ReadFile("../policies/ci.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Statement []statement }
	rendered := strings.NewReplacer("ARTIFACT_BUCKET", bucket, "ARTIFACT_PREFIX", prefix).Replace(string(ci))
	if err := json.Unmarshal([]byte(rendered), &doc); err != nil || !allows(doc.Statement, "s3:PutObject", arn) {
		t.Errorf("policies/ci.json with the module's bucket and prefix may not s3:PutObject %s (%v)", arn, err)
	}
}

// callerWith returns the `with:` inputs of the caller example in the
// workflow's header comment.
func callerWith(t *testing.T, lines []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	indent := -1
	for _, l := range lines {
		if !strings.HasPrefix(l, "#") {
			break
		}
		body := strings.TrimPrefix(l, "#")
		depth := len(body) - len(strings.TrimLeft(body, " "))
		switch {
		case strings.TrimSpace(body) == "with:":
			indent = depth
		case indent >= 0 && depth > indent:
			k, v, _ := strings.Cut(strings.TrimSpace(body), ":")
			out[k] = strings.TrimSpace(v)
		case indent >= 0:
			return out
		}
	}
	if indent < 0 {
		t.Fatalf("%s: no caller example with `with:` in the header comment", deployWorkflow)
	}
	return out
}

// uploadKey runs the key derivation of the workflow's upload step (its
// prefix= and key= lines) with bash and returns the S3 key it gives.
func uploadKey(t *testing.T, lines []string, svc, prefix string) string {
	t.Helper()
	var script []string
	in := false
	for _, l := range lines {
		switch s := strings.TrimSpace(l); {
		case s == "- name: upload to S3":
			in = true
		case in && strings.HasPrefix(s, "- name:"):
			in = false
		case in && (strings.HasPrefix(s, "prefix=") || strings.HasPrefix(s, "key=")):
			script = append(script, s)
		}
	}
	if len(script) != 2 {
		t.Fatalf("%s: the upload step's prefix= and key= lines not found (got %q)", deployWorkflow, script)
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		testenv.SkipOrFail(t, "no bash to run the workflow's key derivation: %v", err)
	}
	cmd := exec.Command(bash, "-euc", strings.Join(script, "\n")+"\nprintf '%s' \"$key\"")
	cmd.Env = append(os.Environ(), "SERVICE="+svc, "ARTIFACT_PREFIX="+prefix, "SHA256="+strings.Repeat("ab", 32))
	out, err := cmd.Output()
	if err != nil || len(out) == 0 {
		t.Fatalf("run %q: %q, %v", script, out, err)
	}
	return string(out)
}

// exampleArtifactPrefix is the artifact_prefix the example gives module
// svc, whose bucket must be the example's artifact_bucket variable.
func exampleArtifactPrefix(t *testing.T, svc string) string {
	t.Helper()
	m := loadModule(t, "examples/complete")
	b := m.block("module", svc)
	if b == nil {
		t.Fatalf("example: no module %q, the service of the workflow's caller example", svc)
	}
	a := attrs(t, b, "artifact_bucket", "artifact_prefix")
	if a["artifact_bucket"] == nil || a["artifact_prefix"] == nil {
		t.Fatalf("example module %s: set artifact_bucket and artifact_prefix", svc)
	}
	if tr, diags := hcl.AbsTraversalForExpr(a["artifact_bucket"].Expr); diags.HasErrors() || len(tr) != 2 ||
		tr.RootName() != "var" || tr[1].(hcl.TraverseAttr).Name != "artifact_bucket" || m.block("variable", "artifact_bucket") == nil {
		t.Errorf("example module %s: artifact_bucket must be var.artifact_bucket, the bucket CI uploads to", svc)
	}
	return literalString(t, a["artifact_prefix"])
}

// allows reports whether an Allow statement grants action on arn (its
// Resource may end in a * wildcard or hold one anywhere).
func allows(st []statement, action, arn string) bool {
	for _, s := range st {
		if s.Effect != "Allow" || s.Action != action {
			continue
		}
		re := "^" + strings.ReplaceAll(regexp.QuoteMeta(s.Resource), `\*`, ".*") + "$"
		if regexp.MustCompile(re).MatchString(arn) {
			return true
		}
	}
	return false
}
