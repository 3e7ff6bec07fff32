package fleet

import (
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// AgentView is what one agent knows when it decides.
type AgentView struct {
	// Record is the deploys record; nil when there is none.
	Record *api.Release
	// Serving is what the box's processes run and serve (zero: nothing).
	Serving Target
	// Failed is the record and target this box failed for good (zero:
	// none); the box does not try that again.
	Failed Failure
}

// Failure names a record seq and the target a box failed for good on it.
type Failure struct {
	Seq    int
	Target Target
}

// Move is what an agent does next.
type Move string

// The moves of DecideAgent.
const (
	// MoveNone: nothing to do (on the desired release, or waiting for a
	// new record after a failure).
	MoveNone Move = "none"
	// MoveHold: the release is halted; keep serving what the box serves.
	MoveHold Move = "hold"
	// MoveStart: a box that serves nothing brings Target up. It has no
	// capacity to lose, so it takes no pacing slot, and its failure does
	// not halt the release.
	MoveStart Move = "start"
	// MoveRoll: roll a serving box to Target. It needs a pacing slot
	// first, and a final failure halts the release for every box.
	MoveRoll Move = "roll"
)

// Decision is DecideAgent's answer.
type Decision struct {
	Move   Move
	Target Target         // what to move to (MoveStart, MoveRoll)
	Ref    api.ReleaseRef // the artifact of Target, to fetch
	// State is the report state while the decision applies; a rolling
	// box reports api.AgentDeploying once it holds its slot.
	State string
	Why   string // for logs and reports
}

// Halts reports whether a final failure of this move halts the release.
func (d Decision) Halts() bool { return d.Move == MoveRoll }

// DecideAgent decides one agent's next move. A box on the desired release
// has nothing to do. A box serving nothing brings up the last good release
// when the desired one is still rolling or halted (then takes the desired
// one in its turn), else the desired one. A serving box holds while the
// release is halted and otherwise rolls to it, paced. A box never retries
// a target it failed for good on the same record.
func DecideAgent(v AgentView) Decision {
	rec := v.Record
	if rec == nil {
		return Decision{Move: MoveNone, State: idleState(v.Serving), Why: "no release record yet"}
	}
	want := TargetOf(rec)
	switch {
	case v.Serving == want:
		return Decision{Move: MoveNone, State: api.AgentReady, Why: "serving the desired release " + want.String()}
	case v.Serving.IsZero():
		return decideStart(v)
	case v.Failed == (Failure{Seq: rec.Seq, Target: want}):
		return failedDecision(want)
	case rec.Halt != nil:
		return Decision{Move: MoveHold, State: api.AgentWaiting, Why: fmt.Sprintf(
			"release %s is halted (instance %s failed it); serving %s", rec.Release, rec.Halt.InstanceID, v.Serving)}
	}
	return Decision{Move: MoveRoll, Target: want, Ref: rec.Ref(), State: api.AgentWaiting,
		Why: fmt.Sprintf("rolling from %s to %s, paced at %s", v.Serving, want, maxInFlight(rec))}
}

// decideStart decides for a box serving nothing.
func decideStart(v AgentView) Decision {
	rec := v.Record
	want, good := TargetOf(rec), lastGood(rec)
	target, ref, why := want, rec.Ref(), "bringing up the desired release "+want.String()
	if !good.IsZero() && good != want {
		target, ref = good, *rec.LastGood
		why = fmt.Sprintf("bringing up the last good release %s while %s is %s", good, want, rolloutWord(rec))
	}
	switch {
	case rec.Halt != nil && target == want:
		return Decision{Move: MoveNone, State: api.AgentStarting,
			Why: fmt.Sprintf("release %s is halted and there is no last good release to serve", rec.Release)}
	case v.Failed == (Failure{Seq: rec.Seq, Target: target}):
		return failedDecision(target)
	}
	return Decision{Move: MoveStart, Target: target, Ref: ref, State: api.AgentStarting, Why: why}
}

func failedDecision(t Target) Decision {
	return Decision{Move: MoveNone, State: api.AgentFailed,
		Why: fmt.Sprintf("this box failed %s for good; waiting for a new release record", t)}
}

// idleState is the report state of a box with no record to follow.
func idleState(serving Target) string {
	if serving.IsZero() {
		return api.AgentStarting
	}
	return api.AgentReady
}

func rolloutWord(rec *api.Release) string {
	if rec.Halt != nil {
		return "halted"
	}
	return "rolling"
}

// maxInFlight is the record's pacing as written ("25%" when unset).
func maxInFlight(rec *api.Release) string {
	if rec.MaxInFlight == "" {
		return api.DefaultMaxInFlight
	}
	return rec.MaxInFlight
}

// Limit is how many instances may roll rec at once in a fleet of n live
// instances; an unreadable max_in_flight counts as the default (Validate
// refuses such a record before it is ever written).
func Limit(rec *api.Release, n int) int {
	m, err := api.ParseMaxInFlight(rec.MaxInFlight)
	if err != nil {
		m, _ = api.ParseMaxInFlight("")
	}
	return m.Limit(n)
}
