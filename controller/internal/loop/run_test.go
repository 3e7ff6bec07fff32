package loop_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// runLoop starts Run in the background; stop cancels it and waits for it
// to return.
func runLoop(t *testing.T, l *loop.Loop, wake <-chan struct{}) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx, wake) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run returned %v", err)
		}
	}
}

// next waits for the loop's next pass report. Run reports a pass only once
// its wait is armed, so the caller may advance the fake clock right after.
func next(t *testing.T, reports <-chan loop.PassReport) loop.PassReport {
	t.Helper()
	select {
	case r := <-reports:
		return r
	case <-time.After(10 * time.Second): // a hang guard only; the test never sleeps
		t.Fatal("no pass reported")
		return loop.PassReport{}
	}
}

func TestRunBacksOffOnFailuresOnTheClock(t *testing.T) {
	f := newFixture(t)
	f.putSpec(t)
	f.cloud.FailNext("DescribeAutoScalingGroups", "Throttling", 4)
	reports := make(chan loop.PassReport, 1)
	cfg := f.config("ctl-1", reports)
	cfg.NoJitter = true
	l := loop.New(cfg)
	stop := runLoop(t, l, nil)

	want := []time.Duration{time.Second, 1500 * time.Millisecond, 2250 * time.Millisecond, 3375 * time.Millisecond}
	start := f.clk.Now()
	for i, w := range want {
		r := next(t, reports)
		if r.Err == nil || r.Wait != w {
			t.Fatalf("failed pass %d: wait %v, err %v; want wait %v", i, r.Wait, r.Err, w)
		}
		if !r.At.Equal(start) {
			t.Fatalf("pass %d ran at %v, want %v (only the clock moves the loop)", i, r.At, start)
		}
		f.clk.Advance(w)
		start = start.Add(w)
	}
	r := next(t, reports)
	if r.Err != nil || r.Wait != 2*time.Second {
		t.Fatalf("recovered pass: wait %v, err %v", r.Wait, r.Err)
	}
	f.cloud.FailNext("DescribeAutoScalingGroups", "Throttling", 1)
	f.clk.Advance(r.Wait)
	if r = next(t, reports); r.Err == nil || r.Wait != time.Second {
		t.Fatalf("backoff not reset after success: wait %v, err %v", r.Wait, r.Err)
	}
	stop()
	if l.Held() {
		t.Fatal("lock still held after Run returned")
	}
	if _, ok, err := f.locker.TryLock(ctx, svc, "ctl-2"); !ok || err != nil {
		t.Fatalf("lock not released on shutdown: %v, %v", ok, err)
	}
}

func TestRunJittersTheBackoff(t *testing.T) {
	f := newFixture(t)
	f.putSpec(t)
	f.cloud.FailNext("DescribeAutoScalingGroups", "Throttling", 1)
	reports := make(chan loop.PassReport, 1)
	stop := runLoop(t, loop.New(f.config("ctl-1", reports)), nil)
	defer stop()
	if r := next(t, reports); r.Err == nil || r.Wait < 500*time.Millisecond || r.Wait > 1500*time.Millisecond {
		t.Fatalf("first backoff %v outside 1s ± 50%%", r.Wait)
	}
}

func TestRunRereadsAtOnceAfterALostRaceThenBacksOff(t *testing.T) {
	f := newFixture(t)
	f.putSpec(t)
	f.dec.script(func(o reconcile.Observed, d reconcile.Desired) reconcile.Plan {
		return reconcile.Plan{Phase: api.PhaseLaunching, RequeueAfter: time.Second, Actions: []reconcile.Action{
			{Kind: reconcile.ActWriteRollout, Rollout: record(f.clk.Now(), api.PhaseLaunching), ExpectIndex: 12345},
		}}
	})
	reports := make(chan loop.PassReport, 1)
	cfg := f.config("ctl-1", reports)
	cfg.NoJitter = true
	stop := runLoop(t, loop.New(cfg), nil)
	defer stop()
	for i, w := range []time.Duration{0, time.Second, 1500 * time.Millisecond} {
		r := next(t, reports)
		if !errors.Is(r.Err, consulkv.ErrConflict) || r.Wait != w {
			t.Fatalf("pass %d: wait %v, err %v; want wait %v", i, r.Wait, r.Err, w)
		}
		f.clk.Advance(w)
	}
}

func TestRunWakesEarlyAndRenewsTheLock(t *testing.T) {
	f := newFixture(t)
	f.putSpec(t)
	f.dec.script(func(reconcile.Observed, reconcile.Desired) reconcile.Plan {
		return reconcile.Plan{Phase: api.PhaseIdle, RequeueAfter: time.Hour}
	})
	reports := make(chan loop.PassReport, 1)
	wake := make(chan struct{})
	clk := armClock{Fake: f.clk, armed: make(chan time.Duration, 16)}
	cfg := f.config("ctl-1", reports)
	cfg.Clock = clk
	l := loop.New(cfg)
	stop := runLoop(t, l, wake)
	defer stop()
	r := next(t, reports)
	if r.Wait != time.Hour || !r.Held {
		t.Fatalf("first pass: %+v", r)
	}
	// An idle hour is far longer than the lock's TTL: renewals between
	// passes must keep it. Stop one renewal short of the hour, so the wake
	// (not the pass timer) starts the next pass.
	clk.waitArmed(t, loop.DefaultLockRenew)
	for i := 0; i < 719; i++ {
		f.clk.Advance(loop.DefaultLockRenew)
		clk.waitArmed(t, loop.DefaultLockRenew)
	}
	wake <- struct{}{}
	r = next(t, reports)
	if !r.Held || r.Err != nil || f.dec.count() != 2 || len(f.cloud.Calls()) == 0 {
		t.Fatalf("woken pass: %+v, decide %d", r, f.dec.count())
	}
	if _, ok, _ := f.locker.TryLock(ctx, svc, "ctl-2"); ok {
		t.Fatal("another holder took the lock of a live loop")
	}
}

// armClock is the fake clock, telling the test each time the loop arms a
// timer (the locker keeps the unwrapped fake, so only the loop's timers
// are reported).
type armClock struct {
	*clocktest.Fake
	armed chan time.Duration
}

func (c armClock) NewTimer(d time.Duration) clock.Timer {
	t := c.Fake.NewTimer(d)
	c.armed <- d
	return t
}

// waitArmed waits until the loop arms a timer of d.
func (c armClock) waitArmed(t *testing.T, d time.Duration) {
	t.Helper()
	for {
		select {
		case got := <-c.armed:
			if got == d {
				return
			}
		case <-time.After(10 * time.Second): // a hang guard only
			t.Fatalf("loop did not arm a %v timer", d)
		}
	}
}
