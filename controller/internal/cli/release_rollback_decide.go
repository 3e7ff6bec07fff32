package cli

import (
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// decideReleaseRollback decides `release rollback SVC` on the current
// record cur and the history (newest first): roll back to what
// fleet.RollbackTo picks, written by by at now; nothing when cur already
// is a rollback (repeating the command, or racing the controller's guard,
// writes one rollback); refused when there is nothing to go back to. Pure.
func decideReleaseRollback(svc string, cur *api.Release, history []api.ReleaseHistory, by string, now time.Time) releaseDecision {
	if cur == nil {
		return releaseDecision{Kind: releaseNoRollback, Message: fmt.Sprintf(
			"%s has no release record yet, so there is nothing to roll back", svc)}
	}
	if cur.RollbackOf != "" {
		return releaseDecision{Kind: releaseUnchanged, Message: fmt.Sprintf(
			"release %s (seq %d) already rolls the fleet back from %s; nothing to do (to go further back, release an older id: "+
				"asgctl release %s --artifact … --sha256 … --id R)", cur.Release, cur.Seq, cur.RollbackOf, svc)}
	}
	to, ok := fleet.RollbackTo(cur, history)
	if !ok {
		return releaseDecision{Kind: releaseNoRollback, Message: fmt.Sprintf(
			"nothing to roll back to: no release of %s other than %s was ready on every live instance (of the last %d records kept)",
			svc, cur.Release, api.ReleaseHistoryLimit)}
	}
	if fleet.RefTarget(to) == fleet.TargetOf(cur) {
		return releaseDecision{Kind: releaseUnchanged, Message: fmt.Sprintf(
			"the fleet's release already is %s config_rev %d, the one a rollback would return to; nothing to do", to.Release, to.ConfigRev)}
	}
	want := fleet.Rollback(cur, to, by, now)
	return releaseDecision{Kind: releaseRollback, Next: &want}
}
