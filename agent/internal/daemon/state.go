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
// step: the target the box converges to, the last final failure, each
// process's last known state, the step journal of the process restart in
// progress, and which artifact each release id named on this box.
type State struct {
	Version int         `json:"version"`
	Target  roll.Target `json:"target"`
	// ConfigIndex is the Consul index of the config Target's env file was
	// rendered from.
	ConfigIndex uint64 `json:"config_index,omitempty"`
	Failed      string `json:"failed,omitempty"` // the last final failure: why
	// FailedTarget and FailedSeq are what that failure was on (the record
	// seq and target); the box does not try them again.
	FailedTarget roll.Target   `json:"failed_target"`
	FailedSeq    int           `json:"failed_seq,omitempty"`
	Procs        []ProcRecord  `json:"procs"`
	Journal      *roll.Journal `json:"journal,omitempty"`
	// ReportSession is the Consul session holding this run's report.
	ReportSession string `json:"report_session,omitempty"`
	// ReleaseIDs are the release ids this box has unpacked and the digest
	// each named (newest last, bounded): an id names one artifact forever.
	ReleaseIDs []ReleaseID `json:"release_ids,omitempty"`
}

// ReleaseID is one release id and the SHA-256 of the artifact it named.
type ReleaseID struct {
	Release string `json:"release"`
	SHA256  string `json:"sha256"`
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
