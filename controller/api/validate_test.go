package api

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestValidationErrorListsEveryProblem(t *testing.T) {
	err := &ValidationError{Kind: "service spec", Problems: []string{
		"target_groups: the two target groups must differ",
		"steps[2].pause: pause must be a duration like \"60s\" or \"manual\"",
	}}
	want := "invalid service spec:\n" +
		"  - target_groups: the two target groups must differ\n" +
		"  - steps[2].pause: pause must be a duration like \"60s\" or \"manual\""
	if got := err.Error(); got != want {
		t.Fatalf("Error() =\n%s\nwant\n%s", got, want)
	}
}

func TestSpecWithManyProblemsListsAll(t *testing.T) {
	s := exampleSpec(t)
	s.Version = 3
	s.Name = "Bad_Name"
	s.Region = ""
	s.Subnets = []string{"subnet-a", "subnet-a"}
	s.TargetGroups = []string{testTG, testTG}
	s.Capacity = Capacity{Min: 1, Max: 2, Desired: 5}
	s.Steps = []Step{{Weight: 60, Pause: "soon"}, {Weight: 40}}
	s.KeepPrevious = intPtr(99)
	s.Tags = map[string]string{"asgctl:seq": "1"}
	want := []string{
		"version", "name", "region", "subnets[1]", "target_groups", "capacity.desired",
		"steps[0].pause", "steps[1].weight", "keep_previous", `tags["asgctl:seq"]`,
	}

	err := s.Validate()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate() = %v, want *ValidationError", err)
	}
	if ve.Kind != "service spec" {
		t.Errorf("Kind = %q", ve.Kind)
	}
	for _, field := range want {
		if !hasProblem(ve.Problems, field, "") {
			t.Errorf("missing a problem for %s in %q", field, ve.Problems)
		}
		if !strings.Contains(err.Error(), "\n  - "+field+": ") {
			t.Errorf("Error() does not list %s:\n%s", field, err)
		}
	}
	if !strings.HasPrefix(err.Error(), "invalid service spec:\n") {
		t.Errorf("Error() = %q", err)
	}
}

func TestSpecValidateIsDeterministic(t *testing.T) {
	s := exampleSpec(t)
	s.Tags = map[string]string{"asgctl:a": "", "asgctl:b": "", "asgctl:c": "", "asgctl:d": ""}
	first := s.Validate().Error()
	for range 20 {
		if got := s.Validate().Error(); got != first {
			t.Fatalf("problem order changed:\n%s\nvs\n%s", got, first)
		}
	}
}

func TestDesiredValidate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(d *Desired)
		field  string
		text   string
	}{
		{"example ok", func(*Desired) {}, "", ""},
		{"short ami ok", func(d *Desired) { d.AMI = "ami-0123abcd" }, "", ""},
		{"version", func(d *Desired) { d.Version = 0 }, "version", "must be 1, got 0"},
		{"ami missing", func(d *Desired) { d.AMI = "" }, "ami", "not an AMI id"},
		{"ami short", func(d *Desired) { d.AMI = "ami-1234567" }, "ami", "not an AMI id"},
		{"ami long", func(d *Desired) { d.AMI = "ami-0123456789abcdef01" }, "ami", "not an AMI id"},
		{"ami upper hex", func(d *Desired) { d.AMI = "ami-0123ABCD" }, "ami", "not an AMI id"},
		{"ami prefix", func(d *Desired) { d.AMI = "lt-0123abcd" }, "ami", "not an AMI id"},
		{"request id", func(d *Desired) { d.RequestID = "" }, "request_id", "required"},
		{"requested at", func(d *Desired) { d.RequestedAt = time.Time{} }, "requested_at", "required"},
		{"approved step", func(d *Desired) { d.ApprovedStep = -1 }, "approved_step", "must not be negative"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := exampleDesired(t)
			tc.mutate(d)
			got := problemsOf(t, d.Validate())
			if tc.field == "" && len(got) != 0 {
				t.Fatalf("want valid, got %q", got)
			}
			if tc.field != "" && !hasProblem(got, tc.field, tc.text) {
				t.Fatalf("want a problem %q containing %q, got %q", tc.field, tc.text, got)
			}
		})
	}
}

func TestRolloutValidate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(r *Rollout)
		field  string
		text   string
	}{
		{"example ok", func(*Rollout) {}, "", ""},
		{"first deploy ok", func(r *Rollout) { r.FromGroup, r.FromTargetGroup = "", "" }, "", ""},
		{"version", func(r *Rollout) { r.Version = 2 }, "version", "must be 1, got 2"},
		{"id", func(r *Rollout) { r.ID = "" }, "id", "required"},
		{"seq zero", func(r *Rollout) { r.Seq = 0 }, "seq", "at least 1, got 0"},
		{"service", func(r *Rollout) { r.Service = "" }, "service", "required"},
		{"ami", func(r *Rollout) { r.AMI = "" }, "ami", "required"},
		{"phase empty", func(r *Rollout) { r.Phase = "" }, "phase", `unknown phase ""`},
		{"phase unknown", func(r *Rollout) { r.Phase = "Shifting" }, "phase", `unknown phase "Shifting"`},
		{"to group", func(r *Rollout) { r.ToGroup = "" }, "to_group", "required"},
		{"step negative", func(r *Rollout) { r.Step = -1 }, "step", "must not be negative"},
		{"step zero ok", func(r *Rollout) { r.Step = 0 }, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := exampleRollout(t)
			tc.mutate(r)
			got := problemsOf(t, r.Validate())
			if tc.field == "" && len(got) != 0 {
				t.Fatalf("want valid, got %q", got)
			}
			if tc.field != "" && !hasProblem(got, tc.field, tc.text) {
				t.Fatalf("want a problem %q containing %q, got %q", tc.field, tc.text, got)
			}
		})
	}
}

func TestRolloutValidateKnowsEveryPhase(t *testing.T) {
	for _, ph := range []Phase{
		PhaseIdle, PhaseLaunching, PhaseWaitingHealthy, PhaseShifting, PhasePaused, PhasePromoted,
		PhaseDraining, PhaseComplete, PhaseReverting, PhaseReverted, PhaseFailed,
	} {
		r := exampleRollout(t)
		r.Phase = ph
		if err := r.Validate(); err != nil {
			t.Errorf("phase %q: %v", ph, err)
		}
	}
}
