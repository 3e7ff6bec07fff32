package daemon

import (
	"context"
	"strconv"

	"github.com/asgctl/asgctl/agent/internal/envfile"
	"github.com/asgctl/asgctl/controller/fleet"
)

// Render writes the env file of t from the config as it is now
// (coord.Box), every time a roll to t is about to start, so a release
// taken again gets today's config, not the file of its first run. It
// returns the Consul index of the config read; the report names it once
// the roll starts.
func (a *Agent) Render(ctx context.Context, t fleet.Target) (uint64, error) {
	vars, index, err := readEnv(ctx, a.KV, a.Config.Service, a.Config.EnvAllowed)
	if err != nil {
		return 0, err
	}
	path, err := envfile.Write(a.Config.Dirs.Env, t.Release, strconv.Itoa(t.ConfigRev), vars)
	if err != nil {
		return 0, err
	}
	a.mu.Lock()
	a.rendered[t] = index
	a.mu.Unlock()
	a.Log.Info("env file written", "path", path, "variables", len(vars), "config_index", index)
	return index, nil
}
