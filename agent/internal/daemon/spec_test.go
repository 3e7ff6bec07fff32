package daemon

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/agent/internal/envfile"
)

func TestSpec(t *testing.T) {
	t.Setenv("PATH", "/usr/bin:/bin")
	t.Setenv("CONSUL_HTTP_TOKEN", "secret")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	a := &Agent{Deps: Deps{Config: testConfig(t)}}
	if _, err := envfile.Write(a.Config.Dirs.Env, r2.Release, r2.ConfigRev, map[string]string{"ZED": "z", "APP": "a b"}); err != nil {
		t.Fatal(err)
	}
	s, err := a.spec(1, r2)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(a.Config.Dirs.Releases, "r2")
	if s.Index != 1 || s.Dir != dir || s.Output != filepath.Join(a.Config.Dirs.State, "logs", "1.log") {
		t.Fatalf("spec = %+v", s)
	}
	if want := []string{filepath.Join(dir, "bin/web"), "--port", "9002"}; !reflect.DeepEqual(s.Command, want) {
		t.Fatalf("command = %v, want %v", s.Command, want)
	}
	// Inherited basics first, then the env file in name order, then the
	// agent's own variables; nothing else of the agent's environment.
	var got []string
	for _, kv := range s.Env {
		if strings.HasPrefix(kv, "PATH=") || !inheritedName(kv) {
			got = append(got, kv)
		}
	}
	want := []string{"PATH=/usr/bin:/bin", "APP=a b", "ZED=z", "ASGCTL_RELEASE=r2", "ASGCTL_CONFIG_REV=1", "PORT=9002", "ASGCTL_PROCESS_INDEX=1"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("env = %q, want %q", got, want)
	}
	for _, kv := range s.Env {
		if strings.Contains(kv, "secret") {
			t.Fatalf("the agent's credential %q leaked into the process", kv)
		}
	}
}

func TestSpecMissingEnvFile(t *testing.T) {
	a := &Agent{Deps: Deps{Config: testConfig(t)}}
	if _, err := a.spec(0, r2); err == nil || !strings.Contains(err.Error(), "process 0: env file") {
		t.Fatalf("spec without an env file = %v, want an error", err)
	}
}

// inheritedName reports whether kv is one of the inherited basics.
func inheritedName(kv string) bool {
	name, _, _ := strings.Cut(kv, "=")
	for _, n := range inherited {
		if n == name {
			return true
		}
	}
	return false
}

func TestIdentityEnv(t *testing.T) {
	if got := identityEnv(""); got != nil {
		t.Fatalf("no run_as: %v, want nothing (the agent's own are inherited)", got)
	}
	got := identityEnv("nobody")
	if len(got) != 3 || got[1] != "USER=nobody" || !strings.HasPrefix(got[0], "HOME=") || got[0] == "HOME=/root" {
		t.Fatalf("identityEnv(nobody) = %v", got)
	}
	if got := identityEnv("4000123:4000123"); got[0] != "HOME=/" || got[1] != "USER=4000123" {
		t.Fatalf("a uid with no account: %v", got)
	}
}
