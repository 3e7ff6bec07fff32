// Package invariant checks the rollout safety invariants of DESIGN.md §4 on a
// neutral snapshot of one service, so the property tests (over a model
// world) and the simulation suite (over simaws ground truth) hold the
// controller to exactly the same rules.
//
// It is pure: it may import the standard library, controller/api and
// controller/internal/reconcile (for its data types) only.
package invariant

import (
	"fmt"
	"slices"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// Snapshot is one service as the ground truth shows it after a pass.
type Snapshot struct {
	Spec    api.ServiceSpec // defaults applied
	Rollout *api.Rollout
	Weights map[string]int    // target group -> listener weight
	Healthy map[string]int    // target group -> healthy targets
	Groups  []reconcile.Group // every asgctl group of the service
}

// Violation is one broken invariant.
type Violation struct {
	Invariant int
	Detail    string
}

func (v Violation) String() string { return fmt.Sprintf("invariant %d: %s", v.Invariant, v.Detail) }

// AfterPass checks the invariants that must hold after every successful
// pass, given the service just before the pass and just after it: 1
// (weight only on healthy groups), 2 (serving capacity) and 3 (one rollout,
// one green group per seq).
func AfterPass(before, after Snapshot) []Violation {
	var out []Violation
	out = append(out, weightOnHealthy(after)...)
	out = append(out, servingCapacity(before, after)...)
	out = append(out, oneGroupPerSeq(after)...)
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
// finished rollout: exactly the live group plus at most keep_previous
// retained groups, and no scaling process of asgctl's left suspended.
func Settled(s Snapshot) []Violation {
	r := s.Rollout
	if r == nil || (r.Phase != api.PhaseComplete && r.Phase != api.PhaseReverted) {
		return nil
	}
	live := r.ToGroup
	if r.Phase == api.PhaseReverted {
		live = r.FromGroup
	}
	var out []Violation
	kept, haveLive := 0, live == ""
	for _, g := range s.Groups {
		if g.Deleting {
			continue
		}
		if g.Name == live {
			haveLive = true
		} else {
			kept++
		}
		for _, p := range reconcile.RolloutProcesses {
			if slices.Contains(g.Suspended, p) {
				out = append(out, Violation{6, fmt.Sprintf("%s still has %s suspended", g.Name, p)})
			}
		}
	}
	if !haveLive {
		out = append(out, Violation{5, fmt.Sprintf("live group %s is missing", live)})
	}
	if kept > s.Spec.Keep() {
		out = append(out, Violation{5, fmt.Sprintf("%d groups besides the live one, keep_previous is %d", kept, s.Spec.Keep())})
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
