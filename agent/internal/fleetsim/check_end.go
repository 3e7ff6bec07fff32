package fleetsim

import (
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// checkEnd runs the end-of-scenario checks on the settled fleet and its
// final record rec (w.mu held).
func (w *world) checkEnd(rec *api.Release) {
	for _, id := range w.liveIDs() {
		b := w.boxes[id]
		serving, _ := b.view()
		b.mu.Lock()
		failed := b.failed
		b.mu.Unlock()
		if why := w.endProblem(id, serving, failed, rec); why != "" {
			w.violatef("invariant 3 (end state): %s %s", id, why)
		}
		w.checkBootAtEnd(id, serving, rec)
	}
	w.recheckHalts()
	w.checkExpectations(rec)
}

// endProblem is invariant 3 for one live box: why it may not end on
// serving under the final record rec (S), "" when it may. Allowed:
//   - S's target;
//   - when S is halted: S's last good release (a box that booted during
//     the halt, or held on it); what the box served or was rolling to
//     when the halt was written (a serving box holds, and a roll in
//     progress is never cut short); nothing, when S has no last good (a
//     box that booted during the halt has nothing to bring up);
//   - nothing, when the box failed S for good while it served nothing: a
//     new box's failed start does not halt the release, and the box
//     waits for a new record.
//
// In particular a box stuck on an older release under a record that is
// not halted is a violation, even if that release is the last good one,
// and so is a serving box that failed S for good while S is not halted
// (its failure should have halted S).
func (w *world) endProblem(id string, serving fleet.Target, failed fleet.Failure, rec *api.Release) string {
	want, good := fleet.TargetOf(rec), lastGood(rec)
	switch {
	case serving == want:
		return ""
	case rec.Halt != nil:
		if serving == good || (serving.IsZero() && good.IsZero()) {
			return ""
		}
		for _, t := range w.chk.heldAtHalt[rec.Seq][id] {
			if serving == t {
				return ""
			}
		}
		return fmt.Sprintf("serves %s under the halted record seq %d (target %s, last good %s), and served %v when it halted",
			serving, rec.Seq, want, good, w.chk.heldAtHalt[rec.Seq][id])
	case serving.IsZero() && failed.Seq == rec.Seq:
		return ""
	case failed.Seq == rec.Seq:
		return fmt.Sprintf("serves %s: it failed %s of seq %d for good, yet that record is not halted", serving, failed.Target, rec.Seq)
	}
	return fmt.Sprintf("serves %s; the final record seq %d asks for %s and is not halted", serving, rec.Seq, want)
}

// checkExpectations checks what the scenario itself promises (w.mu held):
// the scenario's release, once a paced roll of it failed for good while
// it was still the newest record, is halted (a box serving nothing that
// fails to start it does not halt it); a bad release that was halted is
// then rolled back to its last good release, or stays halted when it has
// no_rollback or no last good; and a scenario where no box fails any
// release halts nothing.
func (w *world) checkExpectations(rec *api.Release) {
	newSpec := w.p.Acts[0].Release
	seq := w.chk.newSeq
	written := w.chk.records[seq]
	_, halted := w.chk.haltIndex[seq]
	first, failed := w.chk.failedPaced[seq]
	switch {
	case written == nil:
		w.violatef("expectation: the scenario's release %s was never written", newSpec.Target())
	case failed && !halted && w.chk.latest.Seq == seq:
		w.violatef("expectation: %s failed %s (seq %d) for good on a paced roll, yet it was never halted", first, newSpec.Target(), seq)
	case !newSpec.Bad:
		if len(w.chk.haltIndex) > 0 && !w.c.Mix.BadBox {
			w.violatef("expectation: no release fails in this scenario, yet a record was halted (final record %s)", describe(rec))
		}
	case !halted:
		// Only boxes serving nothing tried it: nothing halts it.
	case newSpec.NoRollback || written.LastGood == nil:
		if rec.Seq != seq {
			w.violatef("expectation: the bad release %s (seq %d) cannot be rolled back, yet the final record is %s", newSpec.Target(), seq, describe(rec))
		}
	case rec.Seq != seq+1 || rec.RollbackOf != newSpec.ID || fleet.TargetOf(rec) != lastGood(written):
		w.violatef("expectation: the bad release %s (seq %d) is rolled back to %s, yet the final record is %s",
			newSpec.Target(), seq, lastGood(written), describe(rec))
	}
}
