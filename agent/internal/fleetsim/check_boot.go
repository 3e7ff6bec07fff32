package fleetsim

import (
	"github.com/asgctl/asgctl/agent/internal/coord"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// checkBootAtStart is invariant 4 as a roll starts (w.mu held): a box
// whose agent started serving nothing while seq S was halted with last
// good G brings up G, and nothing else, while it still decides on the
// halted S.
func (w *world) checkBootAtStart(inc *incarnation, e coord.Event) {
	id := inc.box.spec.ID
	bh, ok := w.chk.bootedHalted[id]
	rec := inc.last.rec
	if !ok || e.Paced || rec == nil || rec.Seq != bh.seq || rec.Halt == nil || e.Target == bh.good {
		return
	}
	w.violatef("invariant 4 (boot while halted): %s booted while seq %d was halted with last good %s, and started %s",
		id, bh.seq, bh.good, e.Target)
}

// checkBootAtEnd is invariant 4 once the fleet settled (w.mu held): a
// box that booted during the halt of seq S serves S's last good release
// if S is still the record.
func (w *world) checkBootAtEnd(id string, serving fleet.Target, rec *api.Release) {
	bh, ok := w.chk.bootedHalted[id]
	if ok && rec.Seq == bh.seq && serving != bh.good {
		w.violatef("invariant 4 (boot while halted): %s booted while seq %d was halted with last good %s, and serves %s at the end",
			id, bh.seq, bh.good, serving)
	}
}
