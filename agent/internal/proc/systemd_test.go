package proc_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/proc"
)

var webUnit = proc.UnitTemplate("web@{index}.service")

func TestUnitTemplate(t *testing.T) {
	if got := webUnit(3); got != "web@3.service" {
		t.Fatalf("unit = %q", got)
	}
}

func TestSystemdStartStopPID(t *testing.T) {
	f := newFakeSystemd("web@0.service")
	s := proc.NewSystemd(f, webUnit, nil)
	ctx := context.Background()
	if pid, err := s.PID(ctx, 0); err != nil || pid != 0 {
		t.Fatalf("PID before start = %d, %v; want 0", pid, err)
	}
	if err := s.Start(ctx, proc.Spec{Index: 0}); err != nil {
		t.Fatalf("start: %v", err)
	}
	pid, err := s.PID(ctx, 0)
	if err != nil || pid == 0 || uint32(pid) != f.unit("web@0.service").pid {
		t.Fatalf("PID = %d, %v; unit has %d", pid, err, f.unit("web@0.service").pid)
	}
	if err := s.Stop(ctx, 0); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if pid, err := s.PID(ctx, 0); err != nil || pid != 0 {
		t.Fatalf("PID after stop = %d, %v; want 0", pid, err)
	}
	s.Close()
	if !f.closed {
		t.Fatal("Close did not close the connection")
	}
}

func TestSystemdStartReportsFailedJobs(t *testing.T) {
	for _, res := range []string{"failed", "timeout", "dependency", "canceled"} {
		t.Run(res, func(t *testing.T) {
			f := newFakeSystemd("web@1.service")
			f.unit("web@1.service").startJob = res
			err := proc.NewSystemd(f, webUnit, nil).Start(context.Background(), proc.Spec{Index: 1})
			if !errors.Is(err, proc.ErrJobFailed) {
				t.Fatalf("err = %v, want ErrJobFailed", err)
			}
			for _, want := range []string{"web@1.service", "job " + res, "exit-code", "journalctl -u web@1.service"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err %q does not mention %q", err, want)
				}
			}
		})
	}
}

func TestSystemdStartResetsFailedUnit(t *testing.T) {
	f := newFakeSystemd("web@0.service")
	f.unit("web@0.service").active = "failed"
	if err := proc.NewSystemd(f, webUnit, nil).Start(context.Background(), proc.Spec{Index: 0}); err != nil {
		t.Fatalf("start of a failed unit: %v", err)
	}
	if got := f.unit("web@0.service").active; got != "active" {
		t.Fatalf("state = %s", got)
	}
}

func TestSystemdStartRefusesRunningUnit(t *testing.T) {
	for _, state := range []string{"active", "activating", "deactivating", "reloading"} {
		f := newFakeSystemd("web@0.service")
		u := f.unit("web@0.service")
		u.active, u.pid = state, 42
		err := proc.NewSystemd(f, webUnit, nil).Start(context.Background(), proc.Spec{Index: 0})
		if err == nil || !strings.Contains(err.Error(), "web@0.service is already "+state) {
			t.Fatalf("%s: err = %v", state, err)
		}
		if u.pid != 42 {
			t.Fatalf("%s: the running unit was restarted", state)
		}
	}
}

func TestSystemdStartUnknownUnit(t *testing.T) {
	err := proc.NewSystemd(newFakeSystemd(), webUnit, nil).Start(context.Background(), proc.Spec{Index: 7})
	if err == nil || !strings.Contains(err.Error(), "web@7.service not found") || !strings.Contains(err.Error(), "daemon-reload") {
		t.Fatalf("err = %v", err)
	}
}

func TestSystemdStopOfStoppedOrUnknownUnitIsFine(t *testing.T) {
	f := newFakeSystemd("web@0.service")
	s := proc.NewSystemd(f, webUnit, nil)
	if err := s.Stop(context.Background(), 0); err != nil {
		t.Fatalf("stop inactive: %v", err)
	}
	if err := s.Stop(context.Background(), 9); err != nil {
		t.Fatalf("stop not loaded: %v", err)
	}
	if pid, err := s.PID(context.Background(), 9); err != nil || pid != 0 {
		t.Fatalf("PID of not loaded = %d, %v", pid, err)
	}
}

func TestSystemdStartGivesUpWhenContextEnds(t *testing.T) {
	f := newFakeSystemd("web@0.service")
	f.unit("web@0.service").startJob = "hold"
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := proc.NewSystemd(f, webUnit, nil).Start(ctx, proc.Spec{Index: 0})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "systemctl status web@0.service") {
		t.Fatalf("err = %v", err)
	}
}

func TestSystemdTailWithoutJournalIsEmpty(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if got := proc.NewSystemd(newFakeSystemd(), webUnit, nil).Tail(context.Background(), 0); got != "" {
		t.Fatalf("tail = %q", got)
	}
}
