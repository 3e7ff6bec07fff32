package daemon

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/asgctl/asgctl/agent/internal/release"
	"github.com/asgctl/asgctl/agent/internal/roll"
)

// keepReleases is how many release directories stay on the box.
const keepReleases = 5

// tailLines is how much process output a failure report quotes.
const tailLines = 20

// prune keeps the newest release directories (never the target's), and
// removes what is left of earlier runs: directories moved aside, unpacks
// that never finished, and manifests whose directory is gone. It runs
// after a roll succeeded, when every process runs the target.
func (a *Agent) prune(target roll.Target) {
	dir := a.Config.Dirs.Releases
	if err := release.Retain(dir, keepReleases, target.Release); err != nil {
		a.Log.Warn("old releases not pruned", "error", err)
	}
	for _, pattern := range []string{".replaced-*", ".incoming-*"} {
		leftovers, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, l := range leftovers {
			if err := os.RemoveAll(l); err != nil {
				a.Log.Warn("leftover release directory not removed", "path", l, "error", err)
			}
		}
	}
	manifests, _ := filepath.Glob(a.manifestPath("*"))
	for _, m := range manifests {
		id := strings.TrimSuffix(filepath.Base(m), ".json")
		if _, err := os.Stat(filepath.Join(dir, id)); errors.Is(err, fs.ErrNotExist) {
			_ = os.Remove(m)
		}
	}
}

// failureText is the report error of a failed rollout: what failed and,
// for a failed step, the last lines of the process's output.
func failureText(err error) string {
	msg := err.Error()
	var rej *release.RejectError
	if errors.As(err, &rej) {
		return msg + " (the artifact was rejected; nothing on the box changed)"
	}
	serr, ok := isStepError(err)
	if !ok || strings.TrimSpace(serr.Tail) == "" {
		return msg
	}
	lines := strings.Split(strings.TrimRight(serr.Tail, "\n"), "\n")
	if len(lines) > tailLines {
		lines = lines[len(lines)-tailLines:]
	}
	return fmt.Sprintf("%s; the instance went back to what it served before. Last output of process %d:\n%s",
		msg, serr.Index, strings.Join(lines, "\n"))
}
