package cli

import (
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// abortKind is what an abort does.
type abortKind string

const (
	abortRequest abortKind = "abort_requested"  // write desired.abort
	abortAlready abortKind = "already_aborting" // asked before, or reverting anyway
	abortCancel  abortKind = "cancelled"        // a request not yet picked up is withdrawn
	abortNothing abortKind = "nothing_in_progress"
	abortTooLate abortKind = "too_late" // blue is being retired: the rollout completes
)

// abortDecision is decideAbort's outcome: Write is the desired request to
// write (check-and-set) for abortRequest and abortCancel; Target is the
// rollout --wait follows.
type abortDecision struct {
	Kind    abortKind
	Rollout *api.Rollout
	Write   *api.Desired
	Target  followTarget
	Message string
}

func (d abortDecision) exitCode() int {
	if d.Kind == abortTooLate {
		return ExitFailed
	}
	return ExitOK
}

// decideAbort decides `abort SVC`. Pure.
func decideAbort(st serviceState, user string, now time.Time) abortDecision {
	r, d := st.active(), st.Desired
	if r == nil {
		if p := st.pending(); p != nil {
			w := *p
			w.Abort = true
			return abortDecision{Kind: abortCancel, Write: &w,
				Message: fmt.Sprintf("withdrew the request for %s (request %s) before it started", p.AMI, p.RequestID)}
		}
		return abortDecision{Kind: abortNothing, Rollout: st.Rollout, Message: "nothing in progress"}
	}
	t := followTarget{Seq: r.Seq}
	switch {
	case r.Phase == api.PhaseReverting:
		return abortDecision{Kind: abortAlready, Rollout: r, Target: t,
			Message: fmt.Sprintf("rollout %s is already reverting: %s", r.ID, orDash(r.Reason))}
	case r.Phase == api.PhaseDraining:
		return abortDecision{Kind: abortTooLate, Rollout: r, Target: t, Message: fmt.Sprintf(
			"rollout %s is past its rollback window and retiring %s; it will complete. Then `asgctl rollback %s` brings back the previous group",
			r.ID, orNone(r.FromGroup), r.Service)}
	case addresses(d, r) && d.Abort:
		return abortDecision{Kind: abortAlready, Rollout: r, Target: t,
			Message: fmt.Sprintf("abort of %s was already requested", r.ID)}
	}
	w := api.Desired{Version: 1, AMI: r.AMI, RequestID: r.RequestID, RequestedBy: user, RequestedAt: now}
	msg := fmt.Sprintf("asked rollout %s (%s, %s) to revert", r.ID, r.AMI, where(r))
	if addresses(d, r) {
		w = *d
	} else if d != nil && !d.Abort && d.AMI != "" {
		msg += fmt.Sprintf("; withdrew the pending request for %s", d.AMI)
	}
	w.Abort = true
	return abortDecision{Kind: abortRequest, Rollout: r, Write: &w, Target: t, Message: msg}
}

func orNone(group string) string {
	if group == "" {
		return "nothing"
	}
	return group
}
