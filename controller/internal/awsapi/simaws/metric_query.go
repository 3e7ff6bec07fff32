package simaws

import (
	"context"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// GetMetricData answers MetricStat queries (checkGetMetricData says what
// it refuses): for each query whose ReturnData is not false, one value per
// period that has datapoints of the metric with exactly the query's
// dimensions (and its unit, when the query names one), newest first
// unless ScanBy is TimestampAscending. Periods start at StartTime rounded
// down as CloudWatch rounds it (alignedStart) and only whole periods
// before EndTime count: StartTime is inclusive, EndTime exclusive. It
// returns everything in one page: MaxDatapoints is not simulated.
func (c *Cloud) GetMetricData(ctx context.Context, in *cloudwatch.GetMetricDataInput, _ ...func(*cloudwatch.Options)) (*cloudwatch.GetMetricDataOutput, error) {
	return run(ctx, c, opGetMetricData, func(callCtx) (*cloudwatch.GetMetricDataOutput, error) {
		if err := checkGetMetricData(in); err != nil {
			return nil, err
		}
		out := &cloudwatch.GetMetricDataOutput{MetricDataResults: []types.MetricDataResult{}, Messages: []types.MessageData{}}
		for _, q := range in.MetricDataQueries {
			if q.ReturnData == nil || *q.ReturnData {
				out.MetricDataResults = append(out.MetricDataResults, c.metricResult(q, *in.StartTime, *in.EndTime, in.ScanBy))
			}
		}
		return out, nil
	})
}

// metricResult answers one valid MetricStat query over [start, end).
func (c *Cloud) metricResult(q types.MetricDataQuery, start, end time.Time, order types.ScanBy) types.MetricDataResult {
	ms := q.MetricStat
	label := aws.ToString(q.Label)
	if label == "" {
		label = aws.ToString(ms.Metric.MetricName)
	}
	res := types.MetricDataResult{Id: q.Id, Label: aws.String(label), StatusCode: types.StatusCodeComplete,
		Timestamps: []time.Time{}, Values: []float64{}, Messages: []types.MessageData{}}
	period := time.Duration(aws.ToInt32(ms.Period)) * time.Second
	from := alignedStart(start, period, c.now)
	periods := int(end.Sub(from) / period)
	if periods <= 0 || !periodKept(c.now.Sub(from), period) {
		return res
	}
	st, _ := parseStatistic(aws.ToString(ms.Stat))
	for _, k := range c.periodsOf(ms, from, period, periods) {
		at := from.Add(time.Duration(k.index) * period)
		if v, ok := aggregate(k.points, st); ok {
			res.Timestamps, res.Values = append(res.Timestamps, at), append(res.Values, v)
		}
	}
	if order != types.ScanByTimestampAscending {
		slices.Reverse(res.Timestamps)
		slices.Reverse(res.Values)
	}
	return res
}

// periodPoints are the datapoints of one period, index periods after the
// first.
type periodPoints struct {
	index  int
	points []datapoint
}

// periodsOf groups the query's datapoints into the periods from from on,
// oldest first, leaving out periods without any.
func (c *Cloud) periodsOf(ms *types.MetricStat, from time.Time, period time.Duration, periods int) []periodPoints {
	s := metricSeries{namespace: aws.ToString(ms.Metric.Namespace), name: aws.ToString(ms.Metric.MetricName), dims: dimensionKey(ms.Metric.Dimensions)}
	byIndex := map[int][]datapoint{}
	for _, p := range c.metrics[s] {
		k := int(p.at.Sub(from) / period)
		if p.at.Before(from) || k >= periods || (ms.Unit != "" && p.unit != ms.Unit) {
			continue
		}
		byIndex[k] = append(byIndex[k], p)
	}
	out := make([]periodPoints, 0, len(byIndex))
	for _, k := range sortedKeys(byIndex) {
		out = append(out, periodPoints{index: k, points: byIndex[k]})
	}
	return out
}

// alignedStart is where CloudWatch starts the first period: StartTime
// rounded down to a whole multiple of a period under a minute (5, 10, 20,
// 30 seconds: even divisions of the minute), else by its age: to the
// minute within 15 days, to 5 minutes within 63 days, to the hour beyond.
func alignedStart(start time.Time, period time.Duration, now time.Time) time.Time {
	age := now.Sub(start)
	switch {
	case period < time.Minute:
		return start.Truncate(period)
	case age <= 15*24*time.Hour:
		return start.Truncate(time.Minute)
	case age <= 63*24*time.Hour:
		return start.Truncate(5 * time.Minute)
	}
	return start.Truncate(time.Hour)
}

// periodKept reports whether CloudWatch still has data at this period for
// a start this old: periods under a minute for 3 hours, whole minutes for
// 15 days, multiples of 5 minutes for 63 days, of an hour beyond. (simaws
// keeps every datapoint; only the period decides.)
func periodKept(age, period time.Duration) bool {
	switch {
	case age > 63*24*time.Hour:
		return period%time.Hour == 0
	case age > 15*24*time.Hour:
		return period%(5*time.Minute) == 0
	case age > 3*time.Hour:
		return period%time.Minute == 0
	}
	return true
}
