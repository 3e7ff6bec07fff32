package fleet

import (
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// maxHaltError bounds the failure text a halt carries (it quotes process
// output).
const maxHaltError = 4096

// HaltRecord returns rec halted by instance because of why, at now. ok is
// false when rec is already halted: the first failure stands.
func HaltRecord(rec *api.Release, instance, why string, now time.Time) (next *api.Release, ok bool) {
	if rec.Halt != nil {
		return nil, false
	}
	if len(why) > maxHaltError {
		why = "…" + why[len(why)-maxHaltError:]
	}
	out := *rec
	out.Halt = &api.Halt{InstanceID: instance, Error: why, At: now.UTC()}
	return &out, true
}

// Successor is the record that replaces cur with want (a new release, a
// config push or a rollback), and the history entry that ends cur (nil
// when there is no cur). It numbers want after cur and carries the fleet's
// last good release: cur itself when every live instance was ready on it,
// else cur's own last good. live are the live agent reports.
func Successor(cur *api.Release, want api.Release, live []api.AgentReport, now time.Time) (*api.Release, *api.ReleaseHistory) {
	next := want
	next.Halt = nil
	if cur == nil {
		next.Seq, next.LastGood = 1, nil
		return &next, nil
	}
	next.Seq = cur.Seq + 1
	next.LastGood = GoodAfter(cur, live)
	return &next, Ended(cur, live, now)
}

// GoodAfter is the last good release once cur ends: cur when it completed
// (or rolled back), else cur's last good.
func GoodAfter(cur *api.Release, live []api.AgentReport) *api.ReleaseRef {
	switch Phase(cur, live) {
	case api.ReleaseComplete, api.ReleaseRolledBack:
		ref := cur.Ref()
		return &ref
	}
	return cur.LastGood
}

// Ended is the history entry of cur as it ends now: complete or
// rolled_back when every live instance was ready on it, halted, or
// superseded while still rolling.
func Ended(cur *api.Release, live []api.AgentReport, now time.Time) *api.ReleaseHistory {
	outcome := Phase(cur, live)
	if outcome == api.ReleaseRolling {
		outcome = api.ReleaseSuperseded
	}
	return &api.ReleaseHistory{Version: api.ReleaseHistoryVersion, Record: *cur, Outcome: outcome, FinishedAt: now.UTC()}
}

// RollbackTarget is the release cur would roll back to: its last good,
// when there is one and it is not cur's own target.
func RollbackTarget(cur *api.Release) (api.ReleaseRef, bool) {
	if cur == nil || cur.LastGood == nil || RefTarget(*cur.LastGood) == TargetOf(cur) {
		return api.ReleaseRef{}, false
	}
	return *cur.LastGood, true
}

// RollbackTo is the release `release rollback` returns the fleet to: the
// last good release when cur has not reached it yet (cur rolling or
// halted), else the newest release in history (newest first) that
// completed or was rolled back to and is not cur's target. ok is false when
// there is none.
func RollbackTo(cur *api.Release, history []api.ReleaseHistory) (api.ReleaseRef, bool) {
	if good, ok := RollbackTarget(cur); ok {
		return good, true
	}
	if cur == nil {
		return api.ReleaseRef{}, false
	}
	for _, h := range history {
		ended := h.Outcome == api.ReleaseComplete || h.Outcome == api.ReleaseRolledBack
		if ended && TargetOf(&h.Record) != TargetOf(cur) {
			return h.Record.Ref(), true
		}
	}
	return api.ReleaseRef{}, false
}

// Rollback is what a rollback of cur to the release to asks for (for
// Successor): to's artifact, paced like cur, naming cur's release as what
// it rolls back from.
func Rollback(cur *api.Release, to api.ReleaseRef, by string, now time.Time) api.Release {
	return api.Release{Version: api.ReleaseVersion, Release: to.Release, Artifact: to.Artifact, SHA256: to.SHA256,
		Signature: to.Signature, ConfigRev: to.ConfigRev, CreatedAt: now.UTC(), CreatedBy: by,
		MaxInFlight: cur.MaxInFlight, NoRollback: cur.NoRollback, RollbackOf: cur.Release}
}
