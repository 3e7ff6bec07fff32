package loop

import (
	"context"

	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// runsHook reports whether p runs a verify hook, which may take longer
// than the lock's TTL.
func runsHook(p reconcile.Plan) bool {
	for _, a := range p.Actions {
		if a.Kind == reconcile.ActRunHook {
			return true
		}
	}
	return false
}

// renewDuring keeps the held lock renewed, every LockRenew, while a long
// action runs, and cancels the returned context as soon as the lock is
// lost (another controller may then act for the service: a hook cut short
// records nothing). stop ends it.
func (l *Loop) renewDuring(ctx context.Context) (actx context.Context, stop func()) {
	actx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			t := l.cfg.Clock.NewTimer(l.cfg.LockRenew)
			select {
			case <-actx.Done():
				t.Stop()
				return
			case <-l.lost():
				t.Stop()
				cancel()
				return
			case <-t.C():
				if !l.renewBetween(actx) && !l.Held() {
					cancel()
					return
				}
			}
		}
	}()
	return actx, func() {
		cancel()
		<-done
	}
}
