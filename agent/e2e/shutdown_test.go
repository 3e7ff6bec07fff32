package e2e_test

import (
	"testing"
	"time"
)

// TestSigtermStopsGracefully: SIGTERM makes the agent take the processes
// out of rotation, stop them, withdraw its report and exit 0.
func TestSigtermStopsGracefully(t *testing.T) {
	b := readyBox(t)
	agent := b.agent
	start := time.Now()
	b.stopAgent()
	if code := agent.ProcessState.ExitCode(); code != 0 {
		t.Errorf("agent exit code %d after SIGTERM, want 0", code)
	}
	t.Logf("agent stopped %s after SIGTERM", time.Since(start).Round(time.Millisecond))
	if n := b.testappProcesses(); n != 0 {
		t.Errorf("%d test-app processes still run after the agent stopped", n)
	}
	if r, found := b.report(); found {
		t.Errorf("report still live after a graceful stop: %+v", r)
	}
	for _, p := range b.state().Procs {
		if p.State != "stopped" {
			t.Errorf("state file: process %d is %s, want stopped", p.Index, p.State)
		}
	}
}
