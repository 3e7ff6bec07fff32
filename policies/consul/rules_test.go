package consul

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// scenario is a component's calls and the policies of its token; the
// last policy is the one TestEveryRuleIsNeeded takes rules out of.
type scenario struct {
	name     string
	policies func(c *cluster) []policy
	calls    func(t tb, c *cluster, g grant)
}

var scenarios = []scenario{
	{"controller", func(c *cluster) []policy { return []policy{controllerPolicy(c.node)} }, controllerCalls},
	{"agent", func(c *cluster) []policy { return []policy{agentPolicy("web", c.node)} }, agentCalls},
	{"ci", func(*cluster) []policy { return []policy{ciPolicy("web")} }, ciCalls},
	{"ci inline", func(c *cluster) []policy { return []policy{ciPolicy("web"), ciInlinePolicy("web", c.node)} },
		func(t tb, c *cluster, g grant) { ciCalls(t, c, g); reconcile(t, c, g.kv) }},
}

// TestEveryRuleIsNeeded: taking any one rule out of a policy, or
// lowering any "write" to "read", makes one of its component's calls fail
// with permission denied: no policy grants what its component does not
// use.
func TestEveryRuleIsNeeded(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			ps := sc.policies(newCluster(t))
			last := ps[len(ps)-1]
			vs := weakened(t, last.file, last.rules(t))
			if len(vs) == 0 {
				t.Fatalf("%s has no rules", last.file)
			}
			for _, v := range vs {
				c := newCluster(t)
				var rules []string
				for _, p := range ps[:len(ps)-1] {
					rules = append(rules, p.rules(t))
				}
				g := c.grant(append(rules, v.rules)...)
				p := &probe{}
				failure := p.run(func() { sc.calls(p, c, g) })
				if !strings.Contains(strings.ToLower(failure), "permission denied") {
					t.Errorf("%s %s: the %s's calls %s; want one refused with permission denied",
						last.file, v.change, sc.name, orSucceeded(failure))
					continue
				}
				t.Logf("%s: %s", v.change, failure)
			}
		})
	}
}

// variant is a policy with one rule taken out or weakened.
type variant struct {
	change string // what was changed, for messages
	rules  string
}

// weakened returns, for each rule of the rendered rules, the rules
// without it and, for a "write" rule, the rules with it lowered to
// "read".
func weakened(t *testing.T, file, rules string) []variant {
	t.Helper()
	var out []variant
	for _, b := range ruleBlocks(t, file, rules) {
		r := b.Range()
		out = append(out, variant{"without " + describe(b), rules[:r.Start.Byte] + rules[r.End.Byte:]})
		a := b.Body.Attributes["policy"]
		if a == nil {
			t.Fatalf("%s: %s has no policy", file, describe(b))
		}
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || v.AsString() != "write" {
			continue
		}
		e := a.Expr.Range()
		out = append(out, variant{"with " + describe(b) + " read only", rules[:e.Start.Byte] + `"read"` + rules[e.End.Byte:]})
	}
	return out
}

// ruleBlocks parses rendered rules (Consul's rules language is HCL) into
// their top-level blocks.
func ruleBlocks(t *testing.T, file, rules string) []*hclsyntax.Block {
	t.Helper()
	f, diags := hclsyntax.ParseConfig([]byte(rules), file, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %s: %s", file, diags.Error())
	}
	body := f.Body.(*hclsyntax.Body)
	if len(body.Attributes) != 0 {
		t.Fatalf("%s: top-level attributes; a policy has only rule blocks", file)
	}
	return body.Blocks
}

// describe names a rule block: `key_prefix "global/"`.
func describe(b *hclsyntax.Block) string {
	var labels []string
	for _, l := range b.Labels {
		labels = append(labels, fmt.Sprintf("%q", l))
	}
	return strings.Join(append([]string{b.Type}, labels...), " ")
}

// orSucceeded is failure, or "all succeeded" when there was none.
func orSucceeded(failure string) string {
	if failure == "" {
		return "all succeeded"
	}
	return "failed otherwise: " + failure
}

// probe is a tb that records the first failure and stops the scenario.
type probe struct {
	failure string
}

// Helper does nothing: a probe reports no lines.
func (p *probe) Helper() {}

// Fatalf records the failure and unwinds to run.
func (p *probe) Fatalf(format string, args ...any) {
	p.failure = fmt.Sprintf(format, args...)
	panic(p)
}

// run calls fn and returns the first failure a probe recorded, "" when
// fn completed.
func (p *probe) run(fn func()) (failure string) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if r != p {
			panic(r)
		}
		failure = p.failure
	}()
	fn()
	return ""
}
