package simaws

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

func TestConsistencyDelayHidesNewGroupThenShowsIt(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.ConsistencyDelay = 5 * time.Second })
	f.create("web-v001", 1, nil)
	if f.describe("web-v001") != nil {
		t.Fatal("a new group is visible before ConsistencyDelay")
	}
	_, err := f.c.CreateAutoScalingGroup(f.ctx, f.createInput("web-v001", 1))
	wantCode(t, err, codeAlreadyExists) // writes are consistent
	f.at(5 * time.Second)
	if d := f.describe("web-v001"); d == nil || aws.ToInt32(d.DesiredCapacity) != 1 {
		t.Fatalf("after ConsistencyDelay: %+v", d)
	}
	f.setDesired("web-v001", 3)
	if d := f.describe("web-v001"); aws.ToInt32(d.DesiredCapacity) != 1 {
		t.Fatalf("just after the update: desired %d, want the previous 1", aws.ToInt32(d.DesiredCapacity))
	}
	if g := f.group("web-v001"); g.Desired != 3 {
		t.Fatalf("truth is immediate: %+v", g)
	}
	f.at(10 * time.Second)
	if d := f.describe("web-v001"); aws.ToInt32(d.DesiredCapacity) != 3 {
		t.Fatalf("after the delay: %d", aws.ToInt32(d.DesiredCapacity))
	}
}

func TestConsistencyDelayListenerAndRule(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.ConsistencyDelay = 3 * time.Second })
	rule := f.c.CreateRule(f.listener, map[string]int{f.blue: 100, f.green: 0})
	f.setWeights(f.blue, 50, f.green, 50, rule)
	if w := f.listenerWeights(); w[f.green] != 0 {
		t.Fatalf("listener just after modify: %v", w)
	}
	if w := f.ruleWeights(rule); w[f.green] != 0 {
		t.Fatalf("rule just after modify: %v", w)
	}
	f.advance(3 * time.Second)
	if w := f.listenerWeights(); w[f.green] != 50 {
		t.Fatalf("listener after the delay: %v", w)
	}
	if w := f.ruleWeights(rule); w[f.green] != 50 {
		t.Fatalf("rule after the delay: %v", w)
	}
}

func TestStaleReadsWithinWindow(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 1, nil)
	f.advance(time.Minute)
	f.c.SetFaults(FaultConfig{StaleReadRate: 1, StaleWindow: 4 * time.Second})
	if f.describe("web-v001") == nil {
		t.Fatal("old changes are never stale")
	}
	f.setDesired("web-v001", 2)
	if d := f.describe("web-v001"); aws.ToInt32(d.DesiredCapacity) != 1 {
		t.Fatalf("stale read should show the previous desired, got %d", aws.ToInt32(d.DesiredCapacity))
	}
	f.advance(4 * time.Second)
	if d := f.describe("web-v001"); aws.ToInt32(d.DesiredCapacity) != 2 {
		t.Fatalf("outside the window: %d", aws.ToInt32(d.DesiredCapacity))
	}
}

// setWeights sets blue/green weights on the listener and the given rules.
func (f *fixture) setWeights(a string, wa int32, b string, wb int32, rules ...string) {
	f.t.Helper()
	actions := []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, ForwardConfig: &elbtypes.ForwardActionConfig{
		TargetGroups: []elbtypes.TargetGroupTuple{{TargetGroupArn: aws.String(a), Weight: aws.Int32(wa)}, {TargetGroupArn: aws.String(b), Weight: aws.Int32(wb)}},
	}}}
	if _, err := f.c.ModifyListener(f.ctx, &elbv2.ModifyListenerInput{ListenerArn: aws.String(f.listener), DefaultActions: actions}); err != nil {
		f.t.Fatal(err)
	}
	for _, r := range rules {
		if _, err := f.c.ModifyRule(f.ctx, &elbv2.ModifyRuleInput{RuleArn: aws.String(r), Actions: actions}); err != nil {
			f.t.Fatal(err)
		}
	}
}

func weightsOf(actions []elbtypes.Action) map[string]int32 {
	m := map[string]int32{}
	for _, a := range actions {
		for _, tg := range a.ForwardConfig.TargetGroups {
			m[aws.ToString(tg.TargetGroupArn)] = aws.ToInt32(tg.Weight)
		}
	}
	return m
}

func (f *fixture) listenerWeights() map[string]int32 {
	f.t.Helper()
	out, err := f.c.DescribeListeners(f.ctx, &elbv2.DescribeListenersInput{ListenerArns: []string{f.listener}})
	if err != nil || len(out.Listeners) != 1 {
		f.t.Fatalf("describe listeners: %v %+v", err, out)
	}
	return weightsOf(out.Listeners[0].DefaultActions)
}

func (f *fixture) ruleWeights(rule string) map[string]int32 {
	f.t.Helper()
	out, err := f.c.DescribeRules(f.ctx, &elbv2.DescribeRulesInput{RuleArns: []string{rule}})
	if err != nil || len(out.Rules) != 1 {
		f.t.Fatalf("describe rules: %v %+v", err, out)
	}
	return weightsOf(out.Rules[0].Actions)
}
