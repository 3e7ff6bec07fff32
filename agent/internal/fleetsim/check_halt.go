package fleetsim

import (
	"github.com/asgctl/asgctl/agent/internal/coord"
	"github.com/asgctl/asgctl/controller/fleet"
)

// checkHaltAtStart is invariant 2 (a halted release never reaches another
// box), as a roll starts (w.mu held):
//   - no paced roll of seq S starts from a read of the record (Event.Index,
//     the record's ModifyIndex) at or after the index at which S's halt
//     was written;
//   - no box serving nothing starts S's own target (an unpaced start,
//     which has no second read) on a decision made on a record that
//     already says S is halted;
//   - S halts after its first failure: once a paced roll of S failed for
//     good, no paced roll of S starts under limit 1. A grant under limit 1
//     means no other box held a live slot: the failed box had given its
//     slot back, or lost it (its session lapsed: it crashed, or Consul did
//     not hear from it), after its roll ended. So the new roll was cleared
//     after the failure, and a halt recorded before the failed box let go
//     of its slot would have stopped it.
func (w *world) checkHaltAtStart(inc *incarnation, e coord.Event) {
	id := inc.box.spec.ID
	if !e.Paced {
		rec := inc.last.rec
		if rec != nil && rec.Seq == e.Seq && rec.Halt != nil && e.Target == fleet.TargetOf(rec) {
			w.violatef("invariant 2 (halt): %s started %s, the halted release of seq %d, on a decision made on the halted record",
				id, e.Target, e.Seq)
		}
		return
	}
	if h, ok := w.chk.haltIndex[e.Seq]; ok && e.Index >= h {
		w.violatef("invariant 2 (halt): %s started a paced roll of seq %d from a read at index %d, at or after index %d where its halt was written",
			id, e.Seq, e.Index, h)
	}
	if first, ok := w.chk.failedPaced[e.Seq]; ok && e.Limit == 1 {
		w.violatef("invariant 2 (halt): %s started a paced roll of seq %d under limit 1 after %s's paced roll of it had failed for good: the release did not halt after its first failure",
			id, e.Seq, first)
	}
}

// recheckHalts applies the first rule of invariant 2 again at the end, to
// the paced starts seen before their seq's halt index was known (w.mu
// held).
func (w *world) recheckHalts() {
	for _, s := range w.chk.starts {
		if h, ok := w.chk.haltIndex[s.seq]; ok && !s.checked && s.index >= h {
			w.violatef("invariant 2 (halt): %s started a paced roll of seq %d at %s from a read at index %d, at or after index %d where its halt was written",
				s.box, s.seq, s.at, s.index, h)
		}
	}
}
