package cli

import (
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// promoteKind is what a promote does, decided from the service's state.
type promoteKind string

const (
	promoteRequest   promoteKind = "requested"         // write a new request
	promoteAttach    promoteKind = "attached"          // follow what is there, write nothing
	promoteLive      promoteKind = "already_live"      // nothing to do
	promoteFailed    promoteKind = "previously_failed" // the AMI's last rollout did not complete
	promoteConflict  promoteKind = "conflict"          // another AMI is in flight
	promoteBlocked   promoteKind = "blocked"           // the last rollout failed; operator needed
	promoteNoLive    promoteKind = "nothing_live"      // --refresh with nothing live
	promoteApproved  promoteKind = "approved"          // --expect-step released a gate
	promoteUnchanged promoteKind = "already_approved"  // --expect-step repeated
	rollbackNothing  promoteKind = "nothing_to_roll_back"
)

// promoteArgs are the flags the decision depends on.
type promoteArgs struct {
	AMI         string
	Supersede   bool
	RetryFailed bool
	Refresh     bool // AMI is the live one, filled in by decidePromote
}

// promoteDecision is the outcome of decidePromote: what to do, what to
// follow with --wait, and the rollout or request the outcome is about.
type promoteDecision struct {
	Kind    promoteKind
	Target  followTarget
	Rollout *api.Rollout
	Pending *api.Desired
	Message string
}

// exitCode is the exit code of a decision that ends the command.
func (d promoteDecision) exitCode() int {
	switch d.Kind {
	case promoteFailed, promoteBlocked:
		return ExitFailed
	case promoteConflict:
		return ExitConflict
	case promoteNoLive:
		return ExitUsage
	}
	return ExitOK
}

// decidePromote decides a promote of a.AMI. It is pure; the caller writes
// a new request when the kind is promoteRequest (with check-and-set on the
// desired index it read, deciding again when that loses).
func decidePromote(st serviceState, a promoteArgs) promoteDecision {
	if a.Refresh {
		l := st.live()
		if l == nil {
			return promoteDecision{Kind: promoteNoLive, Message: "nothing is live to refresh: promote an AMI with --ami first"}
		}
		a.AMI = l.AMI
	}
	d := decidePromoteAMI(st, a)
	d.Target.Refresh = a.Refresh
	if d.Target.AMI == "" {
		d.Target.AMI = a.AMI
	}
	return d
}

// decidePromoteAMI is decidePromote once the AMI is known.
func decidePromoteAMI(st serviceState, a promoteArgs) promoteDecision {
	if r := st.active(); r != nil {
		return promoteWhileActive(st, r, a)
	}
	if r := st.record(); r.Blocked() {
		return promoteDecision{Kind: promoteBlocked, Rollout: r, Message: blockedMessage(r)}
	}
	if p := st.pending(); p != nil {
		return promoteOverPending(p, a)
	}
	if l := st.live(); l != nil && l.AMI == a.AMI && !a.Refresh {
		return promoteDecision{Kind: promoteLive, Rollout: l, Target: followTarget{RequestID: l.RequestID, AMI: l.AMI},
			Message: fmt.Sprintf("%s is already live on %s; nothing to do", a.AMI, l.ToGroup)}
	}
	if last := st.lastOf(a.AMI); last != nil && last.Phase != api.PhaseComplete && !a.RetryFailed && !a.Refresh {
		return promoteDecision{Kind: promoteFailed, Rollout: last, Message: fmt.Sprintf(
			"the last rollout of %s, %s, %s: %s; pass --retry-failed to try it again",
			a.AMI, last.ID, last.Phase, orDash(last.Reason))}
	}
	return promoteDecision{Kind: promoteRequest, Target: followTarget{AMI: a.AMI}}
}

// promoteWhileActive decides while rollout r is in progress: attach to it
// (or to the request superseding it), or conflict.
func promoteWhileActive(st serviceState, r *api.Rollout, a promoteArgs) promoteDecision {
	if p := st.pending(); p != nil {
		// r is being reverted for a newer request that has not started.
		return promoteOverPending(p, a)
	}
	if r.AMI == a.AMI {
		return promoteDecision{Kind: promoteAttach, Rollout: r, Target: followTarget{RequestID: r.RequestID, AMI: r.AMI},
			Message: fmt.Sprintf("%s is already rolling out as %s (%s)", a.AMI, r.ID, where(r))}
	}
	if a.Supersede {
		return promoteDecision{Kind: promoteRequest, Rollout: r, Target: followTarget{AMI: a.AMI}}
	}
	return promoteDecision{Kind: promoteConflict, Rollout: r, Message: fmt.Sprintf(
		"%s is rolling out %s as %s (%s); wait for it, abort it with `asgctl abort %s`, or pass --supersede to replace it with %s",
		r.Service, r.AMI, r.ID, where(r), r.Service, a.AMI)}
}

// promoteOverPending decides when request p waits to be picked up.
func promoteOverPending(p *api.Desired, a promoteArgs) promoteDecision {
	if p.AMI == a.AMI {
		return promoteDecision{Kind: promoteAttach, Pending: p, Target: followTarget{RequestID: p.RequestID, AMI: p.AMI},
			Message: fmt.Sprintf("%s was already requested%s (request %s) and waits to be picked up", a.AMI, by(p.RequestedBy), p.RequestID)}
	}
	if a.Supersede {
		return promoteDecision{Kind: promoteRequest, Pending: p, Target: followTarget{AMI: a.AMI}}
	}
	return promoteDecision{Kind: promoteConflict, Pending: p, Message: fmt.Sprintf(
		"%s was requested%s (request %s) and has not started yet; pass --supersede to replace it with %s",
		p.AMI, by(p.RequestedBy), p.RequestID, a.AMI)}
}

// blockedMessage explains a failed rollout that stops further rollouts.
func blockedMessage(r *api.Rollout) string {
	return fmt.Sprintf("rollout %s of %s failed: %s; no rollout of %s starts until it is repaired: run `asgctl repair %s`",
		r.ID, r.AMI, orDash(r.Reason), r.Service, r.Service)
}

// where says where a rollout in progress stands: "shifting, step 2".
func where(r *api.Rollout) string {
	if r.Step > 0 {
		return fmt.Sprintf("%s, step %d", r.Phase, r.Step)
	}
	return string(r.Phase)
}

func by(who string) string {
	if who == "" {
		return ""
	}
	return " by " + who
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
