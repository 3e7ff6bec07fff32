package simaws

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// albQuery is query "q" of a load balancer metric with these dimensions.
func albQuery(name, stat string, dims []cwtypes.Dimension) cwtypes.MetricDataQuery {
	q := metricQuery(name, stat, 60, dims)
	q.MetricStat.Metric.Namespace = aws.String(awsapi.NamespaceALB)
	return q
}

// tgDims are the dimensions CloudWatch files a target group's metrics
// under: TargetGroup, and LoadBalancer when lb is set.
func tgDims(tg, lb string) []cwtypes.Dimension {
	_, res, _ := strings.Cut(tg, ":targetgroup/")
	dims := []cwtypes.Dimension{dim(awsapi.DimensionTargetGroup, "targetgroup/"+res)}
	if lb != "" {
		_, app, _ := strings.Cut(lb, ":loadbalancer/")
		dims = append(dims, dim(awsapi.DimensionLoadBalancer, app))
	}
	return dims
}

// Traffic of a target group the listener forwards to (here at weight 0)
// reads back under TargetGroup and LoadBalancer, per minute: requests and
// 5xx as sums, latencies in seconds with their percentiles.
func TestRecordTargetGroupTraffic(t *testing.T) {
	f := newFixture(t, nil)
	f.at(time.Hour)
	minute := t0.Add(30 * time.Minute)
	latencies := append(slices.Repeat([]time.Duration{10 * time.Millisecond}, 90), slices.Repeat([]time.Duration{500 * time.Millisecond}, 10)...)
	f.c.RecordTargetGroupTraffic(f.green, minute.Add(10*time.Second), 60, 2, latencies[:60])
	f.c.RecordTargetGroupTraffic(f.green, minute.Add(40*time.Second), 40, 1, latencies[60:])
	f.c.RecordTargetGroupTraffic(f.green, minute.Add(time.Minute), 0, 0, nil)
	dims := tgDims(f.green, f.c.LoadBalancerARN())
	window := func(q cwtypes.MetricDataQuery) string {
		return points(f.getMetrics(q, minute, minute.Add(2*time.Minute)))
	}
	for _, c := range []struct{ metric, stat, want string }{
		{awsapi.MetricRequestCount, "Sum", "00:30:00=100"},
		{awsapi.MetricTarget5XXCount, "Sum", "00:30:00=3"},
		{awsapi.MetricTargetRespTime, "p99", "00:30:00=0.5"},
		{awsapi.MetricTargetRespTime, "p50", "00:30:00=0.01"},
		{awsapi.MetricTargetRespTime, "SampleCount", "00:30:00=100"},
	} {
		if got := window(albQuery(c.metric, c.stat, dims)); got != c.want {
			t.Errorf("%s %s = %q, want %q (and nothing for the idle minute)", c.metric, c.stat, got, c.want)
		}
	}
	if got := window(albQuery(awsapi.MetricRequestCount, "Sum", tgDims(f.green, ""))); got != "" {
		t.Errorf("RequestCount by TargetGroup alone = %q, want nothing: CloudWatch files it with the load balancer", got)
	}
}

// A target group nothing forwards to keeps its traffic under TargetGroup
// alone.
func TestRecordTrafficOfAnUnattachedTargetGroup(t *testing.T) {
	f := newFixture(t, nil)
	f.at(time.Hour)
	spare := f.c.CreateTargetGroup("web-spare")
	minute := t0.Add(30 * time.Minute)
	f.c.RecordTargetGroupTraffic(spare, minute, 5, 0, nil)
	window := func(dims []cwtypes.Dimension) string {
		return points(f.getMetrics(albQuery(awsapi.MetricRequestCount, "Sum", dims), minute, minute.Add(time.Minute)))
	}
	if got := window(tgDims(spare, "")); got != "00:30:00=5" {
		t.Errorf("RequestCount by TargetGroup = %q, want 5", got)
	}
	if got := window(tgDims(spare, f.c.LoadBalancerARN())); got != "" {
		t.Errorf("RequestCount with a load balancer = %q, want nothing", got)
	}
}

func TestRecordTrafficPanicsOnBadInput(t *testing.T) {
	f := newFixture(t, nil)
	for what, record := range map[string]func(){
		"an unknown target group":   func() { f.c.RecordTargetGroupTraffic(missingTG(f.blue), t0, 1, 0, nil) },
		"more errors than requests": func() { f.c.RecordTargetGroupTraffic(f.blue, t0, 1, 2, nil) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("recording traffic of %s did not panic", what)
				}
			}()
			record()
		}()
	}
}

func missingTG(arn string) string { return arn[:strings.LastIndex(arn, "/")+1] + "0000000000000000" }
