package clocktest

import (
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

var epoch = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// fired returns the value waiting on c, if any, without blocking.
func fired(c <-chan time.Time) (time.Time, bool) {
	select {
	case v := <-c:
		return v, true
	default:
		return time.Time{}, false
	}
}

func TestNowStandsStill(t *testing.T) {
	f := New(epoch)
	f.NewTimer(time.Second)
	f.After(time.Second)
	if !f.Now().Equal(epoch) {
		t.Fatalf("Now = %s, want %s", f.Now(), epoch)
	}
}

func TestTimerFiresOnlyWhenAdvancedToDeadline(t *testing.T) {
	f := New(epoch)
	tm := f.NewTimer(10 * time.Second)
	if _, ok := fired(tm.C()); ok {
		t.Fatal("fired before any Advance")
	}
	f.Advance(10*time.Second - time.Nanosecond)
	if _, ok := fired(tm.C()); ok {
		t.Fatal("fired 1ns early")
	}
	f.Advance(time.Nanosecond)
	if v, ok := fired(tm.C()); !ok || !v.Equal(epoch.Add(10*time.Second)) {
		t.Fatalf("at the deadline: fired %v with %s, want the deadline", ok, v)
	}
	f.Advance(time.Hour)
	if _, ok := fired(tm.C()); ok {
		t.Fatal("fired twice")
	}
}

func TestAfterFiresOnAdvance(t *testing.T) {
	f := New(epoch)
	c := f.After(time.Minute)
	if _, ok := fired(c); ok {
		t.Fatal("After fired at once")
	}
	f.Advance(2 * time.Minute)
	if v, ok := fired(c); !ok || !v.Equal(epoch.Add(time.Minute)) {
		t.Fatalf("fired %v with %s", ok, v)
	}
}

func TestSetFiresDueTimersWithTheirOwnDeadline(t *testing.T) {
	f := New(epoch)
	early, mid, late := f.NewTimer(time.Minute), f.NewTimer(20*time.Minute), f.NewTimer(time.Hour)
	f.Set(epoch.Add(30 * time.Minute))
	for name, tc := range map[string]struct {
		tm clock.Timer
		at time.Duration
	}{"early": {early, time.Minute}, "mid": {mid, 20 * time.Minute}} {
		if v, ok := fired(tc.tm.C()); !ok || !v.Equal(epoch.Add(tc.at)) {
			t.Errorf("%s timer: fired %v with %s, want its deadline %s", name, ok, v, epoch.Add(tc.at))
		}
	}
	if _, ok := fired(late.C()); ok {
		t.Error("late timer fired early")
	}
	if !f.Now().Equal(epoch.Add(30 * time.Minute)) {
		t.Errorf("Now = %s after Set", f.Now())
	}
}

func TestTimerDeadlineIsFromCreationTime(t *testing.T) {
	f := New(epoch)
	f.Advance(time.Hour)
	tm := f.NewTimer(time.Minute)
	f.Advance(59 * time.Second)
	if _, ok := fired(tm.C()); ok {
		t.Fatal("fired before now+d")
	}
	f.Advance(time.Second)
	if v, ok := fired(tm.C()); !ok || !v.Equal(epoch.Add(time.Hour+time.Minute)) {
		t.Fatalf("fired %v with %s", ok, v)
	}
}

func TestNonPositiveDurationFiresAtOnce(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second} {
		f := New(epoch)
		tm := f.NewTimer(d)
		if v, ok := fired(tm.C()); !ok || !v.Equal(epoch) {
			t.Errorf("NewTimer(%s): fired %v with %s, want now", d, ok, v)
		}
		if f.Pending() != 0 {
			t.Errorf("NewTimer(%s): Pending = %d, want 0", d, f.Pending())
		}
		if tm.Stop() {
			t.Errorf("NewTimer(%s): Stop reported a fired timer as pending", d)
		}
		if v, ok := fired(f.After(d)); !ok || !v.Equal(epoch) {
			t.Errorf("After(%s): fired %v with %s, want now", d, ok, v)
		}
	}
}

func TestStopPreventsFiring(t *testing.T) {
	f := New(epoch)
	stopped, kept := f.NewTimer(time.Second), f.NewTimer(time.Second)
	if !stopped.Stop() {
		t.Fatal("Stop of a pending timer returned false")
	}
	if stopped.Stop() {
		t.Fatal("second Stop returned true")
	}
	if f.Pending() != 1 {
		t.Fatalf("Pending = %d after Stop, want 1", f.Pending())
	}
	f.Advance(time.Hour)
	if _, ok := fired(stopped.C()); ok {
		t.Fatal("stopped timer fired")
	}
	if _, ok := fired(kept.C()); !ok {
		t.Fatal("the other timer did not fire")
	}
	if kept.Stop() {
		t.Fatal("Stop of a fired timer returned true")
	}
}

func TestSetNeverGoesBackwards(t *testing.T) {
	f := New(epoch)
	tm := f.NewTimer(time.Minute)
	f.Set(epoch.Add(-time.Hour))
	f.Advance(-time.Hour)
	if !f.Now().Equal(epoch) {
		t.Fatalf("Now = %s, want %s", f.Now(), epoch)
	}
	if _, ok := fired(tm.C()); ok || f.Pending() != 1 {
		t.Fatalf("moving backwards fired a timer (pending %d)", f.Pending())
	}
	f.Set(epoch)
	f.Advance(0)
	if _, ok := fired(tm.C()); ok || !f.Now().Equal(epoch) {
		t.Fatal("standing still fired a timer or moved the clock")
	}
}

func TestNextDeadlineAndPending(t *testing.T) {
	f := New(epoch)
	if _, ok := f.NextDeadline(); ok || f.Pending() != 0 {
		t.Fatal("a new clock reports a pending timer")
	}
	late := f.NewTimer(time.Hour)
	first := f.NewTimer(time.Minute)
	f.NewTimer(10 * time.Minute)
	checkNext(t, f, epoch.Add(time.Minute), 3)

	first.Stop()
	checkNext(t, f, epoch.Add(10*time.Minute), 2)

	f.Advance(10 * time.Minute)
	checkNext(t, f, epoch.Add(time.Hour), 1)

	late.Stop()
	if _, ok := f.NextDeadline(); ok || f.Pending() != 0 {
		t.Fatalf("after stopping the last timer: pending %d", f.Pending())
	}
}

func checkNext(t *testing.T, f *Fake, want time.Time, pending int) {
	t.Helper()
	if got, ok := f.NextDeadline(); !ok || !got.Equal(want) {
		t.Fatalf("NextDeadline = %s, %v; want %s", got, ok, want)
	}
	if f.Pending() != pending {
		t.Fatalf("Pending = %d, want %d", f.Pending(), pending)
	}
}

// A deadline that lands on the zero time.Time is still a deadline.
func TestNextDeadlineAtZeroTime(t *testing.T) {
	f := New(time.Time{}.Add(-time.Second))
	f.NewTimer(time.Second)
	if got, ok := f.NextDeadline(); !ok || !got.IsZero() {
		t.Fatalf("NextDeadline = %s, %v; want the zero time, true", got, ok)
	}
}

func TestDrivingByNextDeadlineFiresEverything(t *testing.T) {
	f := New(epoch)
	var timers []clock.Timer
	for _, d := range []time.Duration{5, 1, 3, 3, 2} {
		timers = append(timers, f.NewTimer(d*time.Second))
	}
	for steps := 0; ; steps++ {
		next, ok := f.NextDeadline()
		if !ok {
			break
		}
		if steps > len(timers) {
			t.Fatal("NextDeadline never runs out")
		}
		f.Set(next)
	}
	for i, tm := range timers {
		if _, ok := fired(tm.C()); !ok {
			t.Errorf("timer %d never fired", i)
		}
	}
	if !f.Now().Equal(epoch.Add(5 * time.Second)) {
		t.Errorf("Now = %s, want the last deadline", f.Now())
	}
}

func TestConcurrentAdvanceIsAtomic(t *testing.T) {
	f := New(epoch)
	const workers, steps = 8, 2000
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range steps {
				f.Advance(time.Nanosecond)
			}
		}()
	}
	wg.Wait()
	if got, want := f.Now().Sub(epoch), time.Duration(workers*steps); got != want {
		t.Fatalf("after %d concurrent Advance(1ns) the clock moved %s, want %s", workers*steps, got, want)
	}
}
