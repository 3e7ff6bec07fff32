// Package testappbin builds the agent test app (agent/testapp) once per test
// binary and hands out the path to the executable, plus a free-port helper.
// It is for tests only and may import only the standard library.
package testappbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/asgctl/asgctl/internal/freeport"
)

var (
	once    sync.Once
	binPath string
	errBld  error
)

// Path builds the test app with `go build` into a temporary directory on the
// first call and returns the executable's path on every call.
func Path() (string, error) {
	once.Do(func() { binPath, errBld = build() })
	return binPath, errBld
}

func build() (string, error) {
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("locate testapp source: runtime.Caller failed")
	}
	src := filepath.Dir(filepath.Dir(self))
	dir, err := os.MkdirTemp("", "asgctl-testapp-")
	if err != nil {
		return "", fmt.Errorf("temp dir for testapp: %w", err)
	}
	out := filepath.Join(dir, "testapp")
	cmd := exec.Command("go", "build", "-o", out, ".")
	cmd.Dir = src
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build testapp: %w: %s", err, b)
	}
	return out, nil
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) { return freeport.One() }

// Remove deletes the built executable's temporary directory; call it from
// TestMain after the tests ran.
func Remove() {
	if binPath != "" {
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
}
