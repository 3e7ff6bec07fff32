package fleetsim

import (
	"context"
	"time"
)

// closeTimeout bounds a clean shutdown's withdrawal of the report.
const closeTimeout = 10 * time.Second

// join boots a new box.
func (w *world) join(spec boxSpec) error {
	return w.boot(w.newBox(spec))
}

// crash kills the live run of box id without any cleanup: its Consul
// calls fail from now on, its box no longer hears from it, and its
// sessions (report, pacing slot) lapse on their TTL. The box keeps what
// it serves; a roll in progress stops there.
func (w *world) crash(id string) {
	w.mu.Lock()
	inc := w.runs[id]
	if inc == nil {
		w.mu.Unlock()
		return
	}
	close(inc.dead)
	delete(w.runs, id)
	w.chk.stopped(id)
	w.tracef("%s: agent crashes", id)
	w.mu.Unlock()
	inc.cancel()
}

// failureRestart is how long an agent that crashed on recording its
// failure (CrashOnFailure) stays down.
const failureRestart = 5 * time.Second

// failureRecorded hears that box id recorded a failure for good; with
// CrashOnFailure the first such box's agent crashes right there.
func (w *world) failureRecorded(id string) {
	w.mu.Lock()
	crash := w.c.Mix.CrashOnFailure && !w.crashedOnFailure
	w.crashedOnFailure = w.crashedOnFailure || crash
	w.mu.Unlock()
	if crash {
		w.crashAndRestart(id, failureRestart)
	}
}

// crashAndRestart crashes the run of box id now and restarts it after d,
// on a goroutine the settling and stopAll wait for (none once stopAll
// began).
func (w *world) crashAndRestart(id string, d time.Duration) {
	w.crash(id)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopping {
		return
	}
	w.restarting++
	w.pending.Add(1)
	go func() {
		defer w.pending.Done()
		w.sleep(d)
		if err := w.restart(id); err != nil {
			w.fail("%v", err)
		}
		w.mu.Lock()
		w.restarting--
		w.mu.Unlock()
	}()
}

// restart boots box id again unless it runs or left the fleet.
func (w *world) restart(id string) error {
	w.mu.Lock()
	b, skip := w.boxes[id], w.gone[id] || w.runs[id] != nil
	w.mu.Unlock()
	if skip || b == nil {
		return nil
	}
	return w.boot(b)
}

// leave takes box id out of the fleet for good: cleanly (the agent
// stops, giving its slot back and withdrawing its report) or as a
// terminated instance (nothing is given back; its sessions lapse).
func (w *world) leave(id string, graceful bool) {
	w.mu.Lock()
	inc := w.runs[id]
	w.gone[id] = true
	w.tracef("%s: leaves the fleet (clean shutdown: %v)", id, graceful)
	if inc == nil {
		w.mu.Unlock()
		return
	}
	delete(w.runs, id)
	w.chk.stopped(id)
	if !graceful {
		close(inc.dead)
	}
	w.mu.Unlock()
	inc.cancel()
	if !graceful {
		return
	}
	<-inc.done
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	if err := inc.reporter.Close(ctx); err == nil {
		w.mu.Lock()
		w.chk.liveChangedAt = w.clk.Now()
		w.mu.Unlock()
	}
}

// stopAll waits for the pending restarts, then ends every run and waits
// for their goroutines.
func (w *world) stopAll() {
	w.mu.Lock()
	w.stopping = true
	w.mu.Unlock()
	w.pending.Wait()
	w.mu.Lock()
	all := append([]*incarnation(nil), w.all...)
	w.runs = map[string]*incarnation{}
	w.mu.Unlock()
	for _, inc := range all {
		inc.cancel()
	}
	for _, inc := range all {
		<-inc.done
	}
}
