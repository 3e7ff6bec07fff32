package cli

import (
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// gateArgs are what --expect-step decides on.
type gateArgs struct {
	Step int    // 1-based step to release
	AMI  string // optional: the rollout must be of this AMI
	User string
	Now  time.Time
}

// gateDecision is decideGate's outcome: Write is the desired request to
// write (with check-and-set) when Kind is promoteApproved.
type gateDecision struct {
	Kind    promoteKind
	Rollout *api.Rollout
	Write   *api.Desired
	Message string
}

func (d gateDecision) exitCode() int {
	if d.Kind == promoteConflict {
		return ExitConflict
	}
	return ExitOK
}

// decideGate decides `promote SVC --expect-step K`: release the manual gate
// when the rollout is paused at step K, do nothing when K is already
// approved for it, and conflict otherwise. Pure.
func decideGate(st serviceState, a gateArgs) gateDecision {
	r, d := st.Rollout, st.Desired
	if r == nil {
		return gateConflict(nil, "no rollout has run yet")
	}
	if a.AMI != "" && r.AMI != a.AMI {
		return gateConflict(r, fmt.Sprintf("rollout %s is of %s, not %s", r.ID, r.AMI, a.AMI))
	}
	if addresses(d, r) && !d.Abort && d.ApprovedStep >= a.Step {
		return gateDecision{Kind: promoteUnchanged, Rollout: r,
			Message: fmt.Sprintf("step %d of %s is already approved", a.Step, r.ID)}
	}
	if r.Phase != api.PhasePaused || r.Step != a.Step {
		return gateConflict(r, fmt.Sprintf("rollout %s is %s, not paused at step %d", r.ID, whereNow(r), a.Step))
	}
	if p := st.pending(); p != nil {
		return gateConflict(r, fmt.Sprintf("a request for %s (request %s) replaces rollout %s", p.AMI, p.RequestID, r.ID))
	}
	if addresses(d, r) && d.Abort {
		return gateConflict(r, fmt.Sprintf("rollout %s is being aborted", r.ID))
	}
	next := api.Desired{Version: 1, AMI: r.AMI, RequestID: r.RequestID, RequestedBy: a.User, RequestedAt: a.Now}
	if addresses(d, r) {
		next = *d
	}
	next.ApprovedStep, next.ApprovedBy = a.Step, a.User
	return gateDecision{Kind: promoteApproved, Rollout: r, Write: &next,
		Message: fmt.Sprintf("released the gate at step %d of %s", a.Step, r.ID)}
}

func gateConflict(r *api.Rollout, why string) gateDecision {
	return gateDecision{Kind: promoteConflict, Rollout: r, Message: "cannot release the gate: " + why}
}

// whereNow describes any rollout's position, finished ones included.
func whereNow(r *api.Rollout) string {
	if r.Phase.Terminal() {
		return string(r.Phase)
	}
	if r.Phase == api.PhasePaused || r.Phase == api.PhaseShifting {
		return fmt.Sprintf("%s at step %d", r.Phase, r.Step)
	}
	return string(r.Phase)
}
