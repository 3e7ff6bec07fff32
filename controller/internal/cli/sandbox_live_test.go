package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
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
		Sent           int64  `json:"sent"`
		Failed         int64  `json:"failed"`
		ExpectedFailed *int64 `json:"expected_failed"`
	} `json:"requests"`
	GreenProductionRequests *int64   `json:"green_production_requests"`
	BadTrafficSec           *float64 `json:"bad_traffic_s"`
	Skipped                 string   `json:"skipped"`
	Error                   string   `json:"error"`
}

// analysisReason is how the bad green's revert must read: the analysis,
// the step, and the error rates with their counts.
var analysisReason = regexp.MustCompile(`^analysis failed \d+ interval\(s\) in a row at step 1: error rate: green \d+(\.\d+)?% \(\d+/\d+\) vs blue \d+(\.\d+)?% \(\d+/\d+\)`)

// TestLiveSandbox runs `asgctl --output json sandbox`, the README's main
// command, as people run it: a built asgctl in a directory outside the
// module, with no Go toolchain on PATH (its instances run asgctl's own
// hidden commands). Real agents, local balancers and real traffic through
// seven scenarios: every scenario must end as expected with no failure of
// the system, the exit code must be 0, within the 3 minutes the sandbox
// promises. The bad green is reverted by the analysis, with its error
// rates in the reason, after serving production traffic for a measured
// time, and its injected errors are counted apart; the green whose smoke
// check fails is reverted with the hook's output and answers no
// production request.
func TestLiveSandbox(t *testing.T) {
	if os.Getenv("ASGCTL_LIVE_SANDBOX") != "1" {
		t.Skip("plays the live sandbox (about 2 minutes, dozens of processes and ports); make test-live runs it alone with ASGCTL_LIVE_SANDBOX=1")
	}
	asgctl := buildAsgctl(t)
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, asgctl, "--output", "json", "sandbox")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "PATH="+pathWithoutGo(t))
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = time.Minute
	began := time.Now()
	code, err := exitCodeOf(cmd.Run())
	took := time.Since(began)
	if err != nil {
		t.Fatalf("run %s sandbox: %v\nstderr: %s", asgctl, err, errb.String())
	}
	var doc struct {
		Mode      string         `json:"mode"`
		OK        bool           `json:"ok"`
		Scenarios []liveScenario `json:"scenarios"`
		Requests  struct {
			Sent           int64 `json:"sent"`
			Failed         int64 `json:"failed"`
			ExpectedFailed int64 `json:"expected_failed"`
		} `json:"requests"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("exit %d, not one JSON document: %v\nstdout: %s\nstderr: %s", code, err, out.String(), errb.String())
	}
	want := []string{"first_deploy", "release_in_place", "blue_green_promote", "unhealthy_green", "bad_green", "smoke_failure", "failing_release"}
	if len(doc.Scenarios) != len(want) {
		t.Fatalf("scenarios %d, want %d: %s", len(doc.Scenarios), len(want), out.String())
	}
	for i, s := range doc.Scenarios {
		checkLiveScenario(t, want[i], s)
		logLiveScenario(t, s)
	}
	if code != ExitOK || !doc.OK || doc.Mode != "live" {
		t.Errorf("exit %d, ok %v, mode %q; stderr: %s", code, doc.OK, doc.Mode, errb.String())
	}
	if doc.Requests.Sent < 1000 || doc.Requests.Failed != 0 || doc.Requests.ExpectedFailed == 0 {
		t.Errorf("requests %d sent, %d failed, %d expected to fail: want steady load, no failure of the system and the bad green's errors",
			doc.Requests.Sent, doc.Requests.Failed, doc.Requests.ExpectedFailed)
	}
	if took > 3*time.Minute {
		t.Errorf("took %s, the sandbox promises under 3 minutes", took)
	}
	t.Logf("live sandbox: %s, %d requests, %d failed, %d expected failures", took.Round(time.Second), doc.Requests.Sent,
		doc.Requests.Failed, doc.Requests.ExpectedFailed)
}

// buildAsgctl builds asgctl from this module into a temporary directory.
func buildAsgctl(t *testing.T) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "asgctl")
	cmd := exec.Command("go", "build", "-o", exe, "./controller/cmd/asgctl")
	cmd.Dir = filepath.Join("..", "..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build asgctl: %v\n%s", err, out)
	}
	return exe
}

// pathWithoutGo is $PATH without the directories that hold a go command,
// so a sandbox that tried to run the Go toolchain would fail.
func pathWithoutGo(t *testing.T) string {
	t.Helper()
	var keep []string
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if info, err := os.Stat(filepath.Join(dir, "go")); err == nil && !info.IsDir() {
			continue
		}
		keep = append(keep, dir)
	}
	return strings.Join(keep, string(filepath.ListSeparator))
}

// exitCodeOf is the exit code of a finished command, or the error that
// kept it from running or finishing.
func exitCodeOf(err error) (int, error) {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &exit) && exit.Exited():
		return exit.ExitCode(), nil
	}
	return -1, err
}

func checkLiveScenario(t *testing.T, name string, s liveScenario) {
	t.Helper()
	if s.Name != name || s.Service == "" || s.SimulatedSec == nil || s.WallSec == nil || s.AWSCalls == nil ||
		s.Requests == nil || s.Requests.ExpectedFailed == nil || s.Rollouts == nil {
		t.Errorf("scenario %q lacks fields of the document: %+v", name, s)
		return
	}
	if !s.OK || s.Result != s.Expected || s.Requests.Failed != 0 || s.Skipped != "" {
		t.Errorf("%s: %s (expected %s), %d of %d requests failed; %s%s", name, s.Result, s.Expected,
			s.Requests.Failed, s.Requests.Sent, s.Error, s.Skipped)
	}
	if name != "first_deploy" && s.Requests.Sent == 0 {
		t.Errorf("%s: no load during the scenario", name)
	}
	if (name == "unhealthy_green" || name == "failing_release") && s.Reason == "" {
		t.Errorf("%s: no reason given for the %s", name, s.Result)
	}
	switch name {
	case "bad_green":
		checkBadGreen(t, s)
	case "smoke_failure":
		checkSmokeFailure(t, s)
	default:
		if *s.Requests.ExpectedFailed != 0 {
			t.Errorf("%s: %d expected failures; only the bad green injects errors", name, *s.Requests.ExpectedFailed)
		}
	}
}

// checkBadGreen: reverted by the analysis with its numbers, after green
// served production traffic (some of it injected errors) for a measured
// time.
func checkBadGreen(t *testing.T, s liveScenario) {
	t.Helper()
	if s.Result != "reverted" || !analysisReason.MatchString(s.Reason) {
		t.Errorf("bad_green: %s, reason %q: want reverted by the analysis with its error rates", s.Result, s.Reason)
	}
	if *s.Requests.ExpectedFailed == 0 || s.GreenProductionRequests == nil || *s.GreenProductionRequests == 0 {
		t.Errorf("bad_green: %d expected failures, green production requests %v: want green's injected errors counted",
			*s.Requests.ExpectedFailed, s.GreenProductionRequests)
	}
	if s.BadTrafficSec == nil || *s.BadTrafficSec <= 0 || *s.BadTrafficSec > 60 {
		t.Errorf("bad_green: bad_traffic_s %v, want the time green served production measured", s.BadTrafficSec)
	}
}

// checkSmokeFailure: reverted with the hook's name and output (green's
// broken body) before green answered any production request.
func checkSmokeFailure(t *testing.T, s liveScenario) {
	t.Helper()
	if s.Result != "reverted" || !strings.HasPrefix(s.Reason, "verify hook smoke (before_traffic) failed: GET http://127.0.0.1:") ||
		!strings.Contains(s.Reason, "broken release") {
		t.Errorf("smoke_failure: %s, reason %q: want reverted by hook smoke with green's answer", s.Result, s.Reason)
	}
	if s.GreenProductionRequests == nil || *s.GreenProductionRequests != 0 || *s.Requests.ExpectedFailed != 0 {
		t.Errorf("smoke_failure: green production requests %v: want 0", s.GreenProductionRequests)
	}
}

// logLiveScenario logs a row of the scenario table.
func logLiveScenario(t *testing.T, s liveScenario) {
	t.Helper()
	if s.Requests == nil || s.WallSec == nil || s.AWSCalls == nil || s.Requests.ExpectedFailed == nil {
		return
	}
	green := "-"
	if s.GreenProductionRequests != nil {
		green = fmt.Sprint(*s.GreenProductionRequests)
	}
	if s.BadTrafficSec != nil {
		green += fmt.Sprintf(" in %.1fs", *s.BadTrafficSec)
	}
	t.Logf("%-18s %-11s %6.1fs %4d calls %5d requests %d failed %3d expected failed, green prod %s; %s", s.Name, s.Result,
		*s.WallSec, *s.AWSCalls, s.Requests.Sent, s.Requests.Failed, *s.Requests.ExpectedFailed, green, s.Reason)
}
