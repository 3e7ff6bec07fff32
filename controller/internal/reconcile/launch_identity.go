package reconcile

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// A rollout launches an AMI from a launch template version made from the
// template's default version, with spec settings that reach instances.
// All three identify what a group launches, so a new AMI, a new default
// template version (instance type, user data, security groups) and a
// changed launch setting each roll out, and nothing else does.

// launchInputs are the spec fields that reach a launched instance.
type launchInputs struct {
	Subnets       []string          `json:"subnets"`
	Tags          map[string]string `json:"tags,omitempty"`
	LifecycleHook string            `json:"lifecycle_hook,omitempty"`
	Grace         time.Duration     `json:"health_check_grace_period"`
	Warmup        time.Duration     `json:"instance_warmup,omitempty"`
}

// LaunchDigest fingerprints the spec fields that reach instances (16 hex
// digits); the order of subnets does not matter.
func LaunchDigest(spec api.ServiceSpec) string {
	spec = spec.WithDefaults()
	in := launchInputs{
		Subnets: slices.Sorted(slices.Values(spec.Subnets)), Tags: spec.Tags, LifecycleHook: spec.LifecycleHook,
		Grace: spec.HealthCheckGracePeriod.D(), Warmup: spec.InstanceWarmup.D(),
	}
	b, err := json.Marshal(in)
	if err != nil {
		panic("reconcile: launch digest: " + err.Error()) // plain data always encodes
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// launchDrift is LaunchDrift for the builder's observation and spec.
func (b *builder) launchDrift(g Group, refresh bool) string {
	return LaunchDrift(b.o, b.d.Spec, g, refresh)
}

// LaunchDrift says how group g launches something other than what a
// rollout would launch now (the launch template's default version, as
// observed in o, and spec's launch settings), or "" when it launches the
// same. A group from before asgctl tagged its source version is taken as
// current unless refresh asks for it anyway.
func LaunchDrift(o Observed, spec api.ServiceSpec, g Group, refresh bool) string {
	if g.SourceVersion == 0 {
		if refresh {
			return fmt.Sprintf("%s does not record its launch template version", g.Name)
		}
		return ""
	}
	if o.DefaultVersionKnown && g.SourceVersion != o.DefaultVersion {
		return fmt.Sprintf("%s runs launch template version %d, the default is %d", g.Name, g.SourceVersion, o.DefaultVersion)
	}
	if g.LaunchDigest != LaunchDigest(spec) {
		return fmt.Sprintf("%s was launched with other spec launch settings (subnets, tags, lifecycle hook, grace period or warmup)", g.Name)
	}
	return ""
}
