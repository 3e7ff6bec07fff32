package daemon

import (
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/asgctl/asgctl/agent/internal/envfile"
	"github.com/asgctl/asgctl/agent/internal/proc"
	"github.com/asgctl/asgctl/agent/internal/roll"
)

// inherited are the only variables of the agent's own environment a
// service process gets; everything else comes from the env file, so the
// agent's credentials (Consul token, AWS) never leak into the service.
var inherited = []string{"PATH", "HOME", "LANG", "LC_ALL", "TZ", "USER"}

// spec is what the supervisor starts for process k on t: the release
// directory, the configured command, and the environment (inherited
// basics, the env file, then ASGCTL_RELEASE, ASGCTL_CONFIG_REV, PORT and
// ASGCTL_PROCESS_INDEX).
func (a *Agent) spec(k int, t roll.Target) (proc.Spec, error) {
	data, err := os.ReadFile(a.envPath(t))
	if err != nil {
		return proc.Spec{}, fmt.Errorf("process %d: env file: %w", k, err)
	}
	vars, err := envfile.Parse(data)
	if err != nil {
		return proc.Spec{}, fmt.Errorf("process %d: env file %s: %w", k, a.envPath(t), err)
	}
	var env []string
	identity := identityEnv(a.Config.Supervisor.RunAs)
	for _, name := range inherited {
		if identity != nil && (name == "HOME" || name == "USER") {
			continue
		}
		if v, ok := os.LookupEnv(name); ok {
			env = append(env, name+"="+v)
		}
	}
	env = append(env, identity...)
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		env = append(env, name+"="+vars[name])
	}
	env = append(env, "ASGCTL_RELEASE="+t.Release, "ASGCTL_CONFIG_REV="+t.ConfigRev)
	env = append(env, a.Config.Env(k)...)
	dir := a.releaseDir(t)
	return proc.Spec{Index: k, Dir: dir, Command: a.Config.Command(k, dir), Env: env, Output: a.outputPath(k)}, nil
}
