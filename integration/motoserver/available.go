package motoserver

import (
	"errors"
	"fmt"
	"os/exec"
	"testing"

	"github.com/asgctl/asgctl/internal/testenv"
)

// Binary is the executable the harness looks for on PATH.
const Binary = "moto_server"

// ErrNotInstalled is returned (wrapped) when moto_server is not on PATH.
var ErrNotInstalled = errors.New(Binary + ` is not on PATH (pip install "moto[server]")`)

// Available returns nil when moto_server is on PATH, else an error wrapping
// ErrNotInstalled.
func Available() error {
	if _, err := exec.LookPath(Binary); err != nil {
		return fmt.Errorf("%w: %v", ErrNotInstalled, err)
	}
	return nil
}

// Use returns s to a test, or ends the test when the server could not be
// started (err from StartMain): a missing moto_server skips it, or fails it
// when CI=true; any other error fails it.
func Use(tb testing.TB, s *Server, err error) *Server {
	tb.Helper()
	switch {
	case err == nil && s != nil:
		return s
	case err == nil:
		tb.Fatalf("motoserver: no server and no error")
	case errors.Is(err, ErrNotInstalled):
		testenv.SkipOrFail(tb, "%v", err)
	default:
		tb.Fatalf("motoserver: %v", err)
	}
	return nil
}
