package fleetsim

import (
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
)

// checks is the invariants' bookkeeping, guarded by world.mu.
type checks struct {
	records map[int]*api.Release // each seq's newest content
	latest  *api.Release         // the newest record written
	// haltIndex is the index at which each seq's halt was written.
	haltIndex map[int]uint64
	// heldAtHalt is, for each halted seq, what every box of the fleet
	// served, or was rolling to, when the halt was written.
	heldAtHalt map[int]map[string][]fleet.Target
	rolls      map[string]rollInfo // each box's roll in progress
	starts     []pacedStart        // every paced roll started
	// failedPaced names, for each seq, the first box whose paced roll of
	// it failed for good.
	failedPaced map[int]string
	// bootedHalted: the boxes whose agent started serving nothing while
	// the record was halted with a last good release.
	bootedHalted map[string]haltBoot
	// grants is each box's last pacing slot grant, and slotHolders the
	// holders of the semaphore's record as last written.
	grants      map[string]grant
	slotHolders map[string]bool
	// reportSession is the session last seen taking each report key;
	// liveChangedAt the last instant one changed hands.
	reportSession map[string]string
	liveChangedAt time.Time
	// newSeq is the seq of the scenario's first write (0: not yet).
	newSeq int
}

// rollInfo is a roll in progress.
type rollInfo struct {
	seq    int
	target fleet.Target
	paced  bool
}

// pacedStart is a paced roll's start, for the final check of invariant
// 2 (its halt may be learnt after the start was seen).
type pacedStart struct {
	box     string
	seq     int
	index   uint64
	at      time.Duration
	checked bool // the seq's halt index was known at the start
}

// haltBoot is a box that booted during the halt of seq, with last good
// release good.
type haltBoot struct {
	seq  int
	good fleet.Target
}

func newChecks() checks {
	return checks{records: map[int]*api.Release{}, haltIndex: map[int]uint64{}, heldAtHalt: map[int]map[string][]fleet.Target{},
		rolls: map[string]rollInfo{}, failedPaced: map[int]string{}, bootedHalted: map[string]haltBoot{},
		grants: map[string]grant{}, slotHolders: map[string]bool{}, reportSession: map[string]string{}}
}

// recordEntry hears of every value written to the deploys key (w.mu
// held: see storeLog).
func (w *world) recordEntry(e *consulkv.Entry) {
	if rec, err := api.DecodeRelease(e.Value); err == nil {
		w.recordWritten(rec, e.ModifyIndex)
	}
}

// recordWritten notes a record written at index (w.mu held).
func (w *world) recordWritten(rec *api.Release, index uint64) {
	c := &w.chk
	c.records[rec.Seq], c.latest = rec, rec
	if rec.Halt == nil || c.haltIndex[rec.Seq] != 0 {
		w.tracef("record written at index %d: %s", index, describe(rec))
		return
	}
	c.haltIndex[rec.Seq] = index
	c.heldAtHalt[rec.Seq] = w.holdings()
	w.tracef("record halted at index %d: %s: %s", index, describe(rec), rec.Halt.Error)
	select {
	case <-w.halted:
	default:
		close(w.halted)
	}
}

// holdings is what every box still in the fleet serves, and the target
// of its roll in progress (w.mu held).
func (w *world) holdings() map[string][]fleet.Target {
	out := map[string][]fleet.Target{}
	for id, b := range w.boxes {
		if w.gone[id] {
			continue
		}
		serving, rolling := b.view()
		out[id] = []fleet.Target{serving}
		if rolling != nil {
			out[id] = append(out[id], *rolling)
		}
	}
	return out
}

// booted notes a run that starts serving nothing while the record is
// halted with a last good release: invariant 4 holds it to that release
// (w.mu held).
func (c *checks) booted(w *world, inc *incarnation) {
	serving, _ := inc.box.view()
	rec := c.latest
	if serving.IsZero() && rec != nil && rec.Halt != nil && rec.LastGood != nil {
		c.bootedHalted[inc.box.spec.ID] = haltBoot{seq: rec.Seq, good: lastGood(rec)}
		w.tracef("%s boots serving nothing while seq %d is halted; it must serve the last good %s", inc.box.spec.ID, rec.Seq, lastGood(rec))
	}
}

// stopped forgets the roll of a box whose run crashed or stopped: the
// box is not moving any more (w.mu held).
func (c *checks) stopped(id string) { delete(c.rolls, id) }
