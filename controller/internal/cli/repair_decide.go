package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// repairKind is what a repair does.
type repairKind string

const (
	repairRequest  repairKind = "repair_requested"   // write a repair request
	repairAttach   repairKind = "repair_in_progress" // a repair was asked for already
	repairDone     repairKind = "already_repaired"   // nothing left to do
	repairNothing  repairKind = "nothing_to_repair"  // the last rollout did not fail
	repairIsActive repairKind = "rollout_in_progress"
)

// repairDecision is decideRepair's outcome: Write is the request to write
// for repairRequest; Target the repair --wait follows.
type repairDecision struct {
	Kind    repairKind
	Rollout *api.Rollout
	Write   *api.Desired
	Target  followTarget
	Message string
}

// decideRepair decides `repair SVC`. Pure. A repair is only for a failed
// rollout no repair has finished; anything else is a no-op (exit 0), so
// repeating the command is safe. It never writes a request for an AMI.
func decideRepair(st serviceState, id, user string, now time.Time) repairDecision {
	r := st.record()
	switch {
	case r == nil:
		return repairDecision{Kind: repairNothing, Message: "nothing to repair: no rollout on record"}
	case r.Repaired():
		return repairDecision{Kind: repairDone, Rollout: r, Message: repairedMessage(r)}
	case !r.Phase.Terminal():
		return repairDecision{Kind: repairIsActive, Rollout: r, Message: fmt.Sprintf(
			"nothing to repair: rollout %s is in progress (%s); `asgctl abort %s` reverts it", r.ID, where(r), r.Service)}
	case r.Phase != api.PhaseFailed:
		return repairDecision{Kind: repairNothing, Rollout: r, Message: fmt.Sprintf(
			"nothing to repair: the last rollout, %s, ended %s", r.ID, r.Phase)}
	}
	if d := st.Desired; d != nil && d.Repair {
		return repairDecision{Kind: repairAttach, Rollout: r, Target: followTarget{Repair: d.RequestID},
			Message: fmt.Sprintf("a repair of %s was already requested%s (request %s)", r.ID, by(d.RequestedBy), d.RequestID)}
	}
	w := &api.Desired{Version: 1, Repair: true, RequestID: id, RequestedBy: user, RequestedAt: now}
	msg := fmt.Sprintf("asked for a repair of %s (failed: %s)", r.ID, orDash(r.Reason))
	if p := st.pending(); p != nil {
		msg += fmt.Sprintf("; it replaces the waiting request for %s, which can be made again once repaired", p.AMI)
	}
	return repairDecision{Kind: repairRequest, Rollout: r, Write: w, Target: followTarget{Repair: id}, Message: msg}
}

// repairedMessage says what a finished repair found and did.
func repairedMessage(r *api.Rollout) string {
	rp := r.Repair
	live := "no group serves"
	if rp.LiveGroup != "" {
		live = rp.LiveGroup + " serves"
	}
	did := "nothing needed changing"
	if len(rp.Done) > 0 {
		did = strings.Join(rp.Done, "; ")
	}
	return fmt.Sprintf("%s was repaired at %s: %s (%s); new rollouts may start",
		r.ID, rp.FinishedAt.UTC().Format(time.RFC3339), live, did)
}

// judgeRepair says where a repair stands. Pure.
func judgeRepair(id string, st serviceState) verdict {
	r := st.record()
	switch {
	case r == nil:
		return verdict{Done: true, Ended: "the rollout record is gone"}
	case r.Repaired():
		return verdict{Done: true, Rollout: r}
	case r.Phase != api.PhaseFailed:
		return verdict{Done: true, Rollout: r, Ended: fmt.Sprintf("rollout %s is %s, not failed", r.ID, r.Phase)}
	}
	if d := st.Desired; d == nil || !d.Repair {
		return verdict{Done: true, Rollout: r, Ended: "the repair request was replaced before the repair finished"}
	}
	return verdict{Rollout: r}
}
