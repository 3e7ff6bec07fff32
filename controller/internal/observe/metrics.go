package observe

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// maxMetricTargetGroups is how many target groups one GetMetricData call
// can read: three queries each, at most 500 queries a call.
const maxMetricTargetGroups = 500 / 3

// maxMetricPages bounds the pages of one read; asgctl's queries return
// one datapoint each and fit in one.
const maxMetricPages = 10

// ReadTargetGroupMetrics reads, in one GetMetricData call, what each of the
// two target groups served in [from, to): RequestCount and
// HTTPCode_Target_5XX_Count (Sum over the window) and TargetResponseTime
// at the given percentile (pNN, in milliseconds), under the dimensions
// CloudWatch uses for a target group behind the listener's load balancer.
//
// The window is one CloudWatch period, so it must be one CloudWatch
// takes (10, 20 or 30 seconds, or whole minutes) and start where
// CloudWatch starts periods (on a multiple of a sub-minute period, on a
// whole minute otherwise); the percentile has at most two decimals. A
// target group without a datapoint served nothing: 0 requests and errors,
// nil latency. The load balancer publishes a datapoint per minute, so a
// window under a minute sees a minute's traffic when it starts the minute
// and none otherwise.
func ReadTargetGroupMetrics(ctx context.Context, cw awsapi.CloudWatch, listenerARN string, targetGroups []string, from, to time.Time, percentile float64) (map[string]api.MetricSample, error) {
	in, err := metricsInput(listenerARN, targetGroups, from, to, percentile)
	if err != nil {
		return nil, fmt.Errorf("read target group metrics: %w", err)
	}
	results, err := metricResults(ctx, cw, in)
	if err != nil {
		return nil, fmt.Errorf("read the metrics of %d target group(s) over [%s, %s): %w",
			len(targetGroups), from.UTC().Format(time.RFC3339), to.UTC().Format(time.RFC3339), err)
	}
	out := make(map[string]api.MetricSample, len(targetGroups))
	for i, tg := range targetGroups {
		s := api.MetricSample{
			Requests: int64(math.Round(valueAt(results[metricID("r", i)], from))),
			Errors:   int64(math.Round(valueAt(results[metricID("e", i)], from))),
		}
		if ms, ok := pointAt(results[metricID("l", i)], from); ok {
			ms *= 1000 // CloudWatch reports TargetResponseTime in seconds
			s.LatencyMs = &ms
		}
		out[tg] = s
	}
	return out, nil
}

// metricsInput is the GetMetricData call for the target groups over
// [from, to): for each, its requests, errors and latency percentile under
// TargetGroup and the listener's LoadBalancer. An error names what is
// wrong with the arguments.
func metricsInput(listenerARN string, targetGroups []string, from, to time.Time, percentile float64) (*cloudwatch.GetMetricDataInput, error) {
	period, err := metricPeriod(from, to)
	if err != nil {
		return nil, err
	}
	stat, err := percentileStat(percentile)
	if err != nil {
		return nil, err
	}
	lb, err := awsapi.LoadBalancerDimension(listenerARN)
	if err != nil {
		return nil, fmt.Errorf("listener: %w", err)
	}
	if len(targetGroups) == 0 || len(targetGroups) > maxMetricTargetGroups {
		return nil, fmt.Errorf("%d target groups: one call reads 1 to %d", len(targetGroups), maxMetricTargetGroups)
	}
	in := &cloudwatch.GetMetricDataInput{StartTime: aws.Time(from), EndTime: aws.Time(to)}
	for i, arn := range targetGroups {
		tg, err := awsapi.TargetGroupDimension(arn)
		if err != nil {
			return nil, fmt.Errorf("target group %d: %w", i, err)
		}
		dims := []cwtypes.Dimension{
			{Name: aws.String(awsapi.DimensionTargetGroup), Value: aws.String(tg)},
			{Name: aws.String(awsapi.DimensionLoadBalancer), Value: aws.String(lb)},
		}
		in.MetricDataQueries = append(in.MetricDataQueries,
			metricQuery(metricID("r", i), awsapi.MetricRequestCount, "Sum", dims, period),
			metricQuery(metricID("e", i), awsapi.MetricTarget5XXCount, "Sum", dims, period),
			metricQuery(metricID("l", i), awsapi.MetricTargetRespTime, stat, dims, period))
	}
	return in, nil
}

func metricQuery(id, metric, stat string, dims []cwtypes.Dimension, period int32) cwtypes.MetricDataQuery {
	return cwtypes.MetricDataQuery{Id: aws.String(id), MetricStat: &cwtypes.MetricStat{
		Metric: &cwtypes.Metric{Namespace: aws.String(awsapi.NamespaceALB), MetricName: aws.String(metric), Dimensions: dims},
		Period: aws.Int32(period), Stat: aws.String(stat),
	}}
}

// metricPeriod is the window [from, to) as one CloudWatch period, in
// seconds: 10, 20 or 30 seconds or whole minutes, starting where
// CloudWatch starts such a period (it rounds an earlier start down, which
// would read another window).
func metricPeriod(from, to time.Time) (int32, error) {
	p := to.Sub(from)
	window := fmt.Sprintf("window [%s, %s)", from.UTC().Format(time.RFC3339Nano), to.UTC().Format(time.RFC3339Nano))
	switch {
	case p <= 0:
		return 0, fmt.Errorf("%s is empty: to must be after from", window)
	case p%(10*time.Second) != 0 || (p < time.Minute && time.Minute%p != 0) || p%time.Minute != 0 && p > time.Minute:
		return 0, fmt.Errorf("%s lasts %s: CloudWatch reads periods of 10, 20 or 30 seconds or whole minutes", window, p)
	}
	align := min(p, time.Minute)
	if start := from.Truncate(align); !start.Equal(from) {
		return 0, fmt.Errorf("%s does not start on a multiple of %s: CloudWatch would start the period at %s; start the window there",
			window, align, start.UTC().Format(time.RFC3339))
	}
	return int32(p / time.Second), nil
}

// percentileStat is CloudWatch's statistic for a percentile, "p99",
// "p99.9": between 0 and 100, at most two decimals.
func percentileStat(p float64) (string, error) {
	if !(p > 0 && p < 100) {
		return "", fmt.Errorf("latency percentile %v: must be between 0 and 100", p)
	}
	s := strconv.FormatFloat(p, 'f', -1, 64)
	if _, decimals, ok := strings.Cut(s, "."); ok && len(decimals) > 2 {
		return "", fmt.Errorf("latency percentile %v: CloudWatch takes at most two decimals (pNN.NN)", p)
	}
	return "p" + s, nil
}

// metricResults runs the queries, every page, and returns the datapoints
// by query id. A query CloudWatch could not answer fails the read.
func metricResults(ctx context.Context, cw awsapi.CloudWatch, in *cloudwatch.GetMetricDataInput) (map[string]cwtypes.MetricDataResult, error) {
	out := map[string]cwtypes.MetricDataResult{}
	for range maxMetricPages {
		page, err := cw.GetMetricData(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, r := range page.MetricDataResults {
			id := aws.ToString(r.Id)
			if r.StatusCode == cwtypes.StatusCodeInternalError || r.StatusCode == cwtypes.StatusCodeForbidden {
				return nil, fmt.Errorf("CloudWatch answered query %s with %s: %s", id, r.StatusCode, messages(r.Messages))
			}
			acc := out[id]
			acc.Timestamps, acc.Values = append(acc.Timestamps, r.Timestamps...), append(acc.Values, r.Values...)
			out[id] = acc
		}
		if aws.ToString(page.NextToken) == "" {
			return out, nil
		}
		in.NextToken = page.NextToken
	}
	return nil, fmt.Errorf("GetMetricData still had more pages after %d", maxMetricPages)
}

// pointAt is the result's value for the period starting at t.
func pointAt(r cwtypes.MetricDataResult, t time.Time) (float64, bool) {
	for i, ts := range r.Timestamps {
		if ts.Equal(t) && i < len(r.Values) {
			return r.Values[i], true
		}
	}
	return 0, false
}

// valueAt is pointAt with 0 for a missing datapoint.
func valueAt(r cwtypes.MetricDataResult, t time.Time) float64 {
	v, _ := pointAt(r, t)
	return v
}

func messages(ms []cwtypes.MessageData) string {
	out := ""
	for _, m := range ms {
		out += aws.ToString(m.Code) + " " + aws.ToString(m.Value) + "; "
	}
	if out == "" {
		return "no message"
	}
	return out[:len(out)-2]
}

// metricID names query kind ("r" requests, "e" errors, "l" latency) of
// target group i; CloudWatch wants ids of the form [a-z][a-zA-Z0-9_]*.
func metricID(kind string, i int) string { return kind + strconv.Itoa(i) }
