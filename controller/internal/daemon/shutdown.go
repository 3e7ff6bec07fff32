package daemon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// releaseTimeout bounds releasing the locks and the heartbeat at shutdown,
// on top of ShutdownTimeout for the passes under way.
const releaseTimeout = 10 * time.Second

// drain stops every runner and waits until each has finished its pass and
// released its lock, for at most ShutdownTimeout + releaseTimeout.
func (d *Daemon) drain(ctx context.Context) error {
	d.stopping.Store(true)
	runners := d.runnerList()
	for _, r := range runners {
		r.cancel()
	}
	d.log.InfoContext(ctx, "shutting down: letting passes under way finish", "runners", len(runners))
	all := make(chan struct{})
	go func() {
		d.runnersDone.Wait()
		close(all)
	}()
	limit := d.cfg.ShutdownTimeout + releaseTimeout
	t := d.cfg.Clock.NewTimer(limit)
	defer t.Stop()
	select {
	case <-all:
		return nil
	case <-t.C():
		return fmt.Errorf("shutdown: service loops still busy %v after it began", limit)
	}
}

// finish releases the heartbeat and stops the HTTP server (nil: none).
func (d *Daemon) finish(ctx context.Context, srv *http.Server) error {
	rctx, cancel := withTimeout(ctx, d.cfg.Clock, releaseTimeout)
	defer cancel()
	err := d.hb.release(rctx)
	if srv != nil {
		if serr := srv.Shutdown(rctx); serr != nil {
			err = errors.Join(err, fmt.Errorf("stop http server: %w", serr))
		}
	}
	if err != nil {
		d.log.ErrorContext(ctx, "controller stopped uncleanly", "error", err)
		return err
	}
	d.log.InfoContext(ctx, "controller stopped")
	return nil
}
