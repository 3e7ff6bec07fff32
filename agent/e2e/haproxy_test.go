package e2e_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/asgctl/asgctl/agent/internal/proxytest"
)

// TestReleaseRollsUnderLoadHAProxy is TestReleaseRollsUnderLoadBuiltin
// with a real HAProxy in front of the 4 processes, driven by the agent
// through its runtime API socket.
func TestReleaseRollsUnderLoadHAProxy(t *testing.T) {
	bin := proxytest.RequireBinary(t, "haproxy")
	dir := t.TempDir()
	socket := filepath.Join(dir, "admin.sock")
	b := newBox(t, consul.Agent(t).Addr, rotation{"driver": "haproxy", "haproxy_socket": socket,
		"haproxy_backend": proxytest.HAProxyBackend})
	port := freeRange(t, 1)
	backends := map[int]string{}
	for k := range nProcs {
		backends[k] = fmt.Sprintf("127.0.0.1:%d", b.basePort+k)
	}
	cfg, _ := proxytest.HAProxyConfig(socket, port, backends)
	cfgPath := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	// HAProxy runs before the agent starts (the agent sets every server's
	// state through the socket at start) and stops after the agent has
	// left rotation: cleanups run last registered first.
	out, exited := proxytest.StartChild(t, syscall.SIGUSR1, bin, "-db", "-f", cfgPath)
	t.Cleanup(b.stopAgent)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("haproxy output:\n%s", out)
		}
	})
	waitSocket(t, socket, exited, out)
	b.startAgent()
	b.deployFirst()
	rollAndFail(t, b, fmt.Sprintf("http://127.0.0.1:%d/", port))
}

// waitSocket waits until HAProxy's runtime API socket accepts connections.
func waitSocket(t *testing.T, socket string, exited <-chan struct{}, out fmt.Stringer) {
	t.Helper()
	proxytest.WaitUntil(t, "haproxy socket "+socket, exited, out, func() bool {
		c, err := net.Dial("unix", socket)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}
