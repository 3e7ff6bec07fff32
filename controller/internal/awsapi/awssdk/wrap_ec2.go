package awssdk

import (
	"context"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// limitedEC2 puts the EC2 calls behind the rate limiter (see wrap.go).
type limitedEC2 struct {
	c awsapi.EC2
	g Gate
}

var _ awsapi.EC2 = (*limitedEC2)(nil)

// CreateLaunchTemplateVersion calls CreateLaunchTemplateVersion after taking a token.
func (w *limitedEC2) CreateLaunchTemplateVersion(ctx context.Context, in *ec2.CreateLaunchTemplateVersionInput, optFns ...func(*ec2.Options)) (*ec2.CreateLaunchTemplateVersionOutput, error) {
	return call(ctx, w.g, "CreateLaunchTemplateVersion", func() (*ec2.CreateLaunchTemplateVersionOutput, error) {
		return w.c.CreateLaunchTemplateVersion(ctx, in, optFns...)
	})
}

// DescribeLaunchTemplateVersions calls DescribeLaunchTemplateVersions after taking a token.
func (w *limitedEC2) DescribeLaunchTemplateVersions(ctx context.Context, in *ec2.DescribeLaunchTemplateVersionsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeLaunchTemplateVersionsOutput, error) {
	return call(ctx, w.g, "DescribeLaunchTemplateVersions", func() (*ec2.DescribeLaunchTemplateVersionsOutput, error) {
		return w.c.DescribeLaunchTemplateVersions(ctx, in, optFns...)
	})
}
