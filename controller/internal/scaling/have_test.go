package scaling

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/api"
)

const policyARNPrefix = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:autoScalingGroupName/web-v007:policyName/"

// awsStep is a step policy as AWS shows it, triggered by the named alarms.
func awsStep(name string, alarms ...string) astypes.ScalingPolicy {
	p := astypes.ScalingPolicy{
		AutoScalingGroupName: aws.String(testGroup), PolicyName: aws.String(name), PolicyARN: aws.String(policyARNPrefix + name),
		PolicyType: aws.String(policyTypeStep), AdjustmentType: aws.String("ChangeInCapacity"), Enabled: aws.Bool(true),
		StepAdjustments: []astypes.StepAdjustment{{MetricIntervalLowerBound: aws.Float64(0), ScalingAdjustment: aws.Int32(1)}},
	}
	for _, a := range alarms {
		p.Alarms = append(p.Alarms, astypes.Alarm{AlarmName: aws.String(a)})
	}
	return p
}

// awsAlarm is an alarm AWS shows whose only action triggers policy.
func awsAlarm(name, policy string) cwtypes.MetricAlarm {
	return cwtypes.MetricAlarm{
		AlarmName: aws.String(name), AlarmActions: []string{policyARNPrefix + policy},
		Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"), Statistic: cwtypes.StatisticAverage,
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold, Threshold: aws.Float64(70),
		Period: aws.Int32(60), EvaluationPeriods: aws.Int32(2),
	}
}

func awsTT(name string, cfg astypes.TargetTrackingConfiguration) astypes.ScalingPolicy {
	cfg.TargetValue = aws.Float64(50)
	return astypes.ScalingPolicy{PolicyName: aws.String(name), PolicyType: aws.String(policyTypeTargetTracking), TargetTrackingConfiguration: &cfg}
}

func awsAction(name string, edit func(a *astypes.ScheduledUpdateGroupAction)) astypes.ScheduledUpdateGroupAction {
	a := astypes.ScheduledUpdateGroupAction{
		AutoScalingGroupName: aws.String(testGroup), ScheduledActionName: aws.String(name),
		Recurrence: aws.String("0 8 * * *"), DesiredCapacity: aws.Int32(3),
	}
	edit(&a)
	return a
}

func withAlarm(a cwtypes.MetricAlarm, edit func(a *cwtypes.MetricAlarm)) cwtypes.MetricAlarm {
	edit(&a)
	return a
}

func TestHaveUnsupported(t *testing.T) {
	at := time.Date(2030, 6, 1, 8, 0, 0, 0, time.UTC)
	cpu := astypes.CustomizedMetricSpecification{Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"), Statistic: astypes.MetricStatisticAverage}
	for _, tc := range []struct {
		name     string
		policies []astypes.ScalingPolicy
		alarms   []cwtypes.MetricAlarm
		actions  []astypes.ScheduledUpdateGroupAction
		want     string
	}{
		{"predictive", []astypes.ScalingPolicy{{PolicyName: aws.String("forecast"), PolicyType: aws.String(policyTypePredictive)}}, nil, nil,
			`scaling policy "forecast" is a predictive scaling policy, which the spec cannot express`},
		{"unknown type", []astypes.ScalingPolicy{{PolicyName: aws.String("odd"), PolicyType: aws.String("FutureScaling")}}, nil, nil,
			`scaling policy "odd" has the policy type "FutureScaling"`},
		{"disabled", []astypes.ScalingPolicy{func() astypes.ScalingPolicy { p := awsStep("out", "a"); p.Enabled = aws.Bool(false); return p }()},
			[]cwtypes.MetricAlarm{awsAlarm("a", "out")}, nil, `scaling policy "out" is disabled`},
		{"step without alarm", []astypes.ScalingPolicy{awsStep("out")}, nil, nil,
			`scaling policy "out" has no alarm, so nothing triggers it`},
		{"step with two alarms", []astypes.ScalingPolicy{awsStep("out", "b", "a")}, []cwtypes.MetricAlarm{awsAlarm("a", "out"), awsAlarm("b", "out")}, nil,
			`scaling policy "out" is triggered by 2 alarms ("a", "b")`},
		{"alarm missing", []astypes.ScalingPolicy{awsStep("out", "gone")}, nil, nil,
			`scaling policy "out" is triggered by the alarm "gone", which is missing`},
		{"step aggregation", []astypes.ScalingPolicy{func() astypes.ScalingPolicy {
			p := awsStep("out", "a")
			p.MetricAggregationType = aws.String("Maximum")
			return p
		}()}, []cwtypes.MetricAlarm{awsAlarm("a", "out")}, nil, `scaling policy "out" aggregates its metric by Maximum`},
		{"simple with min magnitude", []astypes.ScalingPolicy{func() astypes.ScalingPolicy {
			p := awsStep("s", "a")
			p.PolicyType, p.MinAdjustmentMagnitude = aws.String(policyTypeSimple), aws.Int32(2)
			return p
		}()}, []cwtypes.MetricAlarm{awsAlarm("a", "s")}, nil, `scaling policy "s" has a minimum adjustment magnitude of 2`},
		{"tt metric math", []astypes.ScalingPolicy{awsTT("math", astypes.TargetTrackingConfiguration{
			CustomizedMetricSpecification: &astypes.CustomizedMetricSpecification{Metrics: []astypes.TargetTrackingMetricDataQuery{{Id: aws.String("m1"), Expression: aws.String("a/b")}}},
		})}, nil, nil, `scaling policy "math" tracks a metric math expression`},
		{"tt high resolution", []astypes.ScalingPolicy{awsTT("fast", astypes.TargetTrackingConfiguration{
			CustomizedMetricSpecification: func() *astypes.CustomizedMetricSpecification { c := cpu; c.Period = aws.Int32(10); return &c }(),
		})}, nil, nil, `scaling policy "fast" tracks its metric at a 10-second period`},
		{"tt other predefined metric", []astypes.ScalingPolicy{awsTT("sqs", astypes.TargetTrackingConfiguration{
			PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: "SQSBacklogPerInstance"},
		})}, nil, nil, `scaling policy "sqs" tracks the predefined metric "SQSBacklogPerInstance", which is not one of ASGAverageCPUUtilization`},
		{"tt without metric", []astypes.ScalingPolicy{awsTT("none", astypes.TargetTrackingConfiguration{})}, nil, nil,
			`scaling policy "none" is a target tracking policy that names no metric`},
		{"alarm notifies too", []astypes.ScalingPolicy{awsStep("out", "a")},
			[]cwtypes.MetricAlarm{withAlarm(awsAlarm("a", "out"), func(a *cwtypes.MetricAlarm) {
				a.AlarmActions = append(a.AlarmActions, "arn:aws:sns:us-east-1:123456789012:pager")
			})},
			nil, `scaling policy "out" is triggered by the alarm "a", which has actions besides triggering this policy`},
		{"alarm ok action", []astypes.ScalingPolicy{awsStep("out", "a")},
			[]cwtypes.MetricAlarm{withAlarm(awsAlarm("a", "out"), func(a *cwtypes.MetricAlarm) { a.OKActions = []string{"arn:aws:sns:us-east-1:123456789012:ok"} })},
			nil, `which has actions besides triggering this policy`},
		{"alarm triggers another policy", []astypes.ScalingPolicy{awsStep("out", "a")}, []cwtypes.MetricAlarm{awsAlarm("a", "in")}, nil,
			`which has actions besides triggering this policy`},
		{"alarm percentile", []astypes.ScalingPolicy{awsStep("out", "a")},
			[]cwtypes.MetricAlarm{withAlarm(awsAlarm("a", "out"), func(a *cwtypes.MetricAlarm) { a.Statistic, a.ExtendedStatistic = "", aws.String("p99") })},
			nil, `which uses the percentile statistic p99`},
		{"alarm metric math", []astypes.ScalingPolicy{awsStep("out", "a")},
			[]cwtypes.MetricAlarm{withAlarm(awsAlarm("a", "out"), func(a *cwtypes.MetricAlarm) { a.Metrics = []cwtypes.MetricDataQuery{{Id: aws.String("e1")}} })},
			nil, `which uses a metric math expression or query`},
		{"alarm anomaly band", []astypes.ScalingPolicy{awsStep("out", "a")},
			[]cwtypes.MetricAlarm{withAlarm(awsAlarm("a", "out"), func(a *cwtypes.MetricAlarm) {
				a.ComparisonOperator = cwtypes.ComparisonOperatorLessThanLowerOrGreaterThanUpperThreshold
			})}, nil, `which compares with "LessThanLowerOrGreaterThanUpperThreshold"`},
		{"alarm m of n", []astypes.ScalingPolicy{awsStep("out", "a")},
			[]cwtypes.MetricAlarm{withAlarm(awsAlarm("a", "out"), func(a *cwtypes.MetricAlarm) { a.DatapointsToAlarm = aws.Int32(1) })},
			nil, `which fires on 1 of 2 datapoints`},
		{"alarm breaching", []astypes.ScalingPolicy{awsStep("out", "a")},
			[]cwtypes.MetricAlarm{withAlarm(awsAlarm("a", "out"), func(a *cwtypes.MetricAlarm) { a.TreatMissingData = aws.String("breaching") })},
			nil, `which treats missing data as "breaching"`},
		{"alarm actions disabled", []astypes.ScalingPolicy{awsStep("out", "a")},
			[]cwtypes.MetricAlarm{withAlarm(awsAlarm("a", "out"), func(a *cwtypes.MetricAlarm) { a.ActionsEnabled = aws.Bool(false) })},
			nil, `which has its actions disabled`},
		{"one-time action", nil, nil, []astypes.ScheduledUpdateGroupAction{awsAction("launch", func(a *astypes.ScheduledUpdateGroupAction) {
			a.Recurrence, a.StartTime = nil, &at
		})}, `scheduled action "launch" runs once (at 2030-06-01T08:00:00Z); the spec's actions recur`},
		{"action with end", nil, nil, []astypes.ScheduledUpdateGroupAction{awsAction("sale", func(a *astypes.ScheduledUpdateGroupAction) { a.EndTime = &at })},
			`scheduled action "sale" stops recurring at 2030-06-01T08:00:00Z`},
		{"action with six fields", nil, nil, []astypes.ScheduledUpdateGroupAction{awsAction("odd", func(a *astypes.ScheduledUpdateGroupAction) {
			a.Recurrence = aws.String("0 0 8 * * *")
		})}, `scheduled action "odd" recurs on "0 0 8 * * *", which is not a five-field cron expression`},
		{"action without sizes", nil, nil, []astypes.ScheduledUpdateGroupAction{awsAction("empty", func(a *astypes.ScheduledUpdateGroupAction) { a.DesiredCapacity = nil })},
			`scheduled action "empty" sets none of min, max and desired`},
	} {
		if strings.HasPrefix(tc.want, "which") {
			tc.want = `scaling policy "out" is triggered by the alarm "a", ` + tc.want
		}
		c, problems := Have(testGroup, tc.policies, tc.actions, tc.alarms)
		if len(problems) != 1 || !strings.HasPrefix(problems[0], tc.want) {
			t.Errorf("%s: problems %q, want one starting %q", tc.name, problems, tc.want)
		}
		if len(c.Policies) != 0 || len(c.Actions) != 0 || len(c.ForeignPolicies)+len(c.ForeignActions) != 1 {
			t.Errorf("%s: got %s, want only one foreign entry", tc.name, asJSON(c))
		}
	}
}

func TestHaveForeignAlarmsAndDiff(t *testing.T) {
	notify := withAlarm(awsAlarm("shared", "pair"), func(a *cwtypes.MetricAlarm) {
		a.AlarmActions = append(a.AlarmActions, "arn:aws:sns:us-east-1:123456789012:pager")
	})
	policies := []astypes.ScalingPolicy{
		awsStep("pair", "pair-a", "shared"), // two alarms: one its own, one that pages too
		{PolicyName: aws.String("forecast"), PolicyType: aws.String(policyTypePredictive),
			Alarms: []astypes.Alarm{{AlarmName: aws.String("TargetTracking-managed")}}},
		awsStep("out", testGroup+"-out", "stale"),
	}
	alarms := []cwtypes.MetricAlarm{awsAlarm("pair-a", "pair"), notify, awsAlarm(testGroup+"-out", "out"), awsAlarm("stale", "out")}
	actions := []astypes.ScheduledUpdateGroupAction{
		awsAction("sale", func(a *astypes.ScheduledUpdateGroupAction) {
			a.EndTime = aws.Time(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
		}),
		awsAction("once", func(a *astypes.ScheduledUpdateGroupAction) { a.Recurrence = nil }),
	}
	have, problems := Have(testGroup, policies, actions, alarms)
	wantForeign := []Foreign{{Name: "forecast"}, {Name: "out", Alarms: []string{"stale", testGroup + "-out"}}, {Name: "pair", Alarms: []string{"pair-a"}}}
	if asJSON(have.ForeignPolicies) != asJSON(wantForeign) || !slices.Equal(have.ForeignActions, []string{"once", "sale"}) {
		t.Fatalf("foreign policies %s actions %q", asJSON(have.ForeignPolicies), have.ForeignActions)
	}
	for i, prefix := range []string{`scaling policy "forecast"`, `scaling policy "out"`, `scaling policy "pair"`, `scheduled action "once"`, `scheduled action "sale"`} {
		if i >= len(problems) || !strings.HasPrefix(problems[i], prefix) {
			t.Fatalf("problems %q, want them in name order starting with %s", problems, prefix)
		}
	}

	// The spec wants "out" (replacing the foreign one) and "sale"; the rest goes.
	s := baseSpec()
	s.ScalingPolicies = []api.ScalingPolicy{{Name: "out", Step: &api.StepScaling{
		AdjustmentType: "ChangeInCapacity", Steps: []api.ScalingStep{{Lower: ptr(0.0), Adjustment: 1}},
		Alarm: api.MetricAlarm{Metric: api.CustomMetric{Namespace: "AWS/EC2", Name: "CPUUtilization", Statistic: "Average"},
			Comparison: "GreaterThanThreshold", Threshold: 70, Period: dur(time.Minute), EvaluationPeriods: 2},
	}}}
	s.ScheduledActions = []api.ScheduledAction{{Name: "sale", Recurrence: "0 8 * * *", Desired: ptr(3)}}
	d := Diff(mustWant(t, s, ""), have)
	if got := names(d.PutPolicies, func(p Policy) string { return p.Name }); !slices.Equal(got, []string{"out"}) {
		t.Errorf("put policies %q", got)
	}
	if !slices.Equal(d.DeletePolicies, []string{"forecast", "pair"}) {
		t.Errorf("delete policies %q", d.DeletePolicies)
	}
	// "shared" pages someone and stays; the wanted policy's own alarm stays.
	if !slices.Equal(d.DeleteAlarms, []string{"pair-a", "stale"}) {
		t.Errorf("delete alarms %q", d.DeleteAlarms)
	}
	if !slices.Equal(d.ResetActions, []string{"sale"}) || !slices.Equal(d.DeleteActions, []string{"once"}) {
		t.Errorf("reset actions %q, delete actions %q", d.ResetActions, d.DeleteActions)
	}
}

func TestHaveLeavesOutOtherGroups(t *testing.T) {
	p := awsStep("out", "a")
	p.AutoScalingGroupName = aws.String("web-v006")
	a := awsAction("peak", func(a *astypes.ScheduledUpdateGroupAction) { a.AutoScalingGroupName = aws.String("web-v006") })
	c, problems := Have(testGroup, []astypes.ScalingPolicy{p}, []astypes.ScheduledUpdateGroupAction{a}, nil)
	if len(c.Policies)+len(c.ForeignPolicies)+len(c.Actions)+len(c.ForeignActions) != 0 || len(problems) != 2 ||
		!strings.Contains(problems[0], `belongs to group "web-v006", not "web-v007"`) {
		t.Fatalf("config %s problems %q", asJSON(c), problems)
	}
}

func TestHaveIgnoresTargetTrackingAlarms(t *testing.T) {
	p := awsTT("cpu", astypes.TargetTrackingConfiguration{PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization}})
	p.Alarms = []astypes.Alarm{{AlarmName: aws.String("TargetTracking-web-v007-AlarmHigh-1")}, {AlarmName: aws.String("TargetTracking-web-v007-AlarmLow-2")}}
	c, problems := Have(testGroup, []astypes.ScalingPolicy{p}, nil, nil)
	if len(problems) != 0 || len(c.Policies) != 1 || c.Policies[0].AlarmName != "" {
		t.Fatalf("config %s problems %q", asJSON(c), problems)
	}
}
