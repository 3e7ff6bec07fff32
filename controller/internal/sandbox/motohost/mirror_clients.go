package motohost

import (
	"context"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// Host runs the sandbox's instances (agenthost.Host is one): Start launches
// instance id from ami in the background, Stop stops it gracefully.
type Host interface {
	Start(id, ami string)
	Stop(id string)
}

// GroupReader is the part of the Auto Scaling API the Mirror calls.
type GroupReader = awsapi.GroupDescriber

// InstanceReader is the part of the EC2 API the Mirror calls.
type InstanceReader interface {
	DescribeInstances(ctx context.Context, in *ec2.DescribeInstancesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error)
}

// The real SDK clients satisfy the interfaces.
var (
	_ GroupReader    = (*autoscaling.Client)(nil)
	_ InstanceReader = (*ec2.Client)(nil)
)
