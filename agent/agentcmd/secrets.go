package agentcmd

import (
	"fmt"
	"os"

	"github.com/asgctl/asgctl/agent/internal/config"
)

// checkSecrets refuses to start when the service's processes run as
// another user (supervisor.run_as) and could read the agent's Consul token
// file: the point of run_as is that they cannot.
func checkSecrets(cfg *config.Config) error {
	path := cfg.Consul.TokenFile
	if cfg.Supervisor.RunAs == "" || path == "" {
		return nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("consul.token_file: %w", err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("consul.token_file %s has mode %04o, so the processes run as %q could read the agent's token; "+
			"chmod 600 it (owned by the agent's user)", path, perm, cfg.Supervisor.RunAs)
	}
	return nil
}
