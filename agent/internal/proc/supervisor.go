package proc

import "context"

// Supervisor runs one service's processes, addressed by index. The agent's
// rolling restart drives it one process at a time; an implementation must
// be safe for concurrent use.
//
// Spec.Dir, Spec.Command and Spec.Env are what the exec supervisor runs;
// the systemd supervisor ignores them, since the template unit defines the
// command, and reads the per-process pointers (release directory and env
// file symlinks) that the agent switches before Start.
type Supervisor interface {
	// Start starts process spec.Index and returns once it was launched (for
	// systemd: once the start job finished). Starting a running process is
	// an error.
	Start(ctx context.Context, spec Spec) error
	// Stop stops process index: SIGTERM, the stop timeout, then SIGKILL to
	// its whole process group. Stopping a process that does not run is not
	// an error.
	Stop(ctx context.Context, index int) error
	// PID returns the main pid of process index, or 0 when it does not run.
	PID(ctx context.Context, index int) (int, error)
	// Tail returns the last lines of process index's output (empty when
	// none is known).
	Tail(ctx context.Context, index int) string
}
