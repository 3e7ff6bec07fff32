package execute

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// createLTVersion creates a version of the spec's launch template, based on
// the version the rollout recorded as the default when it started (the
// default itself for older records), with the rollout's AMI. Decide finds it again by its
// description, so a retry after a crash does not need to create another.
func (e *Executor) createLTVersion(ctx context.Context, a reconcile.Action) error {
	_, err := e.Clients.EC2.CreateLaunchTemplateVersion(ctx, &ec2.CreateLaunchTemplateVersionInput{
		LaunchTemplateId:   aws.String(a.LaunchTemplateID),
		SourceVersion:      aws.String(sourceVersion(a.SourceVersion)),
		VersionDescription: aws.String(a.Description),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String(a.AMI)},
	})
	if err != nil {
		return fmt.Errorf("create launch template %q version for %q: %w", a.LaunchTemplateID, a.AMI, err)
	}
	return nil
}

func sourceVersion(v string) string {
	if v == "" {
		return "$Default"
	}
	return v
}
