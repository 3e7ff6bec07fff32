package api

import (
	"reflect"
	"testing"
	"time"
)

func TestWithDefaultsFillsUnsetFields(t *testing.T) {
	s := exampleSpec(t)
	s.Version = 0
	s.Steps = nil
	s.ProgressDeadline = 0
	s.ScaleDownDelay = nil
	s.KeepPrevious = nil
	s.MinHealthyPercent = nil

	got := s.WithDefaults()
	if got.Version != SpecVersion {
		t.Errorf("version = %d", got.Version)
	}
	if !reflect.DeepEqual(got.Steps, []Step{{10, "60s"}, {50, "60s"}, {100, ""}}) {
		t.Errorf("steps = %+v", got.Steps)
	}
	if got.ProgressDeadline.D() != 15*time.Minute || got.ScaleDownDelay.D() != 5*time.Minute {
		t.Errorf("progress_deadline = %s, scale_down_delay = %s", got.ProgressDeadline.D(), got.ScaleDownDelay.D())
	}
	if *got.KeepPrevious != 1 || *got.MinHealthyPercent != 100 {
		t.Errorf("keep_previous = %d, min_healthy_percent = %d", *got.KeepPrevious, *got.MinHealthyPercent)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("defaulted spec does not validate: %v", err)
	}
	if s.Version != 0 || s.Steps != nil || s.ScaleDownDelay != nil || s.KeepPrevious != nil {
		t.Errorf("WithDefaults changed its input: %+v", s)
	}
}

func TestWithDefaultsKeepsSetValues(t *testing.T) {
	s := exampleSpec(t)
	s.KeepPrevious = intPtr(0)
	s.ScaleDownDelay = durPtr(0)
	got := s.WithDefaults()
	if *got.KeepPrevious != 0 || got.ScaleDownDelay.D() != 0 {
		t.Errorf("explicit zeros replaced: keep_previous %d, scale_down_delay %s", *got.KeepPrevious, got.ScaleDownDelay.D())
	}
	if got.Keep() != 0 || got.ScaleDown() != 0 || got.MinHealthy() != 90 {
		t.Errorf("accessors: Keep %d ScaleDown %s MinHealthy %d", got.Keep(), got.ScaleDown(), got.MinHealthy())
	}
	if want := exampleSpec(t).Steps; !reflect.DeepEqual(got.Steps, want) {
		t.Errorf("steps = %+v, want %+v", got.Steps, want)
	}
}

func TestWithDefaultsSharesNothing(t *testing.T) {
	in := exampleSpec(t)
	pristine := exampleSpec(t)
	out := in.WithDefaults()

	out.Subnets[0] = "subnet-changed"
	out.TargetGroups[0] = "changed"
	out.Alarms[0] = "changed"
	out.Steps[0].Weight = 99
	out.Tags["team"] = "changed"
	out.Tags["new"] = "x"
	*out.ScaleDownDelay = 1
	*out.KeepPrevious = 7
	*out.MinHealthyPercent = 7
	if !reflect.DeepEqual(in, pristine) {
		t.Fatalf("changing the result changed the input:\n got %+v\nwant %+v", in, pristine)
	}

	in.Subnets[1] = "subnet-changed"
	in.Tags["team"] = "input-changed"
	if out.Subnets[1] == "subnet-changed" || out.Tags["team"] == "input-changed" {
		t.Fatalf("changing the input changed the result: %+v", out)
	}
}

func TestWithDefaultsDoesNotAliasDefaultSteps(t *testing.T) {
	before := append([]Step(nil), DefaultSteps...)
	out := ServiceSpec{}.WithDefaults()
	out.Steps[0].Weight = 42
	if !reflect.DeepEqual(DefaultSteps, before) {
		t.Fatalf("DefaultSteps changed to %+v", DefaultSteps)
	}
}
