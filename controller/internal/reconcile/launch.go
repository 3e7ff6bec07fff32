package reconcile

import (
	"fmt"
	"strconv"

	"github.com/asgctl/asgctl/controller/api"
)

// launching makes green exist: a launch template version pinned to the AMI,
// then the group (or, for a rollback, the retained group scaled back up),
// with the rollout's scaling processes suspended on both groups and the
// spec's scaling policies and scheduled actions put on green.
func (b *builder) launching(r *api.Rollout) {
	b.after(b.t.FastPoll)
	if r.Reused {
		b.launchReused(r)
		return
	}
	g, ok := b.group(r.ToGroup)
	if !ok {
		b.launchNew(r)
		return
	}
	if g.Deleting {
		b.revert(fmt.Sprintf("group %s is being deleted by someone else", g.Name))
		return
	}
	b.suspendBoth(r, g)
	b.putScaling(g.Name, r.ToTargetGroup)
	b.transition(api.PhaseWaitingHealthy, fmt.Sprintf("waiting for %d healthy instances in %s", r.Capacity.Desired, g.Name))
}

func (b *builder) launchNew(r *api.Rollout) {
	desc := ltDescription(r)
	for _, v := range b.o.LaunchTemplates {
		if v.Description == desc && v.ImageID == r.AMI {
			b.createGroup(r, v.Number)
			b.reason = fmt.Sprintf("creating %s from launch template version %d", r.ToGroup, v.Number)
			b.after(0) // the group is usually visible at once
			return
		}
	}
	if !b.o.LaunchTemplatesKnown && b.o.Rollout != nil && b.o.Rollout.Phase == api.PhaseLaunching {
		return // not fetched this pass; look again
	}
	a := Action{Kind: ActCreateLTVersion, LaunchTemplateID: b.d.Spec.LaunchTemplateID, AMI: r.AMI, Description: desc}
	if r.SourceVersion > 0 {
		a.SourceVersion = strconv.FormatInt(r.SourceVersion, 10)
	}
	b.add(a)
	b.reason = fmt.Sprintf("creating a launch template version for %s", r.AMI)
	b.after(0) // the next pass creates the group from it
}

func (b *builder) launchReused(r *api.Rollout) {
	g, ok := b.group(r.ToGroup)
	if !ok || g.Deleting {
		b.revert(fmt.Sprintf("retained group %s is gone", r.ToGroup))
		return
	}
	want := launchCapacity(r.Capacity)
	if want.Max < g.Capacity.Max {
		want.Max = g.Capacity.Max
	}
	b.suspendBoth(r, g)
	if g.Capacity != want {
		b.scale(g, want)
		b.reason = fmt.Sprintf("scaling retained group %s back to %d", g.Name, want.Desired)
		return
	}
	b.putScaling(g.Name, r.ToTargetGroup)
	b.transition(api.PhaseWaitingHealthy, fmt.Sprintf("waiting for %d healthy instances in %s", r.Capacity.Desired, g.Name))
}

func (b *builder) suspendBoth(r *api.Rollout, green Group) {
	b.suspend(green)
	if blue, ok := b.group(r.FromGroup); ok {
		b.suspend(blue)
	}
}

// waitingHealthy holds until green has every instance InService and enough
// healthy targets, then verifies it (when the spec says so) or starts the
// first weight step in the same pass.
func (b *builder) waitingHealthy(r *api.Rollout) {
	g, ok := b.group(r.ToGroup)
	if !ok {
		b.after(b.t.FastPoll)
		return
	}
	if g.InService == 0 {
		b.after(b.t.BootPoll) // booting: nothing can be healthy yet
	} else {
		b.after(b.t.FastPoll)
	}
	b.suspendBoth(r, g)
	if ok, why := b.greenReady(r); !ok || g.InService < r.Capacity.Desired {
		if ok {
			why = fmt.Sprintf("%d/%d instances InService in %s", g.InService, r.Capacity.Desired, g.Name)
		}
		b.reason = "waiting: " + why
		return
	}
	if b.verifies(api.StageBeforeTraffic) {
		b.startVerifying(r, api.StageBeforeTraffic)
		return
	}
	b.beginShift(r)
}

// beginShift starts the first weight step once green is healthy (and
// verified): after the alarm gate, in the same pass.
func (b *builder) beginShift(r *api.Rollout) {
	if b.o.AlarmsKnown {
		if why := b.alarmProblem(); why != "" {
			b.revert(why)
			return
		}
	} else if len(b.d.Spec.Alarms) > 0 {
		// Alarms are not read while green boots: the first shift waits
		// for a pass that reads them (shifting does), so a gate guards
		// every weight green gets.
		k := b.firstStep(r)
		r.Step, r.Weights = k, b.stepWeights(r, k)
		b.transition(api.PhaseShifting, fmt.Sprintf("step %d: reading the alarms before the first shift", k))
		b.requeueIn(0)
		return
	}
	b.shiftTo(r, b.firstStep(r))
}

// firstStep is 1, or the last step on a first deploy (nothing to share
// with) and on a one-step rollback (a retained group, already known good,
// takes all traffic back at once).
func (b *builder) firstStep(r *api.Rollout) int {
	if r.FromGroup == "" || r.OneStep {
		return len(b.d.Spec.Steps)
	}
	return 1
}
