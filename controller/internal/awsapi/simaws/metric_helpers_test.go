package simaws

import (
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// testNamespace is where the metric tests put their data.
const testNamespace = "asgctl/test"

// webDims are the dimensions of the test metrics.
var webDims = []cwtypes.Dimension{dim("Service", "web"), dim("Stage", "prod")}

func dim(name, value string) cwtypes.Dimension {
	return cwtypes.Dimension{Name: aws.String(name), Value: aws.String(value)}
}

// datum is a MetricDatum of metric name with webDims at t.
func datum(name string, t time.Time, value float64) cwtypes.MetricDatum {
	return cwtypes.MetricDatum{MetricName: aws.String(name), Dimensions: webDims, Timestamp: aws.Time(t), Value: aws.Float64(value)}
}

func (f *fixture) putMetrics(data ...cwtypes.MetricDatum) {
	f.t.Helper()
	if _, err := f.c.PutMetricData(f.ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String(testNamespace), MetricData: data}); err != nil {
		f.t.Fatalf("put metric data: %v", err)
	}
}

// metricQuery is one MetricStat query "q" of the test namespace.
func metricQuery(name, stat string, period int32, dims []cwtypes.Dimension) cwtypes.MetricDataQuery {
	return cwtypes.MetricDataQuery{Id: aws.String("q"), MetricStat: &cwtypes.MetricStat{
		Metric: &cwtypes.Metric{Namespace: aws.String(testNamespace), MetricName: aws.String(name), Dimensions: dims},
		Period: aws.Int32(period), Stat: aws.String(stat),
	}}
}

// getMetrics runs one query over [from, to) and returns its result.
func (f *fixture) getMetrics(q cwtypes.MetricDataQuery, from, to time.Time) cwtypes.MetricDataResult {
	f.t.Helper()
	out, err := f.c.GetMetricData(f.ctx, &cloudwatch.GetMetricDataInput{MetricDataQueries: []cwtypes.MetricDataQuery{q}, StartTime: aws.Time(from), EndTime: aws.Time(to)})
	if err != nil {
		f.t.Fatalf("get metric data: %v", err)
	}
	if len(out.MetricDataResults) != 1 {
		f.t.Fatalf("get metric data returned %d results, want 1", len(out.MetricDataResults))
	}
	return out.MetricDataResults[0]
}

// points renders a result as "15:04:05=value ..." in its order, values
// to six significant digits.
func points(r cwtypes.MetricDataResult) string {
	var parts []string
	for i, ts := range r.Timestamps {
		parts = append(parts, fmt.Sprintf("%s=%.6g", ts.UTC().Format("15:04:05"), r.Values[i]))
	}
	return strings.Join(parts, " ")
}
