package simaws

import (
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

var predefinedMetrics = []types.MetricType{
	types.MetricTypeASGAverageCPUUtilization, types.MetricTypeASGAverageNetworkIn,
	types.MetricTypeASGAverageNetworkOut, types.MetricTypeALBRequestCountPerTarget,
}

// resourceLabel is the ResourceLabel of ALBRequestCountPerTarget:
// app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>.
var resourceLabel = regexp.MustCompile(`^app/[^/]+/[0-9a-f]+/(targetgroup/[^/]+/[0-9a-f]+)$`)

// checkTracking validates a target tracking configuration: a finite
// target and exactly one metric, predefined or customized.
func (c *Cloud) checkTracking(g *group, tt *types.TargetTrackingConfiguration) error {
	if tt.TargetValue == nil || math.IsNaN(*tt.TargetValue) || math.IsInf(*tt.TargetValue, 0) {
		return validationError("TargetTrackingConfiguration needs a finite TargetValue")
	}
	pre, cust := tt.PredefinedMetricSpecification, tt.CustomizedMetricSpecification
	switch {
	case (pre == nil) == (cust == nil):
		return validationError("TargetTrackingConfiguration needs exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification")
	case pre != nil:
		return checkPredefined(g, pre)
	default:
		return checkCustomized(cust)
	}
}

// checkPredefined validates a predefined metric. ALBRequestCountPerTarget
// needs a ResourceLabel naming a target group attached to the group; no
// other metric takes one.
func checkPredefined(g *group, pre *types.PredefinedMetricSpecification) error {
	if !slices.Contains(predefinedMetrics, pre.PredefinedMetricType) {
		return validationError("PredefinedMetricType '%s' is not valid", pre.PredefinedMetricType)
	}
	label := aws.ToString(pre.ResourceLabel)
	if pre.PredefinedMetricType != types.MetricTypeALBRequestCountPerTarget {
		if label != "" {
			return validationError("ResourceLabel is valid only with PredefinedMetricType ALBRequestCountPerTarget")
		}
		return nil
	}
	m := resourceLabel.FindStringSubmatch(label)
	if m == nil {
		return validationError("ResourceLabel '%s' is not app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>", label)
	}
	for _, arn := range g.targetGroups {
		if strings.HasSuffix(arn, ":"+m[1]) {
			return nil
		}
	}
	return validationError("ResourceLabel '%s' names a target group that is not attached to Auto Scaling group '%s'", label, g.name)
}

// checkCustomized validates a customized metric: a metric (MetricName,
// Namespace, Statistic) or metric math (Metrics, exactly one returning
// data), not both.
func checkCustomized(cust *types.CustomizedMetricSpecification) error {
	single := cust.MetricName != nil || cust.Namespace != nil || cust.Statistic != "" || len(cust.Dimensions) > 0 || cust.Unit != nil
	if len(cust.Metrics) > 0 {
		if single {
			return validationError("CustomizedMetricSpecification takes Metrics or MetricName, Namespace, Dimensions, Statistic and Unit, not both")
		}
		return checkMetricQueries(cust.Metrics)
	}
	switch {
	case aws.ToString(cust.MetricName) == "" || aws.ToString(cust.Namespace) == "":
		return validationError("CustomizedMetricSpecification needs MetricName and Namespace, or Metrics")
	case !slices.Contains(cust.Statistic.Values(), cust.Statistic):
		return validationError("CustomizedMetricSpecification Statistic '%s' is not one of %v", cust.Statistic, cust.Statistic.Values())
	}
	return nil
}

func checkMetricQueries(qs []types.TargetTrackingMetricDataQuery) error {
	returning := 0
	for _, q := range qs {
		if aws.ToString(q.Id) == "" || (q.Expression == nil) == (q.MetricStat == nil) {
			return validationError("Every metric data query needs an Id and exactly one of Expression and MetricStat")
		}
		if q.ReturnData == nil || *q.ReturnData {
			returning++
		}
	}
	if returning != 1 {
		return validationError("Exactly one metric data query must return data, not %d", returning)
	}
	return nil
}
