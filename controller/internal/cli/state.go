package cli

import (
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// serviceState is what the request verbs decide on: the desired request
// with its index (for check-and-set), the rollout record, and the finished
// rollouts, newest first.
type serviceState struct {
	Desired      *api.Desired
	DesiredIndex uint64
	Rollout      *api.Rollout
	History      []api.Rollout
}

// active is the rollout in progress, or nil.
func (s serviceState) active() *api.Rollout {
	if s.Rollout == nil || s.Rollout.Phase.Terminal() {
		return nil
	}
	return s.Rollout
}

// finished lists finished rollouts newest first: the record when it is
// terminal (history may not have it yet), then history.
func (s serviceState) finished() []api.Rollout {
	var out []api.Rollout
	if r := s.Rollout; r != nil && r.Phase.Terminal() {
		out = append(out, *r)
	}
	for _, h := range s.History {
		if len(out) > 0 && h.Seq == out[0].Seq {
			continue
		}
		out = append(out, h)
	}
	return out
}

// live is the newest completed rollout: its group serves traffic when
// nothing is in progress. Nil when asgctl never completed one.
func (s serviceState) live() *api.Rollout {
	for _, r := range s.finished() {
		if r.Phase == api.PhaseComplete {
			return &r
		}
	}
	return nil
}

// liveAMI is the AMI of the live rollout, "" when unknown.
func (s serviceState) liveAMI() string {
	if l := s.live(); l != nil {
		return l.AMI
	}
	return ""
}

// lastOf is the newest finished rollout of ami, or nil.
func (s serviceState) lastOf(ami string) *api.Rollout {
	for _, r := range s.finished() {
		if r.AMI == ami {
			return &r
		}
	}
	return nil
}

// bySeq finds a rollout by seq in the record or history.
func (s serviceState) bySeq(seq int) *api.Rollout {
	if s.Rollout != nil && s.Rollout.Seq == seq {
		return s.Rollout
	}
	for _, h := range s.History {
		if h.Seq == seq {
			return &h
		}
	}
	return nil
}

// byRequest finds the rollout that served request id in the record or
// history.
func (s serviceState) byRequest(id string) *api.Rollout {
	if s.Rollout != nil && s.Rollout.RequestID == id {
		return s.Rollout
	}
	for _, h := range s.History {
		if h.RequestID == id {
			return &h
		}
	}
	return nil
}

// record is the newest rollout: the record, or the newest history entry
// when the record key is gone (the reconciler restores it from history).
func (s serviceState) record() *api.Rollout {
	if s.Rollout != nil {
		return s.Rollout
	}
	if len(s.History) > 0 {
		return &s.History[0]
	}
	return nil
}

// pending is the desired request when no rollout has picked it up yet and
// one will (reconcile.Pending: the reconciler's own rule).
func (s serviceState) pending() *api.Desired {
	if reconcile.Pending(s.Desired, s.record(), s.liveAMI()) {
		return s.Desired
	}
	return nil
}

// addresses reports whether request d speaks to rollout r (the
// reconciler's rule, reconcile.Addresses).
func addresses(d *api.Desired, r *api.Rollout) bool { return reconcile.Addresses(d, r) }
