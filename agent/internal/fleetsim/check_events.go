package fleetsim

import (
	"github.com/asgctl/asgctl/agent/internal/coord"
)

// onEvent checks the invariants at each step a coordinator reports. A run
// that crashed or stopped is not its box's any more: its steps are
// ignored.
func (inc *incarnation) onEvent(e coord.Event) {
	w := inc.w
	w.mu.Lock()
	defer w.mu.Unlock()
	id := inc.box.spec.ID
	if w.runs[id] != inc {
		return
	}
	switch e.Kind {
	case coord.EventRollStart:
		w.rollStarted(inc, e)
	case coord.EventRollEnd:
		delete(w.chk.rolls, id)
		w.tracef("%s: roll to %s ends (seq %d): %v", id, e.Target, e.Seq, errText(e.Err))
		if _, ok := w.chk.failedPaced[e.Seq]; !ok && e.Paced && coord.IsFinal(e.Err) {
			w.chk.failedPaced[e.Seq] = id
		}
	case coord.EventSlotReleased:
		w.tracef("%s: pacing slot given back (seq %d)", id, e.Seq)
	case coord.EventHalted:
		w.tracef("%s: recorded the halt of seq %d", id, e.Seq)
	}
}

// rollStarted checks invariants 1, 2 and 4 as a roll starts (w.mu held).
func (w *world) rollStarted(inc *incarnation, e coord.Event) {
	id := inc.box.spec.ID
	serving, _ := inc.box.view()
	w.tracef("%s: roll from %s to %s starts (seq %d, paced %v, limit %d, record read at index %d)",
		id, serving, e.Target, e.Seq, e.Paced, e.Limit, e.Index)
	w.checkPacing(id, serving, e)
	w.checkHaltAtStart(inc, e)
	w.checkBootAtStart(inc, e)
	w.chk.rolls[id] = rollInfo{seq: e.Seq, target: e.Target, paced: e.Paced}
	if e.Paced {
		_, known := w.chk.haltIndex[e.Seq]
		w.chk.starts = append(w.chk.starts, pacedStart{box: id, seq: e.Seq, index: e.Index, at: w.since(), checked: known})
	}
}

func errText(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}
