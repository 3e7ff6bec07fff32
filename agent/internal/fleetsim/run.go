package fleetsim

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/asgctl/asgctl/controller/fleet"
)

// Settling bounds: the first release must be up within FirstSettleBudget
// of being written, and the fleet must settle within SettleBudget of the
// scenario's last act. Not settling is a violation.
const (
	FirstSettleBudget = 30 * time.Minute
	SettleBudget      = 90 * time.Minute
)

// firstWriteAt is when the writer writes the fleet's first release, and
// firstPoll how often firstUp looks for a box serving it.
const (
	firstWriteAt = 3 * time.Second
	firstPoll    = 100 * time.Millisecond
)

// Outcome is what one seed came to.
type Outcome struct {
	Case       Case
	Violations []string
	// Trace is the run's story: records written, rolls, crashes, joins.
	Trace []string
	// Simulated is the simulated time the run took; Settled the part of
	// it from the last act until the fleet settled.
	Simulated, Settled time.Duration
}

// Run plays case c and checks the invariants. It must be called inside a
// testing/synctest bubble (see the package comment). decide nil is
// fleet.DecideAgent; log hears the agents' logs.
func Run(c Case, decide Decider, log *slog.Logger) Outcome {
	if decide == nil {
		decide = fleet.DecideAgent
	}
	w := newWorld(c, decide, log)
	ctx, cancel := context.WithCancel(context.Background())
	guardDone := make(chan struct{})
	go func() { defer close(guardDone); w.runGuard(ctx) }()
	settled := w.play()
	cancel()
	<-guardDone
	w.stopAll()
	w.mu.Lock()
	defer w.mu.Unlock()
	return Outcome{Case: c, Violations: w.violations, Trace: w.trace, Simulated: w.since(), Settled: settled}
}

// play runs the fleet's first release, the scenario's acts and the
// settling, and checks the end state. It returns the settling time.
func (w *world) play() time.Duration {
	if !w.bootFleet() {
		return 0
	}
	if why := w.firstUp(); why != "" {
		w.fail("%s", why)
		return 0
	}
	w.startFaults()
	w.runActs()
	why, took := w.settle(SettleBudget)
	if why != "" {
		w.fail("invariant 3 (settling): the fleet did not settle within %s of the last act: %s", SettleBudget, why)
		return took
	}
	rec, _, _, _ := readState(context.Background(), w.mem)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.tracef("settled after %s on %s", took, describe(rec))
	w.checkEnd(rec)
	return took
}

// firstUp waits until the first release is up on the whole fleet (the
// fleet settled), or with SettleFirst off until one box serves it; it
// says what did not happen within FirstSettleBudget.
func (w *world) firstUp() string {
	if w.p.SettleFirst {
		if why, _ := w.settle(FirstSettleBudget); why != "" {
			return fmt.Sprintf("invariant 3 (settling): the first release did not settle within %s: %s", FirstSettleBudget, why)
		}
		return ""
	}
	deadline := w.clk.Now().Add(FirstSettleBudget)
	for !w.anyServes(w.p.First.Target()) {
		if w.clk.Now().After(deadline) {
			return fmt.Sprintf("no box served the first release within %s", FirstSettleBudget)
		}
		w.sleep(firstPoll)
	}
	return ""
}

// anyServes reports whether a box serves t.
func (w *world) anyServes(t fleet.Target) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, b := range w.boxes {
		if serving, _ := b.view(); serving == t {
			return true
		}
	}
	return false
}

// bootFleet boots the initial fleet at the boxes' boot times and writes
// the first release at firstWriteAt.
func (w *world) bootFleet() bool {
	boxes := append([]boxSpec(nil), w.p.Boxes...)
	sort.SliceStable(boxes, func(i, j int) bool { return boxes[i].Boot < boxes[j].Boot })
	written := false
	for _, spec := range boxes {
		if !written && spec.Boot >= firstWriteAt {
			w.writeFirst()
			written = true
		}
		w.sleep(spec.Boot - w.since())
		if err := w.join(spec); err != nil {
			w.fail("%v", err)
			return false
		}
	}
	if !written {
		w.writeFirst()
	}
	return true
}

// writeFirst writes the fleet's first release at firstWriteAt.
func (w *world) writeFirst() {
	w.sleep(firstWriteAt - w.since())
	w.writeRelease(w.p.First)
}

// startFaults turns the mix's error rate on and starts every box's flaky
// fetch period: the scenario starts now.
func (w *world) startFaults() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.t0 = w.clk.Now()
	w.faults.start()
	for _, b := range w.boxes {
		b.mu.Lock()
		b.flakyUntil = w.t0.Add(b.spec.FlakyFor)
		b.mu.Unlock()
	}
	w.tracef("scenario %s starts", w.c)
}

// fail records a failure of the run itself (w.mu not held).
func (w *world) fail(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.violatef(format, args...)
}

// sleep waits d of simulated time.
func (w *world) sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	t := w.clk.NewTimer(d)
	defer t.Stop()
	<-t.C()
}
