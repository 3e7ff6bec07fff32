package rotate_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/rotate"
	"github.com/asgctl/asgctl/agent/testapp/testappbin"
)

// nginxConfig renders a test nginx.conf: foreground master, one worker,
// files under dir, upstream "app" from the driver's include file with
// keepalive, and retries on error, timeout and 502.
func nginxConfig(dir string, port int) string {
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

// testNginx is a running test nginx: its URL, files directory and driver.
type testNginx struct {
	url, dir string
	d        *rotate.Nginx
}

// startNginx renders the config and driver, runs nginx in the foreground
// and returns it once it answers.
func startNginx(t *testing.T, backends map[int]string, drain time.Duration) testNginx {
	t.Helper()
	bin := requireBinary(t, "nginx")
	dir := t.TempDir()
	port, err := testappbin.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(nginxConfig(dir, port)), 0o644); err != nil {
		t.Fatal(err)
	}
	errLog := filepath.Join(dir, "error.log")
	args := []string{"-p", dir + "/", "-e", errLog}
	d, err := rotate.NewNginx(rotate.NginxConfig{UpstreamFile: filepath.Join(dir, "upstream.conf"), Servers: backends,
		ConfFile: conf, PidFile: filepath.Join(dir, "nginx.pid"), Binary: bin, TestArgs: args, DrainTimeout: drain}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, exited := startChild(t, syscall.SIGQUIT, bin, append(args, "-c", conf)...)
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(errLog)
			t.Logf("nginx output:\n%s\nerror.log:\n%s", out, b)
		}
	})
	url := fmt.Sprintf("http://127.0.0.1:%d/", port)
	waitNginx(t, url, exited, out)
	return testNginx{url: url, dir: dir, d: d}
}

func waitNginx(t *testing.T, url string, exited <-chan struct{}, out fmt.Stringer) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-exited:
			t.Fatalf("nginx exited: %s", out)
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("nginx not answering on %s: %s", url, out)
}
