package observe

import (
	"context"
	"fmt"
	"sort"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// Launch template versions are read newest first, ltPages pages of ltPageSize:
// enough to find the version this rollout just created.
const (
	ltPageSize = 50
	ltPages    = 2
)

// readLaunchTemplates returns the newest versions of template id, newest first.
func readLaunchTemplates(ctx context.Context, e awsapi.EC2, id string) ([]reconcile.LTVersion, error) {
	in := &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(id), MaxResults: aws.Int32(ltPageSize)}
	versions, err := awsapi.LaunchTemplateVersions(ctx, e, in, ltPages)
	if err != nil {
		return nil, fmt.Errorf("describe launch template %q versions: %w", id, err)
	}
	var out []reconcile.LTVersion
	for _, v := range versions {
		lt := reconcile.LTVersion{Number: aws.ToInt64(v.VersionNumber), Description: aws.ToString(v.VersionDescription)}
		if v.LaunchTemplateData != nil {
			lt.ImageID = aws.ToString(v.LaunchTemplateData.ImageId)
		}
		out = append(out, lt)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Number > out[j].Number })
	return out, nil
}

// ReadDefaultVersion returns the number of template id's default version.
func ReadDefaultVersion(ctx context.Context, e awsapi.EC2, id string) (int64, error) {
	out, err := e.DescribeLaunchTemplateVersions(ctx, &ec2.DescribeLaunchTemplateVersionsInput{
		LaunchTemplateId: aws.String(id), Versions: []string{"$Default"},
	})
	if err != nil {
		return 0, fmt.Errorf("describe the default version of launch template %q: %w", id, err)
	}
	for _, v := range out.LaunchTemplateVersions {
		if n := aws.ToInt64(v.VersionNumber); n > 0 {
			return n, nil
		}
	}
	return 0, fmt.Errorf("launch template %q shows no default version", id)
}
