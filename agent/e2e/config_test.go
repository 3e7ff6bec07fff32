package e2e_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

// TestConfigPushRollsTheNewEnvironment: `asgctl config set` changes
// nothing on the box by itself; `asgctl config push` bumps config_rev, and
// the agent renders the merged environment (service over global) and
// rolls every process onto it under load without a failed request.
func TestConfigPushRollsTheNewEnvironment(t *testing.T) {
	b := newBox(t, consul.Agent(t).Addr, nil)
	b.startAgent()
	before := b.deployFirst()
	for _, args := range [][]string{
		{"config", "set", "global", "GREETING=hello", "REGION_NAME=global"},
		{"config", "set", service, "REGION_NAME=web's \"own\" $value"},
	} {
		if res := b.asgctl(args...); res.code != 0 {
			t.Fatalf("asgctl %v: exit %d: %s", args, res.code, res.stderr)
		}
	}
	if after, _ := b.report(); after.ConfigRev != before.ConfigRev || !samePIDs(before, after) {
		t.Fatalf("config set alone changed the box: %+v -> %+v", before, after)
	}
	var push cliResult
	load := underLoad(t, b.url(), func() { push = b.asgctl("config", "push", service) })
	if push.code != 0 {
		t.Fatalf("config push: exit %d: %s", push.code, push.stderr)
	}
	requireNoFailures(t, load)
	rep := b.waitReport("ready on the new config", func(r api.AgentReport) bool {
		return readyOn("r1")(r) && r.ConfigRev == before.ConfigRev+1
	})
	env, err := os.ReadFile(filepath.Join(b.dir, "env", "r1-"+itoa(rep.ConfigRev)+".env"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`GREETING="hello"`, `REGION_NAME="web's \"own\" \$value"`} {
		if !strings.Contains(string(env), want) {
			t.Errorf("env file lacks %s:\n%s", want, env)
		}
	}
	for _, p := range rep.Processes {
		environ, err := os.ReadFile("/proc/" + itoa(p.PID) + "/environ")
		if err != nil {
			t.Fatalf("process %d: %v", p.Index, err)
		}
		if !slices.Contains(strings.Split(string(environ), "\x00"), "REGION_NAME=web's \"own\" $value") {
			t.Errorf("process %d does not run with the service's REGION_NAME: %q", p.Index, environ)
		}
	}
}

func samePIDs(a, b api.AgentReport) bool {
	if len(a.Processes) != len(b.Processes) {
		return false
	}
	for i := range a.Processes {
		if a.Processes[i].PID != b.Processes[i].PID {
			return false
		}
	}
	return true
}
