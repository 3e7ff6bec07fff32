package daemon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/asgctl/asgctl/agent/internal/proc"
	"github.com/asgctl/asgctl/agent/internal/roll"
	"github.com/asgctl/asgctl/controller/api"
)

// adopter is implemented by supervisors whose processes do not outlive
// the agent on their own terms (proc.ExecSupervisor): a restarted agent
// adopts them from the state file.
type adopter interface {
	Adopt(index, pid int, started uint64, output string) error
}

// recover brings the box back to what it was before the agent started:
// it reads the state file, finds which recorded processes still run, sets
// the rotation to the ones that were serving, finishes or undoes the step
// the journal shows in progress, and restarts every other process on the
// release it already points at, one at a time. It needs no Consul, so a
// rebooted box serves its last release even while Consul is away.
func (a *Agent) recover(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.makeDirs(); err != nil {
		return err
	}
	st, err := loadState(a.Config.Dirs.State)
	if err != nil {
		a.Log.Error("state file unreadable", "error", err)
	}
	a.state = st
	a.dropDeadReport(ctx, st.ReportSession)
	a.dropDeadSlots(ctx)
	running := a.findRunning(ctx, st.Procs)
	a.model = observe(a.Config.Processes, a.Config.Port, st.Procs, running)
	if err := a.Driver.Init(ctx, servingIndexes(a.model)); err != nil {
		return fmt.Errorf("set rotation at start: %w", err)
	}
	a.Log.Info("recovered", "target", st.Target.Release, "config_rev", st.Target.ConfigRev, "processes", processesOf(a.model), "journal", st.Journal != nil)
	if j := st.Journal; j != nil {
		if err := a.execute(ctx, roll.Resume(*j, a.model)); err != nil {
			a.Log.Error("interrupted step not completed", "process", j.Index, "error", err)
		}
		a.state.Journal = nil
	}
	if err := a.execute(ctx, recoverySteps(a.model)); err != nil {
		a.Log.Error("a process did not come back at start; the repair loop retries", "error", err)
	}
	a.save()
	go a.publish()
	return nil
}

// findRunning reports which recorded processes still run, adopting them
// when the supervisor needs it.
func (a *Agent) findRunning(ctx context.Context, recs []ProcRecord) map[int]bool {
	running := map[int]bool{}
	ad, adopts := a.Supervisor.(adopter)
	for _, r := range recs {
		if r.Index < 0 || r.Index >= a.Config.Processes {
			continue
		}
		if adopts {
			err := ad.Adopt(r.Index, r.PID, r.Started, a.outputPath(r.Index))
			running[r.Index] = err == nil
			if err != nil && !errors.Is(err, proc.ErrGone) {
				a.Log.Warn("process not adopted", "process", r.Index, "error", err)
			}
			continue
		}
		running[r.Index] = a.running(ctx, r.Index)
	}
	return running
}

func (a *Agent) makeDirs() error {
	d := a.Config.Dirs
	for _, dir := range []string{d.Releases, d.Env, d.State, filepath.Join(d.State, "logs"), filepath.Join(d.State, "proc")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create %s: %w", dir, err)
		}
	}
	return nil
}

// dropDeadReport destroys the report session of the agent's previous run,
// which is dead (this is the only agent of the instance): its report then
// disappears at once instead of after the session TTL, and this run can
// write its own. Best effort: with Consul away the TTL does it.
func (a *Agent) dropDeadReport(ctx context.Context, session string) {
	if session == "" {
		return
	}
	if err := a.KV.DestroySession(ctx, session); err != nil {
		a.Log.Warn("previous run's report session not destroyed; it lapses after its TTL", "session", session, "error", err)
	}
}

// dropDeadSlots destroys the sessions of pacing-slot contenders named after
// this instance: they belong to an earlier run of this agent, which is
// dead, and a slot it held would otherwise stay taken until its session
// lapsed. Best effort, like dropDeadReport.
func (a *Agent) dropDeadSlots(ctx context.Context) {
	prefix := api.KeyReleaseSlots(a.Config.Service)
	entries, _, err := a.KV.List(ctx, prefix, nil)
	if err != nil {
		a.Log.Warn("previous run's pacing slots not looked for; they free when their sessions lapse", "error", err)
		return
	}
	for _, e := range entries {
		if e.Session == "" || string(e.Value) != a.InstanceID {
			continue
		}
		if err := a.KV.DestroySession(ctx, e.Session); err != nil {
			a.Log.Warn("previous run's pacing slot not freed; it frees when its session lapses", "session", e.Session, "error", err)
			continue
		}
		a.Log.Info("previous run's pacing slot freed", "session", e.Session)
	}
}
