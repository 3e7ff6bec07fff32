package rotate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// nginxPoll is how often a reload's progress is checked.
const nginxPoll = 20 * time.Millisecond

var errNoProc = errors.New("cannot list nginx workers from /proc")

// nginxChildren returns the pids whose parent is master, from /proc (Linux).
func nginxChildren(master int) (map[int]bool, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNoProc, err)
	}
	kids := map[int]bool{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // exited meanwhile
		}
		// "pid (comm) state ppid ..."; comm may hold spaces and parens.
		rest := string(b[strings.LastIndexByte(string(b), ')')+1:])
		f := strings.Fields(rest)
		if len(f) >= 2 && f[1] == strconv.Itoa(master) {
			kids[pid] = true
		}
	}
	return kids, nil
}

// waitGeneration waits, after a reload of master, until every worker that
// ran before it (old) has exited and a new one runs: the new config is then
// the only one routing, and every request the old workers had in flight is
// finished. When the workers could not be listed (listErr, no /proc) it
// waits the whole timeout and returns nil. On timeout it returns an
// ErrDrainTimeout error.
func (n *Nginx) waitGeneration(ctx context.Context, master int, old map[int]bool, listErr error) error {
	t := time.NewTimer(n.cfg.DrainTimeout)
	defer t.Stop()
	tick := time.NewTicker(nginxPoll)
	defer tick.Stop()
	for {
		if listErr == nil && newGeneration(master, old) {
			return nil
		}
		select {
		case <-t.C:
			if listErr != nil {
				return nil
			}
			return fmt.Errorf("nginx reload: workers of the previous generation still running after %s: %w",
				n.cfg.DrainTimeout, ErrDrainTimeout)
		case <-ctx.Done():
			return fmt.Errorf("nginx reload: %w", ctx.Err())
		case <-tick.C:
		}
	}
}

// newGeneration reports whether master has children and none is in old.
func newGeneration(master int, old map[int]bool) bool {
	now, err := nginxChildren(master)
	if err != nil || len(now) == 0 {
		return false
	}
	for pid := range now {
		if old[pid] {
			return false
		}
	}
	return true
}
