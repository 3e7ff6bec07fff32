package cli

import (
	"context"
	"log/slog"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// watchService sends on the returned channel whenever a key of the
// service (spec, desired, rollout, history) changes, starting with the
// current state, until ctx ends; then it closes the channel. It is
// consulkv.WatchPrefix (blocking queries under Consul's index rules, never
// giving up); reads it triggers are consistent, so it may read stale.
func watchService(ctx context.Context, kv consulkv.KV, clk clock.Clock, svc string, log *slog.Logger) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		opts := consulkv.WatchOptions{Stale: true, OnError: func(err error, retryIn time.Duration) {
			log.WarnContext(ctx, "watch failed; retrying", "service", svc, "error", err, "retry_in", retryIn)
		}}
		_ = consulkv.WatchPrefix(ctx, clk, kv, api.KeyServicesPrefix+svc+"/", opts, func(ctx context.Context, _ []consulkv.Entry) error {
			select {
			case ch <- struct{}{}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	return ch
}
