package daemon

import (
	"context"
	"strconv"
	"time"

	"github.com/asgctl/asgctl/agent/internal/coord"
	"github.com/asgctl/asgctl/agent/internal/roll"
	"github.com/asgctl/asgctl/controller/api"
)

// reportWriteTimeout bounds one report write; the reporter writes the
// kept report later when Consul did not answer in time.
const reportWriteTimeout = 5 * time.Second

// starter is implemented by supervisors whose processes must be identified
// beyond their pid to be adopted after a crash (proc.ExecSupervisor).
type starter interface {
	Started(index int) uint64
}

// save writes the model into the state file and the snapshot readers use
// (a.mu held); a failure is logged, since the processes are what they are
// whatever the file says.
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
	a.takeSnapshot()
	if err := saveState(a.Config.Dirs.State, a.state); err != nil {
		a.Log.Error("state file not saved", "error", err)
	}
}

// publish writes the agent's report from the last snapshot and the
// coordinator's status. It needs no a.mu; reports are built and written
// one at a time, so the last one written is the newest.
func (a *Agent) publish() {
	a.pmu.Lock()
	defer a.pmu.Unlock()
	snap, st := a.snapshot(), a.fleetStatus()
	rev, _ := strconv.Atoi(snap.target.ConfigRev)
	state := reportState(st.State, snap.model, snap.target, a.stale.Load())
	rep := api.AgentReport{Service: a.Config.Service, InstanceID: a.InstanceID, Release: snap.target.Release, ConfigRev: rev,
		State: state, Error: st.Error, Desired: st.Desired, Seq: st.Seq, ConfigIndex: snap.configIndex,
		Processes: make([]api.ProcessReport, len(snap.model))}
	for i, p := range snap.model {
		rep.Processes[i] = api.ProcessReport{Index: p.Index, Port: a.Config.Port(p.Index), Release: p.Release, State: p.State}
		rep.Processes[i].PID, _ = a.Supervisor.PID(context.Background(), p.Index)
	}
	a.milestone(rep)
	ctx, cancel := context.WithTimeout(context.Background(), reportWriteTimeout)
	defer cancel()
	if err := a.reporter.Set(ctx, rep); err != nil {
		a.Log.Warn("agent report not written yet; it is retried", "state", state, "error", err)
	}
	a.Log.Info("agent state", "state", state, "release", rep.Release, "config_rev", rev, "desired", st.Desired,
		"seq", st.Seq, "error", st.Error)
}

// fleetStatus is the coordinator's last status (starting before the first).
func (a *Agent) fleetStatus() coord.Status {
	if s := a.status.Load(); s != nil {
		return *s
	}
	return coord.Status{State: reportStarting}
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
