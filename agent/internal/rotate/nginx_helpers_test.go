package rotate_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/proxytest"
	"github.com/asgctl/asgctl/agent/internal/rotate"
	"github.com/asgctl/asgctl/agent/testapp/testappbin"
)

// testNginx is a running test nginx: its URL, files directory and driver.
type testNginx struct {
	url, dir string
	d        *rotate.Nginx
}

// startNginx renders the config and driver, runs nginx in the foreground
// and returns it once it answers.
func startNginx(t *testing.T, backends map[int]string, drain time.Duration) testNginx {
	t.Helper()
	bin := proxytest.RequireBinary(t, "nginx")
	dir := t.TempDir()
	port, err := testappbin.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(proxytest.NginxConfig(dir, port)), 0o644); err != nil {
		t.Fatal(err)
	}
	errLog := filepath.Join(dir, "error.log")
	args := []string{"-p", dir + "/", "-e", errLog}
	d, err := rotate.NewNginx(rotate.NginxConfig{UpstreamFile: filepath.Join(dir, "upstream.conf"), Servers: backends,
		ConfFile: conf, PidFile: filepath.Join(dir, "nginx.pid"), Binary: bin, TestArgs: args, DrainTimeout: drain}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, exited := proxytest.StartChild(t, syscall.SIGQUIT, bin, append(args, "-c", conf)...)
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
	proxytest.WaitUntil(t, "nginx answering "+url, exited, out, func() bool {
		resp, err := http.Get(url)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}
