package api

import (
	"strings"
	"testing"
	"time"
)

func stepsOf(steps ...Step) func(*ServiceSpec) {
	return func(s *ServiceSpec) { s.Steps = steps }
}

func TestSpecStepRules(t *testing.T) {
	const pauseText = `pause must be a duration like "60s" or "manual"`
	runSpecCases(t, []specCase{
		{"steps omitted ok", stepsOf(), "", ""},
		{"steps empty", func(s *ServiceSpec) { s.Steps = []Step{} }, "steps", "must not be empty"},
		{"single step ok", stepsOf(Step{Weight: 100}), "", ""},
		{"weight zero", stepsOf(Step{Weight: 0, Pause: "1s"}, Step{Weight: 100}), "steps[0].weight", "between 1 and 100, got 0"},
		{"weight over 100", stepsOf(Step{Weight: 50, Pause: "1s"}, Step{Weight: 101}), "steps[1].weight", "between 1 and 100, got 101"},
		{"weight equal to previous", stepsOf(Step{Weight: 10, Pause: "1s"}, Step{Weight: 10, Pause: "1s"}, Step{Weight: 100}),
			"steps[1].weight", "greater than the previous step's weight (10)"},
		{"weight decreasing", stepsOf(Step{Weight: 50, Pause: "1s"}, Step{Weight: 20, Pause: "1s"}, Step{Weight: 100}),
			"steps[1].weight", "greater than the previous step's weight (50), got 20"},
		{"last below 100", stepsOf(Step{Weight: 10, Pause: "1s"}, Step{Weight: 90}), "steps[1].weight", "the last step must send all traffic (100), got 90"},
		{"last has pause", stepsOf(Step{Weight: 10, Pause: "1s"}, Step{Weight: 100, Pause: "60s"}), "steps[1].pause", "the last step must not have a pause"},
		{"last has manual pause", stepsOf(Step{Weight: 100, Pause: PauseManual}), "steps[0].pause", "the last step must not have a pause"},
		{"pause garbage", stepsOf(Step{Weight: 10, Pause: "1s"}, Step{Weight: 20, Pause: "soon"}, Step{Weight: 100}), "steps[1].pause", pauseText},
		{"pause bare number", stepsOf(Step{Weight: 10, Pause: "60"}, Step{Weight: 100}), "steps[0].pause", pauseText},
		{"pause zero", stepsOf(Step{Weight: 10, Pause: "0s"}, Step{Weight: 100}), "steps[0].pause", pauseText},
		{"pause negative", stepsOf(Step{Weight: 10, Pause: "-5s"}, Step{Weight: 100}), "steps[0].pause", pauseText},
		{"pause Manual case", stepsOf(Step{Weight: 10, Pause: "Manual"}, Step{Weight: 100}), "steps[0].pause", pauseText},
		{"pause kinds ok", stepsOf(Step{Weight: 1}, Step{Weight: 2, Pause: "manual"}, Step{Weight: 3, Pause: "1h30m"}, Step{Weight: 100}), "", ""},
		{"defaults ok", stepsOf(DefaultSteps...), "", ""},
	})
}

func TestSpecStepProblemNamesIndex(t *testing.T) {
	s := exampleSpec(t)
	s.Steps = []Step{{Weight: 10, Pause: "1s"}, {Weight: 20, Pause: "1s"}, {Weight: 30, Pause: "later"}, {Weight: 100}}
	got := problemsOf(t, s.Validate())
	want := `steps[2].pause: pause must be a duration like "60s" or "manual", got "later"`
	if len(got) != 1 || got[0] != want {
		t.Fatalf("problems = %q, want exactly %q", got, want)
	}
}

func TestSpecRolloutKnobRules(t *testing.T) {
	runSpecCases(t, []specCase{
		{"progress deadline unset ok", func(s *ServiceSpec) { s.ProgressDeadline = 0 }, "", ""},
		{"progress deadline 1m ok", func(s *ServiceSpec) { s.ProgressDeadline = Duration(time.Minute) }, "", ""},
		{"progress deadline short", func(s *ServiceSpec) { s.ProgressDeadline = Duration(59 * time.Second) }, "progress_deadline", "at least 1m0s, got 59s"},
		{"progress deadline negative", func(s *ServiceSpec) { s.ProgressDeadline = Duration(-time.Hour) }, "progress_deadline", "at least 1m0s"},
		{"scale down delay zero ok", func(s *ServiceSpec) { s.ScaleDownDelay = durPtr(0) }, "", ""},
		{"scale down delay negative", func(s *ServiceSpec) { s.ScaleDownDelay = durPtr(Duration(-time.Second)) }, "scale_down_delay", "must not be negative"},
		{"keep previous 0 ok", func(s *ServiceSpec) { s.KeepPrevious = intPtr(0) }, "", ""},
		{"keep previous 10 ok", func(s *ServiceSpec) { s.KeepPrevious = intPtr(10) }, "", ""},
		{"keep previous 11", func(s *ServiceSpec) { s.KeepPrevious = intPtr(11) }, "keep_previous", "between 0 and 10, got 11"},
		{"keep previous negative", func(s *ServiceSpec) { s.KeepPrevious = intPtr(-1) }, "keep_previous", "between 0 and 10, got -1"},
		{"min healthy 0", func(s *ServiceSpec) { s.MinHealthyPercent = intPtr(0) }, "min_healthy_percent", "between 1 and 100, got 0"},
		{"min healthy 101", func(s *ServiceSpec) { s.MinHealthyPercent = intPtr(101) }, "min_healthy_percent", "between 1 and 100, got 101"},
		{"min healthy bounds ok", func(s *ServiceSpec) { s.MinHealthyPercent = intPtr(1) }, "", ""},
		{"lifecycle hook 255 ok", func(s *ServiceSpec) { s.LifecycleHook = strings.Repeat("h", 255) }, "", ""},
		{"lifecycle hook 256", func(s *ServiceSpec) { s.LifecycleHook = strings.Repeat("h", 256) }, "lifecycle_hook", "at most 255"},
		{"lifecycle hook unset ok", func(s *ServiceSpec) { s.LifecycleHook = "" }, "", ""},
	})
}

func TestSpecAlarmAndTagRules(t *testing.T) {
	longKey := strings.Repeat("k", 129)
	runSpecCases(t, []specCase{
		{"alarm empty", func(s *ServiceSpec) { s.Alarms[1] = "" }, "alarms[1]", "must not be empty"},
		{"alarm blank", func(s *ServiceSpec) { s.Alarms[0] = "  " }, "alarms[0]", "must not be empty"},
		{"alarm duplicate", func(s *ServiceSpec) { s.Alarms = append(s.Alarms, s.Alarms[0]) }, "alarms[2]", "duplicate of alarms[0]"},
		{"no alarms ok", func(s *ServiceSpec) { s.Alarms = nil }, "", ""},
		{"tag key empty", func(s *ServiceSpec) { s.Tags[""] = "x" }, "tags", "keys must not be empty"},
		{"tag key 129", func(s *ServiceSpec) { s.Tags[longKey] = "x" }, `tags["` + longKey + `"]`, "key must be at most 128"},
		{"tag key 128 ok", func(s *ServiceSpec) { s.Tags[strings.Repeat("k", 128)] = "x" }, "", ""},
		{"tag value 257", func(s *ServiceSpec) { s.Tags["team"] = strings.Repeat("v", 257) }, `tags["team"]`, "value must be at most 256"},
		{"tag value 256 runes ok", func(s *ServiceSpec) { s.Tags["team"] = strings.Repeat("é", 256) }, "", ""},
		{"tag value empty ok", func(s *ServiceSpec) { s.Tags["team"] = "" }, "", ""},
		{"tag reserved", func(s *ServiceSpec) { s.Tags[TagService] = "web" }, `tags["asgctl:service"]`, `"asgctl:" are reserved`},
		{"tag reserved other", func(s *ServiceSpec) { s.Tags["asgctl:anything"] = "" }, `tags["asgctl:anything"]`, "reserved"},
		{"no tags ok", func(s *ServiceSpec) { s.Tags = nil }, "", ""},
	})
}
