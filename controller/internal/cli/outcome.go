package cli

import (
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// outcomeDoc is the JSON document promote, abort and rollback print.
type outcomeDoc struct {
	Service string `json:"service"`
	// Outcome is what the command did: requested, attached, already_live,
	// previously_failed, conflict, blocked, approved, already_approved,
	// abort_requested, already_aborting, cancelled, nothing_in_progress,
	// too_late.
	Outcome   string `json:"outcome"`
	AMI       string `json:"ami,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// Result is where the rollout ended with --wait: complete, reverted,
	// failed, in_progress (timed out or interrupted: rerun to follow it),
	// or ended (superseded or withdrawn before it started).
	Result  string       `json:"result,omitempty"`
	Message string       `json:"message"`
	Rollout *api.Rollout `json:"rollout,omitempty"`
}

// settled turns a follow result into its exit code, result word and
// message. success is the phase that counts as success (complete for
// promote and rollback, reverted for abort).
func settled(res followResult, success api.Phase) (code int, result, msg string) {
	v := res.Verdict
	switch res.End {
	case endTimeout:
		return ExitTimeout, "in_progress", fmt.Sprintf("gave up waiting after %s: %s; it is safe to rerun this command, which attaches to it%s",
			fmtDur(res.Elapsed), stillGoing(v), inlineNote(res))
	case endInterrupted:
		return ExitTimeout, "in_progress", fmt.Sprintf("interrupted: %s; it is safe to rerun this command, which attaches to it%s", stillGoing(v), inlineNote(res))
	case endNoController:
		return ExitTimeout, "in_progress", "no controller is running: start `asgctl controller` or pass --inline (the request is recorded; rerunning is safe)"
	}
	switch {
	case v.Declined != "":
		return exitFor(success == api.PhaseComplete), string(api.PhaseComplete), v.Declined + "; nothing to do"
	case v.AlreadyLive != "":
		return exitFor(success == api.PhaseComplete), string(api.PhaseComplete), fmt.Sprintf("%s already runs the AMI; nothing to do", v.AlreadyLive)
	case v.Rollout == nil:
		return ExitFailed, "ended", v.Ended
	}
	r := v.Rollout
	return exitFor(r.Phase == success), string(r.Phase), finishedMessage(r)
}

func exitFor(ok bool) int {
	if ok {
		return ExitOK
	}
	return ExitFailed
}

// finishedMessage says how a finished rollout ended.
func finishedMessage(r *api.Rollout) string {
	took := ""
	if !r.FinishedAt.IsZero() {
		took = " after " + fmtDur(r.FinishedAt.Sub(r.StartedAt))
	}
	if r.Phase == api.PhaseComplete {
		return fmt.Sprintf("rollout %s complete%s: %s is live on %s", r.ID, took, r.AMI, r.ToGroup)
	}
	return fmt.Sprintf("rollout %s %s%s: %s", r.ID, r.Phase, took, orDash(r.Reason))
}

// stillGoing says what is still in progress.
func stillGoing(v verdict) string {
	if r := v.Rollout; r != nil {
		return fmt.Sprintf("rollout %s of %s is still in progress (%s)", r.ID, r.AMI, where(r))
	}
	return "the request is still in progress: no rollout has picked it up yet"
}

func inlineNote(res followResult) string {
	if !res.Inline {
		return ""
	}
	return " (with no controller running, nothing moves it on until a rerun with --inline)"
}
