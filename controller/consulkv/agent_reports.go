package consulkv

import (
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// LiveAgentReports decodes the agent reports among entries (a List of
// api.KeyAgentsPrefix) that a session holds: a report whose session ended
// belongs to an agent that stopped or died, and is left out. An entry that
// does not decode is left out too; its error, naming the key, comes back
// with the others joined. The result is never nil.
func LiveAgentReports(entries []Entry) ([]api.AgentReport, error) {
	out := []api.AgentReport{}
	var bad []error
	for _, e := range entries {
		if e.Session == "" {
			continue
		}
		rep, err := api.DecodeAgentReport(e.Value)
		if err != nil {
			bad = append(bad, fmt.Errorf("agent report %s: %w", e.Key, err))
			continue
		}
		out = append(out, *rep)
	}
	return out, errors.Join(bad...)
}
