package scaling

import (
	"encoding/json"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/asgctl/asgctl/controller/api"
)

// zeroSpec has one policy of every kind and actions with every spec field
// that may be zero or absent at its zero value.
func zeroSpec() api.ServiceSpec {
	s := baseSpec()
	metric := api.CustomMetric{Namespace: "Custom/App", Name: "QueueDepth", Statistic: "Sum"}
	alarm := api.MetricAlarm{Metric: metric, Comparison: "GreaterThanThreshold", Period: dur(time.Minute), EvaluationPeriods: 1}
	s.ScalingPolicies = []api.ScalingPolicy{
		{Name: "cpu", TargetTracking: &api.TargetTracking{Metric: api.MetricCPU, Target: 50}},
		{Name: "net-in", TargetTracking: &api.TargetTracking{Metric: api.MetricNetworkIn, Target: 1e6}},
		{Name: "net-out", TargetTracking: &api.TargetTracking{Metric: api.MetricNetworkOut, Target: 2e6, DisableScaleIn: true}},
		{Name: "requests", TargetTracking: &api.TargetTracking{Metric: api.MetricRequestsPerTarg, Target: 1000}},
		{Name: "queue", TargetTracking: &api.TargetTracking{CustomMetric: &metric, Target: 10}},
		{Name: "step", Step: &api.StepScaling{
			AdjustmentType: "ChangeInCapacity",
			Steps:          []api.ScalingStep{{Upper: ptr(0.0), Adjustment: 0}, {Lower: ptr(0.0), Adjustment: 1}},
			Alarm:          alarm,
		}},
		{Name: "simple", Simple: &api.SimpleScaling{AdjustmentType: "ExactCapacity", Alarm: alarm}},
	}
	s.ScheduledActions = []api.ScheduledAction{
		{Name: "night", Recurrence: "0 22 * * *", Desired: ptr(0)},
		{Name: "morning", Recurrence: "0 7 * * 1-5", TimeZone: "Europe/Berlin", Min: ptr(0), Max: ptr(0)},
	}
	return s
}

// fullSpec sets every optional field.
func fullSpec() api.ServiceSpec {
	s := baseSpec()
	metric := api.CustomMetric{
		Namespace: "Custom/App", Name: "Latency", Statistic: "Maximum", Unit: "Seconds",
		Dimensions: map[string]string{"AutoScalingGroupName": api.GroupPlaceholder, "Stage": "prod"},
	}
	alarm := api.MetricAlarm{Metric: metric, Comparison: "LessThanOrEqualToThreshold", Threshold: -2.5, Period: dur(10 * time.Second), EvaluationPeriods: 3}
	s.ScalingPolicies = []api.ScalingPolicy{
		{Name: "latency", TargetTracking: &api.TargetTracking{CustomMetric: &metric, Target: 0.25, DisableScaleIn: true}},
		{Name: "step", Step: &api.StepScaling{
			AdjustmentType: "PercentChangeInCapacity", MinAdjustmentMagnitude: 2,
			Steps: []api.ScalingStep{{Lower: ptr(-10.0), Upper: ptr(0.0), Adjustment: -1}, {Lower: ptr(0.0), Upper: ptr(10.5), Adjustment: 10}, {Lower: ptr(10.5), Adjustment: 30}},
			Alarm: alarm,
		}},
		{Name: "simple", Simple: &api.SimpleScaling{AdjustmentType: "ChangeInCapacity", Adjustment: -2, Cooldown: dur(90 * time.Second), Alarm: alarm}},
	}
	s.ScheduledActions = []api.ScheduledAction{{Name: "peak", Recurrence: "0 8 * * *", TimeZone: "America/New_York", Min: ptr(2), Max: ptr(10), Desired: ptr(4)}}
	return s
}

// roundTrip puts want on an empty echo and reads it back.
func roundTrip(t fataler, want Config, defaults bool) (Config, []string) {
	t.Helper()
	e := newEcho(want.Group, defaults)
	e.apply(Diff(want, Config{Group: want.Group}))
	return e.have()
}

func mustWant(t fataler, s api.ServiceSpec, tg string) Config {
	t.Helper()
	c, err := Want(s, testGroup, tg)
	if err != nil {
		t.Fatalf("Want: %v", err)
	}
	return c
}

func TestRoundTripEveryKind(t *testing.T) {
	for name, spec := range map[string]api.ServiceSpec{"zero values": zeroSpec(), "every field": fullSpec()} {
		if err := spec.Validate(); err != nil {
			t.Fatalf("%s: test spec invalid: %v", name, err)
		}
		want := mustWant(t, spec, testTGBlue)
		for _, defaults := range []bool{false, true} {
			have, problems := roundTrip(t, want, defaults)
			if len(problems) != 0 {
				t.Errorf("%s (AWS defaults %v): problems %q", name, defaults, problems)
			}
			if !want.Equal(have) {
				t.Errorf("%s (AWS defaults %v): round trip differs\nwant %s\nhave %s", name, defaults, asJSON(want), asJSON(have))
			}
			if d := Diff(want, have); !d.Empty() {
				t.Errorf("%s (AWS defaults %v): Diff after round trip = %+v", name, defaults, d)
			}
			if want.Fingerprint() != have.Fingerprint() {
				t.Errorf("%s (AWS defaults %v): fingerprints differ", name, defaults)
			}
		}
	}
}

func TestRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		spec := genSpec(t)
		want := mustWant(t, spec, rapid.SampledFrom([]string{testTGBlue, testTGGreen}).Draw(t, "tg"))
		have, problems := roundTrip(t, want, rapid.Bool().Draw(t, "defaults"))
		if len(problems) != 0 {
			t.Fatalf("problems %q", problems)
		}
		if !want.Equal(have) {
			t.Fatalf("round trip differs\nwant %s\nhave %s", asJSON(want), asJSON(have))
		}
		if d := Diff(want, have); !d.Empty() {
			t.Fatalf("Diff after round trip = %+v", d)
		}
	})
}

func TestWantSubstitutesGroupAndLabel(t *testing.T) {
	want := mustWant(t, fullSpec(), testTGBlue)
	for _, p := range want.Policies {
		var dims map[string]string
		switch {
		case p.TargetTracking != nil:
			dims = p.TargetTracking.CustomMetric.Dimensions
		case p.Step != nil:
			dims = p.Step.Alarm.Metric.Dimensions
			if p.AlarmName != testGroup+"-step" {
				t.Errorf("step alarm name %q", p.AlarmName)
			}
		default:
			dims = p.Simple.Alarm.Metric.Dimensions
		}
		if dims["AutoScalingGroupName"] != testGroup || dims["Stage"] != "prod" {
			t.Errorf("policy %q dimensions %v, want the group substituted", p.Name, dims)
		}
	}
	z := mustWant(t, zeroSpec(), testTGGreen)
	for _, p := range z.Policies {
		wantLabel := ""
		if p.Name == "requests" {
			wantLabel = "app/web/50dc6c495c0c9188/targetgroup/web-green/8f1e2a3b4c5d6e7f"
		}
		if p.ResourceLabel != wantLabel {
			t.Errorf("policy %q resource label %q, want %q", p.Name, p.ResourceLabel, wantLabel)
		}
	}
	if spec := fullSpec(); spec.ScalingPolicies[0].TargetTracking.CustomMetric.Dimensions["AutoScalingGroupName"] != api.GroupPlaceholder {
		t.Error("Want changed the spec it was given")
	}
}

// fataler is what the helpers need of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func asJSON(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err.Error()
	}
	return string(b)
}
