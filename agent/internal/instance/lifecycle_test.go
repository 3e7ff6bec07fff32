package instance

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
)

var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// harness is a Completer on a fake clock, logging into a buffer.
type harness struct {
	t   *testing.T
	asg *fakeASG
	clk *clocktest.Fake
	log bytes.Buffer
	c   *Completer
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, asg: newFakeASG(), clk: clocktest.New(t0)}
	h.c = &Completer{API: h.asg, Clock: h.clk, Log: slog.New(slog.NewTextHandler(&h.log, nil))}
	return h
}

// complete runs CompleteLaunch for (hook, group, instance), firing the fake
// clock's timers as they are set, and returns its error.
func (h *harness) complete(ctx context.Context, hook, group, id string) error {
	h.t.Helper()
	done := make(chan error, 1)
	go func() { done <- h.c.CompleteLaunch(ctx, hook, group, id) }()
	guard := time.NewTimer(10 * time.Second) // a hang guard, not a wait
	defer guard.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-guard.C:
			h.t.Fatal("CompleteLaunch did not return")
		default:
		}
		if at, ok := h.clk.NextDeadline(); ok {
			h.clk.Set(at)
		}
		runtime.Gosched()
	}
}

func TestCompleteLaunchMovesInstanceOn(t *testing.T) {
	h := newHarness(t)
	if err := h.complete(ctx, "launch", "web-blue", "i-1"); err != nil {
		t.Fatal(err)
	}
	if got := h.asg.stateOf("i-1"); got != "InService" {
		t.Fatalf("state %s, want InService", got)
	}
}

func TestCompleteLaunchAgainIsNoOp(t *testing.T) {
	h := newHarness(t)
	for i := range 2 {
		if err := h.complete(ctx, "launch", "web-blue", "i-1"); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	if h.asg.callCount() != 2 || h.asg.stateOf("i-1") != "InService" {
		t.Fatalf("calls %d, state %s", h.asg.callCount(), h.asg.stateOf("i-1"))
	}
	if got := h.log.String(); !strings.Contains(got, "level=INFO") || !strings.Contains(got, "no active launch lifecycle action") || !strings.Contains(got, "instance_id=i-1") {
		t.Fatalf("log %q, want an info line about the already completed action", got)
	}
}

func TestCompleteLaunchUnknownHook(t *testing.T) {
	h := newHarness(t)
	err := h.complete(ctx, "boot", "web-blue", "i-1")
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "ValidationError" {
		t.Fatalf("error %v, want the ValidationError wrapped", err)
	}
	for _, want := range []string{`hook "boot"`, `group "web-blue"`, "instance i-1", "No Lifecycle Hook with name boot"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if h.asg.callCount() != 1 || h.asg.stateOf("i-1") != "Pending:Wait" {
		t.Fatalf("calls %d (want 1, no retry), state %s", h.asg.callCount(), h.asg.stateOf("i-1"))
	}
}

func TestCompleteLaunchUnknownGroupIsAnError(t *testing.T) {
	h := newHarness(t)
	if err := h.complete(ctx, "launch", "web-green", "i-1"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("error %v, want the group-not-found ValidationError", err)
	}
}

func TestCompleteLaunchRetriesTransientErrors(t *testing.T) {
	h := newHarness(t)
	h.asg.failNext = []error{throttled(), serverFault(), throttled()}
	if err := h.complete(ctx, "launch", "web-blue", "i-1"); err != nil {
		t.Fatal(err)
	}
	if h.asg.callCount() != 4 || h.asg.stateOf("i-1") != "InService" {
		t.Fatalf("calls %d (want 4), state %s", h.asg.callCount(), h.asg.stateOf("i-1"))
	}
	// Three waits of at most 1 s, 2 s and 4 s, at least half of each.
	if waited := h.clk.Now().Sub(t0); waited < 3500*time.Millisecond || waited > 7*time.Second {
		t.Fatalf("waited %s on the clock, want 3.5s..7s of backoff", waited)
	}
}

func TestCompleteLaunchGivesUpAfterAttempts(t *testing.T) {
	h := newHarness(t)
	h.c.Attempts = 3
	h.asg.failNext = []error{throttled(), throttled(), throttled(), throttled()}
	err := h.complete(ctx, "launch", "web-blue", "i-1")
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "Throttling" {
		t.Fatalf("error %v, want the last Throttling error wrapped", err)
	}
	if h.asg.callCount() != 3 {
		t.Fatalf("calls %d, want 3", h.asg.callCount())
	}
}

func TestCompleteLaunchAccessDeniedNamesThePermission(t *testing.T) {
	h := newHarness(t)
	h.asg.denied = true
	err := h.complete(ctx, "launch", "web-blue", "i-1")
	for _, want := range []string{"access denied", "autoscaling:CompleteLifecycleAction", `hook "launch"`, `group "web-blue"`, "instance i-1"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("error %v, want it to contain %q", err, want)
		}
	}
	if h.asg.callCount() != 1 {
		t.Fatalf("calls %d, want 1 (a denial is not retried)", h.asg.callCount())
	}
}

func TestCompleteLaunchStopsWhenContextEnds(t *testing.T) {
	h := newHarness(t)
	c, cancel := context.WithCancel(ctx)
	defer cancel()
	h.asg.failNext = []error{throttled(), throttled()}
	h.asg.onCall = func(n int) {
		if n == 1 {
			cancel()
		}
	}
	done := make(chan error, 1)
	go func() { done <- h.c.CompleteLaunch(c, "launch", "web-blue", "i-1") }()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if h.asg.callCount() != 1 {
		t.Fatalf("calls %d, want 1", h.asg.callCount())
	}
}
