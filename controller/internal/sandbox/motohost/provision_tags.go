package motohost

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/api"
)

// errNoID means a create call succeeded but its answer named no resource.
var errNoID = errors.New("the answer names no resource")

// ec2Tags tags a new EC2 resource of kind with asgctl:service=name.
func ec2Tags(kind ec2types.ResourceType, name string) []ec2types.TagSpecification {
	return []ec2types.TagSpecification{{
		ResourceType: kind,
		Tags:         []ec2types.Tag{{Key: aws.String(api.TagService), Value: aws.String(name)}},
	}}
}

// elbTags tags a new load balancing resource with asgctl:service=name.
func elbTags(name string) []elbtypes.Tag {
	return []elbtypes.Tag{{Key: aws.String(api.TagService), Value: aws.String(name)}}
}
