package motohost

import (
	"testing"

	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

func TestStep(t *testing.T) {
	const (
		initial   = elbtypes.TargetHealthStateEnumInitial
		healthy   = elbtypes.TargetHealthStateEnumHealthy
		unhealthy = elbtypes.TargetHealthStateEnumUnhealthy
	)
	two := thresholds{healthy: 2, unhealthy: 2}
	for _, tc := range []struct {
		name   string
		from   elbtypes.TargetHealthStateEnum
		th     thresholds
		checks []bool
		want   []elbtypes.TargetHealthStateEnum // state after each check
	}{
		{"initial, two passes: healthy", initial, two, []bool{true, true}, []elbtypes.TargetHealthStateEnum{initial, healthy}},
		{"initial, two failures: unhealthy", initial, two, []bool{false, false}, []elbtypes.TargetHealthStateEnum{initial, unhealthy}},
		{"initial, alternating: stays initial", initial, two, []bool{true, false, true, false},
			[]elbtypes.TargetHealthStateEnum{initial, initial, initial, initial}},
		{"healthy, one failure: still healthy", healthy, two, []bool{false, true, false},
			[]elbtypes.TargetHealthStateEnum{healthy, healthy, healthy}},
		{"healthy, two failures: unhealthy", healthy, two, []bool{true, false, false},
			[]elbtypes.TargetHealthStateEnum{healthy, healthy, unhealthy}},
		{"unhealthy, two passes: healthy", unhealthy, two, []bool{true, true}, []elbtypes.TargetHealthStateEnum{unhealthy, healthy}},
		{"unhealthy, pass fail pass: unhealthy", unhealthy, two, []bool{true, false, true},
			[]elbtypes.TargetHealthStateEnum{unhealthy, unhealthy, unhealthy}},
		{"thresholds 1: every check decides", initial, thresholds{1, 1}, []bool{true, false, true},
			[]elbtypes.TargetHealthStateEnum{healthy, unhealthy, healthy}},
		{"thresholds 3/5", initial, thresholds{3, 5}, []bool{true, true, true, false, false, false, false, false},
			[]elbtypes.TargetHealthStateEnum{initial, initial, healthy, healthy, healthy, healthy, healthy, unhealthy}},
		{"a change restarts the counts", initial, two, []bool{true, true, false, true, true},
			[]elbtypes.TargetHealthStateEnum{initial, healthy, healthy, healthy, healthy}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := checkState{state: tc.from}
			for i, pass := range tc.checks {
				s = step(s, pass, tc.th)
				if s.state != tc.want[i] {
					t.Fatalf("after check %d (%v): state %s, want %s", i+1, pass, s.state, tc.want[i])
				}
			}
		})
	}
}

func TestStepCountsStayBounded(t *testing.T) {
	s := newCheckState()
	th := thresholds{healthy: 2, unhealthy: 3}
	for range 1000 {
		s = step(s, true, th)
	}
	if s.passes > th.healthy {
		t.Errorf("passes = %d after 1000 passes, want at most %d", s.passes, th.healthy)
	}
	for range 1000 {
		s = step(s, false, th)
	}
	if s.fails > th.unhealthy {
		t.Errorf("fails = %d after 1000 failures, want at most %d", s.fails, th.unhealthy)
	}
}
