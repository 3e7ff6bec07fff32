package agenthost

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Binaries are the programs the host runs.
type Binaries struct {
	Agent   string // asgctl-agent
	TestApp string // the sample app
}

// Build compiles asgctl-agent and the sample app into dir with the Go
// toolchain, from the module that holds this source tree.
func Build(dir string) (Binaries, error) {
	root, err := moduleRoot()
	if err != nil {
		return Binaries{}, err
	}
	b := Binaries{Agent: filepath.Join(dir, "asgctl-agent"), TestApp: filepath.Join(dir, "sample-app")}
	for out, pkg := range map[string]string{b.Agent: "./agent/cmd/asgctl-agent", b.TestApp: "./agent/testapp"} {
		cmd := exec.Command("go", "build", "-o", out, pkg)
		cmd.Dir = root
		if msg, err := cmd.CombinedOutput(); err != nil {
			return Binaries{}, fmt.Errorf("go build %s: %w: %s", pkg, err, strings.TrimSpace(string(msg)))
		}
	}
	return b, nil
}

// moduleRoot finds the module's directory with `go env GOMOD`, run from
// the working directory (the sandbox runs inside the repository).
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w (the sandbox builds asgctl-agent with the Go toolchain)", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("not inside the asgctl module: run the sandbox from the repository (make sandbox)")
	}
	return filepath.Dir(mod), nil
}
