package motoserver

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/asgctl/asgctl/internal/freeport"
)

// StartTimeout bounds how long a new moto_server may take to answer.
const StartTimeout = 30 * time.Second

// startAttempts is how often StartMain tries a fresh port when moto_server
// exits during startup (another process took the port first).
const startAttempts = 3

// Server is one running moto_server.
type Server struct {
	URL string // "http://127.0.0.1:PORT"

	proc *process
}

// Start launches moto_server on a free 127.0.0.1 port for the calling test
// and stops it at the test's cleanup. A missing moto_server skips the test,
// or fails it when CI=true. Test packages with several tests share one
// server instead (Shared, or StartMain from TestMain).
func Start(tb testing.TB) *Server {
	tb.Helper()
	s, stop, err := StartMain()
	s = Use(tb, s, err)
	tb.Cleanup(stop)
	return s
}

// StartMain is Start without a test, for TestMain: it returns the server
// and the function that stops it (never nil, safe to call more than once).
// The error wraps ErrNotInstalled when moto_server is not on PATH.
func StartMain() (*Server, func(), error) {
	noop := func() {}
	if err := Available(); err != nil {
		return nil, noop, err
	}
	var err error
	for range startAttempts {
		var s *Server
		s, err = startOnce()
		if err == nil {
			return s, s.stop, nil
		}
		if !errors.Is(err, errExitedEarly) {
			break
		}
	}
	return nil, noop, err
}

// startOnce launches moto_server on a fresh port and waits until it answers.
func startOnce() (*Server, error) {
	port, err := freeport.One()
	if err != nil {
		return nil, err
	}
	p, err := launch(port)
	if err != nil {
		return nil, err
	}
	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d", port), proc: p}
	if err := waitReady(s.URL, p, StartTimeout); err != nil {
		p.stop()
		return nil, fmt.Errorf("start %s on port %d: %w\n%s", Binary, port, err, p.tail())
	}
	return s, nil
}

func (s *Server) stop() { s.proc.stop() }

// Tail returns the last lines moto_server printed, for failure messages.
func (s *Server) Tail() string { return s.proc.tail() }
