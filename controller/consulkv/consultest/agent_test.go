package consultest

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var shared Shared

func TestMain(m *testing.M) {
	code := m.Run()
	shared.Stop()
	os.Exit(code)
}

func TestBinary(t *testing.T) {
	t.Setenv("CONSUL_BIN", filepath.Join(t.TempDir(), "missing"))
	if _, err := Binary(); err == nil || !strings.Contains(err.Error(), "CONSUL_BIN") {
		t.Fatalf("Binary with a bad CONSUL_BIN = %v, want an error naming it", err)
	}
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "controller", "consulkv")); err != nil {
		t.Fatalf("module root %s: %v", root, err)
	}
}

func TestStartServesOnLoopback(t *testing.T) {
	a := Start(t)
	if !strings.HasPrefix(a.Addr, "127.0.0.1:") || a.Token != "" {
		t.Fatalf("agent = %+v", a)
	}
	if _, _, err := a.call("PUT", "/v1/kv/asgctl/x", http.StatusOK); err != nil {
		t.Fatal(err)
	}
	a.Stop()
	a.Stop()
	if !a.exited() {
		t.Fatal("agent still running after Stop")
	}
}

func TestStartWithACLs(t *testing.T) {
	a := StartWith(t, Options{ACL: true})
	if a.Token == "" {
		t.Fatal("no management token")
	}
	anon := &Agent{Addr: a.Addr}
	if code, _, err := anon.call("PUT", "/v1/kv/asgctl/x", http.StatusOK); code != http.StatusForbidden {
		t.Fatalf("anonymous write: HTTP %d, %v; want 403", code, err)
	}
	if _, _, err := a.call("PUT", "/v1/kv/asgctl/x", http.StatusOK); err != nil {
		t.Fatalf("write with the management token: %v", err)
	}
}

func TestSharedResetsForEachCaller(t *testing.T) {
	a := shared.Agent(t)
	for _, p := range []string{"/v1/kv/asgctl/services/web/spec", "/v1/kv/deploys/web", "/v1/kv/global/ENV"} {
		if _, _, err := a.call("PUT", p, http.StatusOK); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := a.call("PUT", "/v1/session/create", http.StatusOK); err != nil {
		t.Fatal(err)
	}
	if b := shared.Agent(t); b != a {
		t.Fatalf("second caller got another agent: %s, want %s", b.Addr, a.Addr)
	}
	if _, body, _ := a.call("GET", "/v1/kv/?keys", http.StatusOK, http.StatusNotFound); strings.Trim(string(body), "[] \n") != "" {
		t.Fatalf("keys left after reset: %s", body)
	}
	if _, body, _ := a.call("GET", "/v1/session/list", http.StatusOK); strings.TrimSpace(string(body)) != "[]" {
		t.Fatalf("sessions left after reset: %s", body)
	}
}

func TestRestartComesBackOnTheSamePortEmpty(t *testing.T) {
	a := Start(t)
	put := func() int {
		req, _ := http.NewRequest(http.MethodPut, "http://"+a.Addr+"/v1/kv/restart-probe", strings.NewReader("x"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	get := func() int {
		resp, err := http.Get("http://" + a.Addr + "/v1/kv/restart-probe")
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := put(); code != http.StatusOK {
		t.Fatalf("put: %d", code)
	}
	a.Stop()
	if code := get(); code != 0 {
		t.Fatalf("stopped agent answered %d", code)
	}
	if err := a.Restart(); err != nil {
		t.Fatal(err)
	}
	if code := get(); code != http.StatusNotFound {
		t.Fatalf("after restart the key answers %d, want 404 (dev agents keep state in memory)", code)
	}
}
