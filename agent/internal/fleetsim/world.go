package fleetsim

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
)

// svc is the simulated service.
const svc = "web"

// Decider is what an agent decides with: fleet.DecideAgent, or a broken
// one to show an invariant firing.
type Decider func(fleet.AgentView) fleet.Decision

// world is one seed's fleet: the store, the boxes and their agents' runs,
// and the checker's bookkeeping.
type world struct {
	c      Case
	p      plan
	clk    clock.Clock
	log    *slog.Logger
	mem    *consulkv.Memory
	store  *storeLog
	faults *faults
	decide Decider
	start  time.Time
	t0     time.Time // when the scenario started (zero: not yet); guarded by mu

	mu         sync.Mutex
	boxes      map[string]*simBox
	order      []string                // box ids, in the order they first booted
	runs       map[string]*incarnation // the live run of each box (none: crashed or gone)
	gone       map[string]bool         // boxes that left the fleet
	all        []*incarnation          // every run ever, to wait for at the end
	chk        checks
	violations []string
	trace      []string
	halted     chan struct{}  // closed once the first halt is written
	restarting int            // crashed runs whose restart is pending
	pending    sync.WaitGroup // the goroutines that restart them
	stopping   bool           // stopAll began: no more restarts
	// crashedOnFailure: a CrashOnFailure crash happened.
	crashedOnFailure bool
}

func newWorld(c Case, decide Decider, log *slog.Logger) *world {
	clk := clock.Real{} // the synctest bubble's virtual time
	w := &world{c: c, p: drawPlan(c), clk: clk, log: log, mem: consulkv.NewMemory(clk),
		faults: newFaults(clk, c.Seed, c.Mix), decide: decide, start: clk.Now(),
		boxes: map[string]*simBox{}, runs: map[string]*incarnation{}, gone: map[string]bool{},
		chk: newChecks(), halted: make(chan struct{})}
	w.store = &storeLog{Backend: w.mem, mu: &w.mu, watched: map[string]func(*consulkv.Entry){
		api.KeyDeploy(svc): w.recordEntry, slotsRecordKey: w.slotsEntry}}
	return w
}

// newBox makes the box of spec.
func (w *world) newBox(spec boxSpec) *simBox {
	b := &simBox{spec: spec, clk: w.clk, onDisk: map[string]bool{},
		renderFails: func(actor string) bool { return w.faults.draw(actor+" render", 1) }}
	b.onFailed = func() { w.failureRecorded(spec.ID) }
	b.fails = func(t fleet.Target) bool { return w.releaseFails(spec, t) }
	w.mu.Lock()
	if !w.t0.IsZero() {
		b.flakyUntil = w.t0.Add(spec.FlakyFor)
	}
	w.boxes[spec.ID] = b
	w.order = append(w.order, spec.ID)
	w.mu.Unlock()
	return b
}

// releaseFails reports whether the box of spec fails t for good.
func (w *world) releaseFails(spec boxSpec, t fleet.Target) bool {
	for _, a := range w.p.Acts {
		if a.Kind == actWrite && a.Release.Bad && a.Release.Target() == t {
			return true
		}
	}
	return spec.FailsNew && t == w.p.New
}

// nextRun is the number of b's next agent run (1 for its first).
func (w *world) nextRun(b *simBox) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 1
	for _, other := range w.all {
		if other.box == b {
			n++
		}
	}
	return n
}

// register makes inc its box's live run.
func (w *world) register(inc *incarnation) {
	w.mu.Lock()
	defer w.mu.Unlock()
	id := inc.box.spec.ID
	w.runs[id] = inc
	w.all = append(w.all, inc)
	w.chk.booted(w, inc)
	serving, _ := inc.box.view()
	w.tracef("%s: agent run %d starts (serving %s)", id, inc.n, serving)
}

// since is the simulated time since the run started.
func (w *world) since() time.Duration { return w.clk.Now().Sub(w.start) }

// tracef adds a line to the trace (w.mu held).
func (w *world) tracef(format string, args ...any) {
	w.trace = append(w.trace, fmt.Sprintf("%9s  %s", w.since().Round(time.Millisecond), fmt.Sprintf(format, args...)))
}

// notef adds a line to the trace (w.mu not held).
func (w *world) notef(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.tracef(format, args...)
}

// violatef records a violation (w.mu held).
func (w *world) violatef(format string, args ...any) {
	msg := fmt.Sprintf("at %s: %s", w.since().Round(time.Millisecond), fmt.Sprintf(format, args...))
	w.violations = append(w.violations, msg)
	w.trace = append(w.trace, "VIOLATION "+msg)
}

// liveIDs are the ids of the boxes with a live run, in boot order (w.mu
// held).
func (w *world) liveIDs() []string {
	var out []string
	for _, id := range w.order {
		if w.runs[id] != nil {
			out = append(out, id)
		}
	}
	return out
}

// acquired hears of every Acquire that landed: a report key taken by a
// new session is a change of the live fleet at this instant.
func (w *world) acquired(key, session string) {
	if !strings.HasPrefix(key, api.KeyAgentsPrefix(svc)) {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.chk.reportSession[key] != session {
		w.chk.reportSession[key] = session
		w.chk.liveChangedAt = w.clk.Now()
	}
}
