// Package proxytest runs the real reverse proxies (HAProxy and nginx) the
// agent's tests put in front of the service processes: it renders their
// test configurations, finds their binaries (skipping, or failing when
// CI=true, when one is missing) and runs them in the foreground with
// cleanup. Used only by tests.
package proxytest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/integration/syncbuf"
	"github.com/asgctl/asgctl/internal/testenv"
)

// HAProxyBackend is the backend of HAProxyConfig.
const HAProxyBackend = "app"

// HAProxyConfig renders a test haproxy.cfg: a frontend on port, backend
// "app" with server p<k> per backend, /ping health checks every 100 ms,
// redispatch with 3 retries, and an admin runtime API socket.
func HAProxyConfig(socket string, port int, backends map[int]string) (string, map[int]string) {
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
`, socket, port, HAProxyBackend, HAProxyBackend)
	names := map[int]string{}
	for i := range len(backends) {
		names[i] = fmt.Sprintf("p%d", i)
		fmt.Fprintf(&b, "\tserver %s %s check\n", names[i], backends[i])
	}
	return b.String(), names
}

// NginxConfig renders a test nginx.conf: foreground master, one worker,
// files under dir, upstream "app" from the driver's include file with
// keepalive, and retries on error, timeout and 502.
func NginxConfig(dir string, port int) string {
	user := ""
	if os.Geteuid() == 0 {
		user = "user root root;" // workers must read files under t.TempDir()
	}
	return fmt.Sprintf(`daemon off;
master_process on;
worker_processes 1;
%s
pid %[2]s/nginx.pid;
error_log %[2]s/error.log notice;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path %[2]s/tmp;
	proxy_temp_path %[2]s/tmp;
	fastcgi_temp_path %[2]s/tmp;
	uwsgi_temp_path %[2]s/tmp;
	scgi_temp_path %[2]s/tmp;
	upstream app {
		include %[2]s/upstream.conf;
		keepalive 32;
	}
	server {
		listen 127.0.0.1:%[3]d;
		location / {
			proxy_pass http://app;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_next_upstream error timeout http_502;
			proxy_next_upstream_tries 3;
			proxy_connect_timeout 1s;
		}
	}
}
`, user, dir, port)
}

// RequireBinary returns the path of an external program the test needs; it
// skips the test when the program is missing, or fails it when CI=true.
func RequireBinary(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	testenv.SkipOrFail(t, "%s not installed (make system-deps installs it): %v", name, err)
	return ""
}

// StartChild runs a foreground (non-daemon) server process and stops it
// with stopSig at cleanup (SIGKILL after 5 s). exited is closed when it ends.
func StartChild(t testing.TB, stopSig syscall.Signal, bin string, args ...string) (out *syncbuf.Buffer, exited <-chan struct{}) {
	t.Helper()
	out = &syncbuf.Buffer{}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(stopSig)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	return out, done
}

// WaitUntil polls ok every 50 ms for up to 10 s. It fails tb, showing the
// proxy's output, when the proxy exits first (exited is closed) or the
// time runs out.
func WaitUntil(tb testing.TB, what string, exited <-chan struct{}, out fmt.Stringer, ok func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s: %s", what, out)
		}
		select {
		case <-exited:
			tb.Fatalf("proxy exited while waiting for %s: %s", what, out)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
