package sim

import (
	"context"
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/invariant"
	"github.com/asgctl/asgctl/controller/internal/loop"
)

// Act is one operator story played against the world: a request at the
// start, reactions while rollouts run, and the phase the story must end in.
type Act struct {
	Name   string
	Expect api.Phase // final rollout phase
	// MayRevert accepts reverted instead of Expect (fault mixes that can
	// honestly make a good rollout fail, such as flapping health).
	MayRevert bool
	// Reused expects the final rollout to bring back a retained group.
	Reused bool
	// NoRollout is an act that must start no rollout: it ends on a quiet
	// pass once Done, with the record's seq as it found it, and Expect is
	// the phase that record must still be in.
	NoRollout bool
	Begin     func(ctx context.Context, w *World) error
	// React runs before every pass with the current record (may be nil).
	React func(ctx context.Context, w *World, r *api.Rollout) error
	// Done reports whether the act's story has finished, given the record.
	Done func(w *World, r *api.Rollout) bool
	// Check, when set, says what else is wrong with the act's end (the
	// final record and world), or nil.
	Check func(w *World, r *api.Rollout) error
}

// ActResult is how an act ended.
type ActResult struct {
	Name         string        `json:"name"`
	Service      string        `json:"service"`
	Result       api.Phase     `json:"result"`
	Expected     api.Phase     `json:"expected"`
	Reason       string        `json:"reason,omitempty"`
	OK           bool          `json:"ok"`
	Simulated    time.Duration `json:"-"`
	SimulatedSec float64       `json:"duration_simulated_s"`
	AWSCalls     int           `json:"aws_calls"`
	Passes       int           `json:"passes"`
	Rollouts     []string      `json:"rollouts"`
}

// PlayAct runs one act to its end: until its story is done and the service
// has settled (a pass that asks for nothing), or until the time bound.
func (d *Driver) PlayAct(ctx context.Context, a Act) ActResult {
	w := d.W
	start, calls0, passes0 := w.Clock.Now(), w.ControllerCalls(), d.Passes
	res := ActResult{Name: a.Name, Service: w.Spec.Name, Expected: a.Expect}
	seq0 := 0
	if r := w.Record(ctx); r != nil {
		seq0 = r.Seq
	}
	if err := a.Begin(ctx, w); err != nil {
		d.violate("act %s: begin: %v", a.Name, err)
		return res
	}
	d.Wake()
	limit := start.Add(actBound(w))
	for w.Clock.Now().Before(limit) && len(d.Violations) == 0 {
		r := w.Record(ctx)
		if a.React != nil {
			if err := a.React(ctx, w, r); err != nil {
				d.violate("act %s: react: %v", a.Name, err)
				break
			}
		}
		rep := d.Step(ctx)
		r = w.Record(ctx)
		if r != nil && (r.Seq > seq0 || a.NoRollout) && d.actOver(a, r, rep) {
			return d.finishAct(ctx, a, res, start, calls0, passes0, seq0)
		}
	}
	d.violate("invariant 4: act %s did not settle within %s (record: %s)", a.Name, actBound(w), describe(w.Record(ctx)))
	return res
}

// actOver reports whether the act's story has ended and the service has
// settled: the last rollout is finished and a pass asked for nothing.
func (d *Driver) actOver(a Act, r *api.Rollout, rep loop.PassReport) bool {
	if !r.Phase.Terminal() || !rep.Held || rep.Err != nil || len(rep.Plan.Actions) > 0 {
		return false
	}
	return a.Done(d.W, r) || (a.MayRevert && r.Phase == api.PhaseReverted)
}

func (d *Driver) finishAct(ctx context.Context, a Act, res ActResult, start time.Time, calls0, passes0, seq0 int) ActResult {
	w := d.W
	r := w.Record(ctx)
	for _, v := range invariant.Settled(w.Snapshot(ctx)) {
		d.violate("act %s settled: %s", a.Name, v)
	}
	d.readProblem("act " + a.Name + " settled")
	res.Rollouts = d.checkHistory(ctx, a, seq0)
	res.Result, res.Reason = r.Phase, r.Reason
	res.OK = r.Phase == a.Expect || (a.MayRevert && r.Phase == api.PhaseReverted)
	if a.Reused && r.Phase == api.PhaseComplete && !r.Reused {
		res.OK = false
		res.Reason += " (expected the retained group to be reused)"
	}
	if !res.OK {
		d.violate("act %s ended %s (%s), expected %s", a.Name, r.Phase, r.Reason, a.Expect)
	}
	if a.NoRollout && r.Seq != seq0 {
		res.OK = false
		d.violate("act %s started rollout %s; it must start none", a.Name, r.ID)
	}
	if a.Check != nil {
		if err := a.Check(w, r); err != nil {
			res.OK = false
			d.violate("act %s: %v", a.Name, err)
		}
	}
	res.Simulated = w.Clock.Now().Sub(start)
	res.SimulatedSec = res.Simulated.Seconds()
	res.AWSCalls = w.ControllerCalls() - calls0
	res.Passes = d.Passes - passes0
	return res
}

// checkHistory holds every rollout the act started (history after seq0) to
// invariant 4 and lists them, newest first.
func (d *Driver) checkHistory(ctx context.Context, a Act, seq0 int) []string {
	w := d.W
	var out []string
	hist, _ := w.Store.History(ctx, w.Spec.Name)
	for i := len(hist) - 1; i >= 0; i-- {
		h := hist[i]
		if h.Seq <= seq0 {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s %s", h.ID, h.AMI, h.Phase))
		for _, v := range invariant.Terminated(&h, h.FinishedAt, invariant.Bound(w.Spec, w.Tuning.WithDefaults(), 10*time.Minute)) {
			d.violate("act %s: %s", a.Name, v)
		}
	}
	return out
}

// actBound is how long an act may take in simulated time: the rollout bound
// of invariant 4 twice over (supersede and rollback run two rollouts), plus
// operator think time.
func actBound(w *World) time.Duration {
	return 2*invariant.Bound(w.Spec, w.Tuning.WithDefaults(), 10*time.Minute) + 45*time.Minute
}

func describe(r *api.Rollout) string {
	if r == nil {
		return "none"
	}
	return fmt.Sprintf("%s %s step %d: %s", r.ID, r.Phase, r.Step, r.Reason)
}
