package fleetsim

import (
	"sync"
	"time"
)

// haltWait bounds how long an act that follows the first halt waits for
// it; a halt that never comes is the expectations' to report.
const haltWait = 20 * time.Minute

// runActs plays the scenario's acts, each on its own goroutine, and
// returns once all are done.
func (w *world) runActs() {
	var wg sync.WaitGroup
	for i, a := range w.p.Acts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.runAct(i, a)
		}()
	}
	wg.Wait()
}

// runAct plays act number i.
func (w *world) runAct(i int, a act) {
	if a.AfterHalt {
		w.waitHalt()
	}
	w.sleep(a.At)
	switch a.Kind {
	case actWrite:
		seq := w.writeRelease(a.Release)
		if i == 0 {
			w.mu.Lock()
			w.chk.newSeq = seq
			w.mu.Unlock()
		}
	case actJoin:
		if err := w.join(a.Joiner); err != nil {
			w.fail("%v", err)
		}
	case actCrash:
		id := w.p.Boxes[a.Box].ID
		w.crash(id)
		w.sleep(a.For)
		if err := w.restart(id); err != nil {
			w.fail("%v", err)
		}
	case actLeave:
		w.leave(w.p.Boxes[a.Box].ID, a.Graceful)
	case actOutage:
		w.faults.outage(a.For)
		w.mu.Lock()
		w.tracef("consul outage for %s", a.For)
		w.mu.Unlock()
	}
}

// waitHalt waits for the first halt, at most haltWait.
func (w *world) waitHalt() {
	t := w.clk.NewTimer(haltWait)
	defer t.Stop()
	select {
	case <-w.halted:
	case <-t.C():
		w.mu.Lock()
		w.tracef("no halt within %s; acting anyway", haltWait)
		w.mu.Unlock()
	}
}
