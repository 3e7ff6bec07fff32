package cli

import (
	"fmt"
	"slices"

	"github.com/asgctl/asgctl/controller/api"
)

// followTarget is what --wait follows: a request (by id, or by AMI for a
// request written by someone else for the same AMI), or one rollout by seq
// (abort).
type followTarget struct {
	RequestID string
	AMI       string
	Seq       int
	Repair    string // the request id of a repair (asgctl repair)
	// Refresh follows a request for the live AMI: it is settled by its
	// own rollout or by the reconciler declining it, not by the AMI
	// being live.
	Refresh bool
}

// verdict is where a followed target stands.
type verdict struct {
	Done bool
	// Rollout serves the target; nil while the request waits to start.
	Rollout *api.Rollout
	// Ended says why the target ended without a rollout finishing it
	// (superseded, withdrawn, blocked); "" otherwise.
	Ended string
	// Declined says why the reconciler started nothing for the request
	// (the live group already launches it).
	Declined string
	// AlreadyLive names the group already running the AMI when the
	// reconciler declined the request for that reason.
	AlreadyLive string
}

// phase is the followed rollout's phase, "" when none yet.
func (v verdict) phase() api.Phase {
	if v.Rollout == nil {
		return ""
	}
	return v.Rollout.Phase
}

// judge says where target t stands in st. Pure.
func judge(t followTarget, st serviceState) verdict {
	if t.Repair != "" {
		return judgeRepair(t.Repair, st)
	}
	if t.Seq > 0 {
		return judgeSeq(t.Seq, st)
	}
	return judgeRequest(t, st)
}

func judgeSeq(seq int, st serviceState) verdict {
	r := st.bySeq(seq)
	if r == nil {
		return verdict{Done: true, Ended: fmt.Sprintf("rollout seq %d is no longer on record", seq)}
	}
	return verdict{Done: r.Phase.Terminal(), Rollout: r}
}

func judgeRequest(t followTarget, st serviceState) verdict {
	d := st.Desired
	var ids []string // the requests whose rollout serves us, ours first
	if t.RequestID != "" {
		ids = append(ids, t.RequestID)
	}
	if d != nil && !d.Abort && d.AMI == t.AMI && d.RequestID != t.RequestID {
		ids = append(ids, d.RequestID) // a later request for the same AMI serves us too
	}
	if r := st.Rollout; r != nil && (slices.Contains(ids, r.RequestID) || (!r.Phase.Terminal() && r.AMI == t.AMI)) {
		return verdict{Done: r.Phase.Terminal(), Rollout: r}
	}
	for _, id := range ids {
		if h := st.byRequest(id); h != nil {
			return verdict{Done: true, Rollout: h}
		}
	}
	if r := st.record(); r != nil && r.Declined != nil && slices.Contains(ids, r.Declined.RequestID) {
		return verdict{Done: true, Declined: r.Declined.Reason}
	}
	if l := st.live(); l != nil && l.AMI == t.AMI && st.active() == nil && !t.Refresh {
		return verdict{Done: true, Rollout: l}
	}
	switch {
	case d == nil:
		return verdict{Done: true, Ended: "the request was deleted before it started"}
	case d.Abort && d.RequestID == t.RequestID:
		return verdict{Done: true, Ended: "the request was withdrawn (abort) before it started"}
	case d.AMI != t.AMI:
		return verdict{Done: true, Ended: fmt.Sprintf("superseded by a request for %s%s before it started", d.AMI, by(d.RequestedBy))}
	}
	if r := st.record(); r.Blocked() {
		return verdict{Done: true, Rollout: nil, Ended: blockedMessage(r)}
	}
	return verdict{}
}
