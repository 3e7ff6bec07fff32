package simaws

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// PutMetricAlarm creates or replaces a metric alarm. A new alarm starts
// in INSUFFICIENT_DATA; an existing one keeps its state while the put
// overwrites its whole definition. Tags are not kept (DescribeAlarms does
// not show them). The simulation never evaluates alarms: their state
// changes only through the setup helpers.
func (c *Cloud) PutMetricAlarm(ctx context.Context, in *cloudwatch.PutMetricAlarmInput, _ ...func(*cloudwatch.Options)) (*cloudwatch.PutMetricAlarmOutput, error) {
	return run(ctx, c, opPutMetricAlarm, func(callCtx) (*cloudwatch.PutMetricAlarmOutput, error) {
		if in == nil {
			in = &cloudwatch.PutMetricAlarmInput{}
		}
		if err := checkMetricAlarm(in); err != nil {
			return nil, err
		}
		in = cloneJSON(in)
		c.putAlarm(aws.ToString(in.AlarmName), types.MetricAlarm{
			AlarmDescription: in.AlarmDescription, ActionsEnabled: aws.Bool(in.ActionsEnabled == nil || *in.ActionsEnabled),
			AlarmActions: orEmpty(in.AlarmActions), OKActions: orEmpty(in.OKActions), InsufficientDataActions: orEmpty(in.InsufficientDataActions),
			MetricName: in.MetricName, Namespace: in.Namespace, Statistic: in.Statistic, ExtendedStatistic: in.ExtendedStatistic,
			Dimensions: in.Dimensions, Period: in.Period, Unit: in.Unit, EvaluationPeriods: in.EvaluationPeriods,
			DatapointsToAlarm: in.DatapointsToAlarm, Threshold: in.Threshold, ComparisonOperator: in.ComparisonOperator,
			TreatMissingData: in.TreatMissingData, EvaluateLowSampleCountPercentile: in.EvaluateLowSampleCountPercentile,
			Metrics: in.Metrics, ThresholdMetricId: in.ThresholdMetricId,
		})
		return &cloudwatch.PutMetricAlarmOutput{}, nil
	})
}

// putAlarm stores def as the named alarm's definition, creating the alarm
// in INSUFFICIENT_DATA if it is new.
func (c *Cloud) putAlarm(name string, def types.MetricAlarm) {
	a, ok := c.alarms[name]
	if !ok {
		a = &alarm{name: name, state: types.StateValueInsufficientData, reason: "Unchecked: Initial alarm creation",
			updated: c.now, transitioned: c.now}
		c.alarms[name] = a
	}
	a.def, a.configured = &def, c.now
}

// DeleteAlarms deletes the named alarms (1 to 100 names). Names CloudWatch
// does not know are ignored; the others are deleted.
func (c *Cloud) DeleteAlarms(ctx context.Context, in *cloudwatch.DeleteAlarmsInput, _ ...func(*cloudwatch.Options)) (*cloudwatch.DeleteAlarmsOutput, error) {
	return run(ctx, c, opDeleteAlarms, func(callCtx) (*cloudwatch.DeleteAlarmsOutput, error) {
		if in == nil || len(in.AlarmNames) == 0 || len(in.AlarmNames) > 100 {
			return nil, validationError("AlarmNames must name 1 to 100 alarms")
		}
		for _, name := range in.AlarmNames {
			delete(c.alarms, name)
		}
		return &cloudwatch.DeleteAlarmsOutput{}, nil
	})
}

// removeAlarmAction takes arn out of every alarm's actions, as deleting a
// step or simple scaling policy does.
func (c *Cloud) removeAlarmAction(arn string) {
	drop := func(actions []string) []string {
		return slices.DeleteFunc(actions, func(a string) bool { return a == arn })
	}
	for _, name := range sortedKeys(c.alarms) {
		if d := c.alarms[name].def; d != nil {
			d.AlarmActions, d.OKActions, d.InsufficientDataActions = drop(d.AlarmActions), drop(d.OKActions), drop(d.InsufficientDataActions)
		}
	}
}

// alarmsInvoking returns the names of the alarms with arn among their
// actions, sorted.
func (c *Cloud) alarmsInvoking(arn string) []string {
	var out []string
	for _, name := range sortedKeys(c.alarms) {
		d := c.alarms[name].def
		if d != nil && (slices.Contains(d.AlarmActions, arn) || slices.Contains(d.OKActions, arn) || slices.Contains(d.InsufficientDataActions, arn)) {
			out = append(out, name)
		}
	}
	return out
}

// orEmpty is s, or an empty list for nil: DescribeAlarms shows every
// action list, empty or not.
func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
