package reconcile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
)

// failedRest handles a failed rollout no repair has finished: it resumes
// what the rollout suspended on every group that has instances (so nothing
// stays frozen while an operator looks), and repairs when asked to. It
// never starts a request by itself.
func (b *builder) failedRest() {
	if req := b.d.Request; req != nil && req.Repair {
		b.repair(req)
		return
	}
	for _, g := range b.o.Groups {
		if g.Capacity.Desired > 0 {
			b.resume(g)
		}
	}
	b.reason = fmt.Sprintf("last rollout failed and needs an operator: %s; run `asgctl repair %s`", b.rec.Reason, b.rec.Service)
}

// repair brings a failed rollout's service to rest, one kind of change per
// pass: all traffic on the target group that can serve, its group at its
// own capacity with nothing suspended. Each change is noted in the record
// before it is made; the last pass marks the repair finished.
func (b *builder) repair(req *api.Desired) {
	r := b.rec
	b.after(b.t.FastPoll)
	if r.Repair == nil {
		r.Repair = &api.Repair{RequestID: req.RequestID, RequestedBy: req.RequestedBy, StartedAt: b.now}
		b.dirty = true
	}
	if !b.o.WeightsKnown {
		b.reason = "repair: reading the listener"
		return
	}
	tg := b.servingTargetGroup(r)
	if !b.repairWeights(r, tg) {
		return
	}
	g, ok := b.servingGroup(tg)
	if ok && !b.repairGroup(r, g) {
		return
	}
	b.finishRepair(r, g.Name, tg)
}

// repairWeights puts all traffic on tg; it reports whether the listener
// is there and no read of it can be stale.
func (b *builder) repairWeights(r *api.Rollout, tg string) bool {
	want := b.allOn(tg)
	if !b.weightsEqual(want) {
		if b.healthy(tg) == 0 {
			b.reason = fmt.Sprintf("repair: holding traffic where it is: %s has no healthy targets", shortARN(tg))
			return false
		}
		b.did(fmt.Sprintf("moved all traffic to %s (weights were %s)", shortARN(tg), b.weightsText()))
		b.writeWeights(r, want)
		b.reason = "repair: moving all traffic to " + shortARN(tg)
		return false
	}
	if settle := r.WeightsAt.Add(b.t.ReadBackDelay).Sub(b.now); settle > 0 {
		b.requeueIn(settle)
		b.reason = "repair: confirming the weights"
		return false
	}
	return true
}

// repairGroup restores the serving group's capacity and resumes its
// processes; it reports whether both already hold.
func (b *builder) repairGroup(r *api.Rollout, g Group) bool {
	if want := restCapacity(r.Capacity, g); g.Capacity != want {
		b.did(fmt.Sprintf("set %s to min %d, max %d, desired %d (was %d/%d/%d)", g.Name,
			want.Min, want.Max, want.Desired, g.Capacity.Min, g.Capacity.Max, g.Capacity.Desired))
		b.scale(g, want)
		b.reason = "repair: restoring the capacity of " + g.Name
		return false
	}
	if ours := suspendedOurs(g); len(ours) > 0 {
		b.did(fmt.Sprintf("resumed %s on %s", strings.Join(ours, ", "), g.Name))
		b.resume(g)
		b.reason = "repair: resuming processes on " + g.Name
		return false
	}
	return true
}

func (b *builder) finishRepair(r *api.Rollout, live, tg string) {
	if live == "" {
		b.did("found no group attached to " + shortARN(tg))
	}
	r.Repair.LiveGroup = live
	if live != "" {
		r.Repair.LiveTargetGroup = tg
	}
	r.Repair.FinishedAt = b.now
	b.dirty = true
	b.add(Action{Kind: ActAppendHistory, Rollout: ptr(r.Clone())})
	b.reason = fmt.Sprintf("repaired: %s serves", orNone(live))
	if live == "" {
		b.reason = "repaired: no group serves " + shortARN(tg)
	}
	b.after(0)
}

// did notes a repair step once, however many passes ask for it.
func (b *builder) did(what string) {
	if !slices.Contains(b.rec.Repair.Done, what) {
		b.rec.Repair.Done = append(b.rec.Repair.Done, what)
		b.dirty = true
	}
}

// servingTargetGroup is the target group a repaired service serves from:
// the one holding all the weight, else the one with more healthy targets,
// then more weight, then the rollout's blue.
func (b *builder) servingTargetGroup(r *api.Rollout) string {
	tgs := b.d.Spec.TargetGroups
	best := tgs[0]
	if r.FromTargetGroup == tgs[1] {
		best = tgs[1]
	}
	for _, tg := range tgs {
		if b.o.Weights[tg] == 100 {
			return tg
		}
	}
	for _, tg := range tgs {
		h, w := b.healthy(tg), b.o.Weights[tg]
		bh, bw := b.healthy(best), b.o.Weights[best]
		if h > bh || (h == bh && w > bw) {
			best = tg
		}
	}
	return best
}

// servingGroup is the group attached to tg with the most instances in
// service (then the highest desired, then the newest).
func (b *builder) servingGroup(tg string) (Group, bool) {
	var best Group
	found := false
	for _, g := range b.o.Groups {
		if g.Deleting || !slices.Contains(g.TargetGroups, tg) {
			continue
		}
		if !found || g.InService > best.InService ||
			(g.InService == best.InService && g.Capacity.Desired >= best.Capacity.Desired) {
			best, found = g, true
		}
	}
	return best, found
}

// allOn are weights sending everything to tg.
func (b *builder) allOn(tg string) map[string]int {
	out := map[string]int{}
	for _, t := range b.d.Spec.TargetGroups {
		out[t] = 0
	}
	out[tg] = 100
	return out
}

func (b *builder) weightsText() string {
	parts := make([]string, 0, len(b.d.Spec.TargetGroups))
	for _, tg := range b.d.Spec.TargetGroups {
		parts = append(parts, fmt.Sprintf("%s=%d", shortARN(tg), b.o.Weights[tg]))
	}
	return strings.Join(parts, " ")
}

// restCapacity is a group's size at rest after a rollout pinned it: the
// rollout's min and max around the group's current desired (or the
// rollout's desired when the group has none).
func restCapacity(c api.Capacity, g Group) api.Capacity {
	want := c
	if g.Capacity.Desired > 0 {
		want.Desired = g.Capacity.Desired
	}
	want.Min = min(want.Min, want.Desired)
	want.Max = max(want.Max, want.Desired)
	return want
}
