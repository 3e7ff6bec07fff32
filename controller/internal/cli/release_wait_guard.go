package cli

import (
	"fmt"

	"github.com/asgctl/asgctl/controller/fleet"
	"github.com/asgctl/asgctl/controller/internal/releases"
)

// rollback handles a halted record with a rollback due. With --inline it
// applies the release guard here (which writes the rollback) and follows
// on. Without, a running controller writes it: following goes on while a
// controller heartbeat is live; with none at the halt, or none for
// ControllerGrace since, it ends with exit 1 and says how to roll back.
func (f *releaseFollow) rollback(v releaseVerdict) (done bool, err error) {
	if !f.shown {
		f.progress(v.Message)
		f.showFailures()
	}
	if f.inline {
		res, err := releases.Guard(f.e.ctx, f.e.backend, f.svc, f.e.deps.User, f.e.deps.Clock.Now())
		if err != nil {
			return true, failed("roll back "+f.svc, err)
		}
		if res.Written && res.Action.Kind == fleet.GuardRollback {
			f.progress(fmt.Sprintf("rolled the fleet back to %s as seq %d", res.Action.Next.Release, res.Action.Next.Seq))
		}
		return false, nil
	}
	now := f.e.deps.Clock.Now()
	if ctrls, err := f.e.store.Controllers(f.e.ctx); err == nil && len(ctrls) > 0 {
		f.ctrlSeen, f.awaiting = now, true
		f.progress("waiting for the controller to roll the fleet back to " + v.Target)
		return false, nil
	}
	if f.awaiting && now.Sub(f.ctrlSeen) < f.e.deps.ControllerGrace {
		return false, nil
	}
	return true, f.finish("halted", ExitFailed, fmt.Sprintf("%s\nno controller is running to roll the fleet back to %s: "+
		"roll back with `asgctl release rollback %s` (or start `asgctl controller`)", v.Message, v.Target, f.svc))
}

// promote applies the release guard once after the followed record
// completed: the record becomes the fleet's last good release, so boxes
// that boot from now on take it directly even with no controller running.
// It returns what to add to the final message.
func (f *releaseFollow) promote() string {
	res, err := releases.Guard(f.e.ctx, f.e.backend, f.svc, f.e.deps.User, f.e.deps.Clock.Now())
	if err != nil {
		fmt.Fprintf(f.e.stderr(), "asgctl: warning: could not record the last good release: %v\n", err)
		return ""
	}
	if res.Written && res.Action.Kind == fleet.GuardPromote {
		f.rec = res.Action.Next
		return "; recorded as the last good release"
	}
	return ""
}
