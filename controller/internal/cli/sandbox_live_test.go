package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"
)

// liveScenario is the part of a live scenario's JSON the test reads.
type liveScenario struct {
	Name         string   `json:"name"`
	Service      string   `json:"service"`
	Result       string   `json:"result"`
	Expected     string   `json:"expected"`
	Reason       string   `json:"reason"`
	OK           bool     `json:"ok"`
	SimulatedSec *float64 `json:"duration_simulated_s"`
	WallSec      *float64 `json:"duration_wall_s"`
	AWSCalls     *int     `json:"aws_calls"`
	Rollouts     []string `json:"rollouts"`
	Requests     *struct {
		Sent   int64 `json:"sent"`
		Failed int64 `json:"failed"`
	} `json:"requests"`
	Error string `json:"error"`
}

// TestLiveSandbox runs `asgctl --output json sandbox`, the README's main
// command: real agents, a local balancer and real traffic through five
// scenarios. Every scenario must end as expected with no failed request,
// the exit code must be 0, within the 3 minutes the sandbox promises.
func TestLiveSandbox(t *testing.T) {
	if os.Getenv("ASGCTL_LIVE_SANDBOX") != "1" {
		t.Skip("plays the live sandbox (about 90 s, dozens of processes and ports); make test-live runs it alone with ASGCTL_LIVE_SANDBOX=1")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	began := time.Now()
	var out, errb bytes.Buffer
	code := RunContext(ctx, []string{"asgctl", "--output", "json", "sandbox"}, &out, &errb, ProductionDeps())
	took := time.Since(began)
	var doc struct {
		Mode      string         `json:"mode"`
		OK        bool           `json:"ok"`
		Scenarios []liveScenario `json:"scenarios"`
		Requests  struct {
			Sent, Failed int64
		} `json:"requests"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("exit %d, not one JSON document: %v\nstdout: %s\nstderr: %s", code, err, out.String(), errb.String())
	}
	want := []string{"first_deploy", "release_in_place", "blue_green_promote", "unhealthy_green", "failing_release"}
	if len(doc.Scenarios) != len(want) {
		t.Fatalf("scenarios %d, want %d: %s", len(doc.Scenarios), len(want), out.String())
	}
	for i, s := range doc.Scenarios {
		checkLiveScenario(t, want[i], s)
	}
	if code != ExitOK || !doc.OK || doc.Mode != "live" {
		t.Errorf("exit %d, ok %v, mode %q; stderr: %s", code, doc.OK, doc.Mode, errb.String())
	}
	if doc.Requests.Sent < 1000 || doc.Requests.Failed != 0 {
		t.Errorf("requests %d sent, %d failed: want steady load and no failure", doc.Requests.Sent, doc.Requests.Failed)
	}
	if took > 3*time.Minute {
		t.Errorf("took %s, the sandbox promises under 3 minutes", took)
	}
	t.Logf("live sandbox: %s, %d requests, %d failed", took.Round(time.Second), doc.Requests.Sent, doc.Requests.Failed)
}

func checkLiveScenario(t *testing.T, name string, s liveScenario) {
	t.Helper()
	if s.Name != name || s.Service == "" || s.SimulatedSec == nil || s.WallSec == nil || s.AWSCalls == nil ||
		s.Requests == nil || s.Rollouts == nil {
		t.Errorf("scenario %q lacks fields of the document: %+v", name, s)
		return
	}
	if !s.OK || s.Result != s.Expected || s.Requests.Failed != 0 {
		t.Errorf("%s: %s (expected %s), %d of %d requests failed; %s", name, s.Result, s.Expected,
			s.Requests.Failed, s.Requests.Sent, s.Error)
	}
	if name != "first_deploy" && s.Requests.Sent == 0 {
		t.Errorf("%s: no load during the scenario", name)
	}
	if (name == "unhealthy_green" || name == "failing_release") && s.Reason == "" {
		t.Errorf("%s: no reason given for the %s", name, s.Result)
	}
}
