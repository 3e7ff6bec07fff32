package motoserver

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// stopGrace is how long moto_server gets to exit on SIGTERM before SIGKILL.
const stopGrace = 5 * time.Second

// tailBytes is how much of moto_server's output failure messages quote.
const tailBytes = 4096

// process is a moto_server child in its own process group, its output
// captured in a temporary file.
type process struct {
	cmd      *exec.Cmd
	logPath  string
	exited   chan struct{} // closed when the child has been reaped
	stopOnce sync.Once
}

// launch starts moto_server on 127.0.0.1:port.
func launch(port int) (*process, error) {
	logFile, err := os.CreateTemp("", "moto_server-*.log")
	if err != nil {
		return nil, fmt.Errorf("create %s log: %w", Binary, err)
	}
	defer logFile.Close()
	cmd := exec.Command(Binary, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		os.Remove(logFile.Name())
		return nil, fmt.Errorf("start %s: %w", Binary, err)
	}
	p := &process{cmd: cmd, logPath: logFile.Name(), exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// stop ends the whole process group (moto_server may run behind a shim):
// SIGTERM, then SIGKILL after stopGrace; then removes the log.
func (p *process) stop() {
	p.stopOnce.Do(func() {
		pgid := -p.cmd.Process.Pid
		_ = syscall.Kill(pgid, syscall.SIGTERM)
		grace := time.NewTimer(stopGrace)
		defer grace.Stop()
		select {
		case <-p.exited:
		case <-grace.C:
		}
		_ = syscall.Kill(pgid, syscall.SIGKILL) // stragglers in the group
		<-p.exited
		os.Remove(p.logPath)
	})
}

// tail returns the end of moto_server's output.
func (p *process) tail() string {
	b, err := os.ReadFile(p.logPath)
	if errors.Is(err, os.ErrNotExist) {
		return "(" + Binary + " output is gone: the server was stopped)"
	}
	if err != nil {
		return fmt.Sprintf("(cannot read %s output: %v)", Binary, err)
	}
	if len(b) > tailBytes {
		b = b[len(b)-tailBytes:]
		if i := strings.IndexByte(string(b), '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	return "--- " + Binary + " output (tail) ---\n" + strings.TrimRight(string(b), "\n")
}
