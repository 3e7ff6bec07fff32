package motohost_test

import (
	"context"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
)

// t0 is when every fake clock starts.
var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// hangGuard bounds how long a test waits for a goroutine to park on its
// clock; it guards against a hang and never times anything the test checks.
const hangGuard = 30 * time.Second

// awaitPending waits until clk has n pending timers, that is until the
// goroutine driven by clk has done its work (including any real moto I/O)
// and waits on the clock again.
func awaitPending(t *testing.T, clk *clocktest.Fake, n int) {
	t.Helper()
	guard := time.Now().Add(hangGuard)
	for clk.Pending() != n {
		if time.Now().After(guard) {
			t.Fatalf("no goroutine parked on the clock within %v (pending %d, want %d)", hangGuard, clk.Pending(), n)
		}
		runtime.Gosched()
	}
}

// tick lets the goroutine waiting on clk run once more: it advances clk by
// d and returns when the goroutine waits again.
func tick(t *testing.T, clk *clocktest.Fake, d time.Duration) {
	t.Helper()
	awaitPending(t, clk, 1)
	clk.Advance(d)
	awaitPending(t, clk, 1)
}

// goRun runs fn(ctx) in a goroutine until the test ends, and waits for it
// to return.
func goRun(t *testing.T, fn func(context.Context)) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// started is one Host.Start call.
type started struct{ ID, AMI string }

// recordingHost is a Host that records its calls.
type recordingHost struct {
	mu     sync.Mutex
	starts []started
	stops  []string
}

func (h *recordingHost) Start(id, ami string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.starts = append(h.starts, started{id, ami})
}

func (h *recordingHost) Stop(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stops = append(h.stops, id)
}

// calls returns the starts, sorted by id, and the stops, sorted.
func (h *recordingHost) calls() ([]started, []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	starts, stops := slices.Clone(h.starts), slices.Clone(h.stops)
	slices.SortFunc(starts, func(a, b started) int { return strings.Compare(a.ID, b.ID) })
	slices.Sort(stops)
	return starts, stops
}

// fakeHealth is a Health (and Hosted) whose answers the test sets.
type fakeHealth struct {
	mu sync.Mutex
	up map[string]bool
}

func newFakeHealth() *fakeHealth { return &fakeHealth{up: map[string]bool{}} }

func (f *fakeHealth) set(id string, up bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.up[id] = up
}

func (f *fakeHealth) Healthy(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.up[id]
}

// fakeHosted is a Hosted whose set the test changes.
type fakeHosted struct {
	mu  sync.Mutex
	ids map[string]bool
}

func newFakeHosted(ids ...string) *fakeHosted {
	h := &fakeHosted{ids: map[string]bool{}}
	for _, id := range ids {
		h.ids[id] = true
	}
	return h
}

func (f *fakeHosted) remove(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.ids, id)
}

func (f *fakeHosted) Hosted(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ids[id]
}

// logRecorder is a slog.Handler that keeps every record.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (r *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *logRecorder) WithGroup(string) slog.Handler            { return r }

func (r *logRecorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, rec.Clone())
	return nil
}

// find returns the attributes of the first record at level whose message
// is msg.
func (r *logRecorder) find(level slog.Level, msg string) (map[string]string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rec := range r.records {
		if rec.Level == level && rec.Message == msg {
			attrs := map[string]string{}
			rec.Attrs(func(a slog.Attr) bool {
				attrs[a.Key] = a.Value.String()
				return true
			})
			return attrs, true
		}
	}
	return nil, false
}

// count returns how many records at level have message msg.
func (r *logRecorder) count(level slog.Level, msg string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, rec := range r.records {
		if rec.Level == level && rec.Message == msg {
			n++
		}
	}
	return n
}
