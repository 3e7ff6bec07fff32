package simaws

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
)

// maxAlarmActions is CloudWatch's limit of actions per state of an alarm.
const maxAlarmActions = 5

// checkMetricAlarm validates a PutMetricAlarm as CloudWatch does for the
// alarms asgctl makes: a name, a comparison, evaluation periods and
// datapoints that fit, one metric (MetricName with Namespace, a period of
// 10, 20, 30 or a multiple of 60 seconds and exactly one of Statistic and
// ExtendedStatistic) or metric math (Metrics), a threshold, and at most
// five actions per state.
func checkMetricAlarm(in *cloudwatch.PutMetricAlarmInput) error {
	name := aws.ToString(in.AlarmName)
	evals := aws.ToInt32(in.EvaluationPeriods)
	switch {
	case name == "" || len(name) > 255:
		return apiError(codeMissingParameter, "AlarmName must be 1-255 characters")
	case in.EvaluationPeriods == nil || evals < 1:
		return apiError(codeMissingParameter, "EvaluationPeriods must be at least 1")
	case !slices.Contains(in.ComparisonOperator.Values(), in.ComparisonOperator):
		return validationError("ComparisonOperator '%s' is not valid", in.ComparisonOperator)
	case in.DatapointsToAlarm != nil && (*in.DatapointsToAlarm < 1 || *in.DatapointsToAlarm > evals):
		return validationError("DatapointsToAlarm must be between 1 and EvaluationPeriods")
	case in.Threshold == nil && in.ThresholdMetricId == nil:
		return apiError(codeMissingParameter, "Threshold is required for an alarm on a static threshold")
	case len(in.AlarmActions) > maxAlarmActions || len(in.OKActions) > maxAlarmActions || len(in.InsufficientDataActions) > maxAlarmActions:
		return validationError("An alarm may have at most %d actions per state", maxAlarmActions)
	}
	return checkAlarmMetric(in)
}

func checkAlarmMetric(in *cloudwatch.PutMetricAlarmInput) error {
	if len(in.Metrics) > 0 {
		if in.MetricName != nil || in.Namespace != nil || in.Statistic != "" || in.ExtendedStatistic != nil || in.Period != nil {
			return apiError(codeParamCombination, "Metrics cannot be combined with MetricName, Namespace, Statistic, ExtendedStatistic or Period")
		}
		return nil
	}
	period := aws.ToInt32(in.Period)
	switch {
	case aws.ToString(in.MetricName) == "" || aws.ToString(in.Namespace) == "":
		return apiError(codeMissingParameter, "An alarm needs MetricName and Namespace, or Metrics")
	case (in.Statistic == "") == (in.ExtendedStatistic == nil):
		return apiError(codeParamCombination, "Specify exactly one of Statistic and ExtendedStatistic")
	case in.Statistic != "" && !slices.Contains(in.Statistic.Values(), in.Statistic):
		return validationError("Statistic '%s' is not valid", in.Statistic)
	case period != 10 && period != 20 && period != 30 && (period <= 0 || period%60 != 0):
		return validationError("Period must be 10, 20, 30 or a multiple of 60 seconds")
	case int64(period)*int64(aws.ToInt32(in.EvaluationPeriods)) > 7*24*3600:
		return validationError("Period times EvaluationPeriods must not exceed seven days")
	}
	return nil
}
