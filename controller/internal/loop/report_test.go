package loop_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// logLines runs steps passes and returns the JSON log lines at info and up.
func logLines(t *testing.T, f *fixture, steps int) []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	cfg := f.config("ctl-1", nil)
	cfg.Logger = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	l := loop.New(cfg)
	for i := 0; i < steps; i++ {
		_, _ = l.Step(ctx)
	}
	var out []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		m := map[string]any{}
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

func TestLogsPhaseChangesOnceAndFailuresWithClass(t *testing.T) {
	f := newFixture(t)
	f.putSpec(t)
	f.dec.script(func(reconcile.Observed, reconcile.Desired) reconcile.Plan {
		return reconcile.Plan{Phase: api.PhaseLaunching, Reason: "new request"}
	})
	f.cloud.FailNext("DescribeAutoScalingGroups", "Throttling", 1)
	lines := logLines(t, f, 3)
	var phases, failures int
	for _, m := range lines {
		if m["service"] != svc {
			t.Errorf("line without service: %v", m)
		}
		switch m["msg"] {
		case "phase":
			phases++
			if m["phase"] != "launching" || m["reason"] != "new request" {
				t.Errorf("phase line = %v", m)
			}
		case "pass failed":
			failures++
			if m["class"] != "throttled" || m["level"] != "WARN" || m["error"] == nil {
				t.Errorf("failure line = %v", m)
			}
		}
	}
	if phases != 1 || failures != 1 {
		t.Fatalf("got %d phase and %d failure lines, want 1 and 1: %v", phases, failures, lines)
	}
}
