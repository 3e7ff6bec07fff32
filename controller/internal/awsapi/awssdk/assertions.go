package awssdk

import (
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// The real SDK clients satisfy the consumer-owned interfaces as they are,
// so the interfaces cannot drift from the SDK's method sets.
var (
	_ awsapi.AutoScaling = (*autoscaling.Client)(nil)
	_ awsapi.EC2         = (*ec2.Client)(nil)
	_ awsapi.ELBv2       = (*elbv2.Client)(nil)
	_ awsapi.CloudWatch  = (*cloudwatch.Client)(nil)
)
