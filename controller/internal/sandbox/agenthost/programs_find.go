package agenthost

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Programs returns the programs a host runs. In asgctl they are this
// executable's own hidden commands: nothing is compiled and no Go
// toolchain is needed, wherever the binary runs. A test binary has no
// such commands, so there (and only there) Programs compiles asgctl into dir
// with the Go toolchain, from the module the test runs in.
func Programs(dir string) (Binaries, error) {
	if testing.Testing() {
		return buildForTest(dir)
	}
	exe, err := os.Executable()
	if err != nil {
		return Binaries{}, fmt.Errorf("find this executable, whose hidden commands run the agent and the sample app: %w", err)
	}
	return Commands(exe), nil
}

// buildForTest compiles asgctl into dir and returns its hidden commands.
func buildForTest(dir string) (Binaries, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return Binaries{}, fmt.Errorf("go env GOMOD: %w (a test builds asgctl with the Go toolchain)", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return Binaries{}, fmt.Errorf("a test outside the asgctl module cannot build asgctl for its hosted instances")
	}
	exe := filepath.Join(dir, "asgctl")
	cmd := exec.Command("go", "build", "-o", exe, "./controller/cmd/asgctl")
	cmd.Dir = filepath.Dir(mod)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return Binaries{}, fmt.Errorf("go build asgctl: %w: %s", err, strings.TrimSpace(string(msg)))
	}
	return Commands(exe), nil
}
