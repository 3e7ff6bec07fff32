package awsapitest

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// testMetricData: datapoints put with PutMetricData read back with
// GetMetricData per period, newest first, StartTime inclusive and EndTime
// exclusive: sums, sample counts of values with counts, a percentile; a
// window without data and a query naming other dimensions return no
// datapoints; AWS's own namespaces take no data from callers.
func testMetricData(t *testing.T, s *suite) {
	base := s.b.Now().Truncate(time.Minute).Add(-30 * time.Minute)
	s.putMetrics(t,
		countAt("Requests", base, 3), countAt("Requests", base.Add(20*time.Second), 5),
		countAt("Requests", base.Add(70*time.Second), 7), countAt("Requests", base.Add(3*time.Minute), 100),
		secondsAt("Latency", base.Add(10*time.Second), []float64{0.01, 0.5}, []float64{90, 10}),
	)
	t.Run("sum_per_period", func(t *testing.T) {
		q := metricStat("Requests", "Sum", time.Minute, targetGroupDims)
		s.waitFor(t, settle, "the sums per minute", func() (bool, string) {
			got := s.readMetric(t, q, base, base, base.Add(3*time.Minute))
			return got == "+1m0s=7 +0s=8", got
		})
	})
	t.Run("sample_count", func(t *testing.T) {
		if got, want := s.readMetric(t, metricStat("Latency", "SampleCount", time.Minute, targetGroupDims), base, base, base.Add(time.Minute)), "+0s=100"; got != want {
			t.Errorf("sample count of 2 values with counts 90 and 10 = %q, want %q", got, want)
		}
		if got, want := s.readMetric(t, metricStat("Requests", "SampleCount", 2*time.Minute, targetGroupDims), base, base, base.Add(4*time.Minute)), "+2m0s=1 +0s=3"; got != want {
			t.Errorf("sample count of single values in 2-minute periods = %q, want %q", got, want)
		}
	})
	t.Run("percentile", func(t *testing.T) {
		s.skip(t, DiffMetricPercentiles)
		if got, want := s.readMetric(t, metricStat("Latency", "p99", time.Minute, targetGroupDims), base, base, base.Add(time.Minute)), "+0s=0.5"; got != want {
			t.Errorf("p99 of 90 x 0.01 and 10 x 0.5 = %q, want %q", got, want)
		}
	})
	t.Run("empty_window", func(t *testing.T) {
		if got := s.readMetric(t, metricStat("Requests", "Sum", time.Minute, targetGroupDims), base, base.Add(-10*time.Minute), base.Add(-5*time.Minute)); got != "" {
			t.Errorf("a window before any data = %q, want no datapoints", got)
		}
	})
	t.Run("other_dimensions", func(t *testing.T) {
		if got := s.readMetric(t, metricStat("Requests", "Sum", time.Minute, targetGroupDims[:1]), base, base, base.Add(3*time.Minute)); got != "" {
			t.Errorf("the metric by TargetGroup alone = %q, want no datapoints: the data has TargetGroup and LoadBalancer", got)
		}
	})
	t.Run("reserved_namespace", func(t *testing.T) {
		s.skip(t, DiffMetricNamespace)
		_, err := s.c.CloudWatch.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: aws.String(awsapi.NamespaceALB),
			MetricData: []cwtypes.MetricDatum{countAt(awsapi.MetricRequestCount, base, 1)}})
		wantClass(t, err, awsapi.ClassValidation, "put data into "+awsapi.NamespaceALB)
	})
}
