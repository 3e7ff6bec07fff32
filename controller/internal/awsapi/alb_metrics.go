package awsapi

import (
	"fmt"
	"strings"
)

// The CloudWatch metrics an application load balancer publishes for each
// target group, as a rollout's analysis reads them: in namespace
// NamespaceALB, under the dimensions TargetGroup and LoadBalancer (the
// ends of their ARNs, see TargetGroupDimension and LoadBalancerDimension).
const (
	NamespaceALB          = "AWS/ApplicationELB"
	MetricRequestCount    = "RequestCount"              // Sum: requests routed to the target group
	MetricTarget5XXCount  = "HTTPCode_Target_5XX_Count" // Sum: answers with a 5xx status from its targets
	MetricTargetRespTime  = "TargetResponseTime"        // seconds per request: Average, pNN
	DimensionTargetGroup  = "TargetGroup"
	DimensionLoadBalancer = "LoadBalancer"
)

// TargetGroupDimension returns the TargetGroup dimension of a target
// group's metrics: the end of its ARN, "targetgroup/<name>/<id>".
func TargetGroupDimension(tgARN string) (string, error) {
	parts := strings.Split(elbResource(tgARN), "/")
	if len(parts) != 3 || parts[0] != "targetgroup" || parts[1] == "" || parts[2] == "" {
		return "", fmt.Errorf("%q is not a target group ARN (arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>)", tgARN)
	}
	return strings.Join(parts, "/"), nil
}

// LoadBalancerDimension returns the LoadBalancer dimension of an
// application load balancer's metrics, "app/<name>/<id>", from the ARN of
// the load balancer or of one of its listeners or listener rules.
func LoadBalancerDimension(arn string) (string, error) {
	parts := strings.Split(elbResource(arn), "/")
	kinds := map[string]int{"loadbalancer": 4, "listener": 5, "listener-rule": 6} // parts in each kind's ARN
	if n, ok := kinds[parts[0]]; !ok || len(parts) != n || parts[1] != "app" || parts[2] == "" || parts[3] == "" {
		return "", fmt.Errorf("%q is not the ARN of an application load balancer, or of one of its listeners or rules (arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<name>/<id>/<id>)", arn)
	}
	return strings.Join(parts[1:4], "/"), nil
}

// elbResource is the part of an Elastic Load Balancing ARN after the
// account; "" for anything else.
func elbResource(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "elasticloadbalancing" {
		return ""
	}
	return parts[5]
}
