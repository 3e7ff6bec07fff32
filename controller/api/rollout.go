package api

import "time"

// RolloutVersion is the only Rollout record wire version this build understands.
const RolloutVersion = 1

// Phase is where a rollout stands. It is what the reconciler last wrote; the
// reconciler re-derives what to do from AWS on every pass.
type Phase string

// Rollout phases, in order, plus the failure branch.
const (
	PhaseIdle           Phase = "idle"
	PhaseLaunching      Phase = "launching"
	PhaseWaitingHealthy Phase = "waiting_healthy"
	PhaseShifting       Phase = "shifting"
	PhasePaused         Phase = "paused"
	PhasePromoted       Phase = "promoted"
	PhaseDraining       Phase = "draining"
	PhaseComplete       Phase = "complete"
	PhaseReverting      Phase = "reverting"
	PhaseReverted       Phase = "reverted"
	PhaseFailed         Phase = "failed"
)

// Terminal reports whether a rollout in this phase is finished.
func (p Phase) Terminal() bool {
	return p == PhaseComplete || p == PhaseReverted || p == PhaseFailed
}

// Rollout is the durable record of one rollout, stored at KeyRollout(svc) and,
// once finished, at KeyHistory(svc, seq). Written only by the reconciler that
// holds the service lock, with check-and-set on the key's ModifyIndex.
type Rollout struct {
	Version   int    `json:"version"`
	ID        string `json:"id"`  // "<svc>-v<seq:03d>"
	Seq       int    `json:"seq"` // 1, 2, ... per service
	Service   string `json:"service"`
	RequestID string `json:"request_id"` // the Desired request this rollout serves
	AMI       string `json:"ami"`
	Phase     Phase  `json:"phase"`
	// Step is the 1-based index into the spec's steps whose weight is being
	// written or held; 0 before the first shift.
	Step int `json:"step"`
	// FromGroup is the live ("blue") ASG when the rollout started; empty on a
	// service's first deploy. ToGroup is the green ASG.
	FromGroup       string `json:"from_group,omitempty"`
	ToGroup         string `json:"to_group"`
	FromTargetGroup string `json:"from_target_group,omitempty"`
	ToTargetGroup   string `json:"to_target_group"`
	// Reused is true when ToGroup is a retained earlier group brought back
	// (rollback), so nothing is launched and a revert scales it back to zero
	// instead of deleting it.
	Reused bool `json:"reused,omitempty"`
	// Capacity is what green runs at (copied from the live group).
	Capacity Capacity `json:"capacity"`
	// Weights are the listener weights last written, by target group ARN.
	Weights map[string]int `json:"weights,omitempty"`

	StartedAt     time.Time `json:"started_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	PhaseSince    time.Time `json:"phase_since"`
	PromotedAt    time.Time `json:"promoted_at,omitzero"`
	RevertStarted time.Time `json:"revert_started,omitzero"`
	// WeightsAt is when the controller last asked for a weight change. A
	// read-back younger than the read-back delay may be stale (ELB describes
	// are eventually consistent), so it does not confirm a revert.
	WeightsAt  time.Time `json:"weights_at,omitzero"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	// ManualWait is the time spent waiting on manual gates; it does not count
	// against the progress deadline.
	ManualWait Duration `json:"manual_wait,omitempty"`
	// Reason says why the rollout is reverting, reverted or failed, or what it
	// last waited on.
	Reason string `json:"reason,omitempty"`
}

// Desired is a request that an AMI go live, written by `asgctl promote`,
// `abort` and `rollback` at KeyDesired(svc). The reconciler serves each
// RequestID at most once.
type Desired struct {
	Version     int       `json:"version"`
	AMI         string    `json:"ami"`
	RequestID   string    `json:"request_id"`
	RequestedBy string    `json:"requested_by,omitempty"`
	RequestedAt time.Time `json:"requested_at"`
	// Abort asks that the rollout serving RequestID be reverted.
	Abort bool `json:"abort,omitempty"`
	// Rollback marks a request for a retained previous group's AMI.
	Rollback bool `json:"rollback,omitempty"`
	// ApprovedStep releases manual gates up to and including this 1-based step.
	ApprovedStep int `json:"approved_step,omitempty"`
}

// Clone returns a deep copy (the weights map is not shared).
func (r Rollout) Clone() Rollout {
	if r.Weights != nil {
		w := make(map[string]int, len(r.Weights))
		for k, v := range r.Weights {
			w[k] = v
		}
		r.Weights = w
	}
	return r
}
