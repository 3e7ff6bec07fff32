package live_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/internal/sandbox/live"
)

// TestLiveSandbox plays the five scenarios with real agents and real
// traffic: every scenario must end as expected with no failed request.
func TestLiveSandbox(t *testing.T) {
	if os.Getenv("ASGCTL_LIVE_SANDBOX") != "1" {
		t.Skip("plays the live sandbox (about 90 s, dozens of processes and ports); make test-live runs it alone with ASGCTL_LIVE_SANDBOX=1")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	rep, err := live.Run(ctx, live.Options{Out: os.Stdout})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Scenarios {
		if !s.OK {
			t.Errorf("%s: %s (expected %s), %d of %d requests failed %s", s.Name, s.Result, s.Expected,
				s.Requests.Failed, s.Requests.Sent, s.Error)
		}
	}
	t.Logf("live sandbox: %.1fs, %d requests, %d failed", rep.WallSec, rep.Requests.Sent, rep.Requests.Failed)
}
