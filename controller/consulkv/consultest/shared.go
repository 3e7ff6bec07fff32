package consultest

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
)

// Shared is one agent for a whole test package, started by the first test
// that asks for it and reset (Agent.Reset) for every caller. Stop it from
// TestMain:
//
//	var consul consultest.Shared
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		consul.Stop()
//		os.Exit(code)
//	}
//
// Callers must not run in parallel with each other: each reset empties the
// agent under the others. The zero value is ready to use.
type Shared struct {
	// Options apply to the agent; set them before the first Agent call.
	Options Options

	mu      sync.Mutex
	started bool
	agent   *Agent
	dir     string
	err     error
}

// Agent returns the package's agent, started on first use and reset for
// tb. A missing binary skips tb (fails it when CI is true); an agent that
// failed to start fails every caller with the same error. When tb fails,
// its log gets what the agent logged during tb.
func (s *Shared) Agent(tb testing.TB) *Agent {
	tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		s.started = true
		s.err = s.start()
	}
	switch {
	case errors.Is(s.err, ErrNoBinary):
		skipOrFail(tb, s.err)
	case s.err != nil:
		tb.Fatalf("shared consul agent: %v", s.err)
	case s.agent.exited():
		tb.Fatalf("shared consul agent at %s has exited; log (end):\n%s", s.agent.Addr, tail(s.agent.LogFile, 0))
	}
	if err := s.agent.Reset(); err != nil {
		tb.Fatalf("shared consul agent: %v", err)
	}
	a, offset := s.agent, logSize(s.agent.LogFile)
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("consul agent log %s during this test:\n%s", a.LogFile, tail(a.LogFile, offset))
		}
	})
	return a
}

// Stop stops the agent, if one was started, and removes its files.
func (s *Shared) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.agent != nil {
		s.agent.Stop()
	}
	if s.dir != "" {
		_ = os.RemoveAll(s.dir)
	}
}

// start launches the agent in a directory of its own (a test's TempDir
// would be removed when that test ends).
func (s *Shared) start() error {
	bin, err := Binary()
	if err != nil {
		return err
	}
	if s.dir, err = os.MkdirTemp("", "consultest-"); err != nil {
		return fmt.Errorf("shared consul agent: %w", err)
	}
	s.agent, err = launch(bin, s.dir, s.Options)
	return err
}

// logSize is the current length of the log file, 0 when unreadable.
func logSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
