package simaws

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// The alarms Auto Scaling creates for a target tracking policy: a high
// alarm (three minutes above the target scales out) and a low one
// (fifteen minutes below 90% of it scales in), both invoking the policy.
const (
	trackingHighPeriods = 3
	trackingLowPeriods  = 15
	trackingLowFraction = 0.9
)

// putTrackingAlarms creates or updates a target tracking policy's alarms;
// their names stay the same across puts of the policy.
func (c *Cloud) putTrackingAlarms(g *group, p *scalingPolicy) {
	if len(p.alarms) == 0 {
		p.alarms = []string{
			"TargetTracking-" + g.name + "-AlarmHigh-" + c.nameUUID(),
			"TargetTracking-" + g.name + "-AlarmLow-" + c.nameUUID(),
		}
	}
	tt := p.def.TargetTrackingConfiguration
	target := aws.ToFloat64(tt.TargetValue)
	base := trackingMetric(g.name, tt)
	base.AlarmDescription = aws.String("DO NOT EDIT OR DELETE. For TargetTrackingScaling policy " + p.arn + ".")
	base.ActionsEnabled = aws.Bool(true)
	base.AlarmActions, base.OKActions, base.InsufficientDataActions = []string{p.arn}, []string{}, []string{}
	high, low := base, cloneJSON(base)
	high.ComparisonOperator, high.Threshold = cwtypes.ComparisonOperatorGreaterThanThreshold, aws.Float64(target)
	high.EvaluationPeriods, high.DatapointsToAlarm = aws.Int32(trackingHighPeriods), aws.Int32(trackingHighPeriods)
	low.ComparisonOperator, low.Threshold = cwtypes.ComparisonOperatorLessThanThreshold, aws.Float64(target*trackingLowFraction)
	low.EvaluationPeriods, low.DatapointsToAlarm = aws.Int32(trackingLowPeriods), aws.Int32(trackingLowPeriods)
	c.putAlarm(p.alarms[0], high)
	c.putAlarm(p.alarms[1], low)
}

// dropTrackingAlarms deletes the alarms a target tracking policy had.
func (c *Cloud) dropTrackingAlarms(p *scalingPolicy) {
	for _, name := range p.alarms {
		delete(c.alarms, name)
	}
	p.alarms = nil
}

// policyAlarms are the alarms DescribePolicies shows for a policy: those
// whose actions invoke it (for a target tracking policy, its own).
func (c *Cloud) policyAlarms(p *scalingPolicy) []astypes.Alarm {
	out := []astypes.Alarm{}
	for _, name := range c.alarmsInvoking(p.arn) {
		out = append(out, astypes.Alarm{AlarmName: aws.String(name), AlarmARN: aws.String(c.alarmARN(name))})
	}
	return out
}

// predefinedAlarmMetrics are the CloudWatch metrics behind the predefined
// metric types: namespace, metric name, statistic.
var predefinedAlarmMetrics = map[astypes.MetricType][3]string{
	astypes.MetricTypeASGAverageCPUUtilization: {"AWS/EC2", "CPUUtilization", "Average"},
	astypes.MetricTypeASGAverageNetworkIn:      {"AWS/EC2", "NetworkIn", "Average"},
	astypes.MetricTypeASGAverageNetworkOut:     {"AWS/EC2", "NetworkOut", "Average"},
	astypes.MetricTypeALBRequestCountPerTarget: {"AWS/ApplicationELB", "RequestCountPerTarget", "Sum"},
}

// trackingMetric is the metric a target tracking policy's alarms watch.
func trackingMetric(group string, tt *astypes.TargetTrackingConfiguration) cwtypes.MetricAlarm {
	if pre := tt.PredefinedMetricSpecification; pre != nil {
		m := predefinedAlarmMetrics[pre.PredefinedMetricType]
		dim := cwtypes.Dimension{Name: aws.String("AutoScalingGroupName"), Value: aws.String(group)}
		if match := resourceLabel.FindStringSubmatch(aws.ToString(pre.ResourceLabel)); match != nil {
			dim = cwtypes.Dimension{Name: aws.String("TargetGroup"), Value: aws.String(match[1])}
		}
		return cwtypes.MetricAlarm{Namespace: aws.String(m[0]), MetricName: aws.String(m[1]), Statistic: cwtypes.Statistic(m[2]),
			Dimensions: []cwtypes.Dimension{dim}, Period: aws.Int32(60)}
	}
	cust := tt.CustomizedMetricSpecification
	if len(cust.Metrics) > 0 {
		return cwtypes.MetricAlarm{Metrics: metricQueries(cust.Metrics)}
	}
	out := cwtypes.MetricAlarm{Namespace: cust.Namespace, MetricName: cust.MetricName, Statistic: cwtypes.Statistic(cust.Statistic),
		Period: aws.Int32(max(60, aws.ToInt32(cust.Period))), Dimensions: []cwtypes.Dimension{}}
	if cust.Unit != nil {
		out.Unit = cwtypes.StandardUnit(*cust.Unit)
	}
	for _, d := range cust.Dimensions {
		out.Dimensions = append(out.Dimensions, cwtypes.Dimension{Name: d.Name, Value: d.Value})
	}
	return out
}

// metricQueries converts a customized metric's math to the alarm's.
func metricQueries(qs []astypes.TargetTrackingMetricDataQuery) []cwtypes.MetricDataQuery {
	var out []cwtypes.MetricDataQuery
	for _, q := range qs {
		mq := cwtypes.MetricDataQuery{Id: q.Id, Expression: q.Expression, Label: q.Label, ReturnData: aws.Bool(q.ReturnData == nil || *q.ReturnData)}
		if s := q.MetricStat; s != nil && s.Metric != nil {
			m := &cwtypes.Metric{Namespace: s.Metric.Namespace, MetricName: s.Metric.MetricName}
			for _, d := range s.Metric.Dimensions {
				m.Dimensions = append(m.Dimensions, cwtypes.Dimension{Name: d.Name, Value: d.Value})
			}
			mq.MetricStat = &cwtypes.MetricStat{Metric: m, Stat: s.Stat, Period: aws.Int32(max(60, aws.ToInt32(s.Period)))}
			if s.Unit != nil {
				mq.MetricStat.Unit = cwtypes.StandardUnit(*s.Unit)
			}
		}
		out = append(out, mq)
	}
	return out
}
