package proc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"syscall"
	"time"
)

// Process is one child started by Exec, or adopted from an earlier run of
// the agent. Its pid is also its process group id.
type Process struct {
	index   int
	pid     int
	started uint64 // kernel start time in clock ticks (0 if unknown)
	tail    interface{ String() string }
	exited  chan struct{}
	waitErr error
	log     *slog.Logger
}

// PID returns the child's process id (also its process group id).
func (p *Process) PID() int { return p.pid }

// Started returns the kernel's start time of the process in clock ticks
// since boot; with the pid it identifies the process across pid reuse.
func (p *Process) Started() uint64 { return p.started }

// Exited is closed once the child has exited and its output is fully captured.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// Running reports whether the process has not exited yet.
func (p *Process) Running() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// Tail returns the last lines of the child's combined stdout and stderr.
func (p *Process) Tail() string { return p.tail.String() }

// Wait blocks until the child exits or ctx ends and returns the exit error
// (nil for a clean exit, and always nil for an adopted process, whose exit
// status belongs to its real parent).
func (p *Process) Wait(ctx context.Context) error {
	select {
	case <-p.exited:
		return p.waitErr
	case <-ctx.Done():
		return fmt.Errorf("wait process %d: %w", p.index, ctx.Err())
	}
}

// Stop sends SIGTERM to the child's process group, waits up to timeout for
// the child to exit, then sends SIGKILL to the group. It returns nil when
// the child exited on SIGTERM (whatever its status), ErrKilled when it had to
// be killed, or ctx's error.
func (p *Process) Stop(ctx context.Context, timeout time.Duration) error {
	start := time.Now()
	if err := p.signalGroup(syscall.SIGTERM); err != nil {
		return err
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-p.exited:
		p.killGroup() // leftover grandchildren do not outlive their leader
		p.log.Info("process stopped", "index", p.index, "pid", p.pid, "took", time.Since(start))
		return nil
	case <-t.C:
	case <-ctx.Done():
	}
	p.killGroup()
	<-p.exited
	p.log.Warn("process killed", "index", p.index, "pid", p.pid, "took", time.Since(start))
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("stop process %d: %w", p.index, err)
	}
	return fmt.Errorf("stop process %d after %s: %w", p.index, timeout, ErrKilled)
}

// ErrKilled reports that a process ignored SIGTERM and was killed.
var ErrKilled = errors.New("did not exit on SIGTERM; killed")

func (p *Process) signalGroup(sig syscall.Signal) error {
	err := syscall.Kill(-p.pid, sig)
	if err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("signal process group %d: %w", p.pid, err)
	}
	return nil
}

func (p *Process) killGroup() { _ = p.signalGroup(syscall.SIGKILL) }
