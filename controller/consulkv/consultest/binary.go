package consultest

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/internal/testenv"
)

// modulePath is the module whose root holds .tools/bin/consul.
const modulePath = "github.com/asgctl/asgctl"

// ErrNoBinary means no consul binary was found.
var ErrNoBinary = errors.New("no consul binary: set CONSUL_BIN, run `make consul` (builds .tools/bin/consul) or put consul on PATH")

// Binary finds the consul binary: $CONSUL_BIN, else <module root>/.tools/bin/consul
// (what `make consul` builds), else consul on PATH. A CONSUL_BIN that names
// no executable file is an error, not a fall back.
func Binary() (string, error) {
	if p := os.Getenv("CONSUL_BIN"); p != "" {
		if err := executable(p); err != nil {
			return "", fmt.Errorf("CONSUL_BIN: %w", err)
		}
		return p, nil
	}
	if root, err := moduleRoot(); err == nil {
		p := filepath.Join(root, ".tools", "bin", "consul")
		if executable(p) == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath("consul"); err == nil {
		return p, nil
	}
	return "", ErrNoBinary
}

// requireBinary returns the binary, or skips tb (fails it when CI is true).
func requireBinary(tb testing.TB) string {
	tb.Helper()
	bin, err := Binary()
	if err != nil {
		skipOrFail(tb, err)
	}
	return bin
}

// skipOrFail skips tb for a missing dependency, or fails it in CI, where a
// missing dependency must never pass silently.
func skipOrFail(tb testing.TB, err error) {
	tb.Helper()
	testenv.SkipOrFail(tb, "consul agent needed: %v", err)
}

// executable checks that p is a regular file with an execute bit.
func executable(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("%s is not an executable file", p)
	}
	return nil
}

// moduleRoot walks up from the working directory (a test's package
// directory) to the go.mod of modulePath.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if declaresModule(filepath.Join(dir, "go.mod")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of %s above the working directory", modulePath)
		}
		dir = parent
	}
}

// declaresModule reports whether the go.mod at path declares modulePath.
func declaresModule(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) == 2 && fields[0] == "module" {
			return fields[1] == modulePath
		}
	}
	return false
}
