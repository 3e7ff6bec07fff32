package simaws

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// CloudWatch's limits on PutMetricData.
const (
	maxMetricData      = 1000                // MetricDatum per request
	maxMetricValues    = 150                 // Values (and Counts) per datum
	maxMetricDims      = 30                  // dimensions per metric
	maxMetricNameLen   = 255                 // namespace, metric name and dimension lengths
	metricMaxAge       = 14 * 24 * time.Hour // a timestamp at most two weeks old ...
	metricMaxAhead     = 2 * time.Hour       // ... and at most two hours ahead
	reservedNamespaces = "AWS/"              // AWS's own metrics; no one else may put there
)

// checkPutMetricData validates a PutMetricData as CloudWatch does: a
// namespace of 1-255 characters not under "AWS/", 1-1000 data, and each
// datum valid (checkMetricDatum). EntityMetricData is not simulated.
func checkPutMetricData(in *cloudwatch.PutMetricDataInput, now time.Time) error {
	if in == nil || aws.ToString(in.Namespace) == "" {
		return apiError(codeMissingParameter, "The parameter Namespace is required.")
	}
	ns := aws.ToString(in.Namespace)
	switch {
	case len(ns) > maxMetricNameLen || strings.HasPrefix(ns, reservedNamespaces):
		return apiError(codeInvalidParameter, "The value %s for parameter Namespace is invalid.", ns)
	case len(in.EntityMetricData) > 0:
		return apiError(codeInvalidParameter, "simaws does not simulate EntityMetricData; put MetricData")
	case len(in.MetricData) == 0:
		return apiError(codeMissingParameter, "The parameter MetricData is required.")
	case len(in.MetricData) > maxMetricData:
		return apiError(codeInvalidParameter, "The collection MetricData must not have a size greater than %d.", maxMetricData)
	}
	for i, d := range in.MetricData {
		if err := checkMetricDatum(d, fmt.Sprintf("MetricData.member.%d", i+1), now); err != nil {
			return err
		}
	}
	return nil
}

// checkMetricDatum validates one datum, named field in messages: a metric
// name, its dimensions, exactly one of Value, Values and StatisticValues,
// a storage resolution of 1 or 60 seconds, a known unit and a timestamp
// between two weeks ago and two hours ahead.
func checkMetricDatum(d types.MetricDatum, field string, now time.Time) error {
	name := aws.ToString(d.MetricName)
	switch {
	case name == "":
		return apiError(codeMissingParameter, "The parameter %s.MetricName is required.", field)
	case len(name) > maxMetricNameLen:
		return apiError(codeInvalidParameter, "The value of %s.MetricName is longer than %d characters.", field, maxMetricNameLen)
	case d.StorageResolution != nil && *d.StorageResolution != 1 && *d.StorageResolution != 60:
		return apiError(codeInvalidParameter, "The value %d for parameter %s.StorageResolution is invalid: use 1 or 60.", *d.StorageResolution, field)
	case d.Unit != "" && !slices.Contains(d.Unit.Values(), d.Unit):
		return apiError(codeInvalidParameter, "The value %s for parameter %s.Unit is invalid.", d.Unit, field)
	case d.Timestamp != nil && (d.Timestamp.Before(now.Add(-metricMaxAge)) || d.Timestamp.After(now.Add(metricMaxAhead))):
		return apiError(codeInvalidParameter, "The parameter %s.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.", field)
	}
	if err := checkMetricDimensions(d.Dimensions, field); err != nil {
		return err
	}
	return checkMetricValues(d, field)
}

// checkMetricDimensions: at most 30, each with a name and a value, no
// name twice.
func checkMetricDimensions(dims []types.Dimension, field string) error {
	if len(dims) > maxMetricDims {
		return apiError(codeInvalidParameter, "The collection %s.Dimensions must not have a size greater than %d.", field, maxMetricDims)
	}
	seen := map[string]bool{}
	for j, d := range dims {
		n, v := aws.ToString(d.Name), aws.ToString(d.Value)
		switch {
		case strings.TrimSpace(n) == "" || strings.TrimSpace(v) == "":
			return apiError(codeMissingParameter, "%s.Dimensions.member.%d needs a Name and a Value.", field, j+1)
		case len(n) > maxMetricNameLen || len(v) > 1024:
			return apiError(codeInvalidParameter, "%s.Dimensions.member.%d is too long.", field, j+1)
		case seen[n]:
			return apiError(codeInvalidParameter, "%s names dimension %s twice.", field, n)
		}
		seen[n] = true
	}
	return nil
}

// checkMetricValues: exactly one of Value, Values (with as many Counts, if
// any) and StatisticValues, every number finite, counts not negative, and
// a statistic set with samples and Minimum <= Maximum.
func checkMetricValues(d types.MetricDatum, field string) error {
	given := 0
	for _, set := range []bool{d.Value != nil, len(d.Values) > 0, d.StatisticValues != nil} {
		if set {
			given++
		}
	}
	switch {
	case given == 0:
		return apiError(codeParamCombination, "At least one of the parameters %[1]s.Value, %[1]s.Values and %[1]s.StatisticValues must be specified.", field)
	case given > 1:
		return apiError(codeParamCombination, "The parameters %[1]s.Value, %[1]s.Values and %[1]s.StatisticValues are mutually exclusive and you have specified more than one.", field)
	case len(d.Values) > maxMetricValues:
		return apiError(codeInvalidParameter, "The collection %s.Values must not have a size greater than %d.", field, maxMetricValues)
	case len(d.Counts) > 0 && len(d.Counts) != len(d.Values):
		return apiError(codeInvalidParameter, "The parameters %[1]s.Values and %[1]s.Counts must be of the same size.", field)
	}
	nums := append(slices.Clone(d.Values), d.Counts...)
	if d.Value != nil {
		nums = append(nums, *d.Value)
	}
	if s := d.StatisticValues; s != nil {
		nums = append(nums, aws.ToFloat64(s.Sum), aws.ToFloat64(s.Minimum), aws.ToFloat64(s.Maximum), aws.ToFloat64(s.SampleCount))
		if aws.ToFloat64(s.SampleCount) <= 0 || aws.ToFloat64(s.Minimum) > aws.ToFloat64(s.Maximum) {
			return apiError(codeInvalidParameter, "%s.StatisticValues needs a SampleCount above 0 and Minimum <= Maximum.", field)
		}
	}
	for _, n := range nums {
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return apiError(codeInvalidParameter, "The value %v in %s is invalid.", n, field)
		}
	}
	if slices.ContainsFunc(d.Counts, func(n float64) bool { return n < 0 }) {
		return apiError(codeInvalidParameter, "%s.Counts must not be negative.", field)
	}
	return nil
}
