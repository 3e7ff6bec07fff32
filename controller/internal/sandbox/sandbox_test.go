package sandbox

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestSandboxPlaysEveryScenarioAsExpected(t *testing.T) {
	var out bytes.Buffer
	rep, err := Run(context.Background(), Options{Seed: 1, Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK {
		t.Fatalf("sandbox not ok: %+v\n%s", rep, out.String())
	}
	want := []struct {
		name   string
		result api.Phase
	}{{"first_deploy", api.PhaseComplete}, {"blue_green_promote", api.PhaseComplete}, {"unhealthy_green", api.PhaseReverted}}
	if len(rep.Scenarios) != len(want) {
		t.Fatalf("%d scenarios, want %d", len(rep.Scenarios), len(want))
	}
	for i, w := range want {
		s := rep.Scenarios[i]
		if s.Name != w.name || s.Result != w.result || !s.OK || s.AWSCalls == 0 || s.SimulatedSec <= 0 {
			t.Errorf("scenario %d = %+v, want %s ending %s with calls and time counted", i, s, w.name, w.result)
		}
	}
	text := out.String()
	for _, line := range []string{"paused(1)", "weights a= 90 b= 10", "weights a= 50 b= 50", "progress deadline", "ok: every scenario ended as expected"} {
		if !strings.Contains(text, line) {
			t.Errorf("timeline lacks %q:\n%s", line, text)
		}
	}
}

func TestSandboxIsDeterministic(t *testing.T) {
	a, err := Run(context.Background(), Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Run(context.Background(), Options{Seed: 7})
	for i := range a.Scenarios {
		x, y := a.Scenarios[i], b.Scenarios[i]
		if x.AWSCalls != y.AWSCalls || x.SimulatedSec != y.SimulatedSec || x.Passes != y.Passes {
			t.Errorf("scenario %s differs between runs with one seed: %+v vs %+v", x.Name, x, y)
		}
	}
}
