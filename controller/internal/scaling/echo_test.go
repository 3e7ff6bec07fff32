package scaling

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// echo plays AWS for one group in the round-trip tests: it keeps what the
// put requests say the way the Describe calls show it. With defaults it
// also fills in what AWS adds to a description that the requests leave
// out. Like AWS, a put of an existing scheduled action keeps the sizes it
// does not state, and deleting a policy leaves its alarms in place.
type echo struct {
	group    string
	defaults bool
	policies map[string]astypes.ScalingPolicy
	alarms   map[string]cwtypes.MetricAlarm
	actions  map[string]astypes.ScheduledUpdateGroupAction
	next     int
}

func newEcho(group string, defaults bool) *echo {
	return &echo{
		group: group, defaults: defaults,
		policies: map[string]astypes.ScalingPolicy{},
		alarms:   map[string]cwtypes.MetricAlarm{},
		actions:  map[string]astypes.ScheduledUpdateGroupAction{},
	}
}

func (e *echo) arn(kind, name string) string {
	e.next++
	return fmt.Sprintf("arn:aws:autoscaling:us-east-1:123456789012:%s:%08d:autoScalingGroupName/%s:%s", kind, e.next, e.group, name)
}

func (e *echo) putPolicy(in *autoscaling.PutScalingPolicyInput) string {
	name := aws.ToString(in.PolicyName)
	arn := e.policies[name].PolicyARN
	if arn == nil {
		arn = aws.String(e.arn("scalingPolicy", "policyName/"+name))
	}
	p := astypes.ScalingPolicy{
		AutoScalingGroupName: in.AutoScalingGroupName, PolicyName: in.PolicyName, PolicyARN: arn,
		PolicyType: in.PolicyType, AdjustmentType: in.AdjustmentType, Cooldown: in.Cooldown, Enabled: in.Enabled,
		EstimatedInstanceWarmup: in.EstimatedInstanceWarmup, MetricAggregationType: in.MetricAggregationType,
		MinAdjustmentMagnitude: in.MinAdjustmentMagnitude,
		ScalingAdjustment:      in.ScalingAdjustment, StepAdjustments: slices.Clone(in.StepAdjustments),
	}
	if c := in.TargetTrackingConfiguration; c != nil {
		cfg := *c
		if cm := c.CustomizedMetricSpecification; cm != nil {
			m := *cm
			cfg.CustomizedMetricSpecification = &m
		}
		p.TargetTrackingConfiguration = &cfg
	}
	if e.defaults {
		fillPolicyDefaults(&p)
	}
	e.policies[name] = p
	return *arn
}

// fillPolicyDefaults adds what AWS shows for settings a put left out.
func fillPolicyDefaults(p *astypes.ScalingPolicy) {
	if p.Enabled == nil {
		p.Enabled = aws.Bool(true)
	}
	switch aws.ToString(p.PolicyType) {
	case policyTypeStep:
		p.EstimatedInstanceWarmup = cmp.Or(p.EstimatedInstanceWarmup, aws.Int32(300))
		p.MetricAggregationType = cmp.Or(p.MetricAggregationType, aws.String("Average"))
	case policyTypeTargetTracking:
		p.EstimatedInstanceWarmup = cmp.Or(p.EstimatedInstanceWarmup, aws.Int32(300))
		cfg := p.TargetTrackingConfiguration
		cfg.DisableScaleIn = cmp.Or(cfg.DisableScaleIn, aws.Bool(false))
		if cm := cfg.CustomizedMetricSpecification; cm != nil {
			cm.Period = cmp.Or(cm.Period, aws.Int32(60))
			cm.Unit = cmp.Or(cm.Unit, aws.String(""))
		}
	}
}

func (e *echo) putAlarm(in *cloudwatch.PutMetricAlarmInput) {
	a := cwtypes.MetricAlarm{
		AlarmName: in.AlarmName, AlarmArn: aws.String("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + aws.ToString(in.AlarmName)),
		AlarmDescription: in.AlarmDescription, ActionsEnabled: in.ActionsEnabled, AlarmActions: slices.Clone(in.AlarmActions),
		OKActions: in.OKActions, InsufficientDataActions: in.InsufficientDataActions,
		ComparisonOperator: in.ComparisonOperator, DatapointsToAlarm: in.DatapointsToAlarm,
		Dimensions: slices.Clone(in.Dimensions), EvaluationPeriods: in.EvaluationPeriods, ExtendedStatistic: in.ExtendedStatistic,
		MetricName: in.MetricName, Metrics: in.Metrics, Namespace: in.Namespace, Period: in.Period,
		Statistic: in.Statistic, Threshold: in.Threshold, TreatMissingData: in.TreatMissingData, Unit: in.Unit,
	}
	if e.defaults {
		a.ActionsEnabled = cmp.Or(a.ActionsEnabled, aws.Bool(true))
		a.TreatMissingData = cmp.Or(a.TreatMissingData, aws.String("missing"))
		a.DatapointsToAlarm = cmp.Or(a.DatapointsToAlarm, a.EvaluationPeriods)
		a.OKActions, a.InsufficientDataActions = []string{}, []string{}
		a.StateValue = cwtypes.StateValueInsufficientData
	}
	e.alarms[aws.ToString(in.AlarmName)] = a
}

func (e *echo) putAction(in *autoscaling.PutScheduledUpdateGroupActionInput) {
	name := aws.ToString(in.ScheduledActionName)
	old, exists := e.actions[name]
	a := astypes.ScheduledUpdateGroupAction{
		AutoScalingGroupName: in.AutoScalingGroupName, ScheduledActionName: in.ScheduledActionName,
		ScheduledActionARN: cmp.Or(old.ScheduledActionARN, aws.String(e.arn("scheduledUpdateGroupAction", "scheduledActionName/"+name))),
		Recurrence:         in.Recurrence, TimeZone: in.TimeZone, StartTime: in.StartTime, EndTime: in.EndTime,
		MinSize: in.MinSize, MaxSize: in.MaxSize, DesiredCapacity: in.DesiredCapacity,
	}
	if exists { // a put keeps what it does not state
		a.MinSize, a.MaxSize = cmp.Or(a.MinSize, old.MinSize), cmp.Or(a.MaxSize, old.MaxSize)
		a.DesiredCapacity = cmp.Or(a.DesiredCapacity, old.DesiredCapacity)
		a.TimeZone, a.EndTime = cmp.Or(a.TimeZone, old.TimeZone), cmp.Or(a.EndTime, old.EndTime)
	}
	if e.defaults && a.StartTime == nil {
		next := time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC)
		a.StartTime, a.Time = &next, &next
	}
	e.actions[name] = a
}

func (e *echo) deletePolicy(name string) {
	arn := aws.ToString(e.policies[name].PolicyARN)
	delete(e.policies, name)
	for n, a := range e.alarms {
		a.AlarmActions = slices.DeleteFunc(slices.Clone(a.AlarmActions), func(s string) bool { return s == arn })
		e.alarms[n] = a
	}
}

// apply does what an executor does with c.
func (e *echo) apply(c Changes) {
	for _, p := range c.PutPolicies {
		arn := e.putPolicy(PutPolicyInput(e.group, p))
		if in := PutAlarmInput(e.group, p, arn); in != nil {
			e.putAlarm(in)
		}
	}
	for _, name := range c.ResetActions {
		delete(e.actions, name)
	}
	for _, a := range c.PutActions {
		e.putAction(PutScheduledInput(e.group, a))
	}
	for _, name := range c.DeletePolicies {
		e.deletePolicy(name)
	}
	for _, name := range c.DeleteAlarms {
		delete(e.alarms, name)
	}
	for _, name := range c.DeleteActions {
		delete(e.actions, name)
	}
}

// describe returns what DescribePolicies, DescribeScheduledActions and
// DescribeAlarms (for the alarms step and simple policies list) show, in
// reverse name order so Have cannot rely on order.
func (e *echo) describe() ([]astypes.ScalingPolicy, []astypes.ScheduledUpdateGroupAction, []cwtypes.MetricAlarm) {
	var (
		policies []astypes.ScalingPolicy
		alarms   []cwtypes.MetricAlarm
	)
	for _, name := range reverseKeys(e.policies) {
		p := e.policies[name]
		p.Alarms = nil
		for _, an := range slices.Sorted(maps.Keys(e.alarms)) {
			if a := e.alarms[an]; slices.Contains(a.AlarmActions, aws.ToString(p.PolicyARN)) {
				p.Alarms = append(p.Alarms, astypes.Alarm{AlarmName: a.AlarmName, AlarmARN: a.AlarmArn})
				alarms = append(alarms, a)
			}
		}
		if e.defaults && aws.ToString(p.PolicyType) == policyTypeTargetTracking {
			for _, side := range []string{"AlarmHigh", "AlarmLow"} {
				p.Alarms = append(p.Alarms, astypes.Alarm{AlarmName: aws.String("TargetTracking-" + e.group + "-" + side + "-0f1e2d3c")})
			}
		}
		policies = append(policies, p)
	}
	var actions []astypes.ScheduledUpdateGroupAction
	for _, name := range reverseKeys(e.actions) {
		actions = append(actions, e.actions[name])
	}
	return policies, actions, alarms
}

func (e *echo) have() (Config, []string) {
	p, a, al := e.describe()
	return Have(e.group, p, a, al)
}

func reverseKeys[V any](m map[string]V) []string {
	keys := slices.Sorted(maps.Keys(m))
	slices.Reverse(keys)
	return keys
}
