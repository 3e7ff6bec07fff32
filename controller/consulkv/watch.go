package consulkv

import (
	"context"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// Watch defaults, from Consul's guidance on blocking queries.
const (
	DefaultWatchMinDelay   = 100 * time.Millisecond
	DefaultWatchBackoff    = time.Second
	DefaultWatchMaxBackoff = 30 * time.Second
)

// WatchOptions tune a Watch. Zero fields take the defaults.
type WatchOptions struct {
	// MinDelay is the least time from the start of one call to the start
	// of the next, so a query that keeps returning at once cannot spin.
	MinDelay time.Duration
	// Backoff is the wait after the first failure in a row; it doubles on
	// each further failure up to MaxBackoff and resets after a success.
	Backoff, MaxBackoff time.Duration
	// WaitTime is passed to each blocking query (0: the backend's default,
	// 5 minutes).
	WaitTime time.Duration
	// Stale lets WatchKey and WatchPrefix read from any Consul server (see
	// QueryOptions.Stale): an older value may then be delivered after a
	// newer one.
	Stale bool
	// OnError, if set, hears of each failed call and how long Watch waits
	// before the next (a watcher reports itself stale from here).
	OnError func(err error, retryIn time.Duration)
}

// withDefaults fills unset fields.
func (o WatchOptions) withDefaults() WatchOptions {
	if o.MinDelay <= 0 {
		o.MinDelay = DefaultWatchMinDelay
	}
	if o.Backoff <= 0 {
		o.Backoff = DefaultWatchBackoff
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultWatchMaxBackoff
	}
	o.Backoff = max(o.Backoff, o.MinDelay)
	o.MaxBackoff = max(o.MaxBackoff, o.Backoff)
	return o
}

// Fetch is one blocking query: it returns the result and its index once
// the index moves past waitIndex (at once when waitIndex is 0).
type Fetch[T any] func(ctx context.Context, waitIndex uint64) (T, uint64, error)

// Watch calls fetch in a loop under Consul's index rules and calls
// onChange with every result whose index differs from the last one seen,
// starting with the first, until ctx ends (it returns ctx's error) or
// onChange fails (it returns that error). The rules:
//
//   - a result with the index it waited on is a wait-time timeout or a
//     wake-up that changed nothing: it is not delivered;
//   - an index lower than the last one (a snapshot restore, another
//     server) resets the watch: the next call waits on 0, a plain read whose
//     result is delivered;
//   - an index of 0 is taken as 1, so the next call still blocks;
//   - calls start at least MinDelay apart;
//   - a failed call is retried after Backoff, doubling up to MaxBackoff:
//     Watch never gives up while ctx lasts. The retry waits on 0, a plain
//     read delivered at once, since the store may have restarted or been
//     restored while it was away (a value that did not change is delivered
//     again; callers ignore identical values).
//
// Time is clk's; Watch never reads the wall clock.
func Watch[T any](ctx context.Context, clk clock.Clock, fetch Fetch[T], onChange func(ctx context.Context, v T, index uint64) error, opts WatchOptions) error {
	opts = opts.withDefaults()
	var last uint64
	backoff := opts.Backoff
	for {
		pace := clk.NewTimer(opts.MinDelay)
		v, index, err := fetch(ctx, last)
		switch {
		case ctx.Err() != nil:
			pace.Stop()
			return ctx.Err()
		case err != nil:
			pace.Stop()
			if opts.OnError != nil {
				opts.OnError(err, backoff)
			}
			if err := wait(ctx, clk.NewTimer(backoff)); err != nil {
				return err
			}
			backoff = min(2*backoff, opts.MaxBackoff)
			// The next call reads without blocking: the store may have
			// restarted (its index starting over) or been restored, and a
			// blocking query on an index from before the outage could hold
			// the first answer back for the whole wait time.
			last = 0
			continue
		}
		backoff = opts.Backoff
		next, deliver := nextIndex(last, index)
		last = next
		if deliver {
			if err := onChange(ctx, v, next); err != nil {
				pace.Stop()
				return err
			}
		}
		if err := wait(ctx, pace); err != nil {
			return err
		}
	}
}

// nextIndex applies the index rules to a result: the index to wait on next
// and whether the result is a change to deliver.
func nextIndex(last, index uint64) (next uint64, deliver bool) {
	switch {
	case index < last:
		return 0, false
	case index == 0:
		index = 1
	}
	return index, index != last
}

// wait waits for t to fire or ctx to end, and stops t.
func wait(ctx context.Context, t clock.Timer) error {
	defer t.Stop()
	select {
	case <-t.C():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
