package motohost

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Target group and listener settings: the Terraform service module's
// defaults (terraform/modules/service).
const (
	trafficPort         = 8080
	listenerPort        = 80
	healthPath          = "/ping"
	healthInterval      = 5 // seconds
	healthTimeout       = 4 // seconds
	healthyThreshold    = 2
	unhealthyThreshold  = 2
	deregistrationDelay = "30" // seconds
)

// createTargetGroup creates the HTTP instance target group tg of service
// name in vpc, with the module's health check and deregistration delay,
// and returns its ARN.
func createTargetGroup(ctx context.Context, e ProvisionELB, name, tg, vpc string) (string, error) {
	out, err := e.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{
		Name: aws.String(tg), Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(trafficPort),
		VpcId: aws.String(vpc), TargetType: elbtypes.TargetTypeEnumInstance,
		HealthCheckEnabled: aws.Bool(true), HealthCheckProtocol: elbtypes.ProtocolEnumHttp,
		HealthCheckPath: aws.String(healthPath), HealthCheckPort: aws.String("traffic-port"),
		Matcher:                    &elbtypes.Matcher{HttpCode: aws.String("200")},
		HealthCheckIntervalSeconds: aws.Int32(healthInterval), HealthCheckTimeoutSeconds: aws.Int32(healthTimeout),
		HealthyThresholdCount: aws.Int32(healthyThreshold), UnhealthyThresholdCount: aws.Int32(unhealthyThreshold),
		Tags: elbTags(name),
	})
	if err != nil {
		return "", fmt.Errorf("create target group %s: %w", tg, err)
	}
	if len(out.TargetGroups) != 1 || aws.ToString(out.TargetGroups[0].TargetGroupArn) == "" {
		return "", fmt.Errorf("create target group %s: %w", tg, errNoID)
	}
	arn := aws.ToString(out.TargetGroups[0].TargetGroupArn)
	_, err = e.ModifyTargetGroupAttributes(ctx, &elbv2.ModifyTargetGroupAttributesInput{
		TargetGroupArn: aws.String(arn),
		Attributes: []elbtypes.TargetGroupAttribute{{
			Key: aws.String("deregistration_delay.timeout_seconds"), Value: aws.String(deregistrationDelay),
		}},
	})
	if err != nil {
		return "", fmt.Errorf("set deregistration delay of target group %s: %w", tg, err)
	}
	return arn, nil
}

// createListener creates an HTTP listener of lb on port forwarding 100/0
// to the target groups a and b, and returns its ARN.
func createListener(ctx context.Context, e ProvisionELB, name, lb string, port int32, tgs []string) (string, error) {
	out, err := e.CreateListener(ctx, &elbv2.CreateListenerInput{
		LoadBalancerArn: aws.String(lb), Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(port),
		DefaultActions: []elbtypes.Action{{
			Type: elbtypes.ActionTypeEnumForward,
			ForwardConfig: &elbtypes.ForwardActionConfig{TargetGroups: []elbtypes.TargetGroupTuple{
				{TargetGroupArn: aws.String(tgs[0]), Weight: aws.Int32(100)},
				{TargetGroupArn: aws.String(tgs[1]), Weight: aws.Int32(0)},
			}},
		}},
		Tags: elbTags(name),
	})
	if err != nil {
		return "", fmt.Errorf("create listener of %s: %w", name, err)
	}
	if len(out.Listeners) != 1 || aws.ToString(out.Listeners[0].ListenerArn) == "" {
		return "", fmt.Errorf("create listener of %s: %w", name, errNoID)
	}
	return aws.ToString(out.Listeners[0].ListenerArn), nil
}
