package awsapitest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// metricNamespace is where the suite puts metric data: AWS's own
// namespaces (AWS/...) take none from callers.
const metricNamespace = "asgctl/test"

// targetGroupDims are the dimensions of a target group's load balancer
// metrics, as CloudWatch files them.
var targetGroupDims = []cwtypes.Dimension{
	{Name: aws.String(awsapi.DimensionTargetGroup), Value: aws.String("targetgroup/web-blue/0123456789abcdef")},
	{Name: aws.String(awsapi.DimensionLoadBalancer), Value: aws.String("app/asgctl-test/50dc6c495c0c9188")},
}

// countAt is a datum of one value of metric name with targetGroupDims.
func countAt(name string, at time.Time, value float64) cwtypes.MetricDatum {
	return cwtypes.MetricDatum{MetricName: aws.String(name), Dimensions: targetGroupDims, Timestamp: aws.Time(at),
		Value: aws.Float64(value), Unit: cwtypes.StandardUnitCount}
}

// secondsAt is a datum of values with counts, in seconds.
func secondsAt(name string, at time.Time, values, counts []float64) cwtypes.MetricDatum {
	return cwtypes.MetricDatum{MetricName: aws.String(name), Dimensions: targetGroupDims, Timestamp: aws.Time(at),
		Values: values, Counts: counts, Unit: cwtypes.StandardUnitSeconds}
}

func (s *suite) putMetrics(t *testing.T, data ...cwtypes.MetricDatum) {
	t.Helper()
	_, err := s.c.CloudWatch.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: aws.String(metricNamespace), MetricData: data})
	noErr(t, err, fmt.Sprintf("put %d datapoints", len(data)))
}

// metricStat is query "m" of one statistic of a metric of the suite's
// namespace, in periods of period.
func metricStat(name, stat string, period time.Duration, dims []cwtypes.Dimension) cwtypes.MetricDataQuery {
	return cwtypes.MetricDataQuery{Id: aws.String("m"), MetricStat: &cwtypes.MetricStat{
		Metric: &cwtypes.Metric{Namespace: aws.String(metricNamespace), MetricName: aws.String(name), Dimensions: dims},
		Period: aws.Int32(int32(period / time.Second)), Stat: aws.String(stat),
	}}
}

// readMetric runs q over [from, to) and renders its datapoints as
// "+<offset from base>=<value>", in the order CloudWatch returns them.
func (s *suite) readMetric(t *testing.T, q cwtypes.MetricDataQuery, base, from, to time.Time) string {
	t.Helper()
	out, err := s.c.CloudWatch.GetMetricData(t.Context(), &cloudwatch.GetMetricDataInput{
		MetricDataQueries: []cwtypes.MetricDataQuery{q}, StartTime: aws.Time(from), EndTime: aws.Time(to),
	})
	noErr(t, err, "get metric data")
	if len(out.MetricDataResults) != 1 || aws.ToString(out.MetricDataResults[0].Id) != aws.ToString(q.Id) {
		t.Fatalf("get metric data returned %d results, want one, for query %s", len(out.MetricDataResults), aws.ToString(q.Id))
	}
	r := out.MetricDataResults[0]
	if len(r.Timestamps) != len(r.Values) {
		t.Fatalf("result has %d timestamps and %d values", len(r.Timestamps), len(r.Values))
	}
	parts := []string{}
	for i, ts := range r.Timestamps {
		parts = append(parts, fmt.Sprintf("+%v=%.6g", ts.Sub(base), r.Values[i]))
	}
	return strings.Join(parts, " ")
}
