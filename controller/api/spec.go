package api

// SpecVersion is the only ServiceSpec wire version this build understands.
const SpecVersion = 1

// ServiceSpec describes one service the controller deploys: where it lives in
// AWS and how a rollout proceeds. Stored at KeySpec(name).
type ServiceSpec struct {
	Version                int       `json:"version"`
	Name                   string    `json:"name"`
	Region                 string    `json:"region"`
	RoleARN                string    `json:"role_arn,omitempty"`
	ExternalID             string    `json:"external_id,omitempty"`
	LaunchTemplateID       string    `json:"launch_template_id"`
	Subnets                []string  `json:"subnets"`
	ListenerARN            string    `json:"listener_arn"`
	RuleARN                string    `json:"rule_arn,omitempty"`
	TargetGroups           []string  `json:"target_groups"`
	Capacity               Capacity  `json:"capacity"`
	HealthCheckGracePeriod Duration  `json:"health_check_grace_period,omitempty"`
	InstanceWarmup         Duration  `json:"instance_warmup,omitempty"`
	Steps                  []Step    `json:"steps,omitempty"`
	ProgressDeadline       Duration  `json:"progress_deadline,omitempty"`
	ScaleDownDelay         *Duration `json:"scale_down_delay,omitempty"`
	KeepPrevious           *int      `json:"keep_previous,omitempty"`
	Alarms                 []string  `json:"alarms,omitempty"`
	// AlarmInsufficientData is how a gate reads an alarm in
	// INSUFFICIENT_DATA: "ok" (the default) or "alarm".
	AlarmInsufficientData string            `json:"alarm_insufficient_data,omitempty"`
	MinHealthyPercent     *int              `json:"min_healthy_percent,omitempty"`
	LifecycleHook         string            `json:"lifecycle_hook,omitempty"`
	Tags                  map[string]string `json:"tags,omitempty"`
	// ScalingPolicies and ScheduledActions are owned by the controller:
	// every group it launches gets them, and the live group keeps exactly
	// these.
	ScalingPolicies  []ScalingPolicy   `json:"scaling_policies,omitempty"`
	ScheduledActions []ScheduledAction `json:"scheduled_actions,omitempty"`
	// TestListenerARN (or TestRuleARN, a rule of such a listener) is a
	// listener that takes no production traffic: while green is verified
	// the controller forwards it all to green's target group, and
	// Verify's relative URLs go to it. Afterwards it forwards to the live
	// target group again.
	TestListenerARN string `json:"test_listener_arn,omitempty"`
	TestRuleARN     string `json:"test_rule_arn,omitempty"`
	// Verify are checks of green before and after it takes production
	// traffic; Analysis compares green with blue while both do.
	Verify   *Verify   `json:"verify,omitempty"`
	Analysis *Analysis `json:"analysis,omitempty"`
}

// Capacity is an Auto Scaling group's size.
type Capacity struct {
	Min     int `json:"min"`
	Max     int `json:"max"`
	Desired int `json:"desired"`
}

// Step is one weight step of a traffic shift. Pause is a Go duration string,
// "manual" (wait for `asgctl promote --expect-step`), or empty on the last
// step.
type Step struct {
	Weight int    `json:"weight"`
	Pause  string `json:"pause,omitempty"`
}

// PauseManual marks a step that waits for an operator.
const PauseManual = "manual"
