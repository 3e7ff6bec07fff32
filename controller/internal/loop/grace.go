package loop

import "context"

// passContext returns the context Run's passes use and a func that ends it.
// It carries ctx's values but not its cancellation: once ctx ends, it is
// cancelled PassGrace later on the loop's clock, or by stop, whichever
// comes first. With a negative PassGrace it is ctx itself.
func (l *Loop) passContext(ctx context.Context) (passCtx context.Context, stop func()) {
	if l.cfg.PassGrace < 0 {
		return ctx, func() {}
	}
	passCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stopAfter := context.AfterFunc(ctx, func() {
		if passCtx.Err() != nil {
			return
		}
		t := l.cfg.Clock.NewTimer(l.cfg.PassGrace)
		defer t.Stop()
		select {
		case <-t.C():
			cancel()
		case <-passCtx.Done():
		}
	})
	return passCtx, func() {
		stopAfter()
		cancel()
	}
}
