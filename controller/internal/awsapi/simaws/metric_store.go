package simaws

import (
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// metricSeries names one CloudWatch metric: a namespace, a name and an
// exact set of dimensions (dimensionKey). A query matches a series only
// when it names the same dimensions, all of them.
type metricSeries struct {
	namespace, name, dims string
}

// datapoint is one stored MetricDatum: values with counts, or a statistic
// set, at a time already truncated to the metric's storage resolution.
type datapoint struct {
	at      time.Time
	unit    types.StandardUnit
	samples []sample            // nil for a statistic set
	set     *types.StatisticSet // nil for values
}

// sample is a value and how many times it was observed.
type sample struct {
	value, count float64
}

// dimensionKey is a canonical form of a dimension set: sorted by name, so
// the order a caller lists dimensions in does not matter.
func dimensionKey(dims []types.Dimension) string {
	parts := make([]string, 0, len(dims))
	for _, d := range dims {
		parts = append(parts, aws.ToString(d.Name)+"\x00"+aws.ToString(d.Value))
	}
	slices.Sort(parts)
	return strings.Join(parts, "\x01")
}

// storedAt is when CloudWatch files a datapoint: high-resolution metrics
// (StorageResolution 1) to the second, the others to the minute.
func storedAt(t time.Time, resolution *int32) time.Time {
	if aws.ToInt32(resolution) == 1 {
		return t.Truncate(time.Second)
	}
	return t.Truncate(time.Minute)
}

// storeDatapoint adds p to the series.
func (c *Cloud) storeDatapoint(s metricSeries, p datapoint) {
	c.metrics[s] = append(c.metrics[s], p)
}
