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

// Rollback is what a rollback of cur asks for (for Successor): cur's last
// good release, paced like cur, naming cur's release as what it rolls back
// from. ok is false when there is nothing to roll back to.
func Rollback(cur *api.Release, by string, now time.Time) (want api.Release, ok bool) {
	good, ok := RollbackTarget(cur)
	if !ok {
		return api.Release{}, false
	}
	return api.Release{Version: api.ReleaseVersion, Release: good.Release, Artifact: good.Artifact, SHA256: good.SHA256,
		Signature: good.Signature, ConfigRev: good.ConfigRev, CreatedAt: now.UTC(), CreatedBy: by,
		MaxInFlight: cur.MaxInFlight, NoRollback: cur.NoRollback, RollbackOf: cur.Release}, true
}
