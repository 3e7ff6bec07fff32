package simaws

import (
	"regexp"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// maxMetricQueries is the most MetricDataQueries one GetMetricData takes.
const maxMetricQueries = 500

// metricQueryID is the form CloudWatch requires of a query's Id.
var metricQueryID = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]*$`)

// checkGetMetricData validates a GetMetricData as CloudWatch does: 1 to
// 500 queries with unique, well-formed Ids, a StartTime before the
// EndTime and a known ScanBy. simaws answers MetricStat queries only, and
// issues no NextToken, so it refuses one.
func checkGetMetricData(in *cloudwatch.GetMetricDataInput) error {
	switch {
	case in == nil || len(in.MetricDataQueries) == 0:
		return apiError(codeMissingParameter, "The parameter MetricDataQueries is required.")
	case len(in.MetricDataQueries) > maxMetricQueries:
		return validationError("The collection MetricDataQueries must not have a size greater than %d.", maxMetricQueries)
	case in.StartTime == nil || in.EndTime == nil:
		return apiError(codeMissingParameter, "The parameters StartTime and EndTime are required.")
	case !in.StartTime.Before(*in.EndTime):
		return validationError("The parameter StartTime must be less than the parameter EndTime.")
	case in.ScanBy != "" && !slices.Contains(in.ScanBy.Values(), in.ScanBy):
		return validationError("The value %s for parameter ScanBy is invalid.", in.ScanBy)
	case aws.ToString(in.NextToken) != "":
		return apiError(codeInvalidNextToken, "The token '%s' is invalid.", aws.ToString(in.NextToken))
	}
	seen := map[string]bool{}
	for i, q := range in.MetricDataQueries {
		id := aws.ToString(q.Id)
		if !metricQueryID.MatchString(id) || len(id) > 255 {
			return validationError("The value %s for parameter MetricDataQueries.member.%d.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.", id, i+1)
		}
		if seen[id] {
			return validationError("The values for parameter id in MetricDataQueries are not unique.")
		}
		seen[id] = true
		if err := checkMetricStat(q, i+1); err != nil {
			return err
		}
	}
	return nil
}

// checkMetricStat: a MetricStat naming a namespace and a metric, a period
// CloudWatch accepts (1, 5, 10, 20, 30 or a multiple of 60 seconds) and a
// statistic simaws computes.
func checkMetricStat(q types.MetricDataQuery, n int) error {
	ms := q.MetricStat
	switch {
	case q.Expression != nil:
		return validationError("simaws answers MetricStat queries only: it does not evaluate expressions (MetricDataQueries.member.%d)", n)
	case ms == nil:
		return validationError("The parameter MetricDataQueries.member.%d.MetricStat is required.", n)
	case ms.Metric == nil || aws.ToString(ms.Metric.Namespace) == "" || aws.ToString(ms.Metric.MetricName) == "":
		return validationError("MetricDataQueries.member.%d.MetricStat.Metric needs a Namespace and a MetricName.", n)
	case !validPeriod(aws.ToInt32(ms.Period)):
		return validationError("The value %d for parameter MetricDataQueries.member.%d.MetricStat.Period is invalid: use 1, 5, 10, 20, 30 or a multiple of 60.", aws.ToInt32(ms.Period), n)
	case ms.Unit != "" && !slices.Contains(ms.Unit.Values(), ms.Unit):
		return validationError("The value %s for parameter MetricDataQueries.member.%d.MetricStat.Unit is invalid.", ms.Unit, n)
	}
	if _, ok := parseStatistic(aws.ToString(ms.Stat)); !ok {
		return validationError("simaws computes the statistics Sum, Average, Minimum, Maximum, SampleCount and pNN.NN percentiles; MetricDataQueries.member.%d.MetricStat.Stat %q is not one of them", n, aws.ToString(ms.Stat))
	}
	return nil
}

func validPeriod(p int32) bool {
	switch p {
	case 1, 5, 10, 20, 30:
		return true
	}
	return p > 0 && p%60 == 0
}
