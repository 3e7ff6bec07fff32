package motohost

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// tagService is the tag asgctl puts on every resource of a service and on
// every Auto Scaling group it creates (controller/api.TagService; a test
// keeps the two equal).
const tagService = "asgctl:service"

// errNoID means a create call succeeded but its answer named no resource.
var errNoID = errors.New("the answer names no resource")

// ec2Tags tags a new EC2 resource of kind with asgctl:service=name.
func ec2Tags(kind ec2types.ResourceType, name string) []ec2types.TagSpecification {
	return []ec2types.TagSpecification{{
		ResourceType: kind,
		Tags:         []ec2types.Tag{{Key: aws.String(tagService), Value: aws.String(name)}},
	}}
}

// elbTags tags a new load balancing resource with asgctl:service=name.
func elbTags(name string) []elbtypes.Tag {
	return []elbtypes.Tag{{Key: aws.String(tagService), Value: aws.String(name)}}
}
