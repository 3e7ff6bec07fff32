package api

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Validate reports every problem with the spec at once as a
// *ValidationError, or nil. Optional fields are checked only when set.
func (s *ServiceSpec) Validate() error {
	var p problems
	s.validateIdentity(&p)
	s.validateNetwork(&p)
	s.validateCapacity(&p)
	validateSteps(&p, s.Steps)
	s.validateRolloutKnobs(&p)
	validateAlarms(&p, s.Alarms)
	if v := s.AlarmInsufficientData; v != "" && v != InsufficientDataOK && v != InsufficientDataAlarm {
		p.add("alarm_insufficient_data", "must be %q or %q, got %q", InsufficientDataOK, InsufficientDataAlarm, v)
	}
	validateScalingPolicies(&p, s.ScalingPolicies)
	validateScheduledActions(&p, s.ScheduledActions)
	validateTags(&p, s.Tags)
	s.validateTestListener(&p)
	s.validateVerify(&p)
	validateAnalysis(&p, s.Analysis)
	if utf8.RuneCountInString(s.LifecycleHook) > MaxLifecycleHookLen {
		p.add("lifecycle_hook", "must be at most %d characters", MaxLifecycleHookLen)
	}
	return p.err("service spec")
}

func (s *ServiceSpec) validateIdentity(p *problems) {
	if s.Version != SpecVersion {
		p.add("version", "must be %d, got %d", SpecVersion, s.Version)
	}
	switch {
	case s.Name == "":
		p.add("name", "required")
	case len(s.Name) > MaxNameLen || !nameRE.MatchString(s.Name):
		p.add("name", "%q must be 1-%d lowercase letters, digits or dashes, starting with a letter", s.Name, MaxNameLen)
	}
	if s.Region == "" {
		p.add("region", "required")
	}
	if s.RoleARN != "" && !roleARNRE.MatchString(s.RoleARN) {
		p.add("role_arn", "%q is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)", s.RoleARN)
	}
	if s.ExternalID != "" && s.RoleARN == "" {
		p.add("external_id", "is only used with role_arn, which is not set")
	}
}

func (s *ServiceSpec) validateNetwork(p *problems) {
	switch {
	case s.LaunchTemplateID == "":
		p.add("launch_template_id", "required")
	case !strings.HasPrefix(s.LaunchTemplateID, "lt-"):
		p.add("launch_template_id", "%q must start with \"lt-\"", s.LaunchTemplateID)
	}
	validateSubnets(p, s.Subnets)
	if s.ListenerARN == "" {
		p.add("listener_arn", "required")
	} else {
		checkELBARN(p, "listener_arn", s.ListenerARN, ":listener/")
	}
	if s.RuleARN != "" {
		checkELBARN(p, "rule_arn", s.RuleARN, ":listener-rule/")
	}
	validateTargetGroups(p, s.TargetGroups)
}

func checkELBARN(p *problems, field, arn, kind string) {
	if !elbARNRE.MatchString(arn) || !strings.Contains(arn, kind) {
		p.add(field, "%q is not an elasticloadbalancing ARN containing %q", arn, kind)
	}
}

func validateSubnets(p *problems, subnets []string) {
	if len(subnets) == 0 {
		p.add("subnets", "at least one subnet is required")
	}
	seen := make(map[string]int, len(subnets))
	for i, sn := range subnets {
		field := fmt.Sprintf("subnets[%d]", i)
		if !strings.HasPrefix(sn, "subnet-") {
			p.add(field, "%q must start with \"subnet-\"", sn)
		}
		if j, dup := seen[sn]; dup {
			p.add(field, "duplicate of subnets[%d] (%q)", j, sn)
			continue
		}
		seen[sn] = i
	}
}

func validateTargetGroups(p *problems, tgs []string) {
	if len(tgs) != 2 {
		p.add("target_groups", "exactly 2 target group ARNs are required, got %d", len(tgs))
	}
	for i, tg := range tgs {
		checkELBARN(p, fmt.Sprintf("target_groups[%d]", i), tg, ":targetgroup/")
	}
	if len(tgs) == 2 && tgs[0] == tgs[1] {
		p.add("target_groups", "the two target groups must differ")
	}
}

func (s *ServiceSpec) validateCapacity(p *problems) {
	c := s.Capacity
	if c.Min < 0 {
		p.add("capacity.min", "must not be negative, got %d", c.Min)
	}
	if c.Max < 1 {
		p.add("capacity.max", "must be at least 1, got %d", c.Max)
	}
	if c.Min > c.Max {
		p.add("capacity.min", "must not exceed max (%d), got %d", c.Max, c.Min)
	}
	if c.Desired < c.Min || c.Desired > c.Max {
		p.add("capacity.desired", "must be between min (%d) and max (%d), got %d", c.Min, c.Max, c.Desired)
	}
	if s.HealthCheckGracePeriod < 0 {
		p.add("health_check_grace_period", "must not be negative, got %s", s.HealthCheckGracePeriod.D())
	}
	if s.InstanceWarmup < 0 {
		p.add("instance_warmup", "must not be negative, got %s", s.InstanceWarmup.D())
	}
}

// validateSteps checks steps when given (nil means "use the defaults").
func validateSteps(p *problems, steps []Step) {
	if steps == nil {
		return
	}
	if len(steps) == 0 {
		p.add("steps", "must not be empty when given (omit it to use the defaults)")
		return
	}
	last := len(steps) - 1
	for i, st := range steps {
		field := fmt.Sprintf("steps[%d]", i)
		if st.Weight < 1 || st.Weight > 100 {
			p.add(field+".weight", "must be between 1 and 100, got %d", st.Weight)
		}
		if i > 0 && st.Weight <= steps[i-1].Weight {
			p.add(field+".weight", "must be greater than the previous step's weight (%d), got %d", steps[i-1].Weight, st.Weight)
		}
		if i == last {
			if st.Weight != 100 {
				p.add(field+".weight", "the last step must send all traffic (100), got %d", st.Weight)
			}
			if st.Pause != "" {
				p.add(field+".pause", "the last step must not have a pause, got %q", st.Pause)
			}
			continue
		}
		if !validPause(st.Pause) {
			p.add(field+".pause", "pause must be a duration like \"60s\" or \"manual\", got %q", st.Pause)
		}
	}
}

// validPause reports whether a non-last step's pause is empty, manual or a
// positive duration.
func validPause(pause string) bool {
	if pause == "" || pause == PauseManual {
		return true
	}
	d, err := time.ParseDuration(pause)
	return err == nil && d > 0
}

func (s *ServiceSpec) validateRolloutKnobs(p *problems) {
	if s.ProgressDeadline != 0 && s.ProgressDeadline.D() < MinProgressDeadline {
		p.add("progress_deadline", "must be at least %s, got %s", MinProgressDeadline, s.ProgressDeadline.D())
	}
	if s.ScaleDownDelay != nil && *s.ScaleDownDelay < 0 {
		p.add("scale_down_delay", "must not be negative, got %s", s.ScaleDownDelay.D())
	}
	if k := s.KeepPrevious; k != nil && (*k < 0 || *k > MaxKeepPrevious) {
		p.add("keep_previous", "must be between 0 and %d, got %d", MaxKeepPrevious, *k)
	}
	if m := s.MinHealthyPercent; m != nil && (*m < 1 || *m > 100) {
		p.add("min_healthy_percent", "must be between 1 and 100, got %d", *m)
	}
}

func validateAlarms(p *problems, alarms []string) {
	seen := make(map[string]int, len(alarms))
	for i, a := range alarms {
		field := fmt.Sprintf("alarms[%d]", i)
		if strings.TrimSpace(a) == "" {
			p.add(field, "alarm name must not be empty")
			continue
		}
		if j, dup := seen[a]; dup {
			p.add(field, "duplicate of alarms[%d] (%q)", j, a)
			continue
		}
		seen[a] = i
	}
}

func validateTags(p *problems, tags map[string]string) {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		field := fmt.Sprintf("tags[%q]", k)
		switch {
		case k == "":
			p.add("tags", "keys must not be empty")
		case utf8.RuneCountInString(k) > MaxTagKeyLen:
			p.add(field, "key must be at most %d characters", MaxTagKeyLen)
		case strings.HasPrefix(k, ReservedTagPrefix):
			p.add(field, "keys starting with %q are reserved for asgctl", ReservedTagPrefix)
		}
		if utf8.RuneCountInString(tags[k]) > MaxTagValueLen {
			p.add(field, "value must be at most %d characters", MaxTagValueLen)
		}
	}
}
