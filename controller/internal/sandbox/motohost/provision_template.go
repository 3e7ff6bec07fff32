package motohost

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// createLaunchTemplate creates the launch template name whose version 1
// launches ami, and returns its id.
func createLaunchTemplate(ctx context.Context, e ProvisionEC2, name, ami string) (string, error) {
	out, err := e.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{
		LaunchTemplateName: aws.String(name),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{
			ImageId: aws.String(ami), InstanceType: ec2types.InstanceTypeT3Micro,
		},
		TagSpecifications: ec2Tags(ec2types.ResourceTypeLaunchTemplate, name),
	})
	if err != nil {
		return "", fmt.Errorf("create launch template %s: %w", name, err)
	}
	if out.LaunchTemplate == nil || aws.ToString(out.LaunchTemplate.LaunchTemplateId) == "" {
		return "", fmt.Errorf("create launch template %s: %w", name, errNoID)
	}
	return aws.ToString(out.LaunchTemplate.LaunchTemplateId), nil
}
