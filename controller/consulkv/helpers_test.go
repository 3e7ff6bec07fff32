package consulkv

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// newMemory returns an empty Memory on a fake clock reading t0.
func newMemory() (*Memory, *clocktest.Fake) {
	clk := clocktest.New(t0)
	return NewMemory(clk), clk
}

// readResult is what a backgrounded Get or List returned.
type readResult struct {
	entry   *Entry
	entries []Entry
	index   uint64
	err     error
}

// goGet runs kv.Get in the background.
func goGet(ctx context.Context, kv KV, key string, q *QueryOptions) <-chan readResult {
	ch := make(chan readResult, 1)
	go func() {
		e, idx, err := kv.Get(ctx, key, q)
		ch <- readResult{entry: e, index: idx, err: err}
	}()
	return ch
}

// goList runs kv.List in the background.
func goList(ctx context.Context, kv KV, prefix string, q *QueryOptions) <-chan readResult {
	ch := make(chan readResult, 1)
	go func() {
		es, idx, err := kv.List(ctx, prefix, q)
		ch <- readResult{entries: es, index: idx, err: err}
	}()
	return ch
}

// awaitParked waits until n blocking queries are parked on m since the last
// write, failing if the query behind ch returns first.
func awaitParked[T any](t *testing.T, m *Memory, n int, ch <-chan T) {
	t.Helper()
	for m.Waiting() < n {
		select {
		case r := <-ch:
			t.Fatalf("blocking call returned early: %+v", r)
		default:
		}
		runtime.Gosched()
	}
}

// awaitDeadline waits until a clock timer is due at exactly at, failing if
// the call behind ch returns first.
func awaitDeadline[T any](t *testing.T, clk *clocktest.Fake, at time.Time, ch <-chan T) {
	t.Helper()
	for d, ok := clk.NextDeadline(); !ok || !d.Equal(at); d, ok = clk.NextDeadline() {
		select {
		case r := <-ch:
			t.Fatalf("blocking call returned early: %+v", r)
		default:
		}
		runtime.Gosched()
	}
}

// mustPut writes key or fails the test.
func mustPut(t *testing.T, kv KV, key, value string) {
	t.Helper()
	if err := kv.Put(context.Background(), key, []byte(value)); err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
}

// mustGet reads key or fails the test.
func mustGet(t *testing.T, kv KV, key string) (*Entry, uint64) {
	t.Helper()
	e, idx, err := kv.Get(context.Background(), key, nil)
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	return e, idx
}

// mustSession creates a session or fails the test.
func mustSession(t *testing.T, s Sessions, ttl, delay time.Duration) string {
	t.Helper()
	id, err := s.CreateSession(context.Background(), "test", ttl, delay)
	if err != nil {
		t.Fatalf("create session: %v", err)
	}
	return id
}

// acquire calls s.Acquire and fails the test on an error.
func acquire(t *testing.T, s Sessions, key, value, session string) bool {
	t.Helper()
	ok, err := s.Acquire(context.Background(), key, []byte(value), session)
	if err != nil {
		t.Fatalf("acquire %s: %v", key, err)
	}
	return ok
}
