package motohost

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// The sandbox network: one VPC, one /24 subnet per zone.
const vpcCIDR = "10.0.0.0/16"

// zones are the availability zones of the subnets, in order.
var zones = []string{"us-east-1a", "us-east-1b"}

// createNetwork creates the VPC and one subnet per zone; it returns the
// VPC id and the subnet ids in zone order.
func createNetwork(ctx context.Context, e ProvisionEC2, name string) (string, []string, error) {
	out, err := e.CreateVpc(ctx, &ec2.CreateVpcInput{
		CidrBlock:         aws.String(vpcCIDR),
		TagSpecifications: ec2Tags(ec2types.ResourceTypeVpc, name),
	})
	if err != nil {
		return "", nil, fmt.Errorf("create vpc: %w", err)
	}
	if out.Vpc == nil || aws.ToString(out.Vpc.VpcId) == "" {
		return "", nil, fmt.Errorf("create vpc: %w", errNoID)
	}
	vpc := aws.ToString(out.Vpc.VpcId)
	subnets := make([]string, 0, len(zones))
	for i, zone := range zones {
		id, err := createSubnet(ctx, e, name, vpc, zone, fmt.Sprintf("10.0.%d.0/24", i+1))
		if err != nil {
			return "", nil, err
		}
		subnets = append(subnets, id)
	}
	return vpc, subnets, nil
}

func createSubnet(ctx context.Context, e ProvisionEC2, name, vpc, zone, cidr string) (string, error) {
	out, err := e.CreateSubnet(ctx, &ec2.CreateSubnetInput{
		VpcId: aws.String(vpc), AvailabilityZone: aws.String(zone), CidrBlock: aws.String(cidr),
		TagSpecifications: ec2Tags(ec2types.ResourceTypeSubnet, name),
	})
	if err != nil {
		return "", fmt.Errorf("create subnet in %s: %w", zone, err)
	}
	if out.Subnet == nil || aws.ToString(out.Subnet.SubnetId) == "" {
		return "", fmt.Errorf("create subnet in %s: %w", zone, errNoID)
	}
	return aws.ToString(out.Subnet.SubnetId), nil
}

// createLoadBalancer creates the internal application load balancer name
// over subnets and returns its ARN.
func createLoadBalancer(ctx context.Context, e ProvisionELB, name string, subnets []string) (string, error) {
	out, err := e.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{
		Name: aws.String(name), Type: elbtypes.LoadBalancerTypeEnumApplication,
		Scheme: elbtypes.LoadBalancerSchemeEnumInternal, Subnets: subnets, Tags: elbTags(name),
	})
	if err != nil {
		return "", fmt.Errorf("create load balancer %s: %w", name, err)
	}
	if len(out.LoadBalancers) != 1 || aws.ToString(out.LoadBalancers[0].LoadBalancerArn) == "" {
		return "", fmt.Errorf("create load balancer %s: %w", name, errNoID)
	}
	return aws.ToString(out.LoadBalancers[0].LoadBalancerArn), nil
}
