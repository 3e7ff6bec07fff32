package fleet

import (
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// GuardKind is what the release guard does to a record.
type GuardKind string

// The guard's actions.
const (
	GuardNone     GuardKind = ""         // nothing to do
	GuardRollback GuardKind = "rollback" // write the last good release back as the desired one
	GuardPromote  GuardKind = "promote"  // record the complete release as the fleet's last good
)

// GuardAction is Guard's answer: Next replaces the record (check-and-set
// on the index it was read at) and History, when set, is the entry that
// ends the record replaced.
type GuardAction struct {
	Kind    GuardKind
	Next    *api.Release
	History *api.ReleaseHistory
	Why     string
}

// Guard decides what the controller (or `release --wait --inline`) does
// about rec given the live reports: a halted record with rollback on and a
// last good release to return to is rolled back; a record every live
// instance is ready on becomes the fleet's last good, so boxes that boot
// from now on take it directly. by names the writer in a rollback record.
func Guard(rec *api.Release, live []api.AgentReport, by string, now time.Time) GuardAction {
	if rec == nil {
		return GuardAction{}
	}
	if rec.Halt != nil {
		return guardHalted(rec, live, by, now)
	}
	switch Phase(rec, live) {
	case api.ReleaseComplete, api.ReleaseRolledBack:
		if rec.LastGood != nil && *rec.LastGood == rec.Ref() {
			return GuardAction{}
		}
		next := *rec
		ref := rec.Ref()
		next.LastGood = &ref
		return GuardAction{Kind: GuardPromote, Next: &next,
			Why: fmt.Sprintf("release %s is ready on all %d live instances; it is the last good release now", rec.Release, len(live))}
	}
	return GuardAction{}
}

func guardHalted(rec *api.Release, live []api.AgentReport, by string, now time.Time) GuardAction {
	if rec.NoRollback {
		return GuardAction{}
	}
	good, ok := RollbackTarget(rec)
	if !ok {
		return GuardAction{}
	}
	want := Rollback(rec, good, by, now)
	next, hist := Successor(rec, want, live, now)
	return GuardAction{Kind: GuardRollback, Next: next, History: hist, Why: fmt.Sprintf(
		"release %s halted (instance %s failed it); rolling the fleet back to %s", rec.Release, rec.Halt.InstanceID, want.Release)}
}
