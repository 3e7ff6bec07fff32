// Package proc owns the agent's process supervisors; the exec supervisor here
// runs each service process as a child in its own process group, captures its
// output into a bounded tail, and stops it with SIGTERM then SIGKILL to the
// whole group. It may import the standard library and log/slog only.
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

// pipeWaitDelay bounds how long Wait keeps reading output after the child
// exited, in case a descendant that left the group still holds the pipes.
const pipeWaitDelay = 2 * time.Second

// Spec describes one service process to start.
type Spec struct {
	Index   int      // process index within the service
	Dir     string   // working directory (the release directory)
	Command []string // argv; Command[0] is resolved relative to Dir if it contains a slash
	Env     []string // full environment, KEY=VALUE
}

// Exec is the exec supervisor: it starts children directly.
type Exec struct {
	log *slog.Logger
}

// NewExec returns an exec supervisor logging to log.
func NewExec(log *slog.Logger) *Exec {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Exec{log: log}
}

// Start launches spec as a child in a new process group. The child outlives
// ctx only in the sense that ctx bounds the start itself; use Stop to end it.
func (e *Exec) Start(ctx context.Context, spec Spec) (*Process, error) {
	if len(spec.Command) == 0 {
		return nil, errors.New("start process: empty command")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("start process %d: %w", spec.Index, err)
	}
	cmd := exec.Command(spec.Command[0], spec.Command[1:]...)
	cmd.Dir = spec.Dir
	cmd.Env = spec.Env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = pipeWaitDelay
	p := &Process{index: spec.Index, cmd: cmd, exited: make(chan struct{}), log: e.log}
	cmd.Stdout = &p.tail
	cmd.Stderr = &p.tail
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start process %d %q: %w", spec.Index, spec.Command[0], err)
	}
	go p.reap()
	e.log.Info("process started", "index", spec.Index, "pid", cmd.Process.Pid)
	return p, nil
}
