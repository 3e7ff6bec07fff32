package coord

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// fakeBox is a Box whose fetch and roll take simulated time and fail on
// demand; it records what it was asked.
type fakeBox struct {
	mu       sync.Mutex
	serving  fleet.Target
	failed   fleet.Failure
	why      string
	statuses []Status
	fetches  []string
	rolls    []fleet.Target
	// fetchErr / rollErr, when set, decide the outcome of each call.
	fetchErr func(ref api.ReleaseRef, n int) error
	rollErr  func(t fleet.Target) error
	fetchFor time.Duration
	rollFor  time.Duration
	rolling  chan fleet.Target // each roll's target as it starts, when set
}

func (b *fakeBox) Serving() fleet.Target {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.serving
}

func (b *fakeBox) Fetch(ctx context.Context, ref api.ReleaseRef) error {
	b.mu.Lock()
	b.fetches = append(b.fetches, ref.Release)
	n, fail := len(b.fetches), b.fetchErr
	b.mu.Unlock()
	if err := sleepCtx(ctx, b.fetchFor); err != nil {
		return err
	}
	if fail != nil {
		return fail(ref, n)
	}
	return nil
}

func (b *fakeBox) Render(context.Context, fleet.Target) (uint64, error) { return 7, nil }

func (b *fakeBox) Roll(ctx context.Context, t fleet.Target) error {
	b.mu.Lock()
	b.rolls = append(b.rolls, t)
	fail, ch := b.rollErr, b.rolling
	b.mu.Unlock()
	if ch != nil {
		ch <- t
	}
	if err := sleepCtx(ctx, b.rollFor); err != nil {
		return err
	}
	if fail != nil {
		if err := fail(t); err != nil {
			return err
		}
	}
	b.mu.Lock()
	b.serving = t
	b.mu.Unlock()
	return nil
}

func (b *fakeBox) Failed() (fleet.Failure, string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.failed, b.why
}

func (b *fakeBox) SetFailed(f fleet.Failure, why string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failed, b.why = f, why
}

func (b *fakeBox) Publish(s Status) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.statuses = append(b.statuses, s)
}

// states lists the states published for a record (what the box said
// before it had one is left out), repeats folded.
func (b *fakeBox) states() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, s := range b.statuses {
		if s.Seq == 0 {
			continue
		}
		if len(out) == 0 || out[len(out)-1] != s.State {
			out = append(out, s.State)
		}
	}
	return out
}

func (b *fakeBox) last() Status {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.statuses) == 0 {
		return Status{}
	}
	return b.statuses[len(b.statuses)-1]
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

var errNotYet = errors.New("download s3://b/web/r2.tar.gz: the object does not exist (yet)")
