package instance

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
)

// Identity is who the instance is.
type Identity struct {
	InstanceID string
	Region     string
	// AutoScalingGroup is left empty by Identify: it is needed only to
	// complete a lifecycle hook, and reading it needs instance metadata
	// tags enabled, so callers fill it with GroupName when a hook is set.
	AutoScalingGroup string
}

// regionEnv is the SDK's region variable, the last resort for Region.
const regionEnv = "AWS_REGION"

// outsideEC2Hint ends every "IMDS did not help" error.
const outsideEC2Hint = "set instance_id and region in the agent config outside EC2"

// Identify returns the instance's id and region. A value set in the agent
// config wins (the sandbox and tests set both); an empty one is asked of
// IMDSv2 through md. The region's precedence is: config, then IMDS (the
// instance identity document: the region the instance, and so its group,
// lives in), then the AWS_REGION environment variable when IMDS cannot say.
// md may be nil when both values are configured. Outside EC2, set both in
// the config: asking an absent IMDS costs about a second before failing.
func Identify(ctx context.Context, md Metadata, cfgInstanceID, cfgRegion string) (Identity, error) {
	id := Identity{InstanceID: cfgInstanceID, Region: cfgRegion}
	if id.InstanceID == "" {
		v, err := readMetadata(ctx, md, "instance-id")
		if err != nil {
			return Identity{}, imdsError("instance_id", md, err)
		}
		id.InstanceID = v
	}
	if id.Region == "" {
		r, err := region(ctx, md)
		if err != nil {
			return Identity{}, err
		}
		id.Region = r
	}
	return id, nil
}

// region asks IMDS for the region and falls back to AWS_REGION.
func region(ctx context.Context, md Metadata) (string, error) {
	r, err := imdsRegion(ctx, md)
	if err == nil {
		return r, nil
	}
	if env := os.Getenv(regionEnv); env != "" {
		return env, nil
	}
	return "", fmt.Errorf("%w (and %s is not set)", imdsError("region", md, err), regionEnv)
}

// imdsRegion reads the region from the instance identity document.
func imdsRegion(ctx context.Context, md Metadata) (string, error) {
	if md == nil {
		return "", errNoMetadata
	}
	out, err := md.GetRegion(ctx, &imds.GetRegionInput{})
	if err != nil {
		return "", err
	}
	return out.Region, nil
}
