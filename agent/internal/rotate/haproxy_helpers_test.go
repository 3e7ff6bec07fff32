package rotate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/rotate"
	"github.com/asgctl/asgctl/agent/testapp/testappbin"
)

const haproxyBackend = "app"

// haproxyConfig renders a test haproxy.cfg: a frontend on port, backend
// "app" with server p<k> per backend, /ping health checks every 100 ms,
// redispatch with 3 retries, and an admin runtime API socket.
func haproxyConfig(socket string, port int, backends map[int]string) (string, map[int]string) {
	var b strings.Builder
	fmt.Fprintf(&b, `global
	stats socket %s mode 600 level admin
	stats timeout 10s
defaults
	mode http
	timeout connect 1s
	timeout client 30s
	timeout server 30s
	timeout check 1s
	retries 3
	option redispatch
frontend fe
	bind 127.0.0.1:%d
	default_backend %s
backend %s
	balance roundrobin
	option httpchk GET /ping
	default-server inter 100ms fastinter 100ms downinter 100ms rise 2 fall 2
`, socket, port, haproxyBackend, haproxyBackend)
	names := map[int]string{}
	for i := range len(backends) {
		names[i] = fmt.Sprintf("p%d", i)
		fmt.Fprintf(&b, "\tserver %s %s check\n", names[i], backends[i])
	}
	return b.String(), names
}

// startHAProxy runs haproxy in the foreground (-db) in front of backends and
// returns its frontend URL and a driver, once every server is UP.
func startHAProxy(t *testing.T, backends map[int]string, drain time.Duration) (string, *rotate.HAProxy) {
	t.Helper()
	bin := requireBinary(t, "haproxy")
	dir := t.TempDir()
	port, err := testappbin.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(dir, "admin.sock")
	cfg, names := haproxyConfig(socket, port, backends)
	cfgPath := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	out, exited := startChild(t, syscall.SIGUSR1, bin, "-db", "-f", cfgPath)
	d := rotate.NewHAProxy(socket, haproxyBackend, names, drain, nil)
	deadline := time.Now().Add(10 * time.Second)
	for len(d.Serving()) != len(backends) {
		select {
		case <-exited:
			t.Fatalf("haproxy exited: %s", out)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("haproxy servers not all UP (serving %v): %s", d.Serving(), out)
		}
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("haproxy output:\n%s", out)
		}
	})
	return fmt.Sprintf("http://127.0.0.1:%d/", port), d
}
