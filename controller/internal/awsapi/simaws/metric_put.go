package simaws

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// PutMetricData stores datapoints: a value, values with counts, or a
// statistic set per MetricDatum, at its Timestamp (now when unset) filed
// to the minute, or to the second for StorageResolution 1. The whole
// request is refused if any datum is invalid (see checkPutMetricData);
// namespaces that begin with "AWS/" are reserved for AWS's own metrics.
// Datapoints are visible to GetMetricData at once and never expire.
func (c *Cloud) PutMetricData(ctx context.Context, in *cloudwatch.PutMetricDataInput, _ ...func(*cloudwatch.Options)) (*cloudwatch.PutMetricDataOutput, error) {
	return run(ctx, c, opPutMetricData, func(callCtx) (*cloudwatch.PutMetricDataOutput, error) {
		if err := checkPutMetricData(in, c.now); err != nil {
			return nil, err
		}
		for _, d := range in.MetricData {
			s := metricSeries{namespace: aws.ToString(in.Namespace), name: aws.ToString(d.MetricName), dims: dimensionKey(d.Dimensions)}
			c.storeDatapoint(s, datapointOf(d, c.now))
		}
		return &cloudwatch.PutMetricDataOutput{}, nil
	})
}

// datapointOf is a valid MetricDatum as stored.
func datapointOf(d types.MetricDatum, now time.Time) datapoint {
	at := now
	if d.Timestamp != nil {
		at = *d.Timestamp
	}
	p := datapoint{at: storedAt(at, d.StorageResolution), unit: d.Unit}
	switch {
	case d.StatisticValues != nil:
		set := *d.StatisticValues
		p.set = &set
	case len(d.Values) > 0:
		for i, v := range d.Values {
			n := 1.0
			if len(d.Counts) > 0 {
				n = d.Counts[i]
			}
			p.samples = append(p.samples, sample{value: v, count: n})
		}
	default:
		p.samples = []sample{{value: aws.ToFloat64(d.Value), count: 1}}
	}
	return p
}
