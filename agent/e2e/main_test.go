package e2e_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/asgctl/asgctl/agent/testapp/testappbin"
	"github.com/asgctl/asgctl/controller/consulkv/consultest"
	"github.com/asgctl/asgctl/integration/motoserver"
)

var (
	consul consultest.Shared
	moto   motoserver.Shared
	// bins are the binaries under test, built once per run.
	bins struct{ agent, cli, testapp string }
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "asgctl-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := 1
	if err := buildBins(dir); err != nil {
		fmt.Fprintln(os.Stderr, "build binaries:", err)
	} else {
		code = m.Run()
	}
	consul.Stop()
	moto.Stop()
	testappbin.Remove()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// buildBins builds asgctl-agent, asgctl and the test app into dir. With
// ASGCTL_E2E_BINS set to a directory holding asgctl-agent and asgctl, the
// tests run those instead (another build, e.g. to show a test fails on
// an older one); the test app is always this tree's.
func buildBins(dir string) error {
	if other := os.Getenv("ASGCTL_E2E_BINS"); other != "" {
		bins.agent, bins.cli = filepath.Join(other, "asgctl-agent"), filepath.Join(other, "asgctl")
		var err error
		bins.testapp, err = testappbin.Path()
		return err
	}
	bins.agent = filepath.Join(dir, "asgctl-agent")
	bins.cli = filepath.Join(dir, "asgctl")
	for out, pkg := range map[string]string{bins.agent: "./agent/cmd/asgctl-agent", bins.cli: "./controller/cmd/asgctl"} {
		cmd := exec.Command("go", "build", "-o", out, pkg)
		cmd.Dir = "../.."
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %w: %s", pkg, err, b)
		}
	}
	var err error
	bins.testapp, err = testappbin.Path()
	return err
}
