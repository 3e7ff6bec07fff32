package consulkv

import (
	"context"

	"github.com/asgctl/asgctl/controller/clock"
)

// WatchKey watches key with blocking queries under Watch's rules and calls
// fn with its entry (nil when absent): first the current state, then on
// every real change — written with a new value, created, deleted, or its
// lock holder changed. Wake-ups that leave the entry's ModifyIndex where it
// was are not delivered, even when Consul's index moved (an absent key's
// index follows other writes). It returns when ctx ends or fn fails.
func WatchKey(ctx context.Context, clk clock.Clock, kv KV, key string, opts WatchOptions, fn func(ctx context.Context, e *Entry) error) error {
	fetch := func(ctx context.Context, index uint64) (*Entry, uint64, error) {
		return kv.Get(ctx, key, watchQuery(index, opts))
	}
	seen, first := uint64(0), true
	return Watch(ctx, clk, fetch, func(ctx context.Context, e *Entry, _ uint64) error {
		var at uint64
		if e != nil {
			at = e.ModifyIndex
		}
		if !first && at == seen {
			return nil
		}
		seen, first = at, false
		return fn(ctx, e)
	}, opts)
}

// WatchPrefix watches every key under prefix like WatchKey and calls fn
// with the entries, sorted by key: first the current state, then whenever
// a key under it was written, created, deleted or changed holder.
func WatchPrefix(ctx context.Context, clk clock.Clock, kv KV, prefix string, opts WatchOptions, fn func(ctx context.Context, entries []Entry) error) error {
	fetch := func(ctx context.Context, index uint64) ([]Entry, uint64, error) {
		return kv.List(ctx, prefix, watchQuery(index, opts))
	}
	var seen []Entry
	first := true
	return Watch(ctx, clk, fetch, func(ctx context.Context, entries []Entry, _ uint64) error {
		if !first && sameVersions(seen, entries) {
			return nil
		}
		seen, first = entries, false
		return fn(ctx, entries)
	}, opts)
}

// watchQuery is the read of one watch call.
func watchQuery(index uint64, opts WatchOptions) *QueryOptions {
	return &QueryOptions{WaitIndex: index, WaitTime: opts.WaitTime, Stale: opts.Stale}
}

// sameVersions reports whether a and b hold the same keys at the same
// ModifyIndexes.
func sameVersions(a, b []Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Key != b[i].Key || a[i].ModifyIndex != b[i].ModifyIndex {
			return false
		}
	}
	return true
}
