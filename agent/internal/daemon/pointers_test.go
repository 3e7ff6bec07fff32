package daemon

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/agent/internal/config"
	"github.com/asgctl/asgctl/agent/internal/envfile"
	"github.com/asgctl/asgctl/agent/internal/roll"
)

// testConfig is a valid agent config (as agent/internal/config/testdata)
// whose directories are fresh temporary ones that exist.
func testConfig(t *testing.T) *config.Config {
	t.Helper()
	root := t.TempDir()
	dirs := map[string]string{
		"releases": filepath.Join(root, "releases"),
		"env":      filepath.Join(root, "env"),
		"state":    filepath.Join(root, "state"),
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	doc := map[string]any{
		"version":    1,
		"service":    "web",
		"processes":  2,
		"command":    []string{"bin/web", "--port", "{port}"},
		"base_port":  9001,
		"health":     map[string]any{"path": "/ping", "interval": "500ms", "successes": 3, "timeout": "60s"},
		"dirs":       dirs,
		"artifacts":  map[string]any{"allow": []string{"s3://bucket/web/"}},
		"supervisor": map[string]any{"driver": "exec", "stop_timeout": "30s"},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(data)
	if err != nil {
		t.Fatalf("config.Parse: %v", err)
	}
	return cfg
}

// makeTarget creates the release directory and the env file of target.
func makeTarget(t *testing.T, a *Agent, target roll.Target, release, env bool) {
	t.Helper()
	if release {
		if err := os.MkdirAll(a.releaseDir(target), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if env {
		if _, err := envfile.Write(a.Config.Dirs.Env, target.Release, target.ConfigRev, map[string]string{"A": target.Release}); err != nil {
			t.Fatal(err)
		}
	}
}

// links returns where process k's release and env pointers lead ("" when
// absent).
func links(t *testing.T, a *Agent, k int) (rel, env string) {
	t.Helper()
	read := func(name string) string {
		dest, err := os.Readlink(filepath.Join(a.Config.Dirs.State, "proc", strconv.Itoa(k), name))
		if os.IsNotExist(err) {
			return ""
		}
		if err != nil {
			t.Fatal(err)
		}
		return dest
	}
	return read(pointerRelease), read(pointerEnv)
}

func TestSwitchPointers(t *testing.T) {
	a := &Agent{Deps: Deps{Config: testConfig(t)}}
	makeTarget(t, a, r1, true, true)
	makeTarget(t, a, r2, true, true)

	if err := a.switchPointers(1, r1); err != nil {
		t.Fatal(err)
	}
	rel, env := links(t, a, 1)
	if rel != a.releaseDir(r1) || env != a.envPath(r1) {
		t.Fatalf("after the first switch: release -> %q, env -> %q; want %q and %q", rel, env, a.releaseDir(r1), a.envPath(r1))
	}
	if r, e := links(t, a, 0); r != "" || e != "" {
		t.Fatalf("process 0 got pointers %q %q", r, e)
	}

	if err := a.switchPointers(1, r2); err != nil {
		t.Fatal(err)
	}
	rel, env = links(t, a, 1)
	if rel != a.releaseDir(r2) || env != a.envPath(r2) {
		t.Fatalf("after the second switch: release -> %q, env -> %q; want %q and %q", rel, env, a.releaseDir(r2), a.envPath(r2))
	}
	// Through the links: the release directory and the env file of r2.
	data, err := os.ReadFile(filepath.Join(a.Config.Dirs.State, "proc", "1", pointerEnv))
	if err != nil || !strings.Contains(string(data), "r2") {
		t.Fatalf("env through the link = %q, %v", data, err)
	}
	if info, err := os.Stat(filepath.Join(a.Config.Dirs.State, "proc", "1", pointerRelease)); err != nil || !info.IsDir() {
		t.Fatalf("release through the link: %v, %v", info, err)
	}
	// Replaced by rename: no temporary link is left behind.
	entries, err := os.ReadDir(filepath.Join(a.Config.Dirs.State, "proc", "1"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names(entries), " "); got != "env release" {
		t.Fatalf("proc/1 holds %q, want only env and release", got)
	}
	// Switching to what it already points at is harmless.
	if err := a.switchPointers(1, r2); err != nil {
		t.Fatal(err)
	}
	if rel, env = links(t, a, 1); rel != a.releaseDir(r2) || env != a.envPath(r2) {
		t.Fatalf("after a repeated switch: %q %q", rel, env)
	}
}

// A switch whose release directory or env file is missing fails and leaves
// both pointers as they were: a process is never pointed at the new env
// with the old release or the other way round. The pointers are written in
// a map's order, so it is tried many times.
func TestSwitchPointersRefusesMissingTarget(t *testing.T) {
	cases := []struct {
		name         string
		release, env bool
		says         string
	}{
		{"release dir missing", false, true, filepath.Join("releases", "r2")},
		{"env file missing", true, false, "r2-1.env"},
		{"both missing", false, false, "r2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := &Agent{Deps: Deps{Config: testConfig(t)}}
			makeTarget(t, a, r1, true, true)
			makeTarget(t, a, r2, c.release, c.env)
			if err := a.switchPointers(0, r1); err != nil {
				t.Fatal(err)
			}
			for try := range 50 {
				err := a.switchPointers(0, r2)
				if err == nil || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "process 0") {
					t.Fatalf("try %d: switchPointers = %v, want an error naming process 0 and %s", try, err, c.says)
				}
				rel, env := links(t, a, 0)
				if rel != a.releaseDir(r1) || env != a.envPath(r1) {
					t.Fatalf("try %d: after a refused switch release -> %q, env -> %q; want both unchanged (%q, %q)",
						try, rel, env, a.releaseDir(r1), a.envPath(r1))
				}
			}
		})
	}
}

// A first switch that is refused creates no pointer at all.
func TestSwitchPointersRefusedFirstSwitchLinksNothing(t *testing.T) {
	for try := range 50 {
		a := &Agent{Deps: Deps{Config: testConfig(t)}}
		makeTarget(t, a, r2, false, true)
		if err := a.switchPointers(1, r2); err == nil {
			t.Fatal("switchPointers to a missing release succeeded")
		}
		if rel, env := links(t, a, 1); rel != "" || env != "" {
			t.Fatalf("try %d: refused switch left release -> %q, env -> %q", try, rel, env)
		}
	}
}
