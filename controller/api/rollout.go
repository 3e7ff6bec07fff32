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
	// PhaseVerifying runs the spec's verify hooks: at step 0 before any
	// production traffic (with the test listener on green), at the last
	// step before promotion.
	PhaseVerifying Phase = "verifying"
	PhaseShifting  Phase = "shifting"
	PhasePaused    Phase = "paused"
	PhasePromoted  Phase = "promoted"
	PhaseDraining  Phase = "draining"
	PhaseComplete  Phase = "complete"
	PhaseReverting Phase = "reverting"
	PhaseReverted  Phase = "reverted"
	PhaseFailed    Phase = "failed"
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
	// SourceVersion is the launch template version green's own version was
	// made from (the template's default when the rollout started), and
	// LaunchDigest fingerprints the spec fields that reach instances:
	// with the AMI they are what the rollout launches. Zero on records
	// from before they were kept.
	SourceVersion int64  `json:"source_version,omitempty"`
	LaunchDigest  string `json:"launch_digest,omitempty"`
	// OneStep moves all traffic in one step once green is healthy (a
	// rollback to a retained group, unless it asked for the steps).
	OneStep bool `json:"one_step,omitempty"`
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
	// Declined is the last request the reconciler looked at and started
	// nothing for, and why (the live group already launches it).
	Declined *Declined `json:"declined,omitempty"`
	// LiveScaling is "<group> <fingerprint>": the scaling policies and
	// scheduled actions last found on the group this record says serves,
	// matching the spec. The controller compares it with the spec to
	// know, without describing anything, that the live group carries
	// exactly the spec's.
	LiveScaling string `json:"live_scaling,omitempty"`
	// Repair is set on a failed rollout by `asgctl repair`: what it found
	// and did to bring the service to rest. A failed rollout blocks new
	// rollouts until its repair has finished.
	Repair *Repair `json:"repair,omitempty"`
	// Checks are the results of the spec's verify hooks so far, in the
	// order they ran; Analysis holds the verdicts comparing green with
	// blue.
	Checks   []HookResult    `json:"checks,omitempty"`
	Analysis *AnalysisRecord `json:"analysis,omitempty"`
	// Approvals are the manual gates released so far: which step, by
	// whom, when.
	Approvals []Approval `json:"approvals,omitempty"`
}

// Approval is one manual gate released.
type Approval struct {
	Step int       `json:"step"`
	By   string    `json:"by,omitempty"`
	At   time.Time `json:"at"`
}

// Declined is a request the reconciler declined.
type Declined struct {
	RequestID string    `json:"request_id"`
	Reason    string    `json:"reason"`
	At        time.Time `json:"at"`
}

// Repair records how a failed rollout's service was brought to rest.
type Repair struct {
	RequestID   string `json:"request_id"`
	RequestedBy string `json:"requested_by,omitempty"`
	// LiveGroup is the group found serving (all traffic is on its target
	// group once the repair finished); "" when none could serve.
	LiveGroup       string    `json:"live_group,omitempty"`
	LiveTargetGroup string    `json:"live_target_group,omitempty"`
	Done            []string  `json:"done,omitempty"` // what the repair asked for, in order
	StartedAt       time.Time `json:"started_at"`
	FinishedAt      time.Time `json:"finished_at,omitzero"`
}

// Repaired reports whether the rollout failed and its repair has finished.
func (r *Rollout) Repaired() bool {
	return r != nil && r.Phase == PhaseFailed && r.Repair != nil && !r.Repair.FinishedAt.IsZero()
}

// Blocked reports whether r is a failed rollout no repair has finished:
// no rollout of its service starts until one has.
func (r *Rollout) Blocked() bool {
	return r != nil && r.Phase == PhaseFailed && !r.Repaired()
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
	// Steps asks a rollback to walk the spec's canary steps; by default a
	// rollback that brings a retained group back moves all traffic to it
	// in one step once it is healthy.
	Steps bool `json:"steps,omitempty"`
	// Refresh asks for AMI (the live one) again on the launch template's
	// current default version and the spec's launch settings: it rolls
	// out when the live group launches anything else.
	Refresh bool `json:"refresh,omitempty"`
	// Repair asks that a failed rollout's service be brought to a resting
	// state (`asgctl repair`); such a request names no AMI and never starts
	// a rollout.
	Repair bool `json:"repair,omitempty"`
	// ApprovedStep releases manual gates up to and including this 1-based step.
	ApprovedStep int `json:"approved_step,omitempty"`
	// ApprovedBy is who released the gate at ApprovedStep (user@host, or
	// the CI identity).
	ApprovedBy string `json:"approved_by,omitempty"`
}

// Clone returns a deep copy (the weights map and repair are not shared).
func (r Rollout) Clone() Rollout {
	if r.Declined != nil {
		d := *r.Declined
		r.Declined = &d
	}
	if r.Repair != nil {
		rp := *r.Repair
		rp.Done = append([]string(nil), rp.Done...)
		r.Repair = &rp
	}
	if r.Weights != nil {
		w := make(map[string]int, len(r.Weights))
		for k, v := range r.Weights {
			w[k] = v
		}
		r.Weights = w
	}
	r.Checks = append([]HookResult(nil), r.Checks...)
	r.Approvals = append([]Approval(nil), r.Approvals...)
	if r.Analysis != nil {
		r.Analysis = cloneJSON(r.Analysis)
	}
	return r
}
