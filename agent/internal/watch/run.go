package watch

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// DeliverFunc deploys one release, read at Consul index (the key's
// ModifyIndex). It runs on its own goroutine, one call at a time; ctx ends
// when Run's does.
type DeliverFunc func(ctx context.Context, rel *api.Release, index uint64) error

// Run watches api.KeyDeploy(svc) until ctx ends and returns ctx's error.
//
//   - Each new value is decoded with api.DecodeRelease. A malformed value is
//     logged and passed to onError; it is never delivered and the release
//     being run stays.
//   - A value byte-for-byte equal to the last accepted one is ignored.
//   - deliver runs one release at a time. A release that arrives while one
//     is being delivered becomes the pending one, replacing any release
//     already pending: the latest always gets delivered, older pending ones
//     are skipped, and there is never more than one pending.
//   - A deliver error is logged and passed to onError; watching goes on.
//   - Consul errors are retried forever (WatchKey's capped backoff);
//     onStale(true) is called after the first failure in a row and
//     onStale(false) when Consul answers again.
//   - A deleted key is logged and otherwise ignored.
//
// onStale and onError may be nil. onError may be called from two
// goroutines at once (watch and delivery); neither may block for long.
func Run(ctx context.Context, clk clock.Clock, kv consulkv.KV, svc string, deliver DeliverFunc, onStale func(stale bool), log *slog.Logger, onError func(err error)) error {
	if onError == nil {
		onError = func(error) {}
	}
	log = log.With("key", api.KeyDeploy(svc))
	w := &watcher{log: log, onError: onError, box: newMailbox()}
	skv := &staleKV{KV: kv, log: log, onStale: onStale}

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w.deliverLoop(ctx, deliver)
	}()
	err := consulkv.WatchKey(ctx, clk, skv, api.KeyDeploy(svc), consulkv.WatchOptions{}, w.onEntry)
	wg.Wait()
	if err != nil {
		return fmt.Errorf("watch %s: %w", api.KeyDeploy(svc), err)
	}
	return nil
}

// watcher turns watched entries into pending releases.
type watcher struct {
	log     *slog.Logger
	onError func(error)
	box     *mailbox
	last    []byte // payload of the last accepted release
}

// onEntry handles one change of the key; it never fails, so the watch only
// ends with ctx.
func (w *watcher) onEntry(_ context.Context, e *consulkv.Entry) error {
	if e == nil {
		w.log.Warn("release key absent; keeping the current release")
		return nil
	}
	if w.last != nil && bytes.Equal(e.Value, w.last) {
		w.log.Debug("release payload unchanged; ignored", "modify_index", e.ModifyIndex)
		return nil
	}
	rel, err := api.DecodeRelease(e.Value)
	if err != nil {
		err = fmt.Errorf("release key %s at index %d is malformed; keeping the current release: %w", e.Key, e.ModifyIndex, err)
		w.log.Error("malformed release ignored", "modify_index", e.ModifyIndex, "error", err)
		w.onError(err)
		return nil
	}
	w.last = bytes.Clone(e.Value)
	w.log.Info("release received", "release", rel.Release, "config_rev", rel.ConfigRev, "modify_index", e.ModifyIndex)
	w.box.put(rel, e.ModifyIndex)
	return nil
}

// deliverLoop calls deliver for each pending release, one at a time, until
// ctx ends.
func (w *watcher) deliverLoop(ctx context.Context, deliver DeliverFunc) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.box.wake:
		}
		rel, index := w.box.take()
		if rel == nil || ctx.Err() != nil {
			continue
		}
		w.log.Debug("delivering", "release", rel.Release)
		if err := deliver(ctx, rel, index); err != nil && ctx.Err() == nil {
			err = fmt.Errorf("deliver release %s: %w", rel.Release, err)
			w.log.Error("release delivery failed", "release", rel.Release, "error", err)
			w.onError(err)
		}
	}
}
