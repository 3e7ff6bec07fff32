package fleetsim

import (
	"context"
	"sort"
	"strings"

	"github.com/asgctl/asgctl/agent/internal/coord"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// checkPacing is invariant 1, as box id starts a roll (w.mu held):
//   - a box that serves something rolls only with a pacing slot;
//   - the boxes in a paced roll at that moment, this one included, are at
//     most the limit its slot was granted under;
//   - that limit is fleet.Limit of the record for the live agent reports
//     counted when the slot was granted. A report key that changed hands
//     at that very instant (an agent booting or stopping) leaves the
//     count ambiguous, and only then is a mismatch let go.
//
// The grant and its limit are read from the semaphore's record as it is
// written (see slotsEntry), not from the event: a grant whose answer was
// lost is confirmed by a later attempt, whose limit is the one the
// coordinator reports (see the trace note), though the slot was granted
// under the first.
func (w *world) checkPacing(id string, serving fleet.Target, e coord.Event) {
	if !e.Paced {
		if !serving.IsZero() {
			w.violatef("invariant 1 (pacing): %s serves %s and started rolling to %s (seq %d) without a pacing slot",
				id, serving, e.Target, e.Seq)
		}
		return
	}
	g, ok := w.chk.grants[id]
	if !ok {
		w.violatef("invariant 1 (pacing): %s started a paced roll of seq %d, but the semaphore never granted it a slot", id, e.Seq)
		return
	}
	if e.Limit != g.limit {
		w.tracef("%s: the coordinator reports limit %d; its slot was granted under limit %d", id, e.Limit, g.limit)
	}
	w.checkInFlight(id, e.Seq, g.limit)
	rec := w.chk.records[e.Seq]
	if rec == nil {
		w.violatef("invariant 1 (pacing): %s started a paced roll of seq %d, a record never written", id, e.Seq)
		return
	}
	if want := fleet.Limit(rec, g.live); g.limit != want && !w.chk.liveChangedAt.Equal(g.at) {
		w.violatef("invariant 1 (pacing): %s was granted a slot under limit %d for seq %d (max_in_flight %q), but the %d live agent reports then make the limit %d",
			id, g.limit, e.Seq, rec.MaxInFlight, g.live, want)
	}
}

// checkInFlight checks that box id, starting a paced roll of seq, and the
// boxes already in a paced roll are at most limit (w.mu held).
func (w *world) checkInFlight(id string, seq, limit int) {
	var others []string
	for other, r := range w.chk.rolls {
		if r.paced && other != id {
			others = append(others, other)
		}
	}
	if len(others)+1 > limit {
		sort.Strings(others)
		w.violatef("invariant 1 (pacing): %s started a paced roll of seq %d under limit %d while %d other boxes were in a paced roll (%s)",
			id, seq, limit, len(others), strings.Join(others, ", "))
	}
}

// liveCount is how many agent report keys a session holds now, read from
// the store without faults (w.mu may be held: the store never calls back).
func (w *world) liveCount() int {
	entries, _, err := w.mem.List(context.Background(), api.KeyAgentsPrefix(svc), nil)
	if err != nil {
		return -1
	}
	n := 0
	for _, e := range entries {
		if e.Session != "" {
			n++
		}
	}
	return n
}
