package api

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

var (
	scalingNameRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)
	timeZoneRE    = regexp.MustCompile(`^(UTC|[A-Za-z_]+(/[A-Za-z0-9_+-]+)+)$`)

	adjustmentTypes = []string{"ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity"}
	statistics      = []string{"Average", "Minimum", "Maximum", "SampleCount", "Sum"}
	comparisons     = []string{"GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"}
)

func validateScalingPolicies(p *problems, pols []ScalingPolicy) {
	seen := map[string]int{}
	for i, pol := range pols {
		field := fmt.Sprintf("scaling_policies[%d]", i)
		checkScalingName(p, field, pol.Name, seen, i, "scaling_policies")
		kinds := 0
		if pol.TargetTracking != nil {
			kinds++
			validateTargetTracking(p, field+".target_tracking", pol.TargetTracking)
		}
		if pol.Step != nil {
			kinds++
			validateStepScaling(p, field+".step", pol.Step)
		}
		if pol.Simple != nil {
			kinds++
			validateSimpleScaling(p, field+".simple", pol.Simple)
		}
		if kinds != 1 {
			p.add(field, "set exactly one of target_tracking, step and simple (got %d)", kinds)
		}
	}
}

func checkScalingName(p *problems, field, name string, seen map[string]int, i int, list string) {
	if !scalingNameRE.MatchString(name) {
		p.add(field+".name", "%q must be 1-128 letters, digits, dots, dashes or underscores", name)
		return
	}
	if j, dup := seen[name]; dup {
		p.add(field+".name", "duplicate of %s[%d] (%q)", list, j, name)
		return
	}
	seen[name] = i
}

func validateTargetTracking(p *problems, field string, t *TargetTracking) {
	switch {
	case (t.Metric == "") == (t.CustomMetric == nil):
		p.add(field, "set exactly one of metric (%s) and custom_metric", strings.Join(PredefinedMetrics, ", "))
	case t.Metric != "" && !slices.Contains(PredefinedMetrics, t.Metric):
		p.add(field+".metric", "%q is not one of %s", t.Metric, strings.Join(PredefinedMetrics, ", "))
	case t.CustomMetric != nil:
		validateMetric(p, field+".custom_metric", *t.CustomMetric)
	}
	if t.Target <= 0 {
		p.add(field+".target", "must be greater than 0, got %g", t.Target)
	}
	if t.Metric == MetricCPU && t.Target > 100 {
		p.add(field+".target", "is a CPU percentage and must be at most 100, got %g", t.Target)
	}
}

func validateMetric(p *problems, field string, m CustomMetric) {
	if m.Namespace == "" {
		p.add(field+".namespace", "required")
	}
	if m.Name == "" {
		p.add(field+".name", "required")
	}
	if !slices.Contains(statistics, m.Statistic) {
		p.add(field+".statistic", "%q is not one of %s", m.Statistic, strings.Join(statistics, ", "))
	}
	if _, empty := m.Dimensions[""]; empty {
		p.add(field+".dimensions", "names must not be empty")
	}
}

func validateStepScaling(p *problems, field string, s *StepScaling) {
	checkAdjustmentType(p, field, s.AdjustmentType)
	if len(s.Steps) == 0 {
		p.add(field+".steps", "at least one step is required")
	}
	for i, st := range s.Steps {
		sf := fmt.Sprintf("%s.steps[%d]", field, i)
		if st.Lower == nil && st.Upper == nil && len(s.Steps) > 1 {
			p.add(sf, "set lower or upper (a step without bounds covers everything, so it must be the only one)")
		}
		if st.Lower != nil && st.Upper != nil && *st.Lower >= *st.Upper {
			p.add(sf, "lower (%g) must be below upper (%g)", *st.Lower, *st.Upper)
		}
		if i > 0 && !sameBound(s.Steps[i-1].Upper, st.Lower) {
			p.add(sf+".lower", "must equal the previous step's upper bound (steps may not overlap or leave gaps)")
		}
	}
	if s.MinAdjustmentMagnitude < 0 {
		p.add(field+".min_adjustment_magnitude", "must not be negative")
	}
	if s.MinAdjustmentMagnitude > 0 && s.AdjustmentType != "PercentChangeInCapacity" {
		p.add(field+".min_adjustment_magnitude", "only applies to adjustment_type PercentChangeInCapacity")
	}
	validateMetricAlarm(p, field+".alarm", s.Alarm)
}

func sameBound(a, b *float64) bool {
	return a != nil && b != nil && *a == *b
}

func validateSimpleScaling(p *problems, field string, s *SimpleScaling) {
	checkAdjustmentType(p, field, s.AdjustmentType)
	if s.Cooldown < 0 {
		p.add(field+".cooldown", "must not be negative")
	}
	validateMetricAlarm(p, field+".alarm", s.Alarm)
}

func checkAdjustmentType(p *problems, field, t string) {
	if !slices.Contains(adjustmentTypes, t) {
		p.add(field+".adjustment_type", "%q is not one of %s", t, strings.Join(adjustmentTypes, ", "))
	}
}

func validateMetricAlarm(p *problems, field string, a MetricAlarm) {
	validateMetric(p, field+".metric", a.Metric)
	if !slices.Contains(comparisons, a.Comparison) {
		p.add(field+".comparison", "%q is not one of %s", a.Comparison, strings.Join(comparisons, ", "))
	}
	if d := a.Period.D(); d != 10*time.Second && d != 30*time.Second && (d < time.Minute || d%time.Minute != 0) {
		p.add(field+".period", "must be 10s, 30s or a multiple of 60s, got %s", d)
	}
	if a.EvaluationPeriods < 1 {
		p.add(field+".evaluation_periods", "must be at least 1, got %d", a.EvaluationPeriods)
	}
}

func validateScheduledActions(p *problems, acts []ScheduledAction) {
	seen := map[string]int{}
	for i, a := range acts {
		field := fmt.Sprintf("scheduled_actions[%d]", i)
		checkScalingName(p, field, a.Name, seen, i, "scheduled_actions")
		if len(strings.Fields(a.Recurrence)) != 5 {
			p.add(field+".recurrence", "%q must be a five-field cron expression (minute hour day month weekday)", a.Recurrence)
		}
		if a.TimeZone != "" && !timeZoneRE.MatchString(a.TimeZone) {
			p.add(field+".time_zone", "%q is not an IANA time zone name such as Europe/Berlin", a.TimeZone)
		}
		validateScheduledSizes(p, field, a)
	}
}

func validateScheduledSizes(p *problems, field string, a ScheduledAction) {
	if a.Min == nil && a.Max == nil && a.Desired == nil {
		p.add(field, "set at least one of min, max and desired")
		return
	}
	names := []string{"min", "max", "desired"}
	for i, v := range []*int{a.Min, a.Max, a.Desired} {
		if v != nil && *v < 0 {
			p.add(field+"."+names[i], "must not be negative, got %d", *v)
		}
	}
	if a.Min != nil && a.Max != nil && *a.Min > *a.Max {
		p.add(field+".min", "must not exceed max (%d), got %d", *a.Max, *a.Min)
	}
	if a.Desired != nil && ((a.Min != nil && *a.Desired < *a.Min) || (a.Max != nil && *a.Desired > *a.Max)) {
		p.add(field+".desired", "must be between min and max, got %d", *a.Desired)
	}
}
