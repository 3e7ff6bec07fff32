package reconcile

import (
	"sort"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// builder accumulates one plan: a working copy of the rollout record (written
// first, once, when changed), the actions, and the shortest requeue asked for.
type builder struct {
	o       Observed
	d       Desired
	t       Tuning
	now     time.Time
	rec     *api.Rollout
	dirty   bool
	acts    []Action
	requeue time.Duration
	reason  string
}

func newBuilder(o Observed, d Desired, now time.Time) *builder {
	b := &builder{o: o, d: d, t: d.Tuning.WithDefaults(), now: now, requeue: -1}
	b.d.Spec = d.Spec.WithDefaults()
	if o.Rollout != nil {
		cp := o.Rollout.Clone()
		b.rec = &cp
	}
	return b
}

// after asks for the next pass no later than d from now.
func (b *builder) after(d time.Duration) {
	if d < 0 {
		d = 0
	}
	if b.requeue < 0 || d < b.requeue {
		b.requeue = d
	}
}

// requeueIn replaces any earlier requeue request: the phase knows exactly
// when there is something to look at.
func (b *builder) requeueIn(d time.Duration) {
	b.requeue = -1
	b.after(d)
}

// add appends a, once: a second suspend or resume of the same group in
// one plan (two phases handled in one pass) is the same request.
func (b *builder) add(a Action) {
	if a.Kind == ActSuspendProcesses || a.Kind == ActResumeProcesses {
		for _, o := range b.acts {
			if o.Kind == a.Kind && o.Group == a.Group {
				return
			}
		}
	}
	b.acts = append(b.acts, a)
}

// setRecord replaces the working record (a new rollout).
func (b *builder) setRecord(r api.Rollout) {
	b.rec = &r
	b.dirty = true
}

// transition moves the working record to phase with a reason. The new
// phase picks when to look again: terminal phases at once (to finish the
// books), others at the fast poll unless their handler asks otherwise.
func (b *builder) transition(p api.Phase, reason string) {
	b.requeue = -1
	if p.Terminal() {
		b.after(0)
	} else {
		b.after(b.t.FastPoll)
	}
	b.rec.Phase = p
	b.rec.PhaseSince = b.now
	b.rec.Reason = reason
	b.dirty = true
	b.reason = reason
}

// kindOrder is the order actions run within a plan: intent first, AWS
// changes next, deletes last.
var kindOrder = map[ActionKind]int{
	ActWriteRollout: 0, ActAppendHistory: 1, ActCreateLTVersion: 2,
	ActCreateGroup: 3, ActUpdateCapacity: 4, ActSuspendProcesses: 5,
	ActPutScaling: 6, ActSetWeights: 7, ActResumeProcesses: 8, ActRunHook: 9, ActDeleteGroup: 10,
}

// plan finishes the builder into a Plan.
func (b *builder) plan() Plan {
	acts := b.acts
	if b.dirty && b.rec != nil {
		r := b.rec.Clone()
		r.UpdatedAt = b.now
		acts = append([]Action{{Kind: ActWriteRollout, Rollout: &r, ExpectIndex: b.o.RolloutIndex}}, acts...)
	}
	sort.SliceStable(acts, func(i, j int) bool { return kindOrder[acts[i].Kind] < kindOrder[acts[j].Kind] })
	p := Plan{Phase: api.PhaseIdle, Reason: b.reason, Actions: acts, RequeueAfter: b.requeue}
	if b.rec != nil {
		p.Phase = b.rec.Phase
		if p.Reason == "" {
			p.Reason = b.rec.Reason
		}
	}
	if p.RequeueAfter < 0 {
		p.RequeueAfter = b.t.IdlePoll
	}
	return p
}
