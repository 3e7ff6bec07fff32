package report

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// Live returns the reports of svc's live agents: the keys under
// api.KeyAgentsPrefix(svc) that a session holds, sorted by instance. A
// key whose session ended is an agent that died and is left out; so is a
// value that does not decode (its error is returned with the live ones).
func Live(ctx context.Context, kv consulkv.KV, svc string) ([]api.AgentReport, error) {
	entries, _, err := kv.List(ctx, api.KeyAgentsPrefix(svc), &consulkv.QueryOptions{})
	if err != nil {
		return nil, fmt.Errorf("agent reports of %s: %w", svc, err)
	}
	return consulkv.LiveAgentReports(entries)
}
