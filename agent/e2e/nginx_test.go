package e2e_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/proxytest"
)

// TestReleaseRollsUnderLoadNginx is TestReleaseRollsUnderLoadBuiltin with
// a real nginx in front of the 4 processes, driven by the agent through
// the upstream include file and graceful reloads.
func TestReleaseRollsUnderLoadNginx(t *testing.T) {
	bin := proxytest.RequireBinary(t, "nginx")
	dir := t.TempDir()
	port := freeRange(t, 1)
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(proxytest.NginxConfig(dir, port)), 0o644); err != nil {
		t.Fatal(err)
	}
	upstream := filepath.Join(dir, "upstream.conf")
	pidFile := filepath.Join(dir, "nginx.pid")
	b := newBox(t, consul.Agent(t).Addr, rotation{"driver": "nginx", "nginx_upstream_file": upstream,
		"nginx_pid_file": pidFile, "nginx_conf_file": conf})
	// The agent starts first, as on a booting box: nginx does not run yet,
	// so the agent only renders the upstream file (every server down: no
	// process runs yet); nginx then starts on that file.
	b.startAgent()
	waitUpstreamDown(t, b, upstream)
	errLog := filepath.Join(dir, "error.log")
	out, exited := proxytest.StartChild(t, syscall.SIGQUIT, bin, "-p", dir+"/", "-e", errLog, "-c", conf)
	t.Cleanup(b.stopAgent) // runs before nginx stops
	t.Cleanup(func() {
		if t.Failed() {
			data, _ := os.ReadFile(errLog)
			t.Logf("nginx output:\n%s\nerror.log (end):\n%s", out, tailString(string(data), 6000))
		}
	})
	waitNginxUp(t, pidFile, port, exited, out)
	b.deployFirst()
	rollAndFail(t, b, fmt.Sprintf("http://127.0.0.1:%d/", port))
}

// waitUpstreamDown waits until the agent has rendered the upstream file
// with all nProcs servers down (its Init at start), failing if it exits.
// (The release written next is handled only after Init has reloaded.)
func waitUpstreamDown(t *testing.T, b *box, path string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		data, err := os.ReadFile(path)
		if err == nil && strings.HasPrefix(string(data), "# rendered by asgctl-agent") && strings.Count(string(data), " down;") == nProcs {
			return
		}
		select {
		case <-b.agentDone:
			t.Fatalf("agent exited before rendering %s", path)
		case <-time.After(50 * time.Millisecond):
		}
	}
	data, _ := os.ReadFile(path)
	t.Fatalf("upstream file %s never had %d servers down:\n%s", path, nProcs, data)
}

// waitNginxUp waits until nginx has written its pid and accepts
// connections on port.
func waitNginxUp(t *testing.T, pidFile string, port int, exited <-chan struct{}, out fmt.Stringer) {
	t.Helper()
	proxytest.WaitUntil(t, "nginx on port "+itoa(port), exited, out, func() bool {
		pid, err := os.ReadFile(pidFile)
		if err != nil || strings.TrimSpace(string(pid)) == "" {
			return false
		}
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}
