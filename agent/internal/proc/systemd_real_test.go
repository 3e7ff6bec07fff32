package proc_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/proc"
	"github.com/asgctl/asgctl/agent/testapp/testappbin"
)

// realUnits are the template units the real test installs: svc runs the test
// app on the port from its per-instance env file, bad cannot exec, crash
// exits with an error right after it started.
func realUnits(bin, envDir string) map[string]string {
	return map[string]string{
		"svc@.service": fmt.Sprintf(`[Unit]
Description=asgctl test app %%i
[Service]
Type=exec
EnvironmentFile=%s/%%i.env
ExecStart=%s --port ${PORT}
TimeoutStopSec=5
`, envDir, bin),
		"bad@.service":   "[Service]\nType=exec\nExecStart=/nonexistent/asgctl-test-binary\n",
		"crash@.service": "[Service]\nType=exec\nExecStart=/bin/sh -c 'echo boom %i; sleep 0.2; exit 3'\n",
	}
}

// TestSystemdReal drives the systemd supervisor against a real, private
// systemd user manager (see systemd_ns_test.go). It skips when the manager
// cannot run here, and fails instead when CI=true.
func TestSystemdReal(t *testing.T) {
	if os.Getenv(nsEnv) == "" {
		runInNamespaces(t, t.Name())
		return
	}
	bin, err := testappbin.Path()
	if err != nil {
		t.Fatal(err)
	}
	envDir := t.TempDir()
	sd := startPrivateSystemd(t, realUnits(bin, envDir))
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	dial := func(pattern string) *proc.Systemd {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s, err := proc.DialSystemd(ctx, sd.dial, proc.UnitTemplate(pattern), log)
		if err != nil {
			t.Fatalf("dial the private manager: %v", err)
		}
		t.Cleanup(s.Close)
		return s
	}
	t.Run("lifecycle", func(t *testing.T) { testRealLifecycle(t, dial("svc@{index}.service"), envDir) })
	t.Run("exec failure", func(t *testing.T) { testRealExecFailure(t, dial("bad@{index}.service")) })
	t.Run("restart after crash", func(t *testing.T) { testRealCrash(t, dial("crash@{index}.service")) })
	t.Run("unknown unit", func(t *testing.T) { testRealUnknown(t, dial("nope@{index}.service"), dial("nope{index}.service")) })
}

func testRealLifecycle(t *testing.T, s *proc.Systemd, envDir string) {
	ctx := context.Background()
	port, err := testappbin.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	env := fmt.Sprintf("PORT=%d\nASGCTL_RELEASE=r1\n", port)
	if err := os.WriteFile(filepath.Join(envDir, "0.env"), []byte(env), 0o600); err != nil {
		t.Fatal(err)
	}
	if pid, err := s.PID(ctx, 0); err != nil || pid != 0 {
		t.Fatalf("PID before start = %d, %v", pid, err)
	}
	if err := s.Start(ctx, proc.Spec{Index: 0}); err != nil {
		t.Fatalf("start: %v", err)
	}
	pid, err := s.PID(ctx, 0)
	if err != nil || pid == 0 {
		t.Fatalf("PID after start = %d, %v", pid, err)
	}
	if got := waitHTTP(t, fmt.Sprintf("http://127.0.0.1:%d/", port)); got != "200 release=r1\n" {
		t.Fatalf("GET / = %q", got)
	}
	if err := s.Start(ctx, proc.Spec{Index: 0}); err == nil || !strings.Contains(err.Error(), "svc@0.service is already active") {
		t.Fatalf("second start: err = %v", err)
	}
	waitTail(t, s, 0, "testapp listening")
	if err := s.Stop(ctx, 0); err != nil {
		t.Fatalf("stop: %v", err)
	}
	waitGone(t, pid)
	if pid, err := s.PID(ctx, 0); err != nil || pid != 0 {
		t.Fatalf("PID after stop = %d, %v", pid, err)
	}
	waitTail(t, s, 0, "testapp shutting down release=r1")
	if err := s.Stop(ctx, 0); err != nil {
		t.Fatalf("stop of a stopped unit: %v", err)
	}
}

func testRealExecFailure(t *testing.T, s *proc.Systemd) {
	err := s.Start(context.Background(), proc.Spec{Index: 0})
	t.Logf("start error: %v", err)
	if !errors.Is(err, proc.ErrJobFailed) || !strings.Contains(err.Error(), "journalctl -u bad@0.service") {
		t.Fatalf("err = %v, want ErrJobFailed naming the unit", err)
	}
	// The unit is now failed; a second start must get as far as systemd again.
	if err := s.Start(context.Background(), proc.Spec{Index: 0}); !errors.Is(err, proc.ErrJobFailed) {
		t.Fatalf("second start: err = %v, want ErrJobFailed", err)
	}
}

func testRealCrash(t *testing.T, s *proc.Systemd) {
	ctx := context.Background()
	for round := range 2 { // the second start works only if reset-failed did
		if err := s.Start(ctx, proc.Spec{Index: 1}); err != nil {
			t.Fatalf("start round %d: %v", round, err)
		}
		waitTail(t, s, 1, strings.Repeat("boom 1\n", round+1))
		waitPID0(t, s, 1)
	}
	if err := s.Stop(ctx, 1); err != nil {
		t.Fatalf("stop of a failed unit: %v", err)
	}
}

func testRealUnknown(t *testing.T, instance, plain *proc.Systemd) {
	ctx := context.Background()
	for _, s := range []*proc.Systemd{instance, plain} {
		err := s.Start(ctx, proc.Spec{Index: 3})
		t.Logf("start error: %v", err)
		if err == nil || !strings.Contains(err.Error(), "not found") {
			t.Fatalf("start of a unit without unit file: err = %v", err)
		}
		if err := s.Stop(ctx, 3); err != nil {
			t.Fatalf("stop of a unit without unit file: %v", err)
		}
		if pid, err := s.PID(ctx, 3); err != nil || pid != 0 {
			t.Fatalf("PID of a unit without unit file = %d, %v", pid, err)
		}
	}
}

// waitTail waits up to 10s for the unit's journal tail to contain want
// (journald writes asynchronously).
func waitTail(t *testing.T, s *proc.Systemd, index int, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := s.Tail(context.Background(), index)
		if strings.Contains(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("tail of process %d = %q, want it to contain %q", index, got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitPID0 waits up to 10s for process index to have no main pid.
func waitPID0(t *testing.T, s *proc.Systemd, index int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		pid, err := s.PID(context.Background(), index)
		if err == nil && pid == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("process %d still has pid %d (%v)", index, pid, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
