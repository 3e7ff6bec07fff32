package policies_test

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// testsCaller is the Caller of operations only tests make (the contract
// suite putting the metric data it reads back): no policy grants them.
const testsCaller = "tests"

// policyFor routes an action an operation needs to the policy that must
// allow it: the agent's to agent.json; the controller's to the deploy
// role's controller.json, except sts:AssumeRole, which the controller's
// own instance role in the builder account calls to reach a deploy role;
// a tests-only operation's to none ("").
func policyFor(op operation, action string) string {
	switch {
	case op.Caller == testsCaller:
		return ""
	case op.Caller == "agent":
		return agentPolicy
	case action == "sts:AssumeRole":
		return assumePolicy
	default:
		return controllerPolicy
	}
}

// notCalledByCode lists actions a policy may allow though no operation in
// the code needs them. The one exception: CI, not asgctl's code, uploads
// release artifacts (the deploy workflow's `aws s3 cp`), so ci.json's
// s3:PutObject has no operation behind it.
var notCalledByCode = map[string][]string{ciPolicy: {"s3:PutObject"}}

// needed maps each policy to the actions the operations need from it.
func needed(ops []operation) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, op := range ops {
		for _, a := range op.IAM {
			p := policyFor(op, a)
			if p == "" {
				continue
			}
			if out[p] == nil {
				out[p] = map[string]bool{}
			}
			out[p][a] = true
		}
	}
	return out
}

// coverage lists, naming the operation and the action, every request an
// operation makes that its policy does not allow.
func coverage(ops []operation, docs map[string]*document) []string {
	var problems []string
	for _, op := range ops {
		for _, action := range op.IAM {
			policy := policyFor(op, action)
			if policy == "" {
				continue
			}
			reqs, ok := requests[action]
			if !ok {
				problems = append(problems, "operation "+op.Name+" needs "+action+", which requests_test.go does not model: add the requests AWS authorizes for it")
				continue
			}
			for _, r := range reqs {
				if !docs[policy].allows(action, r.request) {
					problems = append(problems, "operation "+op.Name+" ("+op.Caller+") needs "+action+" on "+r.Resource+": no statement in "+policy+" allows it")
				}
			}
		}
	}
	return problems
}

func TestEveryOperationIsAllowed(t *testing.T) {
	ops := codeOperations(t)
	t.Logf("%d operations parsed from %s and %s", len(ops), operationsFile, fetcherFile)
	for _, p := range coverage(ops, loadPolicies(t)) {
		t.Error(p)
	}
}

// Operations only tests make are granted by no policy, and every
// operation has a caller the routing knows.
func TestTestsOnlyOperationsAreGrantedNowhere(t *testing.T) {
	docs := loadPolicies(t)
	found := false
	for _, op := range codeOperations(t) {
		if !slices.Contains([]string{"controller", "agent", testsCaller}, op.Caller) {
			t.Errorf("operation %s has caller %q; the policies know controller, agent and %s", op.Name, op.Caller, testsCaller)
		}
		if op.Caller != testsCaller {
			continue
		}
		found = true
		for _, name := range policyFiles {
			for _, s := range docs[name].Statement {
				for _, a := range op.IAM {
					if slices.Contains(s.Action, a) {
						t.Errorf("%s statement %s allows %s, which only tests call (operation %s)", name, s.Sid, a, op.Name)
					}
				}
			}
		}
	}
	if !found {
		t.Errorf("no operation has caller %s; if none is left, drop the routing for it", testsCaller)
	}
}

func TestNoActionBeyondWhatTheCodeCalls(t *testing.T) {
	need := needed(codeOperations(t))
	for name, d := range loadPolicies(t) {
		for _, s := range d.Statement {
			for _, a := range s.Action {
				if !need[name][a] && !slices.Contains(notCalledByCode[name], a) {
					t.Errorf("%s statement %s allows %s, which no operation in the code needs from this policy", name, s.Sid, a)
				}
			}
		}
	}
}

// Every Allow statement must be what lets some modelled request through;
// one that serves none grants more than the code uses.
func TestEveryStatementServesARequest(t *testing.T) {
	for name, d := range loadPolicies(t) {
		for _, s := range d.Statement {
			served := false
			for _, a := range s.Action {
				for _, r := range requests[a] {
					served = served || (s.Effect == "Allow" && s.matches(a, r.request))
				}
			}
			if !served {
				t.Errorf("%s statement %s allows no request the code makes (see requests_test.go)", name, s.Sid)
			}
		}
	}
}

func TestPoliciesAreScoped(t *testing.T) {
	docs := loadPolicies(t)
	for policy, actions := range needed(codeOperations(t)) {
		for action := range actions {
			for _, r := range requests[action] {
				if r.scoped == "" {
					continue
				}
				ctx := map[string]string{}
				for k, v := range r.Context {
					if k != r.scoped {
						ctx[k] = v
					}
				}
				if docs[policy].allows(action, request{r.Resource, ctx}) {
					t.Errorf("%s allows %s on %s without %s: the statement is not scoped to asgctl's resources", policy, action, r.Resource, r.scoped)
				}
			}
		}
	}
	for _, c := range refused {
		if docs[c.policy].allows(c.action, c.request) {
			t.Errorf("%s allows %s on %s (%v), but %s", c.policy, c.action, c.Resource, c.Context, c.why)
		}
	}
}

// The policies' acceptance criterion: removing any action the code calls
// from a policy makes the coverage check fail and name the operation. Each
// occurrence of each action is removed in turn from a copy of its policy.
func TestRemovingAnyActionNamesItsOperation(t *testing.T) {
	ops := codeOperations(t)
	docs := loadPolicies(t)
	for _, name := range policyFiles {
		for i, s := range docs[name].Statement {
			for _, action := range s.Action {
				if slices.Contains(notCalledByCode[name], action) {
					continue
				}
				mutated := withPolicy(docs, name, without(docs[name], i, action))
				report := strings.Join(coverage(ops, mutated), "\n")
				for _, op := range ops {
					if slices.Contains(op.IAM, action) && policyFor(op, action) == name &&
						!strings.Contains(report, "operation "+op.Name+" ("+op.Caller+") needs "+action+" ") {
						t.Errorf("removing %s from %s statement %s: coverage does not report operation %s; got:\n%s", action, name, s.Sid, op.Name, report)
					}
				}
			}
		}
	}
}

// without is a copy of d with action removed from statement i (and the
// statement dropped when that leaves it empty).
func without(d *document, i int, action string) *document {
	c := d.clone()
	s := &c.Statement[i]
	s.Action = slices.DeleteFunc(s.Action, func(a string) bool { return a == action })
	if len(s.Action) == 0 {
		c.Statement = slices.Delete(c.Statement, i, i+1)
	}
	return c
}

func withPolicy(docs map[string]*document, name string, d *document) map[string]*document {
	out := make(map[string]*document, len(docs))
	for k, v := range docs {
		out[k] = v
	}
	out[name] = d
	return out
}

var (
	actionName  = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9]+$`)
	placeholder = regexp.MustCompile(`\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b`)
)

func TestPolicyDocumentsWellFormed(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range policyFiles {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(raw) {
			t.Errorf("%s is not valid JSON", name)
		}
		if !strings.Contains(string(readme), name) {
			t.Errorf("README.md does not describe %s", name)
		}
		for _, p := range placeholder.FindAllString(string(raw), -1) {
			if _, ok := placeholders[p]; !ok {
				t.Errorf("%s uses placeholder %s, which is not in the documented set %v", name, p, sortedKeys(placeholders))
			} else if !strings.Contains(string(readme), p) {
				t.Errorf("%s uses placeholder %s, which README.md does not document", name, p)
			}
		}
		subst, _ := readPolicy(name)
		d, err := decodePolicy(subst)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkDocument(t, name, d)
	}
}

func checkDocument(t *testing.T, name string, d *document) {
	t.Helper()
	if d.Version != "2012-10-17" {
		t.Errorf("%s: Version %q, want \"2012-10-17\"", name, d.Version)
	}
	if len(d.Statement) == 0 {
		t.Errorf("%s: no statements", name)
	}
	sids := map[string]bool{}
	for i, s := range d.Statement {
		if s.Sid == "" || sids[s.Sid] {
			t.Errorf("%s statement %d: Sid %q is empty or repeated", name, i, s.Sid)
		}
		sids[s.Sid] = true
		if s.Effect != "Allow" && s.Effect != "Deny" {
			t.Errorf("%s statement %s: Effect %q", name, s.Sid, s.Effect)
		}
		if len(s.Action) == 0 || len(s.Resource) == 0 {
			t.Errorf("%s statement %s: needs Action and Resource", name, s.Sid)
		}
		for _, a := range s.Action {
			if !actionName.MatchString(a) {
				t.Errorf("%s statement %s: action %q is not one exact service:Action (no wildcards)", name, s.Sid, a)
			}
		}
		for op := range s.Condition {
			if !knownOperators[op] {
				t.Errorf("%s statement %s: condition operator %s is not modelled by the evaluator", name, s.Sid, op)
			}
		}
	}
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
