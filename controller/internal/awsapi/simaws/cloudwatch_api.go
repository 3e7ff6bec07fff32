package simaws

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// alarm is a CloudWatch metric alarm: its state (set by the setup helpers,
// never evaluated) and, once PutMetricAlarm or a target tracking policy
// defined it, its definition.
type alarm struct {
	name         string
	state        types.StateValue
	reason       string
	updated      time.Time
	transitioned time.Time
	def          *types.MetricAlarm // nil for an alarm only the setup helpers made
	configured   time.Time          // when def was last put
}

// CreateAlarm creates a metric alarm in state OK; an existing alarm is left
// as it is.
func (c *Cloud) CreateAlarm(name string) {
	c.locked(func() {
		if _, ok := c.alarms[name]; !ok {
			c.alarms[name] = &alarm{name: name, state: types.StateValueOk, reason: "simaws: created", updated: c.now, transitioned: c.now}
		}
	})
}

// SetAlarmState sets an alarm's state ("OK", "ALARM" or
// "INSUFFICIENT_DATA"), creating the alarm if needed. It panics on any
// other state.
func (c *Cloud) SetAlarmState(name, state string) {
	s := types.StateValue(state)
	if !slices.Contains(s.Values(), s) {
		panic(fmt.Sprintf("simaws: invalid alarm state %q", state))
	}
	c.locked(func() {
		a, ok := c.alarms[name]
		if !ok {
			a = &alarm{name: name, state: s, transitioned: c.now}
			c.alarms[name] = a
		}
		if a.state != s {
			a.state, a.transitioned = s, c.now
		}
		a.reason, a.updated = "simaws: set to "+state, c.now
	})
}

// DescribeAlarms returns metric alarms by AlarmNames (at most 100; unknown
// names are left out) or AlarmNamePrefix, optionally by StateValue, sorted
// by name, MaxRecords (default 50, at most 100) per page.
func (c *Cloud) DescribeAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput, _ ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error) {
	return run(ctx, c, opDescribeAlarms, func(callCtx) (*cloudwatch.DescribeAlarmsOutput, error) {
		if in == nil {
			in = &cloudwatch.DescribeAlarmsInput{}
		}
		limit, ok := pageLimit(in.MaxRecords, 50, 100)
		if !ok || len(in.AlarmNames) > 100 {
			return nil, apiError(codeInvalidParameter, "MaxRecords and the number of AlarmNames must be between 1 and 100")
		}
		if in.AlarmNamePrefix != nil && len(in.AlarmNames) > 0 {
			return nil, apiError(codeParamCombination, "AlarmNames and AlarmNamePrefix cannot be combined")
		}
		page, next, err := paginate(c.matchingAlarms(in), func(a *alarm) string { return a.name }, opDescribeAlarms, aws.ToString(in.NextToken), limit)
		if err != nil {
			return nil, apiError(codeInvalidNextToken, "The token '%s' is invalid.", aws.ToString(in.NextToken))
		}
		out := &cloudwatch.DescribeAlarmsOutput{MetricAlarms: []types.MetricAlarm{}, CompositeAlarms: []types.CompositeAlarm{}, NextToken: optString(next)}
		for _, a := range page {
			out.MetricAlarms = append(out.MetricAlarms, c.renderAlarm(a))
		}
		return out, nil
	})
}

func (c *Cloud) matchingAlarms(in *cloudwatch.DescribeAlarmsInput) []*alarm {
	if len(in.AlarmTypes) > 0 && !slices.Contains(in.AlarmTypes, types.AlarmTypeMetricAlarm) {
		return nil
	}
	var out []*alarm
	for _, name := range sortedKeys(c.alarms) {
		a := c.alarms[name]
		switch {
		case len(in.AlarmNames) > 0 && !slices.Contains(in.AlarmNames, name),
			in.AlarmNamePrefix != nil && !strings.HasPrefix(name, *in.AlarmNamePrefix),
			in.StateValue != "" && in.StateValue != a.state:
			continue
		}
		out = append(out, a)
	}
	return out
}

// renderAlarm is an alarm as DescribeAlarms shows it: its definition, if
// it has one, with its name, ARN and state.
func (c *Cloud) renderAlarm(a *alarm) types.MetricAlarm {
	out := types.MetricAlarm{ActionsEnabled: aws.Bool(true)}
	if a.def != nil {
		out = cloneJSON(*a.def)
		out.AlarmConfigurationUpdatedTimestamp = aws.Time(a.configured)
	}
	out.AlarmName = aws.String(a.name)
	out.AlarmArn = aws.String(c.alarmARN(a.name))
	out.StateValue = a.state
	out.StateReason = aws.String(a.reason)
	out.StateUpdatedTimestamp = aws.Time(a.updated)
	out.StateTransitionedTimestamp = aws.Time(a.transitioned)
	return out
}

func (c *Cloud) alarmARN(name string) string {
	return fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s", c.cfg.Region, c.cfg.AccountID, name)
}
