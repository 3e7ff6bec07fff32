package daemon

import (
	"context"
	"strings"
	"time"

	"github.com/asgctl/asgctl/agent/internal/roll"
)

// repairInterval is how often the agent looks for processes that died.
const repairInterval = 2 * time.Second

// repairLoop restarts, every repairInterval until ctx ends, processes that
// should run but do not, and retries the launch lifecycle completion.
func (a *Agent) repairLoop(ctx context.Context) {
	for {
		t := a.Clock.NewTimer(repairInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C():
		}
		a.repair(ctx)
	}
}

// repair takes a dead process out of rotation and starts it again on the
// release it points at; one process per pass, so at most one is out.
func (a *Agent) repair(ctx context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, p := range a.model {
		running := a.running(ctx, p.Index)
		if p.Release == "" || (p.State != roll.StateFailed && running) {
			continue
		}
		a.Log.Warn("process not running; restarting it", "process", p.Index, "release", p.Release, "tail", lastLine(a.Supervisor.Tail(ctx, p.Index)))
		if p.InRotation() {
			if err := a.Driver.Drain(ctx, p.Index); err != nil {
				a.Log.Warn("dead process not drained", "process", p.Index, "error", err)
			}
		}
		a.model[p.Index].State = roll.StateStopped
		if running { // failed but alive: the plan stops it first
			a.model[p.Index].State = roll.StateFailed
		}
		if err := a.execute(ctx, roll.Plan([]roll.Proc{a.model[p.Index]}, roll.Of(p))); err != nil {
			a.Log.Error("process restart failed; retrying", "process", p.Index, "error", err)
		}
		go a.publish()
		return
	}
	a.afterConverged(ctx)
}

// afterConverged completes the launch lifecycle action the first time
// every process serves the target (a.mu held). A failure is logged and
// retried by the repair loop.
func (a *Agent) afterConverged(ctx context.Context) {
	if a.launched || a.CompleteLaunch == nil || !allOn(a.model, a.state.Target) {
		return
	}
	if err := a.CompleteLaunch(ctx); err != nil {
		a.Log.Error("launch lifecycle action not completed; retrying", "error", err)
		return
	}
	a.launched = true
	a.Log.Info("launch lifecycle action completed; the instance can go InService")
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
