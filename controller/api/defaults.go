package api

import "time"

// Defaults of the ServiceSpec (docs/spec.md).
var (
	DefaultSteps             = []Step{{Weight: 10, Pause: "60s"}, {Weight: 50, Pause: "60s"}, {Weight: 100}}
	DefaultProgressDeadline  = 15 * time.Minute
	DefaultScaleDownDelay    = 5 * time.Minute
	DefaultKeepPrevious      = 1
	DefaultMinHealthyPercent = 100
	// DefaultHealthCheckGracePeriod keeps a group with ELB health checks from
	// replacing instances whose app is still starting (the API's own default
	// of 0 makes a slow-starting group churn forever).
	DefaultHealthCheckGracePeriod = 60 * time.Second
)

// WithDefaults returns a copy with every unset optional field defaulted.
// Slices and maps are copied so the result shares nothing with s.
func (s ServiceSpec) WithDefaults() ServiceSpec {
	out := s
	if out.Version == 0 {
		out.Version = SpecVersion
	}
	out.Subnets = append([]string(nil), s.Subnets...)
	out.TargetGroups = append([]string(nil), s.TargetGroups...)
	out.Alarms = append([]string(nil), s.Alarms...)
	if out.AlarmInsufficientData == "" {
		out.AlarmInsufficientData = InsufficientDataOK
	}
	out.ScalingPolicies = cloneJSON(s.ScalingPolicies)
	out.ScheduledActions = cloneJSON(s.ScheduledActions)
	out.Steps = append([]Step(nil), s.Steps...)
	if len(out.Steps) == 0 {
		out.Steps = append([]Step(nil), DefaultSteps...)
	}
	if out.HealthCheckGracePeriod == 0 {
		out.HealthCheckGracePeriod = Duration(DefaultHealthCheckGracePeriod)
	}
	if out.ProgressDeadline == 0 {
		out.ProgressDeadline = Duration(DefaultProgressDeadline)
	}
	if out.ScaleDownDelay == nil {
		d := Duration(DefaultScaleDownDelay)
		out.ScaleDownDelay = &d
	} else {
		d := *s.ScaleDownDelay
		out.ScaleDownDelay = &d
	}
	out.Verify = cloneJSON(s.Verify)
	out.Analysis = AnalysisWithDefaults(s.Analysis)
	out.KeepPrevious = intOr(s.KeepPrevious, DefaultKeepPrevious)
	out.MinHealthyPercent = intOr(s.MinHealthyPercent, DefaultMinHealthyPercent)
	if s.Tags != nil {
		out.Tags = make(map[string]string, len(s.Tags))
		for k, v := range s.Tags {
			out.Tags[k] = v
		}
	}
	return out
}

func intOr(p *int, def int) *int {
	v := def
	if p != nil {
		v = *p
	}
	return &v
}

// Keep returns keep_previous (defaulted).
func (s ServiceSpec) Keep() int { return *s.WithDefaults().KeepPrevious }

// MinHealthy returns min_healthy_percent (defaulted).
func (s ServiceSpec) MinHealthy() int { return *s.WithDefaults().MinHealthyPercent }

// ScaleDown returns scale_down_delay (defaulted).
func (s ServiceSpec) ScaleDown() time.Duration { return s.WithDefaults().ScaleDownDelay.D() }

// PauseOf parses a step's pause: a duration, or manual. An empty pause is a
// zero duration. Validate rejects anything else.
func (st Step) PauseOf() (d time.Duration, manual bool, err error) {
	switch st.Pause {
	case "":
		return 0, false, nil
	case PauseManual:
		return 0, true, nil
	}
	d, err = time.ParseDuration(st.Pause)
	return d, false, err
}
