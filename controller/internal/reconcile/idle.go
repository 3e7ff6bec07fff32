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
	if b.rec.Blocked() {
		b.failedRest()
		return
	}
	if b.housekeep() {
		b.after(b.t.FastPoll)
		return
	}
	if r := b.rec; r != nil {
		if live, tg := RestingLive(r); !b.scalingSettled(r, live, tg) {
			b.after(b.t.FastPoll)
			return
		}
	}
	if Pending(b.d.Request, b.o.Rollout, "") {
		b.start()
	}
}

// liveName is the group serving traffic when nothing is in progress.
func (b *builder) liveName() string {
	r := b.rec
	if r == nil {
		return b.liveFromWeights()
	}
	live, _ := RestingLive(r)
	return live
}

// RestingLive is the group (and its target group) serving once finished
// rollout r is at rest: green after complete, the group a repair found,
// blue otherwise.
func RestingLive(r *api.Rollout) (group, targetGroup string) {
	switch {
	case r.Phase == api.PhaseComplete:
		return r.ToGroup, r.ToTargetGroup
	case r.Repaired():
		return r.Repair.LiveGroup, r.Repair.LiveTargetGroup
	}
	return r.FromGroup, r.FromTargetGroup
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

// housekeep resumes the live group's processes, keeps keep_previous
// retained groups at zero with the rollout's processes suspended (so
// their schedules and alarms cannot scale them back up), and deletes every
// other group of the service. It reports whether it asked for anything.
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
		if g.Name == live {
			b.resume(g)
			continue
		}
		others = append(others, g)
	}
	sort.SliceStable(others, func(i, j int) bool { return others[i].Seq > others[j].Seq })
	for i, g := range others {
		if i < *b.d.Spec.KeepPrevious {
			b.scale(g, zero(g))
			b.suspend(g)
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
	drift := ""
	if hasLive && live.AMI == req.AMI {
		if drift = b.launchDrift(live, req.Refresh); drift == "" {
			b.decline(req, fmt.Sprintf("%s already runs %s%s", live.Name, req.AMI, b.versionNote(live)))
			return
		}
	}
	r := b.newRollout(live, hasLive)
	b.setRecord(r)
	if why := b.alarmsUnusable(); why != "" {
		b.revert(why) // nothing launched yet: ends reverted at once
		return
	}
	b.reason = fmt.Sprintf("rollout %s of %s started", r.ID, r.AMI)
	if drift != "" {
		b.reason += " (" + drift + ")"
	}
	b.rec.Reason = b.reason
	b.launching(b.rec)
}

func (b *builder) newRollout(live Group, hasLive bool) api.Rollout {
	spec, req := b.d.Spec, b.d.Request
	seq := b.maxSeq() + 1
	r := api.Rollout{
		Version: api.RolloutVersion, ID: api.GroupName(spec.Name, seq), Seq: seq,
		Service: spec.Name, RequestID: req.RequestID, AMI: req.AMI, Phase: api.PhaseLaunching,
		ToGroup: api.GroupName(spec.Name, seq), Capacity: spec.Capacity,
		StartedAt: b.now, PhaseSince: b.now, UpdatedAt: b.now, LaunchDigest: LaunchDigest(spec),
	}
	if b.o.DefaultVersionKnown {
		r.SourceVersion = b.o.DefaultVersion
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
		r.OneStep = req.Rollback && !req.Steps
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

// decline notes on the record that the reconciler looked at req and
// started nothing, so the request is not pending any more and a CLI
// following it learns why.
func (b *builder) decline(req *api.Desired, why string) {
	b.reason = why
	if b.rec == nil || (b.rec.Declined != nil && b.rec.Declined.RequestID == req.RequestID) {
		return
	}
	b.rec.Declined = &api.Declined{RequestID: req.RequestID, Reason: why, At: b.now}
	b.dirty = true
	b.after(0) // a pass that only notes it: the next one finds nothing to do
}

// versionNote names the launch template version a group launches from,
// when it is recorded.
func (b *builder) versionNote(g Group) string {
	if g.SourceVersion == 0 {
		return ""
	}
	return fmt.Sprintf(" from launch template version %d", g.SourceVersion)
}
