package consultest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Start limits.
const (
	readyTimeout  = 30 * time.Second
	stopTimeout   = 5 * time.Second
	startAttempts = 3
)

// Options change how an agent starts.
type Options struct {
	// ACL turns ACLs on with default policy "deny"; Agent.Token is then the
	// initial management token.
	ACL bool
}

// Agent is a running `consul agent -dev`: a single server that is its own
// leader, with its state in memory, listening on 127.0.0.1 only.
type Agent struct {
	// Addr is the HTTP API address, "127.0.0.1:PORT".
	Addr string
	// Token is the management token when started with ACLs, else "".
	Token string
	// LogFile holds everything the agent wrote.
	LogFile string

	args     []string // the command line, kept for Restart
	cmd      *exec.Cmd
	done     chan struct{}
	stopOnce *sync.Once
}

// Start runs an agent for tb and stops it when tb ends; on failure the
// test log gets the end of the agent's log. A missing binary skips tb, or
// fails it when CI is true.
func Start(tb testing.TB) *Agent { return StartWith(tb, Options{}) }

// StartWith is Start with options.
func StartWith(tb testing.TB, opts Options) *Agent {
	tb.Helper()
	bin := requireBinary(tb)
	a, err := launch(bin, tb.TempDir(), opts)
	if err != nil {
		tb.Fatalf("start consul: %v", err)
	}
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("consul agent log %s (end):\n%s", a.LogFile, tail(a.LogFile, 0))
		}
		a.Stop()
	})
	return a
}

// Stop ends the agent's process group (SIGTERM, then SIGKILL after a few
// seconds) and waits for it. It is idempotent.
func (a *Agent) Stop() {
	a.stopOnce.Do(func() {
		pgid := a.cmd.Process.Pid
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		t := time.NewTimer(stopTimeout)
		defer t.Stop()
		select {
		case <-a.done:
		case <-t.C:
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-a.done
		}
	})
}

// exited reports whether the agent process has ended.
func (a *Agent) exited() bool {
	select {
	case <-a.done:
		return true
	default:
		return false
	}
}

// launch starts an agent under dir, trying again on fresh ports when an
// attempt fails (another process may take a port between picking it and
// the agent binding it).
func launch(bin, dir string, opts Options) (*Agent, error) {
	var errs []error
	for i := range startAttempts {
		a, err := launchOnce(bin, filepath.Join(dir, fmt.Sprint("agent-", i)), opts)
		if err == nil {
			return a, nil
		}
		errs = append(errs, fmt.Errorf("attempt %d: %w", i+1, err))
	}
	return nil, errors.Join(errs...)
}

// nodes numbers agents so node names are unique within the process.
var nodes atomic.Int64

// launchOnce starts one agent and waits until it is ready.
func launchOnce(bin, dir string, opts Options) (*Agent, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	cfg, addr, token, err := writeConfig(dir, opts)
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "consul.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	node := fmt.Sprintf("consultest-%d-%d", os.Getpid(), nodes.Add(1))
	a := &Agent{Addr: addr, Token: token, LogFile: logPath,
		args: []string{bin, "agent", "-dev", "-node", node, "-config-file", cfg}}
	if err := a.run(logf); err != nil {
		return nil, err
	}
	return a, nil
}

// run starts the agent process, logging to logf, and waits until it is ready.
func (a *Agent) run(logf *os.File) error {
	cmd := exec.Command(a.args[0], a.args[1:]...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("run %s: %w", a.args[0], err)
	}
	done := make(chan struct{})
	a.cmd, a.done, a.stopOnce = cmd, done, &sync.Once{}
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	if err := a.waitReady(readyTimeout); err != nil {
		a.Stop()
		return fmt.Errorf("%w; agent log (end):\n%s", err, tail(a.LogFile, 0))
	}
	return nil
}

// Restart starts a stopped agent again on the same ports (tests of a
// Consul outage). A dev agent keeps its state in memory: it comes back
// empty, with every key and session gone. Not safe to call concurrently
// with Stop.
func (a *Agent) Restart() error {
	a.Stop()
	logf, err := os.OpenFile(a.LogFile, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	return a.run(logf)
}

// tail returns up to the last 8 KiB of the file at path written after
// offset.
func tail(path string, offset int64) string {
	const tailBytes = 8 << 10
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read the log: %v)", err)
	}
	if offset < int64(len(data)) {
		data = data[offset:]
	} else {
		data = nil
	}
	if len(data) > tailBytes {
		data = data[len(data)-tailBytes:]
	}
	return string(data)
}
