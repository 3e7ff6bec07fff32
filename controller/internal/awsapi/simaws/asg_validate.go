package simaws

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// groupTemplate validates a group's launch template specification and
// returns the template and the version as configured ("" is "$Default").
func (c *Cloud) groupTemplate(spec *types.LaunchTemplateSpecification) (*launchTemplate, string, error) {
	if spec == nil {
		return nil, "", validationError("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.")
	}
	var lt *launchTemplate
	switch {
	case spec.LaunchTemplateId != nil && spec.LaunchTemplateName != nil:
		return nil, "", validationError("Specify either a launch template ID or a launch template name, not both.")
	case spec.LaunchTemplateId != nil:
		lt = c.templates[*spec.LaunchTemplateId]
	case spec.LaunchTemplateName != nil:
		lt = c.templateByName(*spec.LaunchTemplateName)
	}
	if lt == nil && spec.LaunchTemplateName != nil {
		return nil, "", validationError("The specified launch template, with template name %s, does not exist.", *spec.LaunchTemplateName)
	}
	if lt == nil {
		return nil, "", validationError("The specified launch template, with template ID %s, does not exist.", aws.ToString(spec.LaunchTemplateId))
	}
	version := aws.ToString(spec.Version)
	if version == "" {
		version = "$Default"
	}
	v, ok := lt.resolve(version)
	if !ok {
		return nil, "", validationError("The specified launch template version %s, with template ID %s, does not exist.", version, lt.id)
	}
	if v.ami == "" {
		return nil, "", validationError("You must use a valid fully-formed launch template. The launch template must specify an ImageId.")
	}
	return lt, version, nil
}

func validateCapacity(minSize, maxSize, desired int) error {
	switch {
	case minSize < 0 || maxSize < 0 || desired < 0:
		return validationError("MinSize, MaxSize and DesiredCapacity must not be negative")
	case minSize > maxSize:
		return validationError("Max bound, %d, must be greater than or equal to min bound, %d", maxSize, minSize)
	case desired < minSize || desired > maxSize:
		return validationError("Desired capacity:%d must be between the specified min size:%d and max size:%d", desired, minSize, maxSize)
	}
	return nil
}

// zones returns the subnets string and the availability zones instances
// are spread over: the given zones, or one zone per subnet (a, b, c, ...).
func (c *Cloud) zones(vpcZone *string, azs []string) (string, []string, error) {
	var subnets []string
	for _, s := range strings.Split(aws.ToString(vpcZone), ",") {
		if s = strings.TrimSpace(s); s != "" {
			subnets = append(subnets, s)
		}
	}
	if len(azs) > 0 {
		return strings.Join(subnets, ","), slices.Clone(azs), nil
	}
	if len(subnets) == 0 {
		return "", nil, validationError("At least one Availability Zone or VPC Subnet is required.")
	}
	out := make([]string, len(subnets))
	for i := range subnets {
		out[i] = fmt.Sprintf("%s%c", c.cfg.Region, 'a'+i%6)
	}
	return strings.Join(subnets, ","), out, nil
}

func (c *Cloud) checkTargetGroups(arns []string) error {
	for _, arn := range arns {
		if _, ok := c.targetGroups[arn]; !ok {
			return validationError("Provided Target Groups may not be valid. Please ensure they exist and try again.")
		}
	}
	if len(uniqueSorted(arns)) != len(arns) {
		return validationError("Provided Target Groups contain duplicates.")
	}
	return nil
}

func healthCheckType(s *string) (string, error) {
	switch t := aws.ToString(s); t {
	case "":
		return "EC2", nil
	case "EC2", "ELB", "EBS", "VPC_LATTICE":
		return t, nil
	default:
		return "", validationError("Invalid HealthCheckType: %s", t)
	}
}

func gracePeriod(p *int32) (time.Duration, error) {
	n := aws.ToInt32(p)
	if n < 0 {
		return 0, validationError("HealthCheckGracePeriod must not be negative")
	}
	return time.Duration(n) * time.Second, nil
}

// parseTags validates tags and returns them sorted by key.
func parseTags(group string, in []types.Tag) ([]tag, error) {
	if len(in) > 50 {
		return nil, validationError("The number of tags must not exceed 50")
	}
	var out []tag
	seen := map[string]bool{}
	for _, t := range in {
		k := aws.ToString(t.Key)
		switch {
		case k == "" || len(k) > 128 || len(aws.ToString(t.Value)) > 256:
			return nil, validationError("Tag keys must be 1-128 characters and values at most 256")
		case seen[k]:
			return nil, validationError("Duplicate tag key %q", k)
		case t.ResourceType != nil && *t.ResourceType != "auto-scaling-group",
			t.ResourceId != nil && *t.ResourceId != group:
			return nil, validationError("Tag %q must name this auto-scaling-group as its resource", k)
		}
		seen[k] = true
		out = append(out, tag{key: k, value: aws.ToString(t.Value), propagate: aws.ToBool(t.PropagateAtLaunch)})
	}
	slices.SortFunc(out, func(a, b tag) int { return compareStrings(a.key, b.key) })
	return out, nil
}

// parseHooks validates lifecycle hook specifications: default result
// ABANDON, heartbeat timeout 3600s (30-7200).
func parseHooks(in []types.LifecycleHookSpecification) ([]hook, error) {
	var out []hook
	for _, s := range in {
		h := hook{name: aws.ToString(s.LifecycleHookName), transition: aws.ToString(s.LifecycleTransition), defaultResult: resultAbandon, timeout: time.Hour}
		if s.DefaultResult != nil {
			h.defaultResult = *s.DefaultResult
		}
		if s.HeartbeatTimeout != nil {
			h.timeout = time.Duration(*s.HeartbeatTimeout) * time.Second
		}
		_, dup := findHook(out, h.name)
		switch {
		case h.name == "" || dup:
			return nil, validationError("Lifecycle hook names must be non-empty and unique")
		case h.transition != transitionLaunching && h.transition != transitionTerminating:
			return nil, validationError("Invalid LifecycleTransition: %s", h.transition)
		case h.defaultResult != resultContinue && h.defaultResult != resultAbandon:
			return nil, validationError("DefaultResult must be CONTINUE or ABANDON")
		case h.timeout < 30*time.Second || h.timeout > 7200*time.Second:
			return nil, validationError("HeartbeatTimeout must be between 30 and 7200 seconds")
		}
		out = append(out, h)
	}
	return out, nil
}

func findHook(hooks []hook, name string) (hook, bool) {
	for _, h := range hooks {
		if h.name == name {
			return h, true
		}
	}
	return hook{}, false
}

// checkProcesses validates scaling process names; none means all.
func checkProcesses(ps []string) ([]string, error) {
	if len(ps) == 0 {
		return slices.Clone(scalingProcesses), nil
	}
	for _, p := range ps {
		if !slices.Contains(scalingProcesses, p) {
			return nil, validationError("Process type %s is not recognized", p)
		}
	}
	return uniqueSorted(ps), nil
}
