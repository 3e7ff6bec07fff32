package fleetsim

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// settlePoll is how often the simulation looks whether the fleet settled.
const settlePoll = time.Second

// settle waits until the fleet has settled, looking every settlePoll, for
// at most budget; it returns what still moved when the budget ran out (""
// when it settled) and how long it took.
func (w *world) settle(budget time.Duration) (string, time.Duration) {
	start := w.clk.Now()
	for {
		why := w.unsettled()
		if why == "" {
			return "", w.clk.Now().Sub(start)
		}
		if w.clk.Now().Sub(start) >= budget {
			return why, w.clk.Now().Sub(start)
		}
		w.sleep(settlePoll)
	}
}

// runView is what the settle check needs of one live run.
type runView struct {
	id      string
	inc     *incarnation
	last    lastDecision
	rolling bool
	serving fleet.Target
}

// unsettled says what still moves, "" once the fleet has settled: the
// guard has nothing to do; every live box decided on the current record,
// does not move (no start or roll decided, none in progress), and its
// report is live, held by its current run's session, and says what the
// box serves and decided on which record; and no other report is live.
func (w *world) unsettled() string {
	rec, _, live, err := readState(context.Background(), w.mem)
	switch {
	case err != nil:
		return err.Error()
	case rec == nil:
		return "no record yet"
	}
	if a := fleet.Guard(rec, live, guardName, w.clk.Now()); a.Kind != fleet.GuardNone {
		return fmt.Sprintf("the guard would %s: %s", a.Kind, a.Why)
	}
	if w.restartsPending() {
		return "a crashed agent has not restarted yet"
	}
	reports, sessions := w.reportsNow()
	var why []string
	for _, r := range w.runViews() {
		if msg := r.moving(rec, reports[r.id], sessions[r.id]); msg != "" {
			why = append(why, r.id+" "+msg)
		}
		delete(reports, r.id)
	}
	for id := range reports {
		why = append(why, id+" has a live report but no live agent")
	}
	return strings.Join(why, "; ")
}

// moving says how run r is not settled under rec, given its live report
// and the session holding it ("" when it is settled).
func (r runView) moving(rec *api.Release, rep *api.AgentReport, session string) string {
	d := r.last.d
	switch {
	case r.rolling:
		return "is rolling"
	case !r.last.made || r.last.enc != canonical(rec):
		return fmt.Sprintf("has not decided on the current record seq %d yet", rec.Seq)
	case d.Move == fleet.MoveStart || d.Move == fleet.MoveRoll:
		return fmt.Sprintf("is moving (%s to %s)", d.Move, d.Target)
	case rep == nil:
		return "has no live report"
	case session != r.inc.reporter.Session():
		return "has a report held by an earlier run's session"
	case rep.Release != r.serving.Release || rep.ConfigRev != r.serving.ConfigRev || rep.Seq != rec.Seq || rep.State != d.State:
		return fmt.Sprintf("has a report that is behind (%s %s@%d seq %d; decided %s on seq %d, serving %s)",
			rep.State, rep.Release, rep.ConfigRev, rep.Seq, d.State, rec.Seq, r.serving)
	}
	return ""
}

// restartsPending reports whether a crashed run waits to restart.
func (w *world) restartsPending() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.restarting > 0
}

// runViews are the live runs as they are now.
func (w *world) runViews() []runView {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []runView
	for _, id := range w.liveIDs() {
		inc := w.runs[id]
		serving, _ := inc.box.view()
		_, rolling := w.chk.rolls[id]
		out = append(out, runView{id: id, inc: inc, last: inc.last, rolling: rolling, serving: serving})
	}
	return out
}

// reportsNow reads the live reports by instance, with their sessions,
// from the store without faults.
func (w *world) reportsNow() (map[string]*api.AgentReport, map[string]string) {
	reports, sessions := map[string]*api.AgentReport{}, map[string]string{}
	entries, _, err := w.mem.List(context.Background(), api.KeyAgentsPrefix(svc), nil)
	if err != nil {
		return reports, sessions
	}
	for _, e := range entries {
		if e.Session == "" {
			continue
		}
		rep, err := api.DecodeAgentReport(e.Value)
		if err != nil {
			continue
		}
		reports[rep.InstanceID], sessions[rep.InstanceID] = rep, e.Session
	}
	return reports, sessions
}
