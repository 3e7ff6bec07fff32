package awsapitest

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// alarmPut is the alarm asgctl makes for a policy: average CPU of the
// group at or above threshold for two of three minutes invokes it.
func alarmPut(name, policy string, threshold float64) *cloudwatch.PutMetricAlarmInput {
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(name), AlarmDescription: aws.String("asgctl: " + name), AlarmActions: []string{policy},
		Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"), Statistic: cwtypes.StatisticAverage,
		Dimensions: []cwtypes.Dimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String("web-v001")}},
		Period:     aws.Int32(60), EvaluationPeriods: aws.Int32(3), DatapointsToAlarm: aws.Int32(2), Threshold: aws.Float64(threshold),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold, TreatMissingData: aws.String("notBreaching"),
	}
}

// alarmView is the part of an alarm the suite sets, as JSON.
type alarmView struct {
	Description, Namespace, Metric, Statistic, Comparison, Missing string
	Actions                                                        []string
	Dimensions                                                     []cwtypes.Dimension
	Period, Evaluations, Datapoints                                *int32
	Threshold                                                      *float64
}

func viewOfAlarmPut(in *cloudwatch.PutMetricAlarmInput) string {
	return alarmView{aws.ToString(in.AlarmDescription), aws.ToString(in.Namespace), aws.ToString(in.MetricName), string(in.Statistic),
		string(in.ComparisonOperator), aws.ToString(in.TreatMissingData), in.AlarmActions, in.Dimensions,
		in.Period, in.EvaluationPeriods, in.DatapointsToAlarm, in.Threshold}.json()
}

func viewOfAlarm(a cwtypes.MetricAlarm) string {
	return alarmView{aws.ToString(a.AlarmDescription), aws.ToString(a.Namespace), aws.ToString(a.MetricName), string(a.Statistic),
		string(a.ComparisonOperator), aws.ToString(a.TreatMissingData), a.AlarmActions, a.Dimensions,
		a.Period, a.EvaluationPeriods, a.DatapointsToAlarm, a.Threshold}.json()
}

func (v alarmView) json() string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (s *suite) putAlarm(t *testing.T, in *cloudwatch.PutMetricAlarmInput) {
	t.Helper()
	_, err := s.c.CloudWatch.PutMetricAlarm(t.Context(), in)
	noErr(t, err, "put alarm "+aws.ToString(in.AlarmName))
}

// alarm returns the named alarm's definition, failing if it is missing.
func (s *suite) alarm(t *testing.T, name string) cwtypes.MetricAlarm {
	t.Helper()
	got, err := awsapi.DescribeAlarmsByName(t.Context(), s.c.CloudWatch, []string{name})
	noErr(t, err, "describe alarm "+name)
	if len(got) != 1 {
		t.Fatalf("describe alarm %s found %d alarms, want 1", name, len(got))
	}
	return got[0]
}

// alarmNamed returns which of the named alarms exist.
func (s *suite) alarmNamed(t *testing.T, names ...string) []string {
	t.Helper()
	got, err := awsapi.DescribeAlarmsByName(t.Context(), s.c.CloudWatch, names)
	noErr(t, err, "describe alarms")
	out := []string{}
	for _, a := range got {
		out = append(out, aws.ToString(a.AlarmName))
	}
	return out
}
