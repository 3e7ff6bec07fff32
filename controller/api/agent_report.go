package api

import "time"

// AgentReportVersion is the only AgentReport wire version this build knows.
const AgentReportVersion = 1

// Agent states.
const (
	AgentStarting  = "starting"
	AgentDeploying = "deploying"
	AgentReady     = "ready"
	AgentFailed    = "failed"
	AgentStale     = "stale" // Consul was unreachable; still serving the last good release
	// AgentWaiting: the release to move to is known but this box does not
	// roll yet (fetching it, queued for a pacing slot, or the release is
	// halted); Release still names what it serves.
	AgentWaiting = "waiting"
)

// AgentReport is what an instance's agent says about itself, at
// KeyAgent(svc, instance), held by the agent's session so a dead instance's
// report disappears. Error says what failed in words a person can act on.
type AgentReport struct {
	Version    int             `json:"version"`
	Service    string          `json:"service"`
	InstanceID string          `json:"instance_id"`
	Release    string          `json:"release"`
	ConfigRev  int             `json:"config_rev"`
	State      string          `json:"state"`
	Processes  []ProcessReport `json:"processes"`
	Error      string          `json:"error,omitempty"`
	UpdatedAt  time.Time       `json:"updated_at"`
	// Desired is the release of the deploys record this agent last read,
	// and Seq that record's seq: with Release they tell whether the box
	// has taken the fleet's release yet.
	Desired string `json:"desired,omitempty"`
	Seq     int    `json:"seq,omitempty"`
	// ConfigIndex is the Consul index of the config the running env file
	// was rendered from (0: none rendered by this run).
	ConfigIndex uint64 `json:"config_index,omitempty"`
}

// ProcessReport is one of the instance's processes.
type ProcessReport struct {
	Index   int    `json:"index"`
	Port    int    `json:"port"`
	Release string `json:"release"`
	State   string `json:"state"`
	PID     int    `json:"pid,omitempty"`
}

var agentStates = map[string]bool{AgentStarting: true, AgentDeploying: true, AgentReady: true, AgentFailed: true,
	AgentStale: true, AgentWaiting: true}

// Validate reports every problem with the report at once.
func (a *AgentReport) Validate() error {
	var p problems
	if a.Version != AgentReportVersion {
		p.add("version", "must be %d", AgentReportVersion)
	}
	if a.Service == "" {
		p.add("service", "is required")
	}
	if a.InstanceID == "" {
		p.add("instance_id", "is required")
	}
	if !agentStates[a.State] {
		p.add("state", "must be starting, waiting, deploying, ready, failed or stale, not %q", a.State)
	}
	if a.UpdatedAt.IsZero() {
		p.add("updated_at", "is required")
	}
	return p.err("agent report")
}

// DecodeAgentReport decodes and validates an AgentReport strictly.
func DecodeAgentReport(data []byte) (*AgentReport, error) {
	var a AgentReport
	if err := decodeValid("agent report", data, &a); err != nil {
		return nil, err
	}
	return &a, nil
}
