package live

import (
	"bytes"
	"strings"
	"testing"
)

// TestSummaryShowsExpectedFailuresAndGreenTraffic: the table has the
// expected failures and green's production traffic, skipped scenarios say
// why, and the verdict line counts the expected failures apart.
func TestSummaryShowsExpectedFailuresAndGreenTraffic(t *testing.T) {
	n, zero, secs := int64(295), int64(0), 14.7
	rep := Report{OK: true, Requests: Requests{Sent: 3770, ExpectedFailed: 8}, WallSec: 48, Scenarios: []Scenario{
		{Name: "bad_green", Result: "reverted", Expected: "reverted", Requests: Requests{Sent: 3087, ExpectedFailed: 8},
			GreenProductionRequests: &n, BadTrafficSec: &secs, Rollouts: []string{"web-v002"}},
		{Name: "smoke_failure", Result: "reverted", Expected: "reverted", GreenProductionRequests: &zero},
		{Name: "skipped_one", Result: resultSkipped, Expected: "reverted", Skipped: "the cloud lacks it"},
	}}
	var out bytes.Buffer
	Summary(&out, rep)
	text := out.String()
	for _, want := range []string{"EXPECTED FAILED", "GREEN PROD", "295 in 14.7s", "skipped_one skipped: the cloud lacks it",
		"(3770 requests, 0 failed, 8 expected failures from the bad green, 48s wall)"} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	lines := strings.Split(text, "\n")
	// SCENARIO RESULT EXPECTED WALL CALLS REQUESTS FAILED EXPECTED-FAILED GREEN-PROD ROLLOUTS
	if f := strings.Fields(lines[3]); len(f) != 10 || f[0] != "smoke_failure" || f[8] != "0" {
		t.Errorf("smoke line %q: want green's 0 production requests in GREEN PROD", lines[3])
	}
	if f := strings.Fields(lines[4]); len(f) != 10 || f[8] != "-" {
		t.Errorf("skipped line %q: want no green traffic measured", lines[4])
	}
}
