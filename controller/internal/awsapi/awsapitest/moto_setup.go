package awsapitest

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// network makes the VPC, the subnets and the load balancer.
func (b *motoBackend) network(t *testing.T) {
	t.Helper()
	vpc, err := b.ec2.CreateVpc(t.Context(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	noErr(t, err, "moto: create vpc")
	b.vpc = aws.ToString(vpc.Vpc.VpcId)
	for i, az := range []string{"us-east-1a", "us-east-1b"} {
		sn, err := b.ec2.CreateSubnet(t.Context(), &ec2.CreateSubnetInput{
			VpcId: aws.String(b.vpc), AvailabilityZone: aws.String(az), CidrBlock: aws.String(fmt.Sprintf("10.0.%d.0/24", i+1)),
		})
		noErr(t, err, "moto: create subnet in "+az)
		b.subnets = append(b.subnets, aws.ToString(sn.Subnet.SubnetId))
	}
	lb, err := b.elb.CreateLoadBalancer(t.Context(), &elbv2.CreateLoadBalancerInput{
		Name: aws.String("asgctl-test"), Type: elbtypes.LoadBalancerTypeEnumApplication,
		Scheme: elbtypes.LoadBalancerSchemeEnumInternal, Subnets: b.subnets,
	})
	noErr(t, err, "moto: create load balancer")
	b.lb = aws.ToString(lb.LoadBalancers[0].LoadBalancerArn)
}

// LaunchTemplate creates a launch template whose version 1 launches ami.
func (b *motoBackend) LaunchTemplate(t *testing.T, name, ami string) string {
	t.Helper()
	out, err := b.ec2.CreateLaunchTemplate(t.Context(), &ec2.CreateLaunchTemplateInput{
		LaunchTemplateName: aws.String(name),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String(ami), InstanceType: ec2types.InstanceTypeT3Micro},
	})
	noErr(t, err, "moto: create launch template "+name)
	return aws.ToString(out.LaunchTemplate.LaunchTemplateId)
}

// TargetGroup creates an HTTP instance target group with the health
// checks asgctl recommends and a 30s deregistration delay.
func (b *motoBackend) TargetGroup(t *testing.T, name string) string {
	t.Helper()
	out, err := b.elb.CreateTargetGroup(t.Context(), &elbv2.CreateTargetGroupInput{
		Name: aws.String(name), Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(8080),
		VpcId: aws.String(b.vpc), TargetType: elbtypes.TargetTypeEnumInstance,
		HealthCheckPath: aws.String("/ping"), HealthCheckIntervalSeconds: aws.Int32(5),
		HealthCheckTimeoutSeconds: aws.Int32(2), HealthyThresholdCount: aws.Int32(2), UnhealthyThresholdCount: aws.Int32(2),
	})
	noErr(t, err, "moto: create target group "+name)
	arn := aws.ToString(out.TargetGroups[0].TargetGroupArn)
	_, err = b.elb.ModifyTargetGroupAttributes(t.Context(), &elbv2.ModifyTargetGroupAttributesInput{
		TargetGroupArn: aws.String(arn),
		Attributes:     []elbtypes.TargetGroupAttribute{{Key: aws.String("deregistration_delay.timeout_seconds"), Value: aws.String("30")}},
	})
	noErr(t, err, "moto: set deregistration delay of "+name)
	return arn
}

// Listener creates an HTTP listener on the next free port.
func (b *motoBackend) Listener(t *testing.T, weights map[string]int) string {
	t.Helper()
	port := b.port
	b.port++
	return b.ListenerOn(t, port, string(elbtypes.ProtocolEnumHttp), weights)
}

// motoCertificate is the server certificate of HTTPS listeners. moto
// checks that an IAM server certificate exists only when a listener is
// modified, so this one need not; on AWS, Terraform would make it.
const motoCertificate = "arn:aws:iam::123456789012:server-certificate/asgctl-test"

// ListenerOn creates a listener on port; an HTTPS one gets
// motoCertificate.
func (b *motoBackend) ListenerOn(t *testing.T, port int32, protocol string, weights map[string]int) string {
	t.Helper()
	in := &elbv2.CreateListenerInput{
		LoadBalancerArn: aws.String(b.lb), Protocol: elbtypes.ProtocolEnum(protocol), Port: aws.Int32(port),
		DefaultActions: forward(weights),
	}
	if in.Protocol == elbtypes.ProtocolEnumHttps {
		in.Certificates = []elbtypes.Certificate{{CertificateArn: aws.String(motoCertificate)}}
	}
	out, err := b.elb.CreateListener(t.Context(), in)
	noErr(t, err, fmt.Sprintf("moto: create %s listener on port %d", protocol, port))
	return aws.ToString(out.Listeners[0].ListenerArn)
}

// Rule adds a path /* rule at the next priority.
func (b *motoBackend) Rule(t *testing.T, listener string, weights map[string]int) string {
	t.Helper()
	prio := b.priority
	b.priority++
	out, err := b.elb.CreateRule(t.Context(), &elbv2.CreateRuleInput{
		ListenerArn: aws.String(listener), Priority: aws.Int32(prio), Actions: forward(weights),
		Conditions: []elbtypes.RuleCondition{{Field: aws.String("path-pattern"), PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{"/*"}}}},
	})
	noErr(t, err, fmt.Sprintf("moto: create rule at priority %d", prio))
	return aws.ToString(out.Rules[0].RuleArn)
}

// Alarm creates a metric alarm (moto starts it in INSUFFICIENT_DATA) and
// sets it OK.
func (b *motoBackend) Alarm(t *testing.T, name string) {
	t.Helper()
	_, err := b.cw.PutMetricAlarm(t.Context(), &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(name), Namespace: aws.String("asgctl/test"), MetricName: aws.String(name),
		Statistic: cwtypes.StatisticSum, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1),
		Threshold: aws.Float64(1), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold,
	})
	noErr(t, err, "moto: put alarm "+name)
	b.SetAlarm(t, name, string(cwtypes.StateValueOk))
}

func (b *motoBackend) SetAlarm(t *testing.T, name, state string) {
	t.Helper()
	_, err := b.cw.SetAlarmState(t.Context(), &cloudwatch.SetAlarmStateInput{
		AlarmName: aws.String(name), StateValue: cwtypes.StateValue(state), StateReason: aws.String("asgctl contract suite"),
	})
	noErr(t, err, fmt.Sprintf("moto: set alarm %s %s", name, state))
}
