// Package invariant checks the rollout safety invariants of docs/state-machine.md on a
// neutral snapshot of one service, so the property tests (over a model
// world) and the simulation suite (over simaws ground truth) hold the
// controller to exactly the same rules.
//
// It is pure: it may import the standard library, controller/api,
// controller/internal/reconcile (for its data types) and the pure
// controller/internal/scaling only.
package invariant

import (
	"fmt"
	"slices"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/asgctl/asgctl/controller/internal/scaling"
)

// Snapshot is one service as the ground truth shows it after a pass.
type Snapshot struct {
	Spec    api.ServiceSpec // defaults applied
	Rollout *api.Rollout
	Weights map[string]int    // target group -> listener weight
	Healthy map[string]int    // target group -> healthy targets
	Groups  []reconcile.Group // every asgctl group of the service
	// Scaling is the fingerprint (scaling.Config) of what each group
	// carries of scaling policies and scheduled actions; nil when not
	// looked at.
	Scaling map[string]string
	// MissingAlarms are the spec's alarms that do not exist.
	MissingAlarms []string
}

// Violation is one broken invariant.
type Violation struct {
	Invariant int
	Detail    string
}

func (v Violation) String() string { return fmt.Sprintf("invariant %d: %s", v.Invariant, v.Detail) }

// AfterPass checks the invariants that must hold after every successful
// pass, given the service just before the pass and just after it: 1
// (weight only on healthy groups), 2 (serving capacity), 3 (one rollout,
// one green group per seq) and 9 (no shift while a gating alarm is
// missing).
func AfterPass(before, after Snapshot) []Violation {
	var out []Violation
	out = append(out, weightOnHealthy(after)...)
	out = append(out, servingCapacity(before, after)...)
	out = append(out, oneGroupPerSeq(after)...)
	out = append(out, noShiftWithoutAlarms(before, after)...)
	return out
}

// noShiftWithoutAlarms is invariant 9: while a gating alarm does not
// exist, no target group but the one serving before the rollout gains
// weight (alarms fail closed).
func noShiftWithoutAlarms(before, after Snapshot) []Violation {
	if len(before.MissingAlarms) == 0 {
		return nil
	}
	var out []Violation
	live := liveTargetGroup(before.Rollout)
	for _, tg := range after.Spec.TargetGroups {
		if tg != live && after.Weights[tg] > before.Weights[tg] {
			out = append(out, Violation{9, fmt.Sprintf("%s gained weight (%d -> %d) while alarm %s does not exist",
				tg, before.Weights[tg], after.Weights[tg], before.MissingAlarms[0])})
		}
	}
	return out
}

// weightOnHealthy is invariant 1: the controller never gives weight to a
// target group with no healthy target. Two exceptions, neither of the
// controller's making: the live group (blue while a rollout runs) keeps its
// weight through an outage of its own instances, and a group holding all
// the weight with nowhere healthy to move it to (a first deploy before
// anything is healthy).
func weightOnHealthy(s Snapshot) []Violation {
	var out []Violation
	live := liveTargetGroup(s.Rollout)
	for _, tg := range s.Spec.TargetGroups {
		w := s.Weights[tg]
		if w == 0 || s.Healthy[tg] > 0 || tg == live {
			continue
		}
		if w == 100 && !otherHealthy(s, tg) {
			continue
		}
		out = append(out, Violation{1, fmt.Sprintf("weight %d on %s with no healthy target", w, tg)})
	}
	return out
}

// liveTargetGroup is the target group of the group serving before (or
// after) the rollout: blue while it runs or after a revert, green once
// complete.
func liveTargetGroup(r *api.Rollout) string {
	if r == nil {
		return ""
	}
	if r.Phase == api.PhaseComplete {
		return r.ToTargetGroup
	}
	return r.FromTargetGroup
}

func otherHealthy(s Snapshot, tg string) bool {
	for _, o := range s.Spec.TargetGroups {
		if o != tg && s.Healthy[o] > 0 {
			return true
		}
	}
	return false
}

// servingCapacity is invariant 2: no pass takes the healthy targets
// receiving traffic below min_healthy_percent of desired (instances dying
// between passes are the world's doing, not the pass's), and blue is
// retired only while green alone is at full strength.
func servingCapacity(before, after Snapshot) []Violation {
	r := after.Rollout
	if r == nil || r.FromGroup == "" {
		return nil
	}
	need := required(after.Spec, r.Capacity.Desired)
	was, now := serving(before), serving(after)
	if now < need && now < was {
		return []Violation{{2, fmt.Sprintf("pass cut serving healthy targets from %d to %d in phase %s, need %d", was, now, r.Phase, need)}}
	}
	entered := r.Phase == api.PhaseDraining && (before.Rollout == nil || before.Rollout.Phase != api.PhaseDraining)
	if entered && after.Healthy[r.ToTargetGroup] < need {
		return []Violation{{2, fmt.Sprintf("blue retired with %d healthy green targets, need %d", after.Healthy[r.ToTargetGroup], need)}}
	}
	return nil
}

// serving counts healthy targets in target groups that receive traffic.
func serving(s Snapshot) int {
	n := 0
	for _, tg := range s.Spec.TargetGroups {
		if s.Weights[tg] > 0 {
			n += s.Healthy[tg]
		}
	}
	return n
}

func required(spec api.ServiceSpec, desired int) int {
	n := (desired*spec.MinHealthy() + 99) / 100
	return max(n, 1)
}

// oneGroupPerSeq is invariant 3.
func oneGroupPerSeq(s Snapshot) []Violation {
	seen := map[int]string{}
	var out []Violation
	for _, g := range s.Groups {
		if g.Deleting {
			continue
		}
		if prev, ok := seen[g.Seq]; ok {
			out = append(out, Violation{3, fmt.Sprintf("groups %s and %s share seq %d", prev, g.Name, g.Seq)})
		}
		seen[g.Seq] = g.Name
	}
	return out
}

// Settled checks invariants 5 and 6 once a service is quiet after a
// finished rollout (failed included): exactly the live group plus at most
// keep_previous retained groups; no scaling process of asgctl's suspended
// on the live group or on any group with capacity; and every retained
// group's processes suspended, so its schedules and alarms cannot scale it
// back up. A failed rollout no repair has finished has no known live
// group: only the capacity rule applies to it.
func Settled(s Snapshot) []Violation {
	r := s.Rollout
	if r == nil || !r.Phase.Terminal() {
		return nil
	}
	if r.Blocked() {
		return suspendedWithCapacity(s.Groups)
	}
	live, _ := reconcile.RestingLive(r)
	var out []Violation
	kept, haveLive := 0, live == ""
	for _, g := range s.Groups {
		if g.Deleting {
			continue
		}
		if g.Name == live {
			haveLive = true
			out = append(out, suspended(g)...)
			continue
		}
		kept++
		out = append(out, retainedRunning(g)...)
	}
	if !haveLive {
		out = append(out, Violation{5, fmt.Sprintf("live group %s is missing", live)})
	}
	out = append(out, liveScaling(s, r)...)
	if kept > s.Spec.Keep() {
		out = append(out, Violation{5, fmt.Sprintf("%d groups besides the live one, keep_previous is %d", kept, s.Spec.Keep())})
	}
	return out
}

// liveScaling is invariant 8: at rest the live group carries exactly the
// spec's scaling policies and scheduled actions.
func liveScaling(s Snapshot, r *api.Rollout) []Violation {
	group, tg := reconcile.RestingLive(r)
	have, seen := s.Scaling[group]
	if s.Scaling == nil || group == "" || !seen {
		return nil
	}
	want, err := scaling.Want(s.Spec, group, tg)
	if err != nil || want.Fingerprint() == have {
		return nil
	}
	return []Violation{{8, fmt.Sprintf("live group %s does not carry the spec's scaling policies and scheduled actions", group)}}
}

func suspendedWithCapacity(groups []reconcile.Group) []Violation {
	var out []Violation
	for _, g := range groups {
		if !g.Deleting && g.Capacity.Desired > 0 {
			out = append(out, suspended(g)...)
		}
	}
	return out
}

// suspended reports each of asgctl's processes suspended on g.
func suspended(g reconcile.Group) []Violation {
	var out []Violation
	for _, p := range reconcile.RolloutProcesses {
		if slices.Contains(g.Suspended, p) {
			out = append(out, Violation{6, fmt.Sprintf("%s still has %s suspended", g.Name, p)})
		}
	}
	return out
}

// retainedRunning reports a retained group that has capacity or could be
// scaled up by its own schedules or alarms.
func retainedRunning(g reconcile.Group) []Violation {
	if g.Capacity.Desired > 0 {
		return append([]Violation{{5, fmt.Sprintf("retained group %s has desired %d, want 0", g.Name, g.Capacity.Desired)}}, suspended(g)...)
	}
	var out []Violation
	for _, p := range reconcile.RolloutProcesses {
		if !slices.Contains(g.Suspended, p) {
			out = append(out, Violation{6, fmt.Sprintf("retained group %s has %s running", g.Name, p)})
		}
	}
	return out
}

// Bound is how long a rollout may take to end (invariant 4): the progress
// deadline, plus the rollback window and drain, plus the revert budget, plus
// slack for polling, not counting time waiting on manual gates.
func Bound(spec api.ServiceSpec, t reconcile.Tuning, drain time.Duration) time.Duration {
	return spec.WithDefaults().ProgressDeadline.D() + spec.ScaleDown() + drain + t.RevertBudget + 2*time.Minute
}

// Terminated is invariant 4 for one rollout record seen at time now.
func Terminated(r *api.Rollout, now time.Time, bound time.Duration) []Violation {
	if r == nil {
		return nil
	}
	end := now
	if r.Phase.Terminal() {
		end = r.FinishedAt
	}
	took := end.Sub(r.StartedAt) - r.ManualWait.D()
	if took > bound {
		return []Violation{{4, fmt.Sprintf("rollout %s in phase %s after %s (bound %s)", r.ID, r.Phase, took, bound)}}
	}
	return nil
}
