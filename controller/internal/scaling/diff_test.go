package scaling

import (
	"cmp"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// mixedSpec has a policy of every kind, custom metrics with dimensions and
// two actions.
func mixedSpec() api.ServiceSpec {
	s := fullSpec()
	z := zeroSpec()
	s.ScalingPolicies = append(s.ScalingPolicies, z.ScalingPolicies[0], z.ScalingPolicies[3]) // cpu, requests
	s.ScheduledActions = append(s.ScheduledActions, z.ScheduledActions[0])                    // night
	return s
}

func pol(s *api.ServiceSpec, name string) *api.ScalingPolicy {
	for i := range s.ScalingPolicies {
		if s.ScalingPolicies[i].Name == name {
			return &s.ScalingPolicies[i]
		}
	}
	panic("no policy " + name)
}

func act(s *api.ServiceSpec, name string) *api.ScheduledAction {
	for i := range s.ScheduledActions {
		if s.ScheduledActions[i].Name == name {
			return &s.ScheduledActions[i]
		}
	}
	panic("no action " + name)
}

// cloneMetric gives a policy its own copy of a metric shared in the test
// spec, so a mutation changes only that policy.
func cloneMetric(m api.CustomMetric) api.CustomMetric {
	m.Dimensions = maps.Clone(m.Dimensions)
	return m
}

type change struct {
	name   string
	mutate func(s *api.ServiceSpec)
	// what Diff must name
	put, del, alarms, putActs, reset, delActs []string
}

func specChanges() []change {
	stepAlarm := func(s *api.ServiceSpec) *api.MetricAlarm {
		p := pol(s, "step")
		p.Step.Alarm.Metric = cloneMetric(p.Step.Alarm.Metric)
		return &p.Step.Alarm
	}
	ttMetric := func(s *api.ServiceSpec) *api.CustomMetric {
		p := pol(s, "latency")
		m := cloneMetric(*p.TargetTracking.CustomMetric)
		p.TargetTracking.CustomMetric = &m
		return &m
	}
	step := []string{"step"}
	return []change{
		{name: "tt metric", mutate: func(s *api.ServiceSpec) { pol(s, "cpu").TargetTracking.Metric = api.MetricNetworkIn }, put: []string{"cpu"}},
		{name: "tt target", mutate: func(s *api.ServiceSpec) { pol(s, "cpu").TargetTracking.Target = 60 }, put: []string{"cpu"}},
		{name: "tt disable scale in", mutate: func(s *api.ServiceSpec) { pol(s, "cpu").TargetTracking.DisableScaleIn = true }, put: []string{"cpu"}},
		{name: "tt scale in enabled again", mutate: func(s *api.ServiceSpec) { pol(s, "latency").TargetTracking.DisableScaleIn = false }, put: []string{"latency"}},
		{name: "tt custom namespace", mutate: func(s *api.ServiceSpec) { ttMetric(s).Namespace = "Custom/Other" }, put: []string{"latency"}},
		{name: "tt custom name", mutate: func(s *api.ServiceSpec) { ttMetric(s).Name = "P99" }, put: []string{"latency"}},
		{name: "tt custom statistic", mutate: func(s *api.ServiceSpec) { ttMetric(s).Statistic = "Average" }, put: []string{"latency"}},
		{name: "tt custom unit", mutate: func(s *api.ServiceSpec) { ttMetric(s).Unit = "" }, put: []string{"latency"}},
		{name: "tt custom dimension value", mutate: func(s *api.ServiceSpec) { ttMetric(s).Dimensions["Stage"] = "beta" }, put: []string{"latency"}},
		{name: "tt custom dimension added", mutate: func(s *api.ServiceSpec) { ttMetric(s).Dimensions["Zone"] = "a" }, put: []string{"latency"}},
		{name: "tt custom dimensions removed", mutate: func(s *api.ServiceSpec) { ttMetric(s).Dimensions = nil }, put: []string{"latency"}},
		{name: "tt predefined to custom", mutate: func(s *api.ServiceSpec) {
			m := api.CustomMetric{Namespace: "AWS/EC2", Name: "CPUUtilization", Statistic: "Average"}
			pol(s, "cpu").TargetTracking = &api.TargetTracking{CustomMetric: &m, Target: 50}
		}, put: []string{"cpu"}},
		{name: "step adjustment type", mutate: func(s *api.ServiceSpec) {
			pol(s, "step").Step.AdjustmentType, pol(s, "step").Step.MinAdjustmentMagnitude = "ChangeInCapacity", 0
		}, put: step},
		{name: "step min magnitude", mutate: func(s *api.ServiceSpec) { pol(s, "step").Step.MinAdjustmentMagnitude = 0 }, put: step},
		{name: "step bound", mutate: func(s *api.ServiceSpec) {
			st := slices.Clone(pol(s, "step").Step.Steps)
			st[1].Upper, st[2].Lower = ptr(12.0), ptr(12.0)
			pol(s, "step").Step.Steps = st
		}, put: step},
		{name: "step adjustment", mutate: func(s *api.ServiceSpec) {
			st := slices.Clone(pol(s, "step").Step.Steps)
			st[2].Adjustment = 40
			pol(s, "step").Step.Steps = st
		}, put: step},
		{name: "step removed", mutate: func(s *api.ServiceSpec) { pol(s, "step").Step.Steps = pol(s, "step").Step.Steps[1:] }, put: step},
		{name: "alarm namespace", mutate: func(s *api.ServiceSpec) { stepAlarm(s).Metric.Namespace = "Custom/Other" }, put: step},
		{name: "alarm metric name", mutate: func(s *api.ServiceSpec) { stepAlarm(s).Metric.Name = "Errors" }, put: step},
		{name: "alarm statistic", mutate: func(s *api.ServiceSpec) { stepAlarm(s).Metric.Statistic = "Sum" }, put: step},
		{name: "alarm unit", mutate: func(s *api.ServiceSpec) { stepAlarm(s).Metric.Unit = "Milliseconds" }, put: step},
		{name: "alarm dimension", mutate: func(s *api.ServiceSpec) { stepAlarm(s).Metric.Dimensions["Stage"] = "beta" }, put: step},
		{name: "alarm comparison", mutate: func(s *api.ServiceSpec) { stepAlarm(s).Comparison = "LessThanThreshold" }, put: step},
		{name: "alarm threshold", mutate: func(s *api.ServiceSpec) { stepAlarm(s).Threshold = 0 }, put: step},
		{name: "alarm period", mutate: func(s *api.ServiceSpec) { stepAlarm(s).Period = dur(time.Minute) }, put: step},
		{name: "alarm evaluation periods", mutate: func(s *api.ServiceSpec) { stepAlarm(s).EvaluationPeriods = 1 }, put: step},
		{name: "simple adjustment type", mutate: func(s *api.ServiceSpec) { pol(s, "simple").Simple.AdjustmentType = "ExactCapacity" }, put: []string{"simple"}},
		{name: "simple adjustment", mutate: func(s *api.ServiceSpec) { pol(s, "simple").Simple.Adjustment = 0 }, put: []string{"simple"}},
		{name: "simple cooldown", mutate: func(s *api.ServiceSpec) { pol(s, "simple").Simple.Cooldown = dur(2 * time.Minute) }, put: []string{"simple"}},
		{name: "simple alarm threshold", mutate: func(s *api.ServiceSpec) { pol(s, "simple").Simple.Alarm.Threshold = 99 }, put: []string{"simple"}},
		{name: "step becomes simple", mutate: func(s *api.ServiceSpec) {
			p := pol(s, "step")
			p.Simple = &api.SimpleScaling{AdjustmentType: "ChangeInCapacity", Adjustment: 1, Alarm: p.Step.Alarm}
			p.Step = nil
		}, put: step},
		{name: "step becomes target tracking", mutate: func(s *api.ServiceSpec) {
			p := pol(s, "step")
			p.Step, p.TargetTracking = nil, &api.TargetTracking{Metric: api.MetricCPU, Target: 40}
		}, put: step, alarms: []string{testGroup + "-step"}},
		{name: "policy renamed", mutate: func(s *api.ServiceSpec) { pol(s, "simple").Name = "simple2" },
			put: []string{"simple2"}, del: []string{"simple"}, alarms: []string{testGroup + "-simple"}},
		{name: "policies removed", mutate: func(s *api.ServiceSpec) {
			s.ScalingPolicies = slices.DeleteFunc(s.ScalingPolicies, func(p api.ScalingPolicy) bool { return p.Name != "cpu" })
		}, del: []string{"latency", "requests", "simple", "step"}, alarms: []string{testGroup + "-simple", testGroup + "-step"}},
		{name: "policy added", mutate: func(s *api.ServiceSpec) {
			s.ScalingPolicies = append(s.ScalingPolicies, api.ScalingPolicy{Name: "out", TargetTracking: &api.TargetTracking{Metric: api.MetricNetworkOut, Target: 5}})
		}, put: []string{"out"}},
		{name: "action recurrence", mutate: func(s *api.ServiceSpec) { act(s, "peak").Recurrence = "0 9 * * *" }, putActs: []string{"peak"}},
		{name: "action time zone", mutate: func(s *api.ServiceSpec) { act(s, "peak").TimeZone = "Europe/Berlin" }, putActs: []string{"peak"}},
		{name: "action time zone dropped", mutate: func(s *api.ServiceSpec) { act(s, "peak").TimeZone = "" }, putActs: []string{"peak"}},
		{name: "action min", mutate: func(s *api.ServiceSpec) { act(s, "peak").Min = ptr(3) }, putActs: []string{"peak"}},
		{name: "action max", mutate: func(s *api.ServiceSpec) { act(s, "peak").Max = ptr(11) }, putActs: []string{"peak"}},
		{name: "action desired", mutate: func(s *api.ServiceSpec) { act(s, "peak").Desired = ptr(5) }, putActs: []string{"peak"}},
		{name: "action desired lowered", mutate: func(s *api.ServiceSpec) { act(s, "peak").Desired = ptr(2) }, putActs: []string{"peak"}},
		{name: "action min dropped", mutate: func(s *api.ServiceSpec) { act(s, "peak").Min = nil },
			putActs: []string{"peak"}, reset: []string{"peak"}},
		{name: "action max added", mutate: func(s *api.ServiceSpec) { act(s, "night").Max = ptr(4) }, putActs: []string{"night"}},
		{name: "action renamed", mutate: func(s *api.ServiceSpec) { act(s, "night").Name = "late" },
			putActs: []string{"late"}, delActs: []string{"night"}},
		{name: "actions removed", mutate: func(s *api.ServiceSpec) { s.ScheduledActions = nil }, delActs: []string{"night", "peak"}},
	}
}

func names[T any](items []T, name func(T) string) []string {
	var out []string
	for _, it := range items {
		out = append(out, name(it))
	}
	return out
}

func TestEverySpecChangeIsADifference(t *testing.T) {
	base := mixedSpec()
	baseWant := mustWant(t, base, testTGBlue)
	for _, tc := range specChanges() {
		t.Run(tc.name, func(t *testing.T) {
			e := newEcho(testGroup, true)
			e.apply(Diff(baseWant, Config{Group: testGroup}))
			have, _ := e.have()
			s := mixedSpec()
			tc.mutate(&s)
			if err := s.Validate(); err != nil {
				t.Fatalf("mutated spec invalid: %v", err)
			}
			want := mustWant(t, s, testTGBlue)
			if want.Equal(have) || want.Equal(baseWant) || want.Fingerprint() == have.Fingerprint() {
				t.Fatal("the change does not count as a difference")
			}
			d := Diff(want, have)
			got := [][]string{
				names(d.PutPolicies, func(p Policy) string { return p.Name }), d.DeletePolicies, d.DeleteAlarms,
				names(d.PutActions, func(a api.ScheduledAction) string { return a.Name }), d.ResetActions, d.DeleteActions,
			}
			wantLists := [][]string{tc.put, tc.del, tc.alarms, tc.putActs, tc.reset, tc.delActs}
			labels := []string{"put policies", "delete policies", "delete alarms", "put actions", "reset actions", "delete actions"}
			for i := range got {
				if !slices.Equal(got[i], wantLists[i]) {
					t.Errorf("%s = %q, want %q", labels[i], got[i], wantLists[i])
				}
			}
			e.apply(d)
			after, problems := e.have()
			if !want.Equal(after) || len(problems) != 0 {
				t.Errorf("applying the diff did not converge (problems %q)\nwant %s\nhave %s", problems, asJSON(want), asJSON(after))
			}
		})
	}
}

func TestDiffResourceLabelIsPerGroup(t *testing.T) {
	s := mixedSpec()
	blue, green := mustWant(t, s, testTGBlue), mustWant(t, s, testTGGreen)
	d := Diff(green, blue)
	if got := names(d.PutPolicies, func(p Policy) string { return p.Name }); !slices.Equal(got, []string{"requests"}) {
		t.Fatalf("put %q, want only the ALBRequestCountPerTarget policy", got)
	}
}

func TestDiffIsDeterministicAndOrderFree(t *testing.T) {
	s := mixedSpec()
	want := mustWant(t, s, testTGBlue)
	shuffled := want
	shuffled.Policies = slices.Clone(want.Policies)
	slices.Reverse(shuffled.Policies)
	empty := Config{Group: testGroup}
	a, b := Diff(want, empty), Diff(shuffled, empty)
	if asJSON(a) != asJSON(b) {
		t.Fatalf("Diff depends on input order:\n%s\n%s", asJSON(a), asJSON(b))
	}
	if !slices.IsSortedFunc(a.PutPolicies, func(x, y Policy) int { return cmp.Compare(x.Name, y.Name) }) {
		t.Fatalf("put policies not sorted: %q", names(a.PutPolicies, func(p Policy) string { return p.Name }))
	}
}
