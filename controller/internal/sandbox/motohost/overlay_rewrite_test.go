package motohost

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// desc is a target health description as moto gives it.
func desc(id string, s elbtypes.TargetHealthStateEnum) elbtypes.TargetHealthDescription {
	return elbtypes.TargetHealthDescription{
		Target:          &elbtypes.TargetDescription{Id: aws.String(id), Port: aws.Int32(8080)},
		HealthCheckPort: aws.String("traffic-port"),
		TargetHealth:    &elbtypes.TargetHealth{State: s},
	}
}

func TestRewrite(t *testing.T) {
	const (
		healthy   = elbtypes.TargetHealthStateEnumHealthy
		unhealthy = elbtypes.TargetHealthStateEnumUnhealthy
		initial   = elbtypes.TargetHealthStateEnumInitial
		draining  = elbtypes.TargetHealthStateEnumDraining
		unused    = elbtypes.TargetHealthStateEnumUnused
	)
	views := map[string]targetView{
		"i-new":     {hosted: true, check: newCheckState()},
		"i-healthy": {hosted: true, check: checkState{state: healthy}},
		"i-sick":    {hosted: true, check: checkState{state: unhealthy}},
		"i-gone":    {},
	}
	view := func(id string) targetView { return views[id] }
	type want struct {
		id     string
		state  elbtypes.TargetHealthStateEnum
		reason elbtypes.TargetHealthReasonEnum
	}
	for _, tc := range []struct {
		name     string
		moto     []elbtypes.TargetHealthDescription
		explicit bool
		want     []want
	}{
		{"moto healthy, never checked: initial", []elbtypes.TargetHealthDescription{desc("i-new", healthy)}, false,
			[]want{{"i-new", initial, elbtypes.TargetHealthReasonEnumInitialHealthChecking}}},
		{"moto healthy, checked healthy: healthy", []elbtypes.TargetHealthDescription{desc("i-healthy", healthy)}, false,
			[]want{{"i-healthy", healthy, ""}}},
		{"moto healthy, checked unhealthy: unhealthy", []elbtypes.TargetHealthDescription{desc("i-sick", healthy)}, false,
			[]want{{"i-sick", unhealthy, elbtypes.TargetHealthReasonEnumFailedHealthChecks}}},
		{"moto draining: moto's answer", []elbtypes.TargetHealthDescription{desc("i-healthy", draining)}, false,
			[]want{{"i-healthy", draining, ""}}},
		{"moto unused, not hosted: moto's answer", []elbtypes.TargetHealthDescription{desc("i-gone", unused)}, false,
			[]want{{"i-gone", unused, ""}}},
		{"not hosted: left out", []elbtypes.TargetHealthDescription{desc("i-gone", healthy), desc("i-new", healthy)}, false,
			[]want{{"i-new", initial, elbtypes.TargetHealthReasonEnumInitialHealthChecking}}},
		{"not hosted, asked for by id: not registered", []elbtypes.TargetHealthDescription{desc("i-gone", healthy)}, true,
			[]want{{"i-gone", unused, elbtypes.TargetHealthReasonEnumNotRegistered}}},
		{"order kept", []elbtypes.TargetHealthDescription{desc("i-sick", healthy), desc("i-healthy", healthy)}, false,
			[]want{{"i-sick", unhealthy, elbtypes.TargetHealthReasonEnumFailedHealthChecks}, {"i-healthy", healthy, ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := rewrite(tc.moto, tc.explicit, view)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d targets, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				g := got[i]
				if targetID(g) != w.id || g.TargetHealth.State != w.state || g.TargetHealth.Reason != w.reason {
					t.Errorf("target %d = %s %s %s, want %s %s %s", i, targetID(g), g.TargetHealth.State,
						g.TargetHealth.Reason, w.id, w.state, w.reason)
				}
				if w.reason != "" && aws.ToString(g.TargetHealth.Description) == "" {
					t.Errorf("target %s: reason %s without a description", w.id, w.reason)
				}
			}
		})
	}
}

func TestRewriteLeavesMotosAnswerAlone(t *testing.T) {
	moto := []elbtypes.TargetHealthDescription{desc("i-new", elbtypes.TargetHealthStateEnumHealthy)}
	rewrite(moto, false, func(string) targetView { return targetView{hosted: true} })
	if moto[0].TargetHealth.State != elbtypes.TargetHealthStateEnumHealthy {
		t.Fatalf("rewrite changed its input: %s", moto[0].TargetHealth.State)
	}
}
