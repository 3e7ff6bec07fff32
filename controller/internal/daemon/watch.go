package daemon

import (
	"context"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// servicesGap is the least time between two calls of the services watch:
// every write under the services folder (rollout records included) ends
// its blocking query, and each answer lists the whole folder.
const servicesGap = time.Second

// watchServices calls sync with the specs under api.KeyServicesPrefix, at
// once and then whenever a key there changes, until ctx ends. It follows
// Consul's blocking-query index rules (consulkv.Watch) and never gives up.
// Reads may be stale: a runner re-reads its spec itself on every pass.
func (d *Daemon) watchServices(ctx context.Context) {
	opts := consulkv.WatchOptions{MinDelay: servicesGap, Stale: true, OnError: func(err error, retryIn time.Duration) {
		d.log.WarnContext(ctx, "services watch failed", "retry_in", retryIn.String(), "error", err)
	}}
	_ = consulkv.WatchPrefix(ctx, d.cfg.Clock, d.cfg.Backend, api.KeyServicesPrefix, opts,
		func(ctx context.Context, entries []consulkv.Entry) error {
			d.sync(ctx, parseSpecs(entries))
			return nil
		}) // it returns only once ctx has ended
}

// watchDesired signals wake, without blocking, each time svc's desired key
// is written, created or deleted, until ctx ends, so a promote starts a
// pass at once instead of after the loop's idle poll. seen is the key's
// ModifyIndex (0: absent) as read before the loop started; the watch's
// first answer wakes the loop only when the key has moved since.
func (d *Daemon) watchDesired(ctx context.Context, svc string, seen uint64, wake chan<- struct{}) {
	first := true
	opts := consulkv.WatchOptions{Stale: true, OnError: func(err error, retryIn time.Duration) {
		d.log.WarnContext(ctx, "desired-state watch failed", "service", svc, "retry_in", retryIn.String(), "error", err)
	}}
	_ = consulkv.WatchKey(ctx, d.cfg.Clock, d.cfg.Backend, api.KeyDesired(svc), opts,
		func(_ context.Context, e *consulkv.Entry) error {
			var at uint64
			if e != nil {
				at = e.ModifyIndex
			}
			if first && at == seen {
				first = false
				return nil
			}
			first = false
			select {
			case wake <- struct{}{}:
			default:
			}
			return nil
		})
}

// startDesiredWatch runs watchDesired for svc until the returned stop is
// called (stop waits for it to end).
func (d *Daemon) startDesiredWatch(ctx context.Context, svc string) (wake <-chan struct{}, stop func()) {
	// A failed read leaves seen at a value no entry has: the first answer
	// of the watch then wakes the loop, to be safe.
	seen := ^uint64(0)
	if _, idx, err := d.store.Desired(ctx, svc); err == nil {
		seen = idx
	}
	ch := make(chan struct{}, 1)
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.watchDesired(wctx, svc, seen, ch)
	}()
	return ch, func() {
		cancel()
		<-done
	}
}
