package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/asgctl/asgctl/controller/internal/invariant"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// Decider has reconcile.Decide's shape, so tests can run the suite against a
// deliberately broken decider.
type Decider func(reconcile.Observed, reconcile.Desired, time.Time) reconcile.Plan

// errCrash is how a replica "dies" in the middle of a pass.
var errCrash = errors.New("sim: controller crashed")

// Driver runs controller replicas over a World, one pass at a time, in
// simulated-time order.
type Driver struct {
	W      *World
	Decide Decider
	Logger *slog.Logger
	OnPass func(loop.PassReport)
	// Pace, when set, is called with the simulated time about to pass before
	// each pass (the sandbox sleeps a fraction of it to show progress).
	Pace       func(time.Duration)
	Violations []string
	Passes     int

	replicas []*replica
	names    int
}

type replica struct {
	name    string
	lp      *loop.Loop
	pacer   *loop.Pacer
	due     time.Time
	passes  int
	crashAt int // pass number at which to crash, 0 = never
	crashI  int // action index at which to crash (-1: after the pass)
	dead    bool
	last    loop.PassReport
}

// AddReplica starts a controller replica, due at once. crashAt > 0 makes it
// crash on that pass, at action crashI (or right after the pass when -1).
func (d *Driver) AddReplica(crashAt, crashI int) {
	d.names++
	r := &replica{name: fmt.Sprintf("controller-%d", d.names), due: d.W.Clock.Now(), crashAt: crashAt, crashI: crashI}
	r.lp = loop.New(loop.Config{
		Service: d.W.Spec.Name, Holder: r.name, Store: d.W.Store, Locker: d.W.Locker,
		Clients: d.W.Cloud.Clients(), Clock: d.W.Clock, Logger: d.Logger, Tuning: d.W.Tuning,
		Decide: d.Decide, OnPass: func(rep loop.PassReport) { r.last = rep }, NoJitter: true,
		Before: func(i int, _ reconcile.Action) error {
			if r.crashAt > 0 && r.passes >= r.crashAt && r.crashI >= 0 && i >= r.crashI {
				return errCrash
			}
			return nil
		},
	})
	r.pacer = r.lp.NewPacer()
	d.replicas = append(d.replicas, r)
}

// Wake makes every live replica run now, as the desired-state watch does.
func (d *Driver) Wake() {
	for _, r := range d.replicas {
		if !r.dead && r.due.After(d.W.Clock.Now()) {
			r.due = d.W.Clock.Now()
		}
	}
}

func (d *Driver) next() *replica {
	var live []*replica
	for _, r := range d.replicas {
		if !r.dead {
			live = append(live, r)
		}
	}
	sort.SliceStable(live, func(i, j int) bool { return live[i].due.Before(live[j].due) })
	return live[0]
}

// Step runs the earliest replica's pass and checks invariants 1–3 after it.
// It returns that pass's report.
func (d *Driver) Step(ctx context.Context) loop.PassReport {
	r := d.next()
	if d.Pace != nil && r.due.After(d.W.Clock.Now()) {
		d.Pace(r.due.Sub(d.W.Clock.Now()))
	}
	d.W.Clock.Set(r.due)
	before := d.W.Snapshot(ctx)
	r.passes++
	r.last = loop.PassReport{}
	_, err := r.lp.Step(ctx)
	d.Passes++
	if d.OnPass != nil {
		d.OnPass(r.last)
	}
	if errors.Is(err, errCrash) || (r.crashAt > 0 && r.passes >= r.crashAt && r.crashI < 0) {
		d.crash(r)
		return r.last
	}
	if err == nil && r.last.Held {
		for _, v := range invariant.AfterPass(before, d.W.Snapshot(ctx)) {
			d.violate("%s after pass %d of %s: %s", d.W.Clock.Now().Sub(Epoch), r.passes, r.name, v)
		}
		d.checkDeterministic(r)
	}
	d.readProblem(fmt.Sprintf("pass %d of %s", r.passes, r.name))
	r.due = d.W.Clock.Now().Add(r.pacer.After(r.last))
	return r.last
}

// checkDeterministic is invariant 7's first half: deciding again on the
// pass's own inputs gives a byte-identical plan. (Its second half, that
// deciding on the state a plan produced repeats none of its changes, is
// checked by the property test over a model world; here stale reads may
// legitimately ask again.)
func (d *Driver) checkDeterministic(r *replica) {
	rep := r.last
	decide := d.Decide
	if decide == nil {
		decide = reconcile.Decide
	}
	again, err1 := json.Marshal(decide(rep.Observed, rep.Desired, rep.At))
	first, err2 := json.Marshal(rep.Plan)
	if err1 != nil || err2 != nil || !bytes.Equal(again, first) {
		d.violate("invariant 7: pass %d of %s decided differently on the same inputs:\n%s\n%s", r.passes, r.name, first, again)
	}
}

// crash drops a replica without releasing its lock, as a killed process
// would, and starts a fresh one a few seconds later.
func (d *Driver) crash(r *replica) {
	r.dead = true
	d.AddReplica(0, 0)
	d.replicas[len(d.replicas)-1].due = d.W.Clock.Now().Add(3 * time.Second)
}

// readProblem reports a ground-truth read of the world's that failed: the
// invariants were checked on a snapshot missing what it could not read.
func (d *Driver) readProblem(where string) {
	if err := d.W.ReadProblem(); err != nil {
		d.violate("sim: around %s: %v", where, err)
	}
}

func (d *Driver) violate(format string, args ...any) {
	d.Violations = append(d.Violations, fmt.Sprintf(format, args...))
}
