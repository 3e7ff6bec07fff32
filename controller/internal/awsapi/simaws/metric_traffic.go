package simaws

import (
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// RecordTargetGroupTraffic publishes what a target group served in the
// period of at, as an application load balancer does to CloudWatch's
// AWS/ApplicationELB namespace: RequestCount (requests),
// HTTPCode_Target_5XX_Count (errors5xx) and TargetResponseTime (each
// latency, in seconds), each only when it has something to report, as the
// load balancer reports them only when nonzero. The period is a minute, as
// real load balancers publish, unless Config.MetricResolution chose a
// finer one. The dimensions are those CloudWatch uses for a target group,
// TargetGroup=targetgroup/<name>/<id> and LoadBalancer=app/<name>/<id>,
// naming the simulated load balancer when one of its listeners or rules
// forwards to the target group (at any weight). For a target group
// nothing forwards to, which AWS could send no traffic and publishes
// nothing for, simaws stores the datapoints under TargetGroup alone, so a
// test's traffic is kept where it can be read. Datapoints are filed to
// the start of their period and visible at once, where AWS takes a minute
// or more. It panics on an unknown target group, a negative count or more
// errors than requests.
func (c *Cloud) RecordTargetGroupTraffic(tgARN string, at time.Time, requests, errors5xx int, latencies []time.Duration) {
	if requests < 0 || errors5xx < 0 || errors5xx > requests {
		panic(fmt.Sprintf("simaws: traffic of %d requests with %d errors", requests, errors5xx))
	}
	c.locked(func() {
		if _, ok := c.targetGroups[tgARN]; !ok {
			panic(fmt.Sprintf("simaws: unknown target group %q", tgARN))
		}
		dims := dimensionKey(c.targetGroupDimensions(tgARN))
		at = at.Truncate(c.cfg.MetricResolution)
		series := func(name string) metricSeries {
			return metricSeries{namespace: awsapi.NamespaceALB, name: name, dims: dims}
		}
		if requests > 0 {
			c.storeDatapoint(series(awsapi.MetricRequestCount), datapoint{at: at, unit: types.StandardUnitCount, samples: []sample{{float64(requests), 1}}})
		}
		if errors5xx > 0 {
			c.storeDatapoint(series(awsapi.MetricTarget5XXCount), datapoint{at: at, unit: types.StandardUnitCount, samples: []sample{{float64(errors5xx), 1}}})
		}
		if len(latencies) > 0 {
			c.storeDatapoint(series(awsapi.MetricTargetRespTime), datapoint{at: at, unit: types.StandardUnitSeconds, samples: latencySamples(latencies)})
		}
	})
}

// targetGroupDimensions are the dimensions of a target group's metrics:
// TargetGroup, with LoadBalancer when a listener or rule forwards to it.
// simaws's ARNs always have the form these need.
func (c *Cloud) targetGroupDimensions(tgARN string) []types.Dimension {
	tg, _ := awsapi.TargetGroupDimension(tgARN)
	dims := []types.Dimension{{Name: aws.String(awsapi.DimensionTargetGroup), Value: aws.String(tg)}}
	if c.inUse(tgARN) {
		lb, _ := awsapi.LoadBalancerDimension(c.albARN)
		dims = append(dims, types.Dimension{Name: aws.String(awsapi.DimensionLoadBalancer), Value: aws.String(lb)})
	}
	return dims
}

// latencySamples are the latencies in seconds, one sample per distinct
// value with its count, smallest first.
func latencySamples(latencies []time.Duration) []sample {
	sorted := slices.Clone(latencies)
	slices.Sort(sorted)
	var out []sample
	for _, d := range sorted {
		if n := len(out); n > 0 && out[n-1].value == d.Seconds() {
			out[n-1].count++
			continue
		}
		out = append(out, sample{value: d.Seconds(), count: 1})
	}
	return out
}
