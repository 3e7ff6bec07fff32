package e2e_test

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// agentState is the part of the agent's state file the tests read.
type agentState struct {
	Procs []struct {
		Index   int    `json:"index"`
		Release string `json:"release"`
		State   string `json:"state"`
		PID     int    `json:"pid"`
	} `json:"procs"`
	Journal *struct {
		Index int      `json:"Index"`
		Done  []string `json:"Done"`
	} `json:"journal"`
}

// state reads the agent's state file (empty when absent or unreadable).
func (b *box) state() agentState {
	var st agentState
	data, err := os.ReadFile(filepath.Join(b.dir, "state", "state.json"))
	if err == nil {
		_ = json.Unmarshal(data, &st)
	}
	return st
}
