package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// asgctlBinary builds the asgctl binary once per test run and returns its
// path (tests run it as separate processes: kill -9, concurrent CLIs).
var asgctlBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "asgctl-e2e-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "asgctl")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/asgctl/asgctl/controller/cmd/asgctl")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", &buildError{err: err, out: out.String()}
	}
	return bin, nil
})

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "go build asgctl: " + e.err.Error() + "\n" + e.out }

func needBinary(t *testing.T) string {
	t.Helper()
	bin, err := asgctlBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// asgctl runs the CLI as a process with env and returns its exit code and
// combined output.
func asgctl(ctx context.Context, t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, needBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	}
	if err != nil {
		t.Fatalf("run asgctl %v: %v", args, err)
	}
	return 0, out.String()
}
