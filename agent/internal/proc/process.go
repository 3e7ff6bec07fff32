package proc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"syscall"
	"time"
)

// Process is one running (or exited) child started by Exec.
type Process struct {
	index   int
	cmd     *exec.Cmd
	tail    tailBuffer
	exited  chan struct{}
	waitErr error
	log     *slog.Logger
}

// reap waits for the child and records its exit status.
func (p *Process) reap() {
	p.waitErr = p.cmd.Wait()
	close(p.exited)
}

// PID returns the child's process id (also its process group id).
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Exited is closed once the child has exited and its output is fully captured.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// Tail returns the last lines of the child's combined stdout and stderr.
func (p *Process) Tail() string { return p.tail.String() }

// Wait blocks until the child exits or ctx ends and returns the exit error
// (nil for a clean exit).
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
		p.log.Info("process stopped", "index", p.index, "pid", p.PID(), "took", time.Since(start))
		return nil
	case <-t.C:
	case <-ctx.Done():
	}
	p.killGroup()
	<-p.exited
	p.log.Warn("process killed", "index", p.index, "pid", p.PID(), "took", time.Since(start))
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("stop process %d: %w", p.index, err)
	}
	return fmt.Errorf("stop process %d after %s: %w", p.index, timeout, ErrKilled)
}

// ErrKilled reports that a process ignored SIGTERM and was killed.
var ErrKilled = errors.New("did not exit on SIGTERM; killed")

func (p *Process) signalGroup(sig syscall.Signal) error {
	err := syscall.Kill(-p.PID(), sig)
	if err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("signal process group %d: %w", p.PID(), err)
	}
	return nil
}

func (p *Process) killGroup() { _ = p.signalGroup(syscall.SIGKILL) }
