package proc_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/proc"
	"github.com/asgctl/asgctl/agent/testapp/testappbin"
)

func appSpec(t *testing.T, index int, output string) (proc.Spec, int) {
	t.Helper()
	bin, err := testappbin.Path()
	if err != nil {
		t.Fatal(err)
	}
	port, err := testappbin.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return proc.Spec{Index: index, Dir: t.TempDir(), Output: output,
		Command: []string{bin, "--port", strconv.Itoa(port), "--release", "r1"}}, port
}

func TestExecSupervisorOutputFileKeepsPreviousRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "0.log")
	sup := newExecSupervisor(t, "")
	spec, port := appSpec(t, 0, out)
	ctx := context.Background()
	for run := 1; run <= 2; run++ {
		if err := sup.Start(ctx, spec); err != nil {
			t.Fatal(err)
		}
		waitHTTP(t, "http://127.0.0.1:"+strconv.Itoa(port)+"/ping")
		if err := sup.Start(ctx, spec); err == nil {
			t.Fatal("second start of a running index succeeded")
		}
		pid, _ := sup.PID(ctx, 0)
		if pid == 0 || sup.Started(0) == 0 {
			t.Fatalf("run %d: pid %d started %d", run, pid, sup.Started(0))
		}
		if err := sup.Stop(ctx, 0); err != nil {
			t.Fatal(err)
		}
		if pid, _ := sup.PID(ctx, 0); pid != 0 {
			t.Fatalf("pid %d after stop", pid)
		}
	}
	if tail := sup.Tail(ctx, 0); !strings.Contains(tail, "testapp shutting down") || strings.Count(tail, "listening") != 1 {
		t.Errorf("tail of the second run:\n%s", tail)
	}
	prev, err := os.ReadFile(out + ".prev")
	if err != nil || !strings.Contains(string(prev), "listening") {
		t.Errorf("previous run's output: %q, %v", prev, err)
	}
	if err := sup.Stop(ctx, 0); err != nil {
		t.Errorf("stop of a stopped process: %v", err)
	}
}

func TestExecSupervisorAdoptsARunningProcess(t *testing.T) {
	out := filepath.Join(t.TempDir(), "0.log")
	first := newExecSupervisor(t, "")
	spec, port := appSpec(t, 0, out)
	ctx := context.Background()
	if err := first.Start(ctx, spec); err != nil {
		t.Fatal(err)
	}
	waitHTTP(t, "http://127.0.0.1:"+strconv.Itoa(port)+"/ping")
	pid, _ := first.PID(ctx, 0)
	started := first.Started(0)
	t.Cleanup(func() { _ = first.Stop(ctx, 0) })

	second := newExecSupervisor(t, "")
	if err := second.Adopt(0, pid, started+1, out); !errors.Is(err, proc.ErrGone) {
		t.Fatalf("adopt with another start time: %v, want ErrGone", err)
	}
	if err := second.Adopt(0, pid, started, out); err != nil {
		t.Fatal(err)
	}
	if got, _ := second.PID(ctx, 0); got != pid {
		t.Fatalf("adopted pid %d, want %d", got, pid)
	}
	if tail := second.Tail(ctx, 0); !strings.Contains(tail, "listening") {
		t.Errorf("adopted tail: %q", tail)
	}
	if err := second.Stop(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if got, _ := second.PID(ctx, 0); got != 0 {
		t.Fatalf("pid %d after stopping the adopted process", got)
	}
	if err := second.Adopt(0, pid, started, out); !errors.Is(err, proc.ErrGone) {
		t.Fatalf("adopt of an exited process: %v, want ErrGone", err)
	}
}

// newExecSupervisor returns an exec supervisor with a 5 s stop timeout
// starting processes as runAs.
func newExecSupervisor(t *testing.T, runAs string) *proc.ExecSupervisor {
	t.Helper()
	s, err := proc.NewExecSupervisor(nil, 5*time.Second, runAs)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
