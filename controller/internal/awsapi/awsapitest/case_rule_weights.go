package awsapitest

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// testRuleWeights: a listener rule's weighted forward action reads back
// after every shift, by rule and with the listener's rules (with the
// default rule, which shows the listener's default action); the default
// rule cannot be modified; missing rules are not_found.
func testRuleWeights(t *testing.T, s *suite) {
	blue, green := s.b.TargetGroup(t, "web-blue"), s.b.TargetGroup(t, "web-green")
	l := s.b.Listener(t, map[string]int{blue: 1})
	r := s.b.Rule(t, l, map[string]int{blue: 100, green: 0})
	s.wantRuleWeights(t, r, map[string]int{blue: 100, green: 0})
	for _, w := range shifts {
		want := map[string]int{blue: w[0], green: w[1]}
		_, err := s.c.ELBv2.ModifyRule(t.Context(), &elbv2.ModifyRuleInput{RuleArn: aws.String(r), Actions: forward(want)})
		noErr(t, err, fmt.Sprintf("shift to %v", w))
		s.wantRuleWeights(t, r, want)
	}
	t.Run("listener_rules", func(t *testing.T) {
		rules := s.listenerRules(t, l)
		i := slices.IndexFunc(rules, func(r elbtypes.Rule) bool { return aws.ToBool(r.IsDefault) })
		if len(rules) != 2 || i < 0 || aws.ToString(rules[1-i].RuleArn) != r {
			t.Fatalf("rules of the listener = %s, want %s and the default rule", ruleList(rules), r)
		}
		def := rules[i]
		if got := weights(def.Actions); !maps.Equal(got, map[string]int{blue: 1}) {
			t.Errorf("default rule forwards %v, want the listener's default action", got)
		}
		t.Run("default_rule_read_only", func(t *testing.T) {
			s.skip(t, DiffDefaultRuleModify)
			_, err := s.c.ELBv2.ModifyRule(t.Context(), &elbv2.ModifyRuleInput{RuleArn: def.RuleArn, Actions: forward(map[string]int{green: 1})})
			wantClass(t, err, awsapi.ClassValidation, "modify the default rule")
		})
	})
	t.Run("not_found", func(t *testing.T) {
		_, err := s.c.ELBv2.DescribeRules(t.Context(), &elbv2.DescribeRulesInput{RuleArns: []string{missingARN(r)}})
		wantClass(t, err, awsapi.ClassNotFound, "describe a missing rule")
		_, err = s.c.ELBv2.ModifyRule(t.Context(), &elbv2.ModifyRuleInput{RuleArn: aws.String(missingARN(r)), Actions: forward(map[string]int{blue: 1})})
		wantClass(t, err, awsapi.ClassNotFound, "modify a missing rule")
		_, err = s.c.ELBv2.DescribeRules(t.Context(), &elbv2.DescribeRulesInput{ListenerArn: aws.String(missingARN(l))})
		wantClass(t, err, awsapi.ClassNotFound, "describe the rules of a missing listener")
	})
}

func (s *suite) listenerRules(t *testing.T, l string) []elbtypes.Rule {
	t.Helper()
	out, err := s.c.ELBv2.DescribeRules(t.Context(), &elbv2.DescribeRulesInput{ListenerArn: aws.String(l)})
	noErr(t, err, "describe the listener's rules")
	return out.Rules
}

func ruleList(rules []elbtypes.Rule) string {
	var out []string
	for _, r := range rules {
		out = append(out, fmt.Sprintf("%s(priority %s, default %v)", aws.ToString(r.RuleArn), aws.ToString(r.Priority), aws.ToBool(r.IsDefault)))
	}
	return fmt.Sprint(out)
}

// wantRuleWeights waits until the rule's action shows want.
func (s *suite) wantRuleWeights(t *testing.T, r string, want map[string]int) {
	t.Helper()
	s.waitFor(t, settle, fmt.Sprintf("rule weights %v", want), func() (bool, string) {
		out, err := s.c.ELBv2.DescribeRules(t.Context(), &elbv2.DescribeRulesInput{RuleArns: []string{r}})
		noErr(t, err, "describe rule")
		if len(out.Rules) != 1 {
			return false, fmt.Sprintf("%d rules", len(out.Rules))
		}
		got := weights(out.Rules[0].Actions)
		return maps.Equal(got, want), fmt.Sprint(got)
	})
}
