// Package proc owns the agent's process supervisors behind one Supervisor
// interface: exec (the default) runs each service process as a child in its
// own process group, as the agent's user or an unprivileged run_as user,
// sends its output to a file (or a bounded in-memory tail), stops it with
// SIGTERM then SIGKILL to the whole group, and adopts processes an earlier
// run of the agent left running; systemd drives
// template units over D-Bus (github.com/coreos/go-systemd) and awaits each
// job's result. It may import the standard library, log/slog and the
// go-systemd and godbus packages.
package proc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
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
	// Output, when set, is the file the process's stdout and stderr go to
	// (see openOutput); empty keeps a bounded tail in memory instead.
	Output string
}

// Exec is the exec supervisor: it starts children directly, as the
// agent's own user or, when as is set, as another one.
type Exec struct {
	log *slog.Logger
	as  *account // nil: the agent's own user
}

// NewExec returns an exec supervisor logging to log that starts processes
// as the agent's own user (NewExecSupervisor can start them as another).
func NewExec(log *slog.Logger) *Exec {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Exec{log: log}
}

// Start launches spec as a child in a new process group, with the user,
// group and supplementary groups of the run_as account if there is one
// (the agent stays able to signal it: it is root then). The child outlives
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
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: e.as.credential()}
	cmd.WaitDelay = pipeWaitDelay
	p := &Process{index: spec.Index, exited: make(chan struct{}), log: e.log}
	out, err := e.output(spec, cmd, p)
	if err != nil {
		return nil, fmt.Errorf("start process %d: %w", spec.Index, err)
	}
	err = cmd.Start()
	if out != nil {
		_ = out.Close() // the child holds its own descriptor
	}
	if err != nil {
		return nil, e.startError(spec, err)
	}
	p.pid = cmd.Process.Pid
	p.started, _, _ = StartTicks(p.pid)
	go func() {
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	e.log.Info("process started", "index", spec.Index, "pid", p.pid, "run_as", e.as.String())
	return p, nil
}

// startError explains a failed start; a permission error of a process
// started as another user says what is missing.
func (e *Exec) startError(spec Spec, err error) error {
	switch {
	case e.as == nil:
	case errors.Is(err, syscall.EACCES):
		return fmt.Errorf("start process %d %q as %s: %w (that user needs search permission on every directory down to %s and execute permission on the command)",
			spec.Index, spec.Command[0], e.as, err, spec.Dir)
	case errors.Is(err, syscall.EPERM):
		return fmt.Errorf("start process %d %q as %s: %w (the agent may not switch to that user: it needs root's CAP_SETUID and CAP_SETGID)",
			spec.Index, spec.Command[0], e.as, err)
	}
	return fmt.Errorf("start process %d %q: %w", spec.Index, spec.Command[0], err)
}

// output points cmd's stdout and stderr at spec.Output (returned, to be
// closed after the start) or at an in-memory tail.
func (e *Exec) output(spec Spec, cmd *exec.Cmd, p *Process) (*os.File, error) {
	if spec.Output == "" {
		buf := &tailBuffer{}
		cmd.Stdout, cmd.Stderr, p.tail = buf, buf, buf
		return nil, nil
	}
	f, err := openOutput(spec.Output, e.as)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr, p.tail = f, f, fileTail(spec.Output)
	return f, nil
}
