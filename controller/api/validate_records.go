package api

// Validate reports every problem with the request at once as a
// *ValidationError, or nil.
func (d *Desired) Validate() error {
	var p problems
	if d.Version != 1 {
		p.add("version", "must be 1, got %d", d.Version)
	}
	switch {
	case d.Repair && d.AMI != "":
		p.add("ami", "a repair request names no AMI, got %q", d.AMI)
	case d.Repair && (d.Abort || d.Rollback || d.ApprovedStep != 0):
		p.add("repair", "a repair request asks for nothing else (abort, rollback, approved_step)")
	case d.Refresh && (d.Abort || d.Rollback):
		p.add("refresh", "a refresh is not an abort or a rollback")
	case !d.Repair && !amiRE.MatchString(d.AMI):
		p.add("ami", "%q is not an AMI id (ami- and 8 to 17 hex digits)", d.AMI)
	}
	if d.RequestID == "" {
		p.add("request_id", "required")
	}
	if d.RequestedAt.IsZero() {
		p.add("requested_at", "required")
	}
	if d.ApprovedStep < 0 {
		p.add("approved_step", "must not be negative, got %d", d.ApprovedStep)
	}
	return p.err("desired state")
}

// knownPhases are the phases a Rollout record may hold.
var knownPhases = map[Phase]bool{
	PhaseIdle: true, PhaseLaunching: true, PhaseWaitingHealthy: true, PhaseVerifying: true,
	PhaseShifting: true, PhasePaused: true, PhasePromoted: true,
	PhaseDraining: true, PhaseComplete: true, PhaseReverting: true,
	PhaseReverted: true, PhaseFailed: true,
}

// Validate reports every problem with the record at once as a
// *ValidationError, or nil.
func (r *Rollout) Validate() error {
	var p problems
	if r.Version != RolloutVersion {
		p.add("version", "must be %d, got %d", RolloutVersion, r.Version)
	}
	required := []struct{ field, value string }{
		{"id", r.ID}, {"service", r.Service}, {"ami", r.AMI}, {"to_group", r.ToGroup},
	}
	for _, f := range required {
		if f.value == "" {
			p.add(f.field, "required")
		}
	}
	if r.Seq < 1 {
		p.add("seq", "must be at least 1, got %d", r.Seq)
	}
	if !knownPhases[r.Phase] {
		p.add("phase", "unknown phase %q", r.Phase)
	}
	if r.Step < 0 {
		p.add("step", "must not be negative, got %d", r.Step)
	}
	if r.Repair != nil {
		if r.Phase != PhaseFailed {
			p.add("repair", "only a failed rollout is repaired, this one is %q", r.Phase)
		}
		if r.Repair.RequestID == "" {
			p.add("repair.request_id", "required")
		}
	}
	return p.err("rollout record")
}
