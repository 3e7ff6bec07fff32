package scaling

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/api"
)

// AlarmName is the name of the CloudWatch alarm that triggers the step or
// simple policy named policy on group: "<group>-<policy>".
func AlarmName(group, policy string) string {
	return group + "-" + policy
}

// alarmOf returns the alarm of a step or simple policy.
func alarmOf(p Policy) (api.MetricAlarm, bool) {
	switch {
	case p.Step != nil:
		return p.Step.Alarm, true
	case p.Simple != nil:
		return p.Simple.Alarm, true
	}
	return api.MetricAlarm{}, false
}

// PutAlarmInput is the PutMetricAlarm request for the alarm of the step or
// simple policy p on group, named AlarmName(group, p.Name), whose only
// action is policyARN (what PutScalingPolicy returned). "{group}"
// dimension values are replaced by group; the period is in seconds. It is
// nil for a target tracking policy, whose alarms AWS manages.
func PutAlarmInput(group string, p Policy, policyARN string) *cloudwatch.PutMetricAlarmInput {
	a, ok := alarmOf(p)
	if !ok {
		return nil
	}
	m := a.Metric
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String(AlarmName(group, p.Name)),
		AlarmDescription:   aws.String(fmt.Sprintf("asgctl: triggers scaling policy %q of Auto Scaling group %q", p.Name, group)),
		ActionsEnabled:     aws.Bool(true),
		AlarmActions:       []string{policyARN},
		Namespace:          aws.String(m.Namespace),
		MetricName:         aws.String(m.Name),
		Dimensions:         cwDimensions(m.Dimensions, group),
		Statistic:          cwtypes.Statistic(m.Statistic),
		Unit:               cwtypes.StandardUnit(m.Unit),
		Period:             aws.Int32(seconds(a.Period)),
		EvaluationPeriods:  aws.Int32(int32of(a.EvaluationPeriods)),
		Threshold:          aws.Float64(a.Threshold),
		ComparisonOperator: cwtypes.ComparisonOperator(a.Comparison),
	}
}

// cwDimensions lists dims sorted by name, "{group}" replaced by group.
func cwDimensions(dims map[string]string, group string) []cwtypes.Dimension {
	var out []cwtypes.Dimension
	for _, k := range sortedKeys(dims) {
		out = append(out, cwtypes.Dimension{Name: aws.String(k), Value: aws.String(groupValue(dims[k], group))})
	}
	return out
}
