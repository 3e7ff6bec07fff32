package fleetsim

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asgctl/asgctl/agent/internal/coord"
	"github.com/asgctl/asgctl/agent/internal/report"
	"github.com/asgctl/asgctl/agent/internal/watch"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
)

// reportTimeout bounds one report write, as the agent's does.
const reportTimeout = 5 * time.Second

// incarnation is one run of a box's agent: the real coordinator, watch,
// reporter and semaphore on the run's own connection to Consul.
type incarnation struct {
	w        *world
	box      *simBox
	n        int           // 1 for the box's first run
	kv       *actorKV      // the run's connection to Consul
	dead     chan struct{} // closed when the run crashed
	cancel   context.CancelFunc
	done     chan struct{} // closed once the run's goroutines returned
	reporter *report.Reporter

	// Guarded by world.mu: the last decision and the livelock guard.
	last   lastDecision
	spinAt time.Time
	spins  int
	stuck  bool
}

// lastDecision is a run's last decision and the record it was made on
// (enc: its canonical encoding; empty for no record).
type lastDecision struct {
	made bool
	rec  *api.Release
	enc  string
	d    fleet.Decision
}

// boot starts a run of the agent of b.
func (w *world) boot(b *simBox) error {
	inc := &incarnation{w: w, box: b, n: w.nextRun(b), dead: make(chan struct{}), done: make(chan struct{})}
	inc.kv = &actorKV{actor: fmt.Sprintf("%s#%d", b.spec.ID, inc.n), next: w.store, f: w.faults, dead: inc.dead, acquired: w.acquired}
	log := w.log.With("instance", b.spec.ID)
	inc.reporter = report.NewReporter(inc.kv, w.clk, log, svc, b.spec.ID, 0)
	sem, err := consulkv.NewSemaphore(inc.kv, w.clk, api.KeyReleaseSlots(svc), b.spec.ID, consulkv.SemaphoreOptions{Logger: log})
	if err != nil {
		return fmt.Errorf("boot %s: %w", b.spec.ID, err)
	}
	c := &coord.Coordinator{Service: svc, Instance: b.spec.ID, KV: inc.kv, Clock: w.clk, Log: log,
		Box: &boxHandle{b: b, inc: inc}, Pacer: semPacer{s: sem, inc: inc}, Decide: inc.decide, OnEvent: inc.onEvent, NoJitter: true}
	ctx, cancel := context.WithCancel(context.Background())
	inc.cancel = cancel
	w.register(inc)
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); c.Run(ctx) }()
	go func() { defer wg.Done(); _ = inc.reporter.Run(ctx) }()
	deliver := func(_ context.Context, rec *api.Release, index uint64) error { c.Offer(rec, index); return nil }
	go func() { defer wg.Done(); _ = watch.Run(ctx, w.clk, inc.kv, svc, deliver, nil, log, nil) }()
	go func() { wg.Wait(); close(inc.done) }()
	return nil
}

// semPacer adapts the Consul semaphore to coord.Pacer, as the agent does,
// and traces the slots it hands out, and those lost while held (their
// session lapsed: another box may be granted them).
type semPacer struct {
	s   *consulkv.Semaphore
	inc *incarnation
}

func (p semPacer) Acquire(ctx context.Context, limit func(context.Context) (int, error)) (coord.Slot, error) {
	slot, err := p.s.Acquire(ctx, limit)
	if err != nil {
		return nil, err
	}
	p.inc.w.notef("%s: pacing slot granted", p.inc.kv.actor)
	held := &heldSlot{Slot: slot}
	go func() {
		<-slot.Lost()
		if !held.released.Load() {
			p.inc.w.notef("%s: pacing slot lost while held (its session ended)", p.inc.kv.actor)
		}
	}()
	return held, nil
}

// heldSlot is a granted slot that knows when it is given back.
type heldSlot struct {
	*consulkv.Slot
	released atomic.Bool
}

func (h *heldSlot) Release(ctx context.Context) error {
	h.released.Store(true)
	return h.Slot.Release(ctx)
}

// alive is errCrashed once the run crashed, else nil.
func (inc *incarnation) alive() error {
	select {
	case <-inc.dead:
		return errCrashed
	default:
		return nil
	}
}

// sleep waits d of simulated time; it ends early with an error when ctx
// ends or the run crashes.
func (inc *incarnation) sleep(ctx context.Context, d time.Duration) error {
	t := inc.w.clk.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
		return inc.alive()
	case <-ctx.Done():
		return ctx.Err()
	case <-inc.dead:
		return errCrashed
	}
}

// publish writes the run's report: what the box serves and the
// coordinator's status, as the agent does. A failed write is kept by the
// reporter and written again on its next tick.
func (inc *incarnation) publish(s coord.Status) {
	serving, _ := inc.box.view()
	rep := api.AgentReport{Release: serving.Release, ConfigRev: serving.ConfigRev, State: s.State, Error: s.Error,
		Desired: s.Desired, Seq: s.Seq}
	ctx, cancel := context.WithTimeout(context.Background(), reportTimeout)
	defer cancel()
	_ = inc.reporter.Set(ctx, rep)
}
