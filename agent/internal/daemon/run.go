package daemon

import (
	"context"
	"sync"
	"time"

	"github.com/asgctl/asgctl/agent/internal/watch"
	"github.com/asgctl/asgctl/controller/api"
)

// ShutdownGrace bounds the graceful shutdown after ctx ends.
const ShutdownGrace = 60 * time.Second

// Run recovers the box, then follows the release key (the coordinator
// applies each record), reports, and repairs dead processes until ctx
// ends; then it shuts down gracefully: every process leaves rotation at
// once, in-flight requests finish, the processes stop, and the report is
// withdrawn. It returns an error only when the start itself failed.
func (a *Agent) Run(ctx context.Context) error {
	if err := a.recover(ctx); err != nil {
		return err
	}
	var wg sync.WaitGroup
	wg.Add(4)
	go func() {
		defer wg.Done()
		a.coord.Run(ctx)
	}()
	go func() {
		defer wg.Done()
		_ = a.reporter.Run(ctx)
	}()
	go func() {
		defer wg.Done()
		a.repairLoop(ctx)
	}()
	go func() {
		defer wg.Done()
		_ = watch.Run(ctx, a.Clock, a.KV, a.Config.Service, a.offer, a.onStale, a.Log, a.onWatchError)
	}()
	<-ctx.Done()
	wg.Wait()
	a.shutdown()
	return nil
}

// offer hands a release record from the watch to the coordinator.
func (a *Agent) offer(_ context.Context, rel *api.Release, index uint64) error {
	a.coord.Offer(rel, index)
	return nil
}

// onStale records whether Consul is unreachable and reports it (the report
// reaches Consul once it is back).
func (a *Agent) onStale(stale bool) {
	a.stale.Store(stale)
	a.Log.Warn("consul reachability changed", "stale", stale)
	go a.publish()
}

// onWatchError reports a malformed release value.
func (a *Agent) onWatchError(err error) {
	a.Log.Error("release watch", "error", err)
}

// shutdown takes every process out of rotation, stops them all in
// parallel (each finishes its in-flight requests on SIGTERM) and withdraws
// the report.
func (a *Agent) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.Log.Info("shutting down: leaving rotation and stopping processes")
	if err := a.Driver.Init(ctx, nil); err != nil {
		a.Log.Warn("rotation not cleared at shutdown", "error", err)
	}
	var wg sync.WaitGroup
	for _, p := range a.model {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			if err := a.Supervisor.Stop(ctx, k); err != nil {
				a.Log.Warn("process not stopped cleanly", "process", k, "error", err)
			}
		}(p.Index)
	}
	wg.Wait()
	for i := range a.model {
		a.model[i].State = "stopped"
	}
	a.save()
	if err := a.reporter.Close(ctx); err != nil {
		a.Log.Warn("report not withdrawn", "error", err)
	}
	a.Log.Info("stopped")
}
