package scaling

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// utcZones are time zone names that mean UTC; canonically the time zone of
// a scheduled action is empty instead.
var utcZones = map[string]bool{
	"UTC": true, "Etc/UTC": true, "UCT": true, "Etc/UCT": true,
	"Universal": true, "Etc/Universal": true, "Zulu": true, "Etc/Zulu": true,
}

// canonConfig returns a deep copy of c in canonical form.
func canonConfig(c Config) Config {
	out := Config{Group: c.Group}
	for _, p := range c.Policies {
		out.Policies = append(out.Policies, canonPolicy(p))
	}
	slices.SortStableFunc(out.Policies, func(a, b Policy) int { return cmp.Compare(a.Name, b.Name) })
	for _, a := range c.Actions {
		out.Actions = append(out.Actions, canonAction(a))
	}
	slices.SortStableFunc(out.Actions, func(a, b api.ScheduledAction) int { return cmp.Compare(a.Name, b.Name) })
	for _, f := range c.ForeignPolicies {
		out.ForeignPolicies = append(out.ForeignPolicies, Foreign{Name: f.Name, Alarms: sortedCopy(f.Alarms)})
	}
	slices.SortStableFunc(out.ForeignPolicies, func(a, b Foreign) int { return cmp.Compare(a.Name, b.Name) })
	out.ForeignActions = sortedCopy(c.ForeignActions)
	return out
}

// canonPolicy returns a deep copy of p in canonical form.
func canonPolicy(p Policy) Policy {
	out := Policy{ResourceLabel: p.ResourceLabel, AlarmName: p.AlarmName}
	out.Name = p.Name
	if t := p.TargetTracking; t != nil {
		out.TargetTracking = &api.TargetTracking{
			Metric: t.Metric, CustomMetric: canonMetricPtr(t.CustomMetric),
			Target: canonFloat(t.Target), DisableScaleIn: t.DisableScaleIn,
		}
	}
	if s := p.Step; s != nil {
		out.Step = &api.StepScaling{
			AdjustmentType: s.AdjustmentType, Steps: canonSteps(s.Steps),
			MinAdjustmentMagnitude: s.MinAdjustmentMagnitude, Alarm: canonAlarm(s.Alarm),
		}
	}
	if s := p.Simple; s != nil {
		out.Simple = &api.SimpleScaling{
			AdjustmentType: s.AdjustmentType, Adjustment: s.Adjustment,
			Cooldown: wholeSeconds(s.Cooldown), Alarm: canonAlarm(s.Alarm),
		}
	}
	return out
}

func canonMetricPtr(m *api.CustomMetric) *api.CustomMetric {
	if m == nil {
		return nil
	}
	c := canonMetric(*m)
	return &c
}

func canonMetric(m api.CustomMetric) api.CustomMetric {
	out := m
	out.Dimensions = nil
	if len(m.Dimensions) > 0 {
		out.Dimensions = make(map[string]string, len(m.Dimensions))
		for k, v := range m.Dimensions {
			out.Dimensions[k] = v
		}
	}
	return out
}

func canonAlarm(a api.MetricAlarm) api.MetricAlarm {
	out := a
	out.Metric = canonMetric(a.Metric)
	out.Threshold = canonFloat(a.Threshold)
	out.Period = wholeSeconds(a.Period)
	return out
}

// canonSteps copies steps ordered by lower bound (unbounded first), the
// order a valid spec has them in anyway.
func canonSteps(steps []api.ScalingStep) []api.ScalingStep {
	var out []api.ScalingStep
	for _, s := range steps {
		out = append(out, api.ScalingStep{Lower: floatPtr(s.Lower), Upper: floatPtr(s.Upper), Adjustment: s.Adjustment})
	}
	slices.SortStableFunc(out, func(a, b api.ScalingStep) int {
		return cmp.Compare(boundOr(a.Lower, math.Inf(-1)), boundOr(b.Lower, math.Inf(-1)))
	})
	return out
}

func boundOr(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}

func floatPtr(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := canonFloat(*p)
	return &v
}

// canonFloat turns -0 into 0, which compare equal but encode differently.
func canonFloat(v float64) float64 {
	if v == 0 {
		return 0
	}
	return v
}

// canonAction returns a deep copy of a in canonical form.
func canonAction(a api.ScheduledAction) api.ScheduledAction {
	out := a
	if utcZones[a.TimeZone] {
		out.TimeZone = ""
	}
	out.Min, out.Max, out.Desired = intPtr(a.Min), intPtr(a.Max), intPtr(a.Desired)
	return out
}

func intPtr(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func sortedCopy(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// seconds is d in whole seconds, rounded up (AWS takes whole seconds, and a
// cooldown or period never gets shorter than asked) and capped to fit an
// int32.
func seconds(d api.Duration) int32 {
	switch {
	case d <= 0:
		return 0
	case d.D() >= math.MaxInt32*time.Second:
		return math.MaxInt32
	}
	return int32((d.D() + time.Second - 1) / time.Second)
}

// wholeSeconds is d as AWS keeps it: seconds(d) as a Duration.
func wholeSeconds(d api.Duration) api.Duration {
	return api.Duration(time.Duration(seconds(d)) * time.Second)
}
