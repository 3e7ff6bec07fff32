package cli

import (
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// rollbackDecision is decideRollback's outcome. For promoteRequest, AMI is
// what to request (with rollback set); Target is what --wait follows.
type rollbackDecision struct {
	Kind    promoteKind
	AMI     string
	From    *api.Rollout // the live rollout being rolled back
	To      *api.Rollout // the earlier completed rollout brought back
	Rollout *api.Rollout // the rollout the outcome is about (conflict, attach)
	Target  followTarget
	Message string
}

func (d rollbackDecision) exitCode() int {
	switch d.Kind {
	case promoteFailed, promoteBlocked, rollbackNothing:
		return ExitFailed
	case promoteConflict:
		return ExitConflict
	}
	return ExitOK
}

// decideRollback decides `rollback SVC`: request the AMI of the newest
// completed rollout before the live one (with another AMI), so the
// reconciler brings its retained group back. A rollback already in flight
// is attached to; anything else in flight is a conflict. Pure.
func decideRollback(st serviceState) rollbackDecision {
	if r := st.active(); r != nil {
		if d := st.Desired; d != nil && d.Rollback && d.RequestID == r.RequestID && st.pending() == nil {
			return rollbackDecision{Kind: promoteAttach, Rollout: r, AMI: r.AMI, Target: followTarget{RequestID: r.RequestID, AMI: r.AMI},
				Message: fmt.Sprintf("rollback to %s is already in progress as %s (%s)", r.AMI, r.ID, where(r))}
		}
		return rollbackDecision{Kind: promoteConflict, Rollout: r, Message: fmt.Sprintf(
			"rollout %s of %s is in progress (%s); abort it with `asgctl abort %s` instead", r.ID, r.AMI, where(r), r.Service)}
	}
	if r := st.record(); r.Blocked() {
		return rollbackDecision{Kind: promoteBlocked, Rollout: r, Message: blockedMessage(r)}
	}
	if p := st.pending(); p != nil {
		if p.Rollback {
			return rollbackDecision{Kind: promoteAttach, AMI: p.AMI, Target: followTarget{RequestID: p.RequestID, AMI: p.AMI},
				Message: fmt.Sprintf("rollback to %s was already requested (request %s)", p.AMI, p.RequestID)}
		}
		return rollbackDecision{Kind: promoteConflict, Message: fmt.Sprintf(
			"a request for %s (request %s) waits to start; withdraw it with `asgctl abort` first", p.AMI, p.RequestID)}
	}
	return rollbackTarget(st)
}

// rollbackTarget finds the completed rollout to go back to.
func rollbackTarget(st serviceState) rollbackDecision {
	live := st.live()
	if live == nil {
		return rollbackDecision{Kind: rollbackNothing, Message: "nothing to roll back to: no rollout has completed yet"}
	}
	seen := false
	for _, r := range st.finished() {
		if r.Seq == live.Seq {
			seen = true
			continue
		}
		if seen && r.Phase == api.PhaseComplete && r.AMI != live.AMI {
			return rollbackDecision{Kind: promoteRequest, AMI: r.AMI, From: live, To: &r, Target: followTarget{AMI: r.AMI},
				Message: fmt.Sprintf("rolling back from %s (%s) to %s (%s)", live.AMI, live.ToGroup, r.AMI, r.ToGroup)}
		}
	}
	return rollbackDecision{Kind: rollbackNothing, From: live, Message: fmt.Sprintf(
		"nothing to roll back to: %s is live and no earlier completed rollout ran another AMI (history keeps the last %d)",
		live.AMI, api.HistoryLimit)}
}
