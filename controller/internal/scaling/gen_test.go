package scaling

import (
	"slices"
	"time"

	"pgregory.net/rapid"

	"github.com/asgctl/asgctl/controller/api"
)

const (
	testGroup    = "web-v007"
	testListener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"
	testRule     = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"
	testTGBlue   = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/73e2d6bc24d8a067"
	testTGGreen  = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-green/8f1e2a3b4c5d6e7f"
	testLabel    = "app/web/50dc6c495c0c9188/targetgroup/web-blue/73e2d6bc24d8a067"
)

// baseSpec is a valid spec without scaling configuration.
func baseSpec() api.ServiceSpec {
	return api.ServiceSpec{
		Version: api.SpecVersion, Name: "web", Region: "us-east-1",
		LaunchTemplateID: "lt-0123456789abcdef0", Subnets: []string{"subnet-0aaa1111"},
		ListenerARN: testListener, TargetGroups: []string{testTGBlue, testTGGreen},
		Capacity: api.Capacity{Min: 1, Max: 6, Desired: 2},
	}
}

func ptr[T any](v T) *T { return &v }

func dur(d time.Duration) api.Duration { return api.Duration(d) }

var (
	genStatistic  = rapid.SampledFrom([]string{"Average", "Minimum", "Maximum", "SampleCount", "Sum"})
	genComparison = rapid.SampledFrom(comparisons)
	genAdjustment = rapid.SampledFrom([]string{"ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity"})
	genUnit       = rapid.SampledFrom([]string{"", "Count", "Percent", "Seconds"})
	genPeriod     = rapid.SampledFrom([]time.Duration{10 * time.Second, 30 * time.Second, time.Minute, 5 * time.Minute})
	genDimValue   = rapid.OneOf(rapid.Just(api.GroupPlaceholder), rapid.StringMatching(`[a-z0-9-]{1,8}`))
)

func genMetric(t *rapid.T, label string) api.CustomMetric {
	return api.CustomMetric{
		Namespace:  rapid.SampledFrom([]string{"AWS/EC2", "Custom/App", "AWS/ApplicationELB"}).Draw(t, label+"_ns"),
		Name:       rapid.StringMatching(`[A-Za-z][A-Za-z0-9]{0,12}`).Draw(t, label+"_name"),
		Dimensions: rapid.MapOfN(rapid.StringMatching(`[A-Za-z][A-Za-z]{0,10}`), genDimValue, 0, 3).Draw(t, label+"_dims"),
		Statistic:  genStatistic.Draw(t, label+"_stat"),
		Unit:       genUnit.Draw(t, label+"_unit"),
	}
}

func genAlarm(t *rapid.T) api.MetricAlarm {
	return api.MetricAlarm{
		Metric:            genMetric(t, "alarm"),
		Comparison:        genComparison.Draw(t, "comparison"),
		Threshold:         float64(rapid.IntRange(-400, 400).Draw(t, "threshold")) / 4,
		Period:            api.Duration(genPeriod.Draw(t, "period")),
		EvaluationPeriods: rapid.IntRange(1, 5).Draw(t, "evaluation_periods"),
	}
}

// genSteps draws contiguous steps in ascending order, the first lower and
// last upper bound possibly unbounded.
func genSteps(t *rapid.T) []api.ScalingStep {
	n := rapid.IntRange(1, 3).Draw(t, "steps")
	bounds := rapid.SliceOfNDistinct(rapid.IntRange(-40, 40), n+1, n+1, rapid.ID[int]).Draw(t, "bounds")
	slices.Sort(bounds)
	steps := make([]api.ScalingStep, n)
	for i := range steps {
		steps[i] = api.ScalingStep{
			Lower: ptr(float64(bounds[i]) / 2), Upper: ptr(float64(bounds[i+1]) / 2),
			Adjustment: rapid.IntRange(-3, 3).Draw(t, "adjustment"),
		}
	}
	if rapid.Bool().Draw(t, "open_below") {
		steps[0].Lower = nil
	}
	if rapid.Bool().Draw(t, "open_above") {
		steps[n-1].Upper = nil
	}
	return steps
}

func genPolicy(t *rapid.T, name string) api.ScalingPolicy {
	p := api.ScalingPolicy{Name: name}
	switch rapid.IntRange(0, 3).Draw(t, "kind") {
	case 0:
		p.TargetTracking = &api.TargetTracking{
			Metric:         rapid.SampledFrom(api.PredefinedMetrics).Draw(t, "metric"),
			Target:         float64(rapid.IntRange(1, 400).Draw(t, "target")) / 4,
			DisableScaleIn: rapid.Bool().Draw(t, "disable_scale_in"),
		}
	case 1:
		m := genMetric(t, "tt")
		p.TargetTracking = &api.TargetTracking{
			CustomMetric: &m, Target: float64(rapid.IntRange(1, 4000).Draw(t, "target")) / 4,
			DisableScaleIn: rapid.Bool().Draw(t, "disable_scale_in"),
		}
	case 2:
		p.Step = &api.StepScaling{
			AdjustmentType: genAdjustment.Draw(t, "adjustment_type"), Steps: genSteps(t), Alarm: genAlarm(t),
		}
		if p.Step.AdjustmentType == "PercentChangeInCapacity" {
			p.Step.MinAdjustmentMagnitude = rapid.IntRange(0, 3).Draw(t, "min_magnitude")
		}
	default:
		p.Simple = &api.SimpleScaling{
			AdjustmentType: genAdjustment.Draw(t, "adjustment_type"),
			Adjustment:     rapid.IntRange(-3, 3).Draw(t, "adjustment"),
			Cooldown:       api.Duration(rapid.SampledFrom([]time.Duration{0, 30 * time.Second, 1500 * time.Millisecond, 5 * time.Minute}).Draw(t, "cooldown")),
			Alarm:          genAlarm(t),
		}
	}
	return p
}

func genAction(t *rapid.T, name string) api.ScheduledAction {
	sizes := rapid.SliceOfN(rapid.IntRange(0, 20), 3, 3).Draw(t, "sizes")
	slices.Sort(sizes)
	a := api.ScheduledAction{
		Name:       name,
		Recurrence: rapid.SampledFrom([]string{"0 8 * * *", "30 18 * * 1-5", "0 0 1 * *"}).Draw(t, "recurrence"),
		TimeZone:   rapid.SampledFrom([]string{"", "UTC", "Europe/Berlin", "America/New_York"}).Draw(t, "time_zone"),
	}
	set := rapid.IntRange(1, 7).Draw(t, "which_sizes") // bit 0 min, 1 desired, 2 max
	if set&1 != 0 {
		a.Min = ptr(sizes[0])
	}
	if set&2 != 0 {
		a.Desired = ptr(sizes[1])
	}
	if set&4 != 0 {
		a.Max = ptr(sizes[2])
	}
	return a
}

var genName = rapid.StringMatching(`[a-z][a-z0-9._-]{0,12}`)

// genSpec draws a valid spec with up to four policies and three actions.
func genSpec(t *rapid.T) api.ServiceSpec {
	s := baseSpec()
	for _, name := range rapid.SliceOfNDistinct(genName, 0, 4, rapid.ID[string]).Draw(t, "policies") {
		s.ScalingPolicies = append(s.ScalingPolicies, genPolicy(t, name))
	}
	for _, name := range rapid.SliceOfNDistinct(genName, 0, 3, rapid.ID[string]).Draw(t, "actions") {
		s.ScheduledActions = append(s.ScheduledActions, genAction(t, name))
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("generated an invalid spec: %v", err)
	}
	return s
}
