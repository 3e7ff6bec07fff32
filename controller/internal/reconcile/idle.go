package reconcile

import (
	"fmt"
	"sort"

	"github.com/asgctl/asgctl/controller/api"
)

// idle handles a service with no rollout in progress: finish the books on
// the last one (history, retained groups, resumed processes), then start the
// next one when a new request is waiting.
func (b *builder) idle() {
	b.after(b.t.IdlePoll)
	if b.rec != nil && b.o.HistorySeq < b.rec.Seq {
		b.add(Action{Kind: ActAppendHistory, Rollout: ptr(b.rec.Clone())})
		b.after(0)
		return
	}
	if b.rec != nil && b.rec.Phase == api.PhaseFailed {
		b.reason = "last rollout failed and needs an operator: " + b.rec.Reason
		return
	}
	if b.housekeep() {
		b.after(b.t.FastPoll)
		return
	}
	if pendingRequest(b.o.Rollout, b.d) && !b.d.Request.Abort {
		b.start()
	}
}

// liveName is the group serving traffic when nothing is in progress.
func (b *builder) liveName() string {
	r := b.rec
	if r == nil {
		return b.liveFromWeights()
	}
	if r.Phase == api.PhaseComplete {
		return r.ToGroup
	}
	return r.FromGroup
}

// liveFromWeights adopts a service with no record: the group attached to the
// target group holding all the weight.
func (b *builder) liveFromWeights() string {
	if !b.o.WeightsKnown {
		return ""
	}
	for _, g := range b.o.Groups {
		if !g.Deleting && len(g.TargetGroups) > 0 && b.o.Weights[g.TargetGroups[0]] == 100 && g.Capacity.Desired > 0 {
			return g.Name
		}
	}
	return ""
}

// housekeep keeps the live group and keep_previous retained groups at zero,
// deletes every other group of the service, and resumes suspended
// processes. It reports whether it asked for anything.
func (b *builder) housekeep() bool {
	if b.rec == nil {
		return false
	}
	before := len(b.acts)
	live := b.liveName()
	var others []Group
	for _, g := range b.o.Groups {
		if g.Deleting {
			continue
		}
		b.resume(g)
		if g.Name != live {
			others = append(others, g)
		}
	}
	sort.SliceStable(others, func(i, j int) bool { return others[i].Seq > others[j].Seq })
	for i, g := range others {
		if i < *b.d.Spec.KeepPrevious {
			b.scale(g, zero(g))
			continue
		}
		b.remove(g)
	}
	return len(b.acts) > before
}

// start opens a rollout for the waiting request, and begins launching in the
// same pass.
func (b *builder) start() {
	req := b.d.Request
	if !b.o.WeightsKnown {
		b.after(0)
		return
	}
	live, hasLive := b.group(b.liveName())
	if hasLive && live.AMI == req.AMI {
		b.reason = fmt.Sprintf("%s already runs %s", live.Name, req.AMI)
		return
	}
	r := b.newRollout(live, hasLive)
	b.setRecord(r)
	b.reason = fmt.Sprintf("rollout %s of %s started", r.ID, r.AMI)
	b.launching(b.rec)
}

func (b *builder) newRollout(live Group, hasLive bool) api.Rollout {
	spec, req := b.d.Spec, b.d.Request
	seq := b.maxSeq() + 1
	r := api.Rollout{
		Version: api.RolloutVersion, ID: api.GroupName(spec.Name, seq), Seq: seq,
		Service: spec.Name, RequestID: req.RequestID, AMI: req.AMI, Phase: api.PhaseLaunching,
		ToGroup: api.GroupName(spec.Name, seq), Capacity: spec.Capacity,
		StartedAt: b.now, PhaseSince: b.now, UpdatedAt: b.now,
	}
	r.ToTargetGroup = b.busiestTargetGroup()
	if hasLive {
		r.FromGroup = live.Name
		r.FromTargetGroup = liveTargetGroup(live, spec.TargetGroups)
		r.ToTargetGroup = otherTargetGroup(r.FromTargetGroup, spec.TargetGroups)
		if live.Capacity.Desired > 0 {
			r.Capacity = live.Capacity
		}
	}
	if g, ok := b.reusable(req.AMI, r.ToTargetGroup, r.FromGroup); ok {
		r.ToGroup, r.Reused = g.Name, true
	}
	return r
}

// reusable finds a retained group already running ami on the free target
// group: a rollback brings it back instead of launching.
func (b *builder) reusable(ami, tg, live string) (Group, bool) {
	for i := len(b.o.Groups) - 1; i >= 0; i-- {
		g := b.o.Groups[i]
		if g.Name != live && !g.Deleting && g.AMI == ami && len(g.TargetGroups) == 1 && g.TargetGroups[0] == tg {
			return g, true
		}
	}
	return Group{}, false
}

// busiestTargetGroup is where a first deploy goes: the target group already
// holding the weight, so no shift is needed.
func (b *builder) busiestTargetGroup() string {
	tgs := b.d.Spec.TargetGroups
	best := tgs[0]
	for _, tg := range tgs[1:] {
		if b.o.Weights[tg] > b.o.Weights[best] {
			best = tg
		}
	}
	return best
}

func liveTargetGroup(g Group, tgs []string) string {
	for _, tg := range g.TargetGroups {
		for _, s := range tgs {
			if tg == s {
				return tg
			}
		}
	}
	return tgs[0]
}

func otherTargetGroup(tg string, tgs []string) string {
	if tgs[0] == tg {
		return tgs[1]
	}
	return tgs[0]
}

func ptr[T any](v T) *T { return &v }
