package proc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"
)

// ExecSupervisor is the exec Supervisor: it keeps one Process per index,
// started by Exec. A stopped or exited process stays known until the next
// Start, so its output tail can still be read.
type ExecSupervisor struct {
	exec        *Exec
	stopTimeout time.Duration
	mu          sync.Mutex
	procs       map[int]*Process
}

var _ Supervisor = (*ExecSupervisor)(nil)

// NewExecSupervisor returns an exec supervisor whose Stop waits stopTimeout
// after SIGTERM before SIGKILL and that starts processes as runAs (the
// config's supervisor.run_as: a user name, uid or uid:gid; empty: the
// agent's own user). runAs is resolved once, here: an unknown user, or
// another user than the agent's own when the agent is not root, is an
// error.
func NewExecSupervisor(log *slog.Logger, stopTimeout time.Duration, runAs string) (*ExecSupervisor, error) {
	as, err := runAsAccount(runAs, systemUsers, os.Geteuid(), os.Getegid())
	if err != nil {
		return nil, err
	}
	e := NewExec(log)
	e.as = as
	return &ExecSupervisor{exec: e, stopTimeout: stopTimeout, procs: map[int]*Process{}}, nil
}

// Start starts process spec.Index; it is an error while that index runs.
func (s *ExecSupervisor) Start(ctx context.Context, spec Spec) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.procs[spec.Index]; p != nil && p.Running() {
		return fmt.Errorf("start process %d: already running as pid %d", spec.Index, p.PID())
	}
	p, err := s.exec.Start(ctx, spec)
	if err != nil {
		return err
	}
	s.procs[spec.Index] = p
	return nil
}

// Stop stops process index. A process that had to be killed after the stop
// timeout is stopped all the same: that is logged, not returned.
func (s *ExecSupervisor) Stop(ctx context.Context, index int) error {
	p := s.get(index)
	if p == nil || !p.Running() {
		return nil
	}
	err := p.Stop(ctx, s.stopTimeout)
	if errors.Is(err, ErrKilled) {
		return nil
	}
	return err
}

// PID returns the pid of process index, 0 when it does not run.
func (s *ExecSupervisor) PID(_ context.Context, index int) (int, error) {
	if p := s.get(index); p != nil && p.Running() {
		return p.PID(), nil
	}
	return 0, nil
}

// Tail returns the output tail of the last process started at index.
func (s *ExecSupervisor) Tail(_ context.Context, index int) string {
	if p := s.get(index); p != nil {
		return p.Tail()
	}
	return ""
}

// Started returns the start ticks of process index (0 when it does not run);
// see Process.Started.
func (s *ExecSupervisor) Started(index int) uint64 {
	if p := s.get(index); p != nil && p.Running() {
		return p.Started()
	}
	return 0
}

// Adopt takes over a process an earlier run of the agent started; see
// Exec.Adopt. An error wrapping ErrGone means it no longer runs.
func (s *ExecSupervisor) Adopt(index, pid int, started uint64, output string) error {
	p, err := s.exec.Adopt(index, pid, started, output)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.procs[index] = p
	s.mu.Unlock()
	return nil
}

func (s *ExecSupervisor) get(index int) *Process {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.procs[index]
}
