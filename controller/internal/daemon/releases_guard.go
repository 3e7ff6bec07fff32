package daemon

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
	"github.com/asgctl/asgctl/controller/internal/releases"
)

// Release guard pacing: the least time between two calls of each watch
// (every agent report ends a blocking query of its service), and the
// wait of each blocking query.
const (
	guardGap  = time.Second
	guardWait = time.Minute
	// guardTimeout bounds one application of the guard; shutdown lets
	// one under way finish, so a record is not left without the history
	// entry of the record it replaced.
	guardTimeout = 10 * time.Second
)

// releaseGuard applies fleet.Guard to every service's in-place release
// record: it watches the deploys/ folder and runs one worker per record,
// which applies the guard whenever the record changes, and, while the
// record is not yet the fleet's last good release, whenever the service's
// agent reports change (their readiness completes a release). Every
// replica runs one; check-and-set makes exactly one of them write for a
// given record.
type releaseGuard struct {
	kv  consulkv.KV
	clk clock.Clock
	log *slog.Logger
	by  string // the writer named in rollback records

	mu      sync.Mutex
	workers map[string]*guardWorker
	wg      sync.WaitGroup
}

// guardWorker is the guard of one service's record.
type guardWorker struct {
	svc    string
	seen   uint64        // the record's ModifyIndex the folder watch saw last
	wake   chan struct{} // capacity 1: a change to look at
	cancel context.CancelFunc
}

func newReleaseGuard(kv consulkv.KV, clk clock.Clock, log *slog.Logger, id string) *releaseGuard {
	return &releaseGuard{kv: kv, clk: clk, log: log, by: "asgctl controller " + id, workers: map[string]*guardWorker{}}
}

// run watches the deploys/ folder until ctx ends, then stops the workers
// and waits for them.
func (g *releaseGuard) run(ctx context.Context) {
	opts := consulkv.WatchOptions{MinDelay: guardGap, WaitTime: guardWait, Stale: true, OnError: func(err error, retryIn time.Duration) {
		g.log.WarnContext(ctx, "release records watch failed", "retry_in", retryIn.String(), "error", err)
	}}
	_ = consulkv.WatchPrefix(ctx, g.clk, g.kv, api.KeyDeploy(""), opts, func(ctx context.Context, entries []consulkv.Entry) error {
		g.sync(ctx, entries)
		return nil
	}) // it returns only once ctx has ended
	g.mu.Lock()
	for _, w := range g.workers {
		w.cancel()
	}
	g.mu.Unlock()
	g.wg.Wait()
}

// sync makes the workers match the records: a worker for each new
// record, a wake-up for each changed one, none for a record that is gone.
func (g *releaseGuard) sync(ctx context.Context, entries []consulkv.Entry) {
	g.mu.Lock()
	defer g.mu.Unlock()
	present := map[string]bool{}
	for _, e := range entries {
		svc := strings.TrimPrefix(e.Key, api.KeyDeploy(""))
		if svc == "" || strings.Contains(svc, "/") {
			continue
		}
		present[svc] = true
		w, ok := g.workers[svc]
		switch {
		case !ok:
			g.workers[svc] = g.start(ctx, svc, e.ModifyIndex)
		case w.seen != e.ModifyIndex:
			w.seen = e.ModifyIndex
			poke(w.wake)
		}
	}
	for svc, w := range g.workers {
		if !present[svc] {
			w.cancel()
			delete(g.workers, svc)
		}
	}
}

// start runs a worker for svc's record, seen at index.
func (g *releaseGuard) start(ctx context.Context, svc string, index uint64) *guardWorker {
	wctx, cancel := context.WithCancel(ctx)
	w := &guardWorker{svc: svc, seen: index, wake: make(chan struct{}, 1), cancel: cancel}
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		g.work(wctx, w)
	}()
	return w
}

// poke signals ch without blocking.
func poke(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// work applies the guard to w's record at once and on every wake-up until
// ctx ends. A failed read or write is retried after a capped, doubling
// delay. While the record waits for its instances (see needsReports), a
// watch of the service's agent reports wakes it too.
func (g *releaseGuard) work(ctx context.Context, w *guardWorker) {
	var delay retryDelay
	reports := &reportWatch{}
	defer reports.stop()
	for {
		res, err := g.guard(ctx, w.svc)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			wait := delay.next()
			g.log.WarnContext(ctx, "release guard failed", "service", w.svc, "retry_in", wait.String(), "error", err)
			if !sleep(ctx, g.clk, wait) {
				return
			}
			continue
		}
		delay = retryDelay{}
		g.logResult(ctx, w.svc, res)
		if needsReports(current(res)) {
			reports.start(ctx, g, w)
		} else {
			reports.stop()
		}
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		}
	}
}

// guard applies the guard to svc once, on a context that ctx ending does
// not cancel (bounded by guardTimeout).
func (g *releaseGuard) guard(ctx context.Context, svc string) (releases.GuardResult, error) {
	gctx, cancel := withTimeout(context.WithoutCancel(ctx), g.clk, guardTimeout)
	defer cancel()
	return releases.Guard(gctx, g.kv, svc, g.by, g.clk.Now())
}

// current is the record after res: the one written, else the one read.
func current(res releases.GuardResult) *api.Release {
	if res.Written {
		return res.Action.Next
	}
	return res.State.Record
}

// needsReports reports whether the guard's next move on rec depends on
// the agent reports: a record not halted and not yet the last good
// release becomes it once every live instance is ready on it.
func needsReports(rec *api.Release) bool {
	return rec != nil && rec.Halt == nil && (rec.LastGood == nil || *rec.LastGood != rec.Ref())
}

// logResult logs what the guard did; a decision another writer beat is
// logged at debug level.
func (g *releaseGuard) logResult(ctx context.Context, svc string, res releases.GuardResult) {
	a := res.Action
	switch {
	case a.Kind == fleet.GuardNone:
		return
	case !res.Written:
		g.log.DebugContext(ctx, "release guard: another writer changed the record first", "service", svc,
			"release", res.State.Record.Release, "action", string(a.Kind))
		return
	}
	msg := "release guard: recorded the last good release"
	if a.Kind == fleet.GuardRollback {
		msg = "release guard: rolled a halted release back"
	}
	g.log.InfoContext(ctx, msg, "service", svc, "release", res.State.Record.Release, "action", string(a.Kind),
		"to", a.Next.Release, "seq", a.Next.Seq, "why", a.Why)
}

// reportWatch is a worker's watch of its service's agent reports, running
// while its record waits for them.
type reportWatch struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// start runs the watch unless it runs already: each change of w's
// service's agent reports wakes w.
func (r *reportWatch) start(ctx context.Context, g *releaseGuard, w *guardWorker) {
	if r.cancel != nil {
		return
	}
	wctx, cancel := context.WithCancel(ctx)
	r.cancel, r.done = cancel, make(chan struct{})
	opts := consulkv.WatchOptions{MinDelay: guardGap, WaitTime: guardWait, Stale: true, OnError: func(err error, retryIn time.Duration) {
		g.log.WarnContext(ctx, "agent reports watch failed", "service", w.svc, "retry_in", retryIn.String(), "error", err)
	}}
	go func() {
		defer close(r.done)
		_ = consulkv.WatchPrefix(wctx, g.clk, g.kv, api.KeyAgentsPrefix(w.svc), opts, func(context.Context, []consulkv.Entry) error {
			poke(w.wake)
			return nil
		})
	}()
}

// stop ends the watch, if it runs, and waits for it.
func (r *reportWatch) stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	<-r.done
	r.cancel, r.done = nil, nil
}
