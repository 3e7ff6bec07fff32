package clocktest

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// fireOrder makes the named timers' channels unbuffered so each send in the
// fake blocks until a single receiver takes it; the receiver therefore sees
// the timers in exactly the order the fake fires them. It runs move and
// returns the names in firing order.
func fireOrder(t *testing.T, timers map[string]clock.Timer, move func()) []string {
	t.Helper()
	names := make([]string, 0, len(timers))
	for name := range timers {
		names = append(names, name)
	}
	slices.Sort(names)
	cases := make([]reflect.SelectCase, len(names))
	for i, name := range names {
		ft := timers[name].(*fakeTimer)
		ft.ch = make(chan time.Time)
		cases[i] = reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ft.ch)}
	}
	got := make(chan []string)
	go func() {
		var order []string
		for range names {
			i, _, _ := reflect.Select(cases)
			order = append(order, names[i])
			cases[i].Chan = reflect.Value{} // a nil channel is never chosen again
		}
		got <- order
	}()
	move()
	return <-got
}

func TestTimersFireInDeadlineOrderTiesInCreationOrder(t *testing.T) {
	f := New(epoch)
	timers := map[string]clock.Timer{}
	for _, tc := range []struct {
		name string
		d    time.Duration
	}{{"e-3s", 3}, {"a-1s", 1}, {"d-2s-third", 2}, {"c-2s-second", 2}, {"b-2s-first", 2}} {
		timers[tc.name] = f.NewTimer(tc.d * time.Second)
	}
	// Creation order among the 2s ties: d, c, b (reverse of name order).
	got := fireOrder(t, timers, func() { f.Advance(time.Minute) })
	want := []string{"a-1s", "d-2s-third", "c-2s-second", "b-2s-first", "e-3s"}
	if !slices.Equal(got, want) {
		t.Fatalf("fired in order %q, want %q", got, want)
	}
}

func TestFireOrderSurvivesStopAndLaterTimers(t *testing.T) {
	f := New(epoch)
	first := f.NewTimer(2 * time.Second)
	gone := f.NewTimer(time.Second)
	f.Advance(time.Second / 2)
	second := f.NewTimer(3 * time.Second / 2) // also due at 2s, created later
	gone.Stop()
	got := fireOrder(t, map[string]clock.Timer{"x-first": first, "a-second": second}, func() { f.Set(epoch.Add(time.Hour)) })
	if want := []string{"x-first", "a-second"}; !slices.Equal(got, want) {
		t.Fatalf("fired in order %q, want %q", got, want)
	}
}
