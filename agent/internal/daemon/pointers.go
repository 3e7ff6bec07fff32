package daemon

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/asgctl/asgctl/agent/internal/envfile"
	"github.com/asgctl/asgctl/agent/internal/roll"
)

// The per-process pointers under <state>/proc/<k>/: "release" links to the
// release directory and "env" to the environment file. The systemd template
// unit reads them (WorkingDirectory, EnvironmentFile, ExecStart); the exec
// supervisor is given the same paths directly.
const (
	pointerRelease = "release"
	pointerEnv     = "env"
)

func (a *Agent) releaseDir(t roll.Target) string {
	return filepath.Join(a.Config.Dirs.Releases, t.Release)
}

func (a *Agent) envPath(t roll.Target) string {
	return envfile.Path(a.Config.Dirs.Env, t.Release, t.ConfigRev)
}

func (a *Agent) outputPath(k int) string {
	return filepath.Join(a.Config.Dirs.State, "logs", strconv.Itoa(k)+".log")
}

// switchPointers points process k at t: both targets must exist, and each
// link is replaced atomically (a new link renamed over the old).
func (a *Agent) switchPointers(k int, t roll.Target) error {
	dir := filepath.Join(a.Config.Dirs.State, "proc", strconv.Itoa(k))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("switch process %d: %w", k, err)
	}
	links := []struct{ name, target string }{
		{pointerRelease, a.releaseDir(t)},
		{pointerEnv, a.envPath(t)},
	}
	for _, l := range links { // both must exist before either link moves
		if _, err := os.Stat(l.target); err != nil {
			return fmt.Errorf("switch process %d to %s (config %s): %w", k, t.Release, t.ConfigRev, err)
		}
	}
	for _, l := range links {
		if err := relink(l.target, filepath.Join(dir, l.name)); err != nil {
			return fmt.Errorf("switch process %d: %w", k, err)
		}
	}
	return nil
}

// relink makes link a symlink to target, atomically.
func relink(target, link string) error {
	tmp := link + ".new"
	_ = os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("link %s: %w", link, err)
	}
	if err := os.Rename(tmp, link); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("link %s: %w", link, err)
	}
	return nil
}
