package rotate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/proxytest"
	"github.com/asgctl/asgctl/agent/internal/rotate"
	"github.com/asgctl/asgctl/agent/testapp/testappbin"
)

// startHAProxy runs haproxy in the foreground (-db) in front of backends and
// returns its frontend URL and a driver, once every server is UP.
func startHAProxy(t *testing.T, backends map[int]string, drain time.Duration) (string, *rotate.HAProxy) {
	t.Helper()
	bin := proxytest.RequireBinary(t, "haproxy")
	dir := t.TempDir()
	port, err := testappbin.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(dir, "admin.sock")
	cfg, names := proxytest.HAProxyConfig(socket, port, backends)
	cfgPath := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	out, exited := proxytest.StartChild(t, syscall.SIGUSR1, bin, "-db", "-f", cfgPath)
	d := rotate.NewHAProxy(socket, proxytest.HAProxyBackend, names, drain, nil)
	proxytest.WaitUntil(t, "every haproxy server UP", exited, out, func() bool {
		return len(d.Serving()) == len(backends)
	})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("haproxy output:\n%s", out)
		}
	})
	return fmt.Sprintf("http://127.0.0.1:%d/", port), d
}
