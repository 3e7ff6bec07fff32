package e2e_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// cliResult is one asgctl run.
type cliResult struct {
	code   int
	stdout string
	stderr string
	took   time.Duration
}

// asgctl runs the CLI against the box's Consul.
func (b *box) asgctl(args ...string) cliResult {
	b.t.Helper()
	cmd := exec.Command(bins.cli, args...)
	cmd.Env = append(os.Environ(), "CONSUL_HTTP_ADDR="+b.consulAddr)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	res := cliResult{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.code = exit.ExitCode()
	case err != nil:
		b.t.Fatalf("asgctl %s: %v", strings.Join(args, " "), err)
	}
	return res
}

// release runs `asgctl release web ... --wait` for a tarball holding script.
func (b *box) release(id, script string) cliResult {
	b.t.Helper()
	artifact, sum := b.upload(id, tarGz(script))
	return b.releaseArtifact(id, artifact, sum)
}

func (b *box) releaseArtifact(id, artifact, sum string) cliResult {
	b.t.Helper()
	res := b.asgctl("release", service, "--artifact", artifact, "--sha256", sum, "--id", id,
		"--wait", "--timeout", "90s")
	b.t.Logf("asgctl release %s: exit %d in %s: %s%s", id, res.code, res.took.Round(time.Millisecond),
		res.stdout, res.stderr)
	return res
}

// report reads the agent's report through `asgctl release status`.
func (b *box) report() (api.AgentReport, bool) {
	b.t.Helper()
	res := b.asgctl("--output", "json", "release", "status", service)
	var doc struct {
		Instances []api.AgentReport `json:"instances"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || len(doc.Instances) == 0 {
		return api.AgentReport{}, false
	}
	return doc.Instances[0], true
}

// waitReport polls the report until ok accepts it (60 s at most).
func (b *box) waitReport(what string, ok func(api.AgentReport) bool) api.AgentReport {
	b.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var last api.AgentReport
	for time.Now().Before(deadline) {
		if r, found := b.report(); found {
			last = r
			if ok(r) {
				return r
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.t.Fatalf("agent report never %s; last: %+v", what, last)
	return last
}

// readyOn accepts a report of every process serving release.
func readyOn(release string) func(api.AgentReport) bool {
	return func(r api.AgentReport) bool {
		if r.State != "ready" || r.Release != release || len(r.Processes) != nProcs {
			return false
		}
		for _, p := range r.Processes {
			if p.Release != release || p.State != "serving" || p.PID == 0 {
				return false
			}
		}
		return true
	}
}

// reportT is the agent report type, for predicates.
type reportT = api.AgentReport

// waitFor polls ok for up to 30 s.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// deployFirst releases r1 (good, appStartDelay to start) with --wait and
// returns the report once every process serves it.
func (b *box) deployFirst() api.AgentReport {
	b.t.Helper()
	if res := b.release("r1", goodApp(appStartDelay)); res.code != 0 {
		b.t.Fatalf("release r1: exit %d", res.code)
	}
	return b.waitReport("ready on r1", readyOn("r1"))
}

// readyBox is a builtin-driver box on the shared Consul with its agent
// running and r1 deployed.
func readyBox(t *testing.T) *box {
	t.Helper()
	b := newBox(t, consul.Agent(t).Addr, nil)
	b.startAgent()
	b.deployFirst()
	return b
}
