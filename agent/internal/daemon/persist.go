package daemon

import (
	"context"
	"strconv"
	"time"

	"github.com/asgctl/asgctl/agent/internal/roll"
	"github.com/asgctl/asgctl/controller/api"
)

// reportWriteTimeout bounds one report write made while a.mu is held.
const reportWriteTimeout = 5 * time.Second

// starter is implemented by supervisors whose processes must be identified
// beyond their pid to be adopted after a crash (proc.ExecSupervisor).
type starter interface {
	Started(index int) uint64
}

// save writes the model into the state file (a.mu held); a failure is
// logged, since the processes are what they are whatever the file says.
func (a *Agent) save() {
	recs := make([]ProcRecord, len(a.model))
	for i, p := range a.model {
		recs[i] = ProcRecord{Index: p.Index, Release: p.Release, ConfigRev: p.ConfigRev, State: p.State}
		recs[i].PID, _ = a.Supervisor.PID(context.Background(), p.Index)
		if s, ok := a.Supervisor.(starter); ok && recs[i].PID > 0 {
			recs[i].Started = s.Started(p.Index)
		}
	}
	a.state.Procs = recs
	a.state.ReportSession = a.reporter.Session()
	if err := saveState(a.Config.Dirs.State, a.state); err != nil {
		a.Log.Error("state file not saved", "err", err)
	}
}

// publish writes the agent's report (a.mu held), with errText as its error.
func (a *Agent) publish(ctx context.Context, errText string) {
	st := boxState(a.model, a.state.Target, a.state.Failed, a.deploying, a.stale.Load())
	if errText == "" {
		errText = a.state.Failed
	}
	rev, _ := strconv.Atoi(a.state.Target.ConfigRev)
	rep := api.AgentReport{Service: a.Config.Service, InstanceID: a.InstanceID, Release: a.state.Target.Release, ConfigRev: rev, State: st, Error: errText,
		Processes: make([]api.ProcessReport, len(a.model))}
	for i, p := range a.model {
		rep.Processes[i] = api.ProcessReport{Index: p.Index, Port: a.Config.Port(p.Index), Release: p.Release,
			State: p.State}
		rep.Processes[i].PID, _ = a.Supervisor.PID(ctx, p.Index)
	}
	a.milestone(rep)
	// Bounded: a.mu is held, and an unreachable Consul must not stall a
	// rollout; the reporter writes the kept report later.
	sctx, cancel := context.WithTimeout(ctx, reportWriteTimeout)
	defer cancel()
	if err := a.reporter.Set(sctx, rep); err != nil {
		a.Log.Warn("agent report not written yet; it is retried", "state", st, "err", err)
	}
	a.Log.Info("agent state", "state", st, "release", rep.Release, "config_rev", rev, "error", errText)
}

// processesOf describes each process as index:state@release (for logs).
func processesOf(model []roll.Proc) []string {
	out := make([]string, len(model))
	for i, p := range model {
		out[i] = strconv.Itoa(p.Index) + ":" + p.State + "@" + p.Release
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
