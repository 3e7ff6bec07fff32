package cli

import (
	"context"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/loop"
)

// followEnd is how following ended.
type followEnd int

const (
	endDone         followEnd = iota // the verdict is final
	endTimeout                       // --timeout passed first
	endInterrupted                   // the command's context ended
	endNoController                  // no controller and no --inline: nobody acts
)

// followResult is what following a target came to.
type followResult struct {
	End     followEnd
	Verdict verdict
	Elapsed time.Duration
	Inline  bool
}

// maxBooksPasses bounds how many passes an inline run keeps going after
// the rollout finished, to append history and resume processes.
const maxBooksPasses = 20

// follower follows a target until it settles (--wait). With an inline
// loop it follows the loop's passes while the loop holds the lock, so what
// it prints is the sequence of passes; otherwise it follows the store.
type follower struct {
	e         *env
	spec      api.ServiceSpec
	target    followTarget
	inline    *inlineRun
	startLoop func(context.Context) (*inlineRun, error) // --inline; nil otherwise
	timeout   time.Duration
	prog      *progress
	start     time.Time
	lastCtrl  time.Time
	desired   uint64 // index of the desired request last seen
	afterDone int
	last      verdict
}

// run follows until the verdict is final, the timeout passes, ctx ends, or
// (without --inline) no controller shows up. With --inline it starts the
// loop after its first look, and stops it (releasing the lock) on return.
func (f *follower) run(ctx context.Context) (followResult, error) {
	clk := f.e.deps.Clock
	f.start, f.lastCtrl = clk.Now(), clk.Now()
	deadline := clk.NewTimer(f.timeout)
	defer deadline.Stop()
	if end := f.look(ctx, false); end {
		return f.result(endDone), nil
	}
	var passes chan passMsg
	if f.startLoop != nil {
		ir, err := f.startLoop(ctx)
		if err != nil {
			return followResult{}, err
		}
		f.inline, passes = ir, ir.passes
		defer ir.stop()
	}
	wctx, cancel := context.WithCancel(ctx)
	changes := watchService(wctx, f.e.backend, clk, f.spec.Name, f.e.log)
	defer func() {
		cancel()
		for range changes { // let the watch goroutine end
		}
	}()
	return f.follow(ctx, deadline, passes, changes), nil
}

// follow is run's loop over passes, store changes, liveness checks and
// the deadline.
func (f *follower) follow(ctx context.Context, deadline clock.Timer, passes <-chan passMsg, changes <-chan struct{}) followResult {
	check := f.checkTimer()
	defer func() { check.Stop() }()
	for {
		select {
		case <-ctx.Done():
			return f.result(endInterrupted)
		case <-deadline.C():
			return f.result(endTimeout)
		case m := <-passes:
			end := f.onPass(ctx, m.rep)
			close(m.ack)
			if end {
				return f.result(endDone)
			}
		case <-changes:
			if f.onChange(ctx) {
				return f.result(endDone)
			}
		case <-check.C():
			if !f.controllerAlive(ctx) {
				return f.result(endNoController)
			}
			check = f.checkTimer()
		}
	}
}

// checkTimer fires when the controller heartbeats are next checked:
// every WatchWait without --inline, never with it.
func (f *follower) checkTimer() clock.Timer {
	if f.startLoop != nil {
		return idleTimer{}
	}
	return f.e.deps.Clock.NewTimer(f.e.deps.WatchWait)
}

// idleTimer never fires.
type idleTimer struct{}

func (idleTimer) C() <-chan time.Time { return nil }
func (idleTimer) Stop() bool          { return false }

func (f *follower) result(how followEnd) followResult {
	return followResult{End: how, Verdict: f.last, Elapsed: f.e.deps.Clock.Now().Sub(f.start), Inline: f.startLoop != nil}
}

// look reads the store, judges and shows; it reports whether the verdict
// is final. A request still waiting to start is shown only when
// showWaiting (not on the first look: it usually starts at once).
func (f *follower) look(ctx context.Context, showWaiting bool) bool {
	st, err := f.e.state(ctx, f.spec.Name)
	if err != nil {
		f.e.log.WarnContext(ctx, "read state while waiting", "service", f.spec.Name, "error", err)
		return false
	}
	f.desired = st.DesiredIndex
	f.last = judge(f.target, st)
	waiting := ""
	if showWaiting {
		waiting = waitingForController
	}
	f.prog.show(f.last, waiting, f.e.deps.Clock.Now())
	return f.last.Done
}

// waitingForController is the progress line of a request nobody picked up
// yet (without --inline; an inline run tells from its passes).
const waitingForController = "waiting for a controller to pick up the request"

// onPass handles one pass of the inline loop; it reports whether
// following is over.
func (f *follower) onPass(ctx context.Context, rep loop.PassReport) bool {
	if !rep.Held {
		// Another holder acts; the store watch follows it.
		f.prog.noteOnce("the service lock is held by another process (a controller or another --inline run); following its progress", f.e.deps.Clock.Now())
		return false
	}
	if !f.look(ctx, true) {
		return f.declined(rep)
	}
	if f.last.Rollout == nil || booksDone(rep, f.last) {
		return true
	}
	f.afterDone++
	return f.afterDone > maxBooksPasses
}

// booksDone reports whether the pass after a finished rollout had nothing
// left to do for it (history appended, processes resumed), so stopping
// the inline loop leaves nothing half done.
func booksDone(rep loop.PassReport, v verdict) bool {
	if rep.Err != nil {
		return false
	}
	r := rep.Observed.Rollout
	return len(rep.Plan.Actions) == 0 || r == nil || r.Seq != v.Rollout.Seq
}

// declined ends following when the inline loop looked at the waiting
// request and started nothing: it already runs (done) or the reconciler
// says why not.
func (f *follower) declined(rep loop.PassReport) bool {
	req, phase := rep.Desired.Request, rep.Plan.Phase
	if f.last.Rollout != nil || rep.Err != nil || len(rep.Plan.Actions) > 0 || req == nil || req.AMI != f.target.AMI {
		return false
	}
	if phase != "" && phase != api.PhaseIdle && !phase.Terminal() {
		return false // another rollout is still finishing (a superseded one reverting)
	}
	if g, ok := observedLive(rep.Observed); ok && g.AMI == f.target.AMI {
		f.last = verdict{Done: true, AlreadyLive: g.Name}
		return true
	}
	f.last = verdict{Done: true, Ended: "the reconciler did not start it: " + orDash(rep.Plan.Reason)}
	return true
}

// onChange handles a change of the service's keys; it reports whether
// following is over.
func (f *follower) onChange(ctx context.Context) bool {
	if f.inline.held() {
		f.pokeOnNewRequest(ctx)
		return false // the passes tell the story
	}
	return f.look(ctx, f.startLoop == nil)
}

// pokeOnNewRequest wakes the inline loop when the desired request changed
// (an abort, a gate released) instead of letting it sleep out its poll.
func (f *follower) pokeOnNewRequest(ctx context.Context) {
	_, idx, err := f.e.store.Desired(ctx, f.spec.Name)
	if err == nil && idx != f.desired {
		f.desired = idx
		f.inline.poke()
	}
}

// controllerAlive reports whether a controller heartbeat was seen within
// the grace period.
func (f *follower) controllerAlive(ctx context.Context) bool {
	now := f.e.deps.Clock.Now()
	if ctrls, err := f.e.store.Controllers(ctx); err == nil && len(ctrls) > 0 {
		f.lastCtrl = now
		return true
	}
	return now.Sub(f.lastCtrl) < f.e.deps.ControllerGrace
}
