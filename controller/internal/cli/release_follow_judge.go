package cli

import (
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// followStep is what judgeFollow says to do next.
type followStep int

const (
	followOn       followStep = iota // keep following
	followDone                       // finished: Result, Code and Message say how
	followRollback                   // the record halted and a rollback of it is due
)

// followView is one look at a followed release: the record followed as
// last seen (Ours: its halt, when it halted), what deploys/<svc> holds
// now (Rec) and the live reports. IntoRollback follows a rollback of Ours
// to its end (release --wait) instead of ending at the halt.
type followView struct {
	Svc          string
	Ours, Rec    *api.Release
	Live         []api.AgentReport
	IntoRollback bool
}

// releaseVerdict is judgeFollow's answer.
type releaseVerdict struct {
	Step    followStep
	Result  string // followDone: complete, rolled_back, halted, failed, replaced, deleted
	Code    int    // followDone: the exit code
	Message string // followDone and followRollback
	Line    string // followOn: the progress line
	// Target is the release a due rollback returns to (followRollback).
	Target string
}

// judgeFollow judges one look at a followed release. Pure.
func judgeFollow(v followView) releaseVerdict {
	ours, rec := v.Ours, v.Rec
	switch {
	case rec == nil:
		return doneVerdict("deleted", ExitFailed, fmt.Sprintf("%s was deleted while following release %s (seq %d)",
			api.KeyDeploy(v.Svc), ours.Release, ours.Seq))
	case rec.Seq == ours.Seq && rec.Release == ours.Release:
		return judgeOurs(v)
	case v.IntoRollback && rec.RollbackOf == ours.Release && rec.Seq > ours.Seq:
		return judgeRollbackOfOurs(v)
	}
	return doneVerdict("replaced", ExitFailed, fmt.Sprintf(
		"release %s (seq %d) was replaced by release %s (seq %d, config_rev %d, written by %s) before it finished",
		ours.Release, ours.Seq, rec.Release, rec.Seq, rec.ConfigRev, orDash(rec.CreatedBy)))
}

// judgeOurs judges the followed record itself.
func judgeOurs(v followView) releaseVerdict {
	rec := v.Rec
	switch fleet.Phase(rec, v.Live) {
	case api.ReleaseComplete:
		return doneVerdict(api.ReleaseComplete, ExitOK, fmt.Sprintf("release %s is ready on all %d live instances", rec.Release, len(v.Live)))
	case api.ReleaseRolledBack:
		return doneVerdict(api.ReleaseRolledBack, ExitOK, fmt.Sprintf(
			"release %s is ready on all %d live instances: the fleet is rolled back from %s", rec.Release, len(v.Live), rec.RollbackOf))
	case api.ReleaseHalted:
		return judgeHalted(v)
	}
	if failed := settledFailures(rec, v.Live); len(failed) > 0 {
		return doneVerdict("failed", ExitFailed, fmt.Sprintf(
			"release %s failed on %d of %d live instances (%s: %s) and no other instance is still rolling it; it is not halted "+
				"(an instance that served nothing does not halt a release): release a fixed artifact", rec.Release, len(failed),
			len(v.Live), failed[0].InstanceID, firstLine(orDash(failed[0].Error))))
	}
	return releaseVerdict{Step: followOn, Line: progressLine(rec, v.Live)}
}

// settledFailures are the live instances that failed record rec itself
// (by its seq: a failure of an earlier record is retried) when nothing
// more will move: every other live instance is ready on it. A box that
// served nothing fails a release without halting it, so its record stays
// rolling; this ends following it. Nil otherwise.
func settledFailures(rec *api.Release, live []api.AgentReport) []api.AgentReport {
	var failed []api.AgentReport
	for _, a := range live {
		switch {
		case a.State == api.AgentFailed && a.Seq == rec.Seq:
			failed = append(failed, a)
		case !fleet.ReadyOn(a, rec):
			return nil
		}
	}
	return failed
}

// judgeHalted judges the followed record once it halted: a rollback is
// due when rollback is on and there is a last good release to go back
// to; otherwise it stays halted.
func judgeHalted(v followView) releaseVerdict {
	rec := v.Rec
	halted := fmt.Sprintf("release %s halted (seq %d): %s", rec.Release, rec.Seq, firstLine(haltText(rec.Halt)))
	if rec.RollbackOf != "" {
		halted = fmt.Sprintf("the rollback from %s to %s halted (seq %d): %s", rec.RollbackOf, rec.Release, rec.Seq, firstLine(haltText(rec.Halt)))
	}
	good, due := fleet.RollbackTarget(rec)
	switch {
	case !v.IntoRollback:
		return doneVerdict(api.ReleaseHalted, ExitFailed, halted+"; see `asgctl release status "+v.Svc+"`")
	case rec.NoRollback:
		return doneVerdict(api.ReleaseHalted, ExitFailed, halted+"; it stays halted: rollback is off (--no-rollback)")
	case !due:
		return doneVerdict(api.ReleaseHalted, ExitFailed, halted+"; it stays halted: there is no last good release to roll back to")
	}
	return releaseVerdict{Step: followRollback, Target: good.Release, Message: halted}
}

// judgeRollbackOfOurs judges the record rolling the fleet back from the
// followed one.
func judgeRollbackOfOurs(v followView) releaseVerdict {
	ours, rec := v.Ours, v.Rec
	switch fleet.Phase(rec, v.Live) {
	case api.ReleaseRolledBack:
		how := fmt.Sprintf("was rolled back (by %s)", orDash(rec.CreatedBy))
		if ours.Halt != nil {
			how = fmt.Sprintf("halted (instance %s failed it) and was rolled back", ours.Halt.InstanceID)
		}
		return doneVerdict(api.ReleaseRolledBack, ExitFailed, fmt.Sprintf("release %s %s to %s on all %d live instances",
			ours.Release, how, rec.Release, len(v.Live)))
	case api.ReleaseHalted:
		return doneVerdict(api.ReleaseHalted, ExitFailed, fmt.Sprintf(
			"release %s was being rolled back to %s, and the rollback halted too (seq %d): %s; see `asgctl release status %s`",
			ours.Release, rec.Release, rec.Seq, firstLine(haltText(rec.Halt)), v.Svc))
	}
	return releaseVerdict{Step: followOn, Line: progressLine(rec, v.Live)}
}

func doneVerdict(result string, code int, msg string) releaseVerdict {
	return releaseVerdict{Step: followDone, Result: result, Code: code, Message: msg}
}
