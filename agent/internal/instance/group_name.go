package instance

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// GroupTag is the tag Auto Scaling puts on every instance it launches.
const GroupTag = "aws:autoscaling:groupName"

// groupTagPath is where IMDS shows GroupTag when instance metadata tags are
// enabled.
const groupTagPath = "tags/instance/" + GroupTag

// ErrMetadataTagsDisabled means IMDS does not show instance tags: the
// launch template does not set InstanceMetadataTags=enabled.
var ErrMetadataTagsDisabled = errors.New("instance metadata tags are not enabled")

// ErrNotInGroup means IMDS shows the instance's tags but none names an Auto
// Scaling group: the instance was not launched by one.
var ErrNotInGroup = errors.New("the instance is not in an Auto Scaling group")

// tagsHint says how to turn instance metadata tags on.
const tagsHint = "enable them in the launch template's metadata options " +
	`(InstanceMetadataTags=enabled, e.g. --launch-template-data '{"MetadataOptions":{"InstanceMetadataTags":"enabled"}}'; ` +
	"Terraform: metadata_options { instance_metadata_tags = \"enabled\" }), " +
	"or on a running instance: aws ec2 modify-instance-metadata-options --instance-id ID --instance-metadata-tags enabled"

// GroupName reads the instance's Auto Scaling group name from the tag
// aws:autoscaling:groupName in IMDS (meta-data/tags/instance/...). It needs
// instance metadata tags enabled in the launch template; when IMDS has no
// such tag the error wraps ErrMetadataTagsDisabled and says how to enable
// them, or ErrNotInGroup when tags are visible but this one is missing. Only
// boot with a lifecycle hook configured needs it.
func GroupName(ctx context.Context, md Metadata) (string, error) {
	name, err := readMetadata(ctx, md, groupTagPath)
	if err == nil {
		return name, nil
	}
	if !isNotFound(err) {
		return "", fmt.Errorf("read tag %s from IMDS at %s: %w", GroupTag, endpointOf(md), err)
	}
	if tagsListedWithoutGroup(ctx, md) {
		return "", fmt.Errorf("read tag %s from IMDS: %w: IMDS shows the instance's tags but not this one", GroupTag, ErrNotInGroup)
	}
	return "", fmt.Errorf("read tag %s from IMDS: not found (HTTP 404): %w; %s: %w", GroupTag, ErrMetadataTagsDisabled, tagsHint, err)
}

// tagsListedWithoutGroup reports whether IMDS lists the instance's tags and
// GroupTag is not among them, which tells "no such tag" from "tags
// disabled".
func tagsListedWithoutGroup(ctx context.Context, md Metadata) bool {
	list, err := readMetadata(ctx, md, "tags/instance")
	return err == nil && !strings.Contains(list, GroupTag)
}
