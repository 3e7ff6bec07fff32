package proc

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// adoptPoll is how often an adopted process is checked for exit: it is not
// the agent's child, so there is no wait status to block on.
const adoptPoll = 100 * time.Millisecond

// ErrGone reports that a recorded process no longer runs (or its pid now
// belongs to another process).
var ErrGone = errors.New("process is gone")

// Adopt returns a handle on a process that an earlier run of the agent
// started (killed with SIGKILL, say, while its children kept serving): pid
// and started (see Process.Started) must still name the same running
// process, else the error wraps ErrGone. Its output keeps going to output
// (the file of its Spec.Output), which Tail reads. The process may run as
// another user (supervisor.run_as): its /proc/<pid>/stat, which identifies
// it, is readable by anyone, and the agent, root then, may signal it.
func (e *Exec) Adopt(index, pid int, started uint64, output string) (*Process, error) {
	if pid <= 0 || started == 0 {
		return nil, fmt.Errorf("adopt process %d: pid %d, start %d: %w", index, pid, started, ErrGone)
	}
	if !sameProcess(pid, started) {
		return nil, fmt.Errorf("adopt process %d: pid %d: %w", index, pid, ErrGone)
	}
	p := &Process{index: index, pid: pid, started: started, exited: make(chan struct{}), log: e.log,
		tail: fileTail(output)}
	go func() {
		for sameProcess(pid, started) {
			time.Sleep(adoptPoll)
		}
		close(p.exited)
	}()
	e.log.Info("process adopted", "index", index, "pid", pid)
	return p, nil
}

// sameProcess reports whether pid runs (not a zombie) and started at started.
func sameProcess(pid int, started uint64) bool {
	st, state, err := StartTicks(pid)
	return err == nil && st == started && state != "Z" && state != "X"
}

// StartTicks reads /proc/<pid>/stat and returns the process's start time in
// clock ticks since boot and its state letter (R, S, D, Z, ...).
func StartTicks(pid int) (uint64, string, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, "", fmt.Errorf("read stat of pid %d: %w", pid, err)
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, "", fmt.Errorf("stat of pid %d: no command field", pid)
	}
	f := strings.Fields(s[i+1:])
	// f[0] is field 3 (state); field 22 (starttime) is f[19].
	if len(f) < 20 {
		return 0, "", fmt.Errorf("stat of pid %d: %d fields", pid, len(f)+2)
	}
	ticks, err := strconv.ParseUint(f[19], 10, 64)
	if err != nil {
		return 0, "", fmt.Errorf("stat of pid %d: start time %q: %w", pid, f[19], err)
	}
	return ticks, f[0], nil
}
