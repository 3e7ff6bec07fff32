package cli

import (
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
	"github.com/asgctl/asgctl/controller/internal/releases"
)

// releaseFollow follows one release record for --wait of release and
// release rollback: it blocks on the service's agent reports (each query
// bounded by WatchWait, so the record, the timeout and the controllers are
// rechecked at least that often), reads the record, judges, and prints a
// progress line whenever the line changes.
type releaseFollow struct {
	e            *env
	svc          string
	ours         *api.Release // the record followed, as last seen
	intoRollback bool
	inline       bool
	timeout      time.Duration
	doc          *releaseDoc

	start    time.Time
	ctrlSeen time.Time // when a controller heartbeat was last seen
	awaiting bool      // halted; waiting for a controller's rollback
	rec      *api.Release
	live     []api.AgentReport
	line     string
	failures []api.AgentReport // the failures of ours, once shown
	shown    bool
	ended    bool // ours was replaced and its history entry read
}

// run follows until judgeFollow says done, the timeout passes (exit 3),
// no live agent has reported within ControllerGrace (exit 3), or the
// command is interrupted (exit 3).
func (f *releaseFollow) run() error {
	clk := f.e.deps.Clock
	f.start = clk.Now()
	var index uint64
	for {
		next, err := f.look(index)
		if f.e.ctx.Err() != nil {
			return f.finish("interrupted", ExitTimeout, fmt.Sprintf("interrupted while waiting: %s; run it again to keep waiting", orDash(f.line)))
		}
		if err != nil {
			return err
		}
		index = consulkv.NextWaitIndex(index, next)
		v := judgeFollow(followView{Svc: f.svc, Ours: f.ours, Rec: f.rec, Live: f.live, IntoRollback: f.intoRollback})
		if done, err := f.act(v); done {
			return err
		}
		elapsed := clk.Now().Sub(f.start)
		switch {
		case len(f.live) == 0 && v.Step == followOn && elapsed >= f.e.deps.ControllerGrace:
			return f.finish("no-agents", ExitTimeout, fmt.Sprintf("no live agents report under %s: no instance runs asgctl-agent "+
				"for this service yet; the release stays written and agents pick it up when they start", api.KeyAgentsPrefix(f.svc)))
		case elapsed >= f.timeout:
			return f.finish("timeout", ExitTimeout, fmt.Sprintf("timed out after %s: %s; run it again to keep waiting", fmtDur(elapsed), orDash(f.line)))
		}
	}
}

// look waits for the agent reports to change past index (at most
// WatchWait, and not past the timeout), then reads the record. It returns
// the index to wait on next.
func (f *releaseFollow) look(index uint64) (uint64, error) {
	clk := f.e.deps.Clock
	prefix := api.KeyAgentsPrefix(f.svc)
	bound := max(min(f.e.deps.WatchWait, f.timeout-clk.Now().Sub(f.start)), time.Millisecond)
	entries, next, err := f.e.backend.List(f.e.ctx, prefix, &consulkv.QueryOptions{WaitIndex: index, WaitTime: bound})
	if err != nil {
		return 0, failed("read "+prefix, err)
	}
	live, skipped := consulkv.LiveAgentReports(entries)
	warnSkipped(f.e, skipped)
	rec, _, err := releases.ReadRecord(f.e.ctx, f.e.backend, f.svc)
	if err != nil {
		return 0, failed("read the release of "+f.svc, err)
	}
	f.rec, f.live = rec, live
	switch {
	case rec != nil && rec.Seq == f.ours.Seq && rec.Release == f.ours.Release:
		f.ours = rec
	case !f.ended:
		f.ended, f.ours = true, f.endedOurs()
	}
	return next, nil
}

// endedOurs is the followed record as its history entry has it once it was
// replaced (it may have halted since it was last seen).
func (f *releaseFollow) endedOurs() *api.Release {
	h, err := releases.HistoryEntry(f.e.ctx, f.e.backend, f.svc, f.ours.Seq)
	if err != nil || h == nil || h.Record.Release != f.ours.Release {
		return f.ours
	}
	return &h.Record
}

// act carries out a verdict; done reports that following is over.
func (f *releaseFollow) act(v releaseVerdict) (done bool, err error) {
	switch v.Step {
	case followOn:
		f.progress(v.Line)
		return false, nil
	case followRollback:
		return f.rollback(v)
	}
	if v.Code != ExitOK {
		f.showFailures()
	}
	msg := v.Message
	if v.Code == ExitOK {
		msg += f.promote() // bookkeeping, safe from any writer: no --inline needed
	}
	return true, f.finish(v.Result, v.Code, msg)
}

// progress prints line (with the time since the start) when it changed.
func (f *releaseFollow) progress(line string) {
	if line == f.line {
		return
	}
	f.line = line
	f.e.textf("  %-7s %s", "+"+fmtDur(f.e.deps.Clock.Now().Sub(f.start)), line)
}

// showFailures prints, once, the instances that failed the followed
// record with their errors.
func (f *releaseFollow) showFailures() {
	if f.shown {
		return
	}
	f.shown = true
	f.failures = fleet.Failures(f.ours, f.live)
	if !f.e.json {
		printFailures(f.e.stdout, f.failures, f.ours.Halt)
	}
}

// finish records how following ended in the document and reports it.
func (f *releaseFollow) finish(result string, code int, msg string) error {
	d := f.doc
	d.Result, d.Message, d.Instances = result, msg, f.live
	if f.rec != nil {
		d.Release, d.Seq, d.Phase = f.rec, f.rec.Seq, fleet.Phase(f.rec, f.live)
	}
	d.FailedInstances = f.failures
	if !f.shown {
		d.FailedInstances = fleet.Failures(f.ours, f.live)
	}
	return reportRelease(f.e, d, code)
}
