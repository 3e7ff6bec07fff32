package scaling

import (
	"math"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestWantErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(s *api.ServiceSpec)
		group  string
		tg     string
		want   string
	}{
		{"empty group", func(*api.ServiceSpec) {}, "", testTGBlue, "the group name is empty"},
		{"bad listener", func(s *api.ServiceSpec) {
			s.ListenerARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/web/1/2"
		},
			testGroup, testTGBlue, `scaling policy "requests": resource label: listener:`},
		{"bad target group", func(*api.ServiceSpec) {}, testGroup, "tg-1", `scaling policy "requests": resource label: target group: "tg-1"`},
		{"no target group", func(*api.ServiceSpec) {}, testGroup, "", `scaling policy "requests": ALBRequestCountPerTarget needs the target group`},
		{"two kinds", func(s *api.ServiceSpec) { pol(s, "cpu").Simple = &api.SimpleScaling{} }, testGroup, testTGBlue,
			`scaling policy "cpu": set exactly one of target_tracking, step and simple (got 2)`},
		{"no kind", func(s *api.ServiceSpec) { pol(s, "cpu").TargetTracking = nil }, testGroup, testTGBlue, `scaling policy "cpu": set exactly one`},
		{"unknown metric", func(s *api.ServiceSpec) { pol(s, "cpu").TargetTracking.Metric = "ASGTotalCPU" }, testGroup, testTGBlue,
			`scaling policy "cpu": target tracking metric "ASGTotalCPU" is not one of`},
		{"duplicate policy", func(s *api.ServiceSpec) { s.ScalingPolicies = append(s.ScalingPolicies, *pol(s, "cpu")) }, testGroup, testTGBlue,
			`scaling policy "cpu": named twice`},
		{"duplicate action", func(s *api.ServiceSpec) { s.ScheduledActions = append(s.ScheduledActions, s.ScheduledActions[0]) }, testGroup, testTGBlue,
			`scheduled action "night": named twice`},
		{"NaN target", func(s *api.ServiceSpec) { pol(s, "cpu").TargetTracking.Target = math.NaN() }, testGroup, testTGBlue,
			`scaling policy "cpu": target is NaN; it must be a finite number`},
		{"infinite step bound", func(s *api.ServiceSpec) { pol(s, "step").Step.Steps[0].Upper = ptr(math.Inf(1)) }, testGroup, testTGBlue,
			`scaling policy "step": steps[0].upper is +Inf`},
		{"huge adjustment", func(s *api.ServiceSpec) { pol(s, "simple").Simple.Adjustment = 1 << 40 }, testGroup, testTGBlue,
			`scaling policy "simple": adjustment is 1099511627776; AWS takes 32-bit integers`},
		{"huge size", func(s *api.ServiceSpec) { s.ScheduledActions[0].Desired = ptr(1 << 33) }, testGroup, testTGBlue,
			`scheduled action "night": desired is 8589934592`},
	} {
		s := zeroSpec()
		tc.mutate(&s)
		c, err := Want(s, tc.group, tc.tg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Want = %+v, %v; want an error containing %q", tc.name, c, err, tc.want)
		}
	}
}

func TestWantWithoutALBPolicyNeedsNoTargetGroup(t *testing.T) {
	s := fullSpec()
	s.ListenerARN = ""
	c, err := Want(s, testGroup, "")
	if err != nil || len(c.Policies) != 3 || len(c.Actions) != 1 {
		t.Fatalf("Want = %+v, %v", c, err)
	}
}
