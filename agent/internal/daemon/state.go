package daemon

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/asgctl/asgctl/agent/internal/atomicfile"
	"github.com/asgctl/asgctl/agent/internal/roll"
)

// stateVersion is the only state file version this agent reads.
const stateVersion = 1

// State is what the agent keeps on disk between runs, rewritten after every
// step: the target the box converges to, why the last rollout failed, each
// process's last known state, and the step journal of the process restart
// in progress.
type State struct {
	Version int         `json:"version"`
	Target  roll.Target `json:"target"`
	Failed  string      `json:"failed,omitempty"` // the last rollout stopped: why
	// FailedTarget is what that rollout went to; it is not retried.
	FailedTarget roll.Target   `json:"failed_target"`
	Procs        []ProcRecord  `json:"procs"`
	Journal      *roll.Journal `json:"journal,omitempty"`
	// ReportSession is the Consul session holding this run's report.
	ReportSession string `json:"report_session,omitempty"`
}

// ProcRecord is one process as last recorded. PID and Started (kernel
// start ticks) identify a process the exec supervisor started, so a
// restarted agent can adopt it.
type ProcRecord struct {
	Index     int    `json:"index"`
	Release   string `json:"release"`
	ConfigRev string `json:"config_rev"`
	State     string `json:"state"`
	PID       int    `json:"pid,omitempty"`
	Started   uint64 `json:"started,omitempty"`
}

// statePath is the state file in dir.
func statePath(dir string) string { return filepath.Join(dir, "state.json") }

// loadState reads the state file; a missing file is an empty state. A file
// that cannot be decoded is moved aside (and said so) so the agent starts
// from nothing rather than not at all.
func loadState(dir string) (State, error) {
	path := statePath(dir)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return State{Version: stateVersion}, nil
	}
	if err != nil {
		return State{}, fmt.Errorf("read state file %s: %w", path, err)
	}
	var st State
	err = json.Unmarshal(data, &st)
	if err == nil && st.Version == stateVersion {
		return st, nil
	}
	why := fmt.Sprintf("has version %d; this agent reads version %d", st.Version, stateVersion)
	if err != nil {
		why = fmt.Sprintf("is not valid JSON (%v)", err)
	}
	aside := path + ".unreadable"
	if rerr := os.Rename(path, aside); rerr != nil {
		return State{Version: stateVersion}, fmt.Errorf("state file %s %s, and moving it aside failed (%v); starting from nothing", path, why, rerr)
	}
	return State{Version: stateVersion}, fmt.Errorf("state file %s %s; moved to %s and starting from nothing", path, why, aside)
}

// saveState atomically replaces the state file.
func saveState(dir string, st State) error {
	st.Version = stateVersion
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	if err := atomicfile.Write(statePath(dir), data, 0o600); err != nil {
		return fmt.Errorf("write state file: %w", err)
	}
	return nil
}
