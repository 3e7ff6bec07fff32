package simaws

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

func TestWeightsSetAndReadBack(t *testing.T) {
	f := newFixture(t, nil)
	rule := f.c.CreateRule(f.listener, map[string]int{f.blue: 100})
	if w := f.ruleWeights(rule); !maps.Equal(w, map[string]int32{f.blue: 100}) {
		t.Fatalf("rule as created: %v", w)
	}
	f.setWeights(f.blue, 90, f.green, 10, rule)
	want := map[string]int32{f.blue: 90, f.green: 10}
	if w := f.listenerWeights(); !maps.Equal(w, want) {
		t.Fatalf("listener: %v", w)
	}
	if w := f.ruleWeights(rule); !maps.Equal(w, want) {
		t.Fatalf("rule: %v", w)
	}
	tr := f.c.Truth()
	if !maps.Equal(tr.Listeners[f.listener], map[string]int{f.blue: 90, f.green: 10}) || !maps.Equal(tr.Rules[rule], tr.Listeners[f.listener]) {
		t.Fatalf("truth: %v %v", tr.Listeners, tr.Rules)
	}
	// A single target group by TargetGroupArn reads back with weight 1.
	_, err := f.c.ModifyListener(f.ctx, &elbv2.ModifyListenerInput{ListenerArn: aws.String(f.listener), DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(f.green)}}})
	if err != nil {
		t.Fatal(err)
	}
	if w := f.listenerWeights(); !maps.Equal(w, map[string]int32{f.green: 1}) {
		t.Fatalf("single target group: %v", w)
	}
}

func TestDescribeRulesByListener(t *testing.T) {
	f := newFixture(t, nil)
	r1 := f.c.CreateRule(f.listener, map[string]int{f.blue: 1})
	r2 := f.c.CreateRule(f.listener, map[string]int{f.green: 1})
	out, err := f.c.DescribeRules(f.ctx, &elbv2.DescribeRulesInput{ListenerArn: aws.String(f.listener)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range out.Rules {
		got = append(got, aws.ToString(r.Priority))
	}
	if !slices.Equal(got, []string{"1", "2", "default"}) || aws.ToString(out.Rules[0].RuleArn) != r1 || aws.ToString(out.Rules[1].RuleArn) != r2 {
		t.Fatalf("rules: %v", got)
	}
	if w := weightsOf(out.Rules[2].Actions); w[f.blue] != 100 || !aws.ToBool(out.Rules[2].IsDefault) {
		t.Fatalf("default rule shows the listener's action: %v", w)
	}
	_, err = f.c.ModifyRule(f.ctx, &elbv2.ModifyRuleInput{RuleArn: out.Rules[2].RuleArn, Actions: out.Rules[2].Actions})
	wantCode(t, err, codeOperationForbidden)
}

func TestModifyValidation(t *testing.T) {
	f := newFixture(t, nil)
	rule := f.c.CreateRule(f.listener, map[string]int{f.blue: 100})
	tuple := func(arn string, w int32) elbtypes.TargetGroupTuple {
		return elbtypes.TargetGroupTuple{TargetGroupArn: aws.String(arn), Weight: aws.Int32(w)}
	}
	fwd := func(ts ...elbtypes.TargetGroupTuple) []elbtypes.Action {
		return []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, ForwardConfig: &elbtypes.ForwardActionConfig{TargetGroups: ts}}}
	}
	for _, tc := range []struct {
		name    string
		arn     string
		actions []elbtypes.Action
		code    string
	}{
		{"weight too big", f.listener, fwd(tuple(f.blue, 1000)), codeValidation},
		{"negative weight", f.listener, fwd(tuple(f.blue, -1)), codeValidation},
		{"duplicate", f.listener, fwd(tuple(f.blue, 1), tuple(f.blue, 2)), codeValidation},
		{"unknown target group", f.listener, fwd(tuple("arn:nope", 1)), codeTGNotFound},
		{"unknown listener", f.listener + "x", fwd(tuple(f.blue, 1)), codeListenerNotFound},
		{"unknown rule", rule + "x", fwd(tuple(f.blue, 1)), codeRuleNotFound},
		{"not forward", f.listener, []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse}}, codeValidation},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.arn == rule+"x" {
				_, err = f.c.ModifyRule(f.ctx, &elbv2.ModifyRuleInput{RuleArn: aws.String(tc.arn), Actions: tc.actions})
			} else {
				_, err = f.c.ModifyListener(f.ctx, &elbv2.ModifyListenerInput{ListenerArn: aws.String(tc.arn), DefaultActions: tc.actions})
			}
			wantCode(t, err, tc.code)
			if w := f.c.Truth().Listeners[f.listener]; !maps.Equal(w, map[string]int{f.blue: 100, f.green: 0}) {
				t.Fatalf("a failed modify changed weights: %v", w)
			}
		})
	}
}

func TestDescribeTargetGroups(t *testing.T) {
	f := newFixture(t, nil)
	tuned := f.c.CreateTargetGroupWith("tuned", TargetGroupOptions{HealthCheck: TunedHealthCheck()})
	out, err := f.c.DescribeTargetGroups(f.ctx, &elbv2.DescribeTargetGroupsInput{TargetGroupArns: []string{f.blue, tuned}})
	if err != nil || len(out.TargetGroups) != 2 {
		t.Fatalf("%v %+v", err, out)
	}
	byName := map[string]elbtypes.TargetGroup{}
	for _, tg := range out.TargetGroups {
		byName[aws.ToString(tg.TargetGroupName)] = tg
	}
	if tg := byName["web-blue"]; aws.ToInt32(tg.HealthCheckIntervalSeconds) != 30 || aws.ToInt32(tg.HealthyThresholdCount) != 5 || len(tg.LoadBalancerArns) != 1 {
		t.Fatalf("default health check: %+v", tg)
	}
	if tg := byName["tuned"]; aws.ToInt32(tg.HealthCheckIntervalSeconds) != 5 || aws.ToInt32(tg.HealthyThresholdCount) != 2 || len(tg.LoadBalancerArns) != 0 {
		t.Fatalf("tuned health check: %+v", tg)
	}
	_, err = f.c.DescribeTargetGroups(f.ctx, &elbv2.DescribeTargetGroupsInput{TargetGroupArns: []string{"arn:nope"}})
	wantCode(t, err, codeTGNotFound)
	_, err = f.c.DescribeTargetHealth(f.ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String("arn:nope")})
	wantCode(t, err, codeTGNotFound)
}

func TestServingFailOpen(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.HealthCheck = TunedHealthCheck() })
	f.create("web-v001", 2, nil)
	if got := f.c.Serving(f.blue); len(got) != 0 {
		t.Fatalf("nothing registered yet: %v", got)
	}
	f.at(boot + 5*time.Second)
	ids := f.c.Serving(f.blue)
	if len(ids) != 2 {
		t.Fatalf("both healthy: %v", ids)
	}
	f.c.BreakInstance(ids[0], AppNeverHealthy)
	f.at(boot + 15*time.Second)
	if got := f.c.Serving(f.blue); !slices.Equal(got, ids[1:]) {
		t.Fatalf("only the healthy one: %v", got)
	}
	f.c.BreakInstance(ids[1], AppNeverHealthy)
	f.at(boot + 25*time.Second)
	if got := f.states(f.blue); !slices.Equal(got, repeat("unhealthy", 2)) {
		t.Fatalf("states: %v", got)
	}
	if got := f.c.Serving(f.blue); !slices.Equal(got, ids) {
		t.Fatalf("fail-open routes to all: %v", got)
	}
	if got := f.c.Serving("arn:nope"); got != nil {
		t.Fatalf("unknown target group: %v", got)
	}
}
