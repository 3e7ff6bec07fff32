package proxytest

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/rotate"
	"github.com/asgctl/asgctl/agent/testapp/testappbin"
)

// StartHAProxy runs haproxy in the foreground (-db) with HAProxyConfig in
// front of backends and returns its frontend URL and a driver, once every
// server is UP. It stops with tb.
func StartHAProxy(tb testing.TB, backends map[int]string, drain time.Duration) (string, *rotate.HAProxy) {
	tb.Helper()
	bin := RequireBinary(tb, "haproxy")
	dir := tb.TempDir()
	port := freePort(tb)
	socket := filepath.Join(dir, "admin.sock")
	cfg, names := HAProxyConfig(socket, port, backends)
	cfgPath := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		tb.Fatal(err)
	}
	out, exited := StartChild(tb, syscall.SIGUSR1, bin, "-db", "-f", cfgPath)
	d := rotate.NewHAProxy(socket, HAProxyBackend, names, drain, nil)
	WaitUntil(tb, "every haproxy server UP", exited, out, func() bool {
		return len(d.Serving()) == len(backends)
	})
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("haproxy output:\n%s", out)
		}
	})
	return fmt.Sprintf("http://127.0.0.1:%d/", port), d
}

// Nginx is a running test nginx: its URL, files directory and driver.
type Nginx struct {
	URL, Dir string
	Driver   *rotate.Nginx
}

// StartNginx renders NginxConfig (with worker_processes auto when
// autoWorkers) and the upstream file through the nginx driver, runs nginx
// in the foreground and returns it once it answers. It stops with tb.
func StartNginx(tb testing.TB, backends map[int]string, drain time.Duration, autoWorkers bool) Nginx {
	tb.Helper()
	bin := RequireBinary(tb, "nginx")
	dir := tb.TempDir()
	port := freePort(tb)
	text := NginxConfig(dir, port)
	if autoWorkers {
		text = strings.Replace(text, "worker_processes 1;", "worker_processes auto;", 1)
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	errLog := filepath.Join(dir, "error.log")
	args := []string{"-p", dir + "/", "-e", errLog}
	d, err := rotate.NewNginx(rotate.NginxConfig{UpstreamFile: filepath.Join(dir, "upstream.conf"), Servers: backends,
		ConfFile: conf, PidFile: filepath.Join(dir, "nginx.pid"), Binary: bin, TestArgs: args, DrainTimeout: drain}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	out, exited := StartChild(tb, syscall.SIGQUIT, bin, append(args, "-c", conf)...)
	tb.Cleanup(func() {
		if tb.Failed() {
			b, _ := os.ReadFile(errLog)
			tb.Logf("nginx output:\n%s\nerror.log:\n%s", out, b)
		}
	})
	url := fmt.Sprintf("http://127.0.0.1:%d/", port)
	WaitUntil(tb, "nginx answering "+url, exited, out, func() bool { return Answers(url) })
	return Nginx{URL: url, Dir: dir, Driver: d}
}

// Answers reports whether a GET of url answers 200.
func Answers(url string) bool {
	resp, err := http.Get(url)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func freePort(tb testing.TB) int {
	tb.Helper()
	port, err := testappbin.FreePort()
	if err != nil {
		tb.Fatal(err)
	}
	return port
}
