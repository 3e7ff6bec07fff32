package awssdk

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
)

var epoch = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// waiter runs b.Wait in a goroutine and reports its result on the channel.
func waiter(ctx context.Context, b *tokenBucket) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- b.Wait(ctx) }()
	return ch
}

// pending fails the test if ch has a result once every goroutine of the
// bubble is blocked.
func pending(t *testing.T, ch <-chan error) {
	t.Helper()
	synctest.Wait()
	select {
	case err := <-ch:
		t.Fatalf("Wait returned (%v) while it should still wait", err)
	default:
	}
}

func TestTokenBucketBurstThenRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := clocktest.New(epoch)
		b := newTokenBucket(fake, Limit{Rate: 2, Burst: 3})
		for i := range 3 {
			if err := b.Wait(t.Context()); err != nil {
				t.Fatalf("burst call %d: %v", i, err)
			}
		}
		if fake.Pending() != 0 {
			t.Fatalf("a call within the burst made a timer")
		}
		ch := waiter(t.Context(), b)
		pending(t, ch)
		fake.Advance(499 * time.Millisecond)
		pending(t, ch)
		fake.Advance(time.Millisecond)
		if err := <-ch; err != nil {
			t.Fatalf("after 500ms at 2/s: %v", err)
		}
	})
}

func TestTokenBucketServesWaitersAtTheRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := clocktest.New(epoch)
		b := newTokenBucket(fake, Limit{Rate: 4, Burst: 1})
		if err := b.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		first, second := waiter(t.Context(), b), waiter(t.Context(), b)
		synctest.Wait()
		fake.Advance(250 * time.Millisecond)
		synctest.Wait()
		done := 0
		for _, ch := range []<-chan error{first, second} {
			select {
			case <-ch:
				done++
			default:
			}
		}
		if done != 1 {
			t.Fatalf("after 250ms at 4/s %d waiters went through, want 1", done)
		}
		fake.Advance(250 * time.Millisecond)
		synctest.Wait()
		for _, ch := range []<-chan error{first, second} {
			select {
			case <-ch:
				done++
			default:
			}
		}
		if done != 2 {
			t.Fatalf("after 500ms %d waiters went through, want 2", done)
		}
	})
}

func TestTokenBucketRefillStopsAtBurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := clocktest.New(epoch)
		b := newTokenBucket(fake, Limit{Rate: 10, Burst: 2})
		fake.Advance(time.Hour)
		for range 2 {
			if err := b.Wait(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		ch := waiter(t.Context(), b)
		pending(t, ch)
		fake.Advance(100 * time.Millisecond)
		if err := <-ch; err != nil {
			t.Fatal(err)
		}
	})
}

func TestTokenBucketWaitEndsWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := clocktest.New(epoch)
		b := newTokenBucket(fake, Limit{Rate: 1, Burst: 1})
		if err := b.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		ch := waiter(ctx, b)
		pending(t, ch)
		cancel()
		if err := <-ch; err != context.Canceled {
			t.Fatalf("Wait after cancel = %v, want context.Canceled", err)
		}
		if fake.Pending() != 0 {
			t.Fatalf("the canceled wait left its timer pending")
		}
		// The canceled caller gave its token back: one second refills
		// exactly one token, for the next caller.
		fake.Advance(time.Second)
		if err := b.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		if fake.Pending() != 0 {
			t.Fatalf("the token was not given back")
		}
	})
}

func TestTokenBucketEndedContextTakesNoToken(t *testing.T) {
	fake := clocktest.New(epoch)
	b := newTokenBucket(fake, Limit{Rate: 1, Burst: 1})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := b.Wait(ctx); err != context.Canceled {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
	if err := b.Wait(t.Context()); err != nil || fake.Pending() != 0 {
		t.Fatalf("the burst token was taken by a canceled call")
	}
}

func TestZeroRateIsUnlimited(t *testing.T) {
	b := newTokenBucket(clocktest.New(epoch), Limit{Rate: 0, Burst: 1})
	for range 1000 {
		if err := b.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
}
