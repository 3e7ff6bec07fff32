package scaling

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/api"
)

// comparisons are the alarm comparisons a spec may name.
var comparisons = []string{
	string(cwtypes.ComparisonOperatorGreaterThanThreshold), string(cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold),
	string(cwtypes.ComparisonOperatorLessThanThreshold), string(cwtypes.ComparisonOperatorLessThanOrEqualToThreshold),
}

// haveAlarm converts the one alarm that triggers the step or simple policy
// sp, or says why it cannot.
func haveAlarm(sp astypes.ScalingPolicy, alarms map[string]cwtypes.MetricAlarm) (api.MetricAlarm, string, string) {
	switch len(sp.Alarms) {
	case 0:
		return api.MetricAlarm{}, "", "has no alarm, so nothing triggers it; the spec gives each step or simple policy one alarm"
	case 1:
	default:
		names := make([]string, len(sp.Alarms))
		for i, a := range sp.Alarms {
			names[i] = fmt.Sprintf("%q", aws.ToString(a.AlarmName))
		}
		slices.Sort(names)
		return api.MetricAlarm{}, "", fmt.Sprintf("is triggered by %d alarms (%s); the spec gives each step or simple policy one alarm",
			len(names), strings.Join(names, ", "))
	}
	name := aws.ToString(sp.Alarms[0].AlarmName)
	a, ok := alarms[name]
	if !ok {
		return api.MetricAlarm{}, "", fmt.Sprintf("is triggered by the alarm %q, which is missing", name)
	}
	if why := alarmProblem(a, aws.ToString(sp.PolicyARN)); why != "" {
		return api.MetricAlarm{}, "", fmt.Sprintf("is triggered by the alarm %q, which %s", name, why)
	}
	dims := map[string]string{}
	for _, d := range a.Dimensions {
		dims[aws.ToString(d.Name)] = aws.ToString(d.Value)
	}
	return api.MetricAlarm{
		Metric: api.CustomMetric{
			Namespace: aws.ToString(a.Namespace), Name: aws.ToString(a.MetricName), Dimensions: dims,
			Statistic: string(a.Statistic), Unit: string(a.Unit),
		},
		Comparison:        string(a.ComparisonOperator),
		Threshold:         aws.ToFloat64(a.Threshold),
		Period:            secondsDuration(aws.ToInt32(a.Period)),
		EvaluationPeriods: int(aws.ToInt32(a.EvaluationPeriods)),
	}, name, ""
}

// alarmProblem says what about alarm a the spec cannot express, or "".
func alarmProblem(a cwtypes.MetricAlarm, policyARN string) string {
	switch {
	case len(a.Metrics) > 0 || a.ThresholdMetricId != nil || a.EvaluationCriteria != nil:
		return "uses a metric math expression or query, which the spec cannot express"
	case a.ExtendedStatistic != nil:
		return fmt.Sprintf("uses the percentile statistic %s, which the spec cannot express", *a.ExtendedStatistic)
	case !slices.Contains(comparisons, string(a.ComparisonOperator)):
		return fmt.Sprintf("compares with %q, which is not one of %s", a.ComparisonOperator, strings.Join(comparisons, ", "))
	case !onlyTriggers(a, policyARN):
		return "has actions besides triggering this policy, which the spec cannot express"
	case a.ActionsEnabled != nil && !*a.ActionsEnabled:
		return "has its actions disabled"
	case a.DatapointsToAlarm != nil && aws.ToInt32(a.DatapointsToAlarm) != aws.ToInt32(a.EvaluationPeriods):
		return fmt.Sprintf("fires on %d of %d datapoints; the spec's alarms fire when every evaluated datapoint breaches",
			aws.ToInt32(a.DatapointsToAlarm), aws.ToInt32(a.EvaluationPeriods))
	case a.TreatMissingData != nil && *a.TreatMissingData != "" && *a.TreatMissingData != "missing":
		return fmt.Sprintf("treats missing data as %q; the spec's alarms treat it as missing", *a.TreatMissingData)
	case !isFinite(aws.ToFloat64(a.Threshold)):
		return fmt.Sprintf("has the threshold %g, which is not a finite number", aws.ToFloat64(a.Threshold))
	}
	return ""
}

// onlyTriggers reports whether a's only action is the policy policyARN
// (any single alarm action when the policy's ARN is not known).
func onlyTriggers(a cwtypes.MetricAlarm, policyARN string) bool {
	if len(a.AlarmActions) != 1 || len(a.OKActions) > 0 || len(a.InsufficientDataActions) > 0 {
		return false
	}
	return policyARN == "" || a.AlarmActions[0] == policyARN
}

// ownAlarms lists the alarms of the step or simple policy sp that trigger
// only it: deleting the policy leaves them with nothing to do. Alarms with
// other actions are someone else's.
func ownAlarms(sp astypes.ScalingPolicy, alarms map[string]cwtypes.MetricAlarm) []string {
	if t := aws.ToString(sp.PolicyType); t != policyTypeStep && t != policyTypeSimple && t != "" {
		return nil
	}
	var out []string
	for _, ref := range sp.Alarms {
		name := aws.ToString(ref.AlarmName)
		if a, ok := alarms[name]; ok && onlyTriggers(a, aws.ToString(sp.PolicyARN)) {
			out = append(out, name)
		}
	}
	return out
}

// secondsDuration is s seconds as a Duration.
func secondsDuration(s int32) api.Duration {
	return api.Duration(time.Duration(s) * time.Second)
}
