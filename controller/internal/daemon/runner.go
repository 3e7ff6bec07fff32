package daemon

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/loop"
)

// runner runs one service's loop. Every replica runs one per service; only
// the one whose loop holds the service lock acts, the others retry the
// lock and take over when its holder goes.
type runner struct {
	svc    string
	acct   account
	cancel context.CancelFunc
	done   chan struct{} // closed once the loop has stopped and released its lock

	mu sync.Mutex
	lp *loop.Loop // nil until the AWS clients are made
}

// startRunner starts spec's runner; it begins once prev (the runner it
// replaces, or nil) has stopped, so two loops of one replica never
// overlap on a service.
func (d *Daemon) startRunner(ctx context.Context, spec api.ServiceSpec, prev *runner) *runner {
	rctx, cancel := context.WithCancel(ctx)
	r := &runner{svc: spec.Name, acct: accountOf(spec), cancel: cancel, done: make(chan struct{})}
	d.runnersDone.Add(1)
	go func() {
		defer d.runnersDone.Done()
		defer close(r.done)
		defer cancel()
		if prev != nil {
			<-prev.done
		}
		d.runLoop(rctx, r, spec)
	}()
	return r
}

// runLoop makes the service's clients and loop and runs it, woken by the
// desired-state watch, until ctx ends; the loop then finishes its pass
// and releases the lock.
func (d *Daemon) runLoop(ctx context.Context, r *runner, spec api.ServiceSpec) {
	log := d.log.With("service", r.svc)
	clients, ok := d.clients(ctx, log, spec)
	if !ok {
		return
	}
	lp := loop.New(loop.Config{
		Service: r.svc, Holder: d.cfg.ID, Store: d.store, Locker: d.locker, Clients: clients,
		Clock: d.cfg.Clock, Logger: d.log, Tuning: d.cfg.Tuning, OnPass: d.metrics.pass,
		LockRetry: lockTTL(d.cfg.Lock), LockRenew: d.cfg.Lock.RenewInterval(),
		PassGrace: d.cfg.ShutdownTimeout,
	})
	r.mu.Lock()
	r.lp = lp
	r.mu.Unlock()
	wake, stopWatch := d.startDesiredWatch(ctx, r.svc)
	log.InfoContext(ctx, "runner started", "region", spec.Region, "role_arn", spec.RoleARN)
	_ = lp.Run(ctx, wake) // Run returns nil; it logs its own failures
	stopWatch()
	d.metrics.forget(r.svc)
	log.InfoContext(ctx, "runner stopped")
}

// clients makes the service's AWS clients, retrying failures after a
// capped, doubling delay until ctx ends (ok false).
func (d *Daemon) clients(ctx context.Context, log *slog.Logger, spec api.ServiceSpec) (awsapi.Clients, bool) {
	var delay retryDelay
	for {
		c, err := d.cfg.Clients(ctx, spec)
		if err == nil {
			return c, true
		}
		wait := delay.next()
		d.metrics.failed(spec.Name, err)
		log.ErrorContext(ctx, "aws clients not made", "region", spec.Region, "role_arn", spec.RoleARN,
			"retry_in", wait.String(), "error", err)
		if !sleep(ctx, d.cfg.Clock, wait) {
			return awsapi.Clients{}, false
		}
	}
}

// held reports whether the runner's loop holds the service lock.
func (r *runner) held() bool {
	r.mu.Lock()
	lp := r.lp
	r.mu.Unlock()
	return lp != nil && lp.Held()
}

// lockTTL is the session TTL the options stand for; a replica without a
// lock retries it about that often.
func lockTTL(o consulkv.LockOptions) time.Duration {
	if o.TTL > 0 {
		return o.TTL
	}
	return consulkv.DefaultLockTTL
}
