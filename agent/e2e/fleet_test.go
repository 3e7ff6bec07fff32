package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

// releaseWith runs `asgctl release web … --wait` for a tarball holding
// script, with extra flags.
func (b *box) releaseWith(id, script string, extra ...string) cliResult {
	b.t.Helper()
	artifact, sum := b.upload(id, tarGz(script))
	args := append([]string{"release", service, "--artifact", artifact, "--sha256", sum, "--id", id,
		"--wait", "--timeout", "120s"}, extra...)
	res := b.asgctl(args...)
	b.t.Logf("asgctl release %s %v: exit %d in %s:\n%s%s", id, extra, res.code, res.took, res.stdout, res.stderr)
	return res
}

// ranRelease reports whether any process of b ever printed that it runs
// release id (the process output logs, this run's and the previous).
func (b *box) ranRelease(id string) bool {
	logs, _ := filepath.Glob(filepath.Join(b.dir, "state", "logs", "*"))
	for _, l := range logs {
		data, _ := os.ReadFile(l)
		if strings.Contains(string(data), "release="+id+" ") {
			return true
		}
	}
	return false
}

// TestFleetReleaseIsPacedHaltedAndRolledBack: four agents under steady
// load. A good release rolls one box at a time (--max-in-flight 1, seen
// from the reports and the semaphore every 20 ms); a release that fails
// its health check halts on the first box that takes it, no other box
// ever starts it, the CLI (--inline) rolls the fleet back, and no request
// fails anywhere.
func TestFleetReleaseIsPacedHaltedAndRolledBack(t *testing.T) {
	f := readyFleet(t, 4, "r1")
	cli := f.cli()

	var rel cliResult
	p := f.samplePacing()
	load := f.fleetLoad(func() { rel = cli.releaseWith("r2", goodApp(appStartDelay), "--max-in-flight", "1") })
	p.end()
	if rel.code != 0 {
		t.Fatalf("release r2: exit %d", rel.code)
	}
	requireNoFailuresAll(t, load)
	t.Logf("pacing of r2: at most %d deploying and %d slot holders in %d samples; deployed: %v", p.maxDeploy, p.maxHolders, p.samples, p.deployed)
	if p.maxDeploy != 1 || p.maxHolders > 1 || len(p.deployed) != 4 {
		t.Fatalf("r2 at --max-in-flight 1: %d deploying at once (want 1), %d holders, %d boxes seen deploying (want 4)",
			p.maxDeploy, p.maxHolders, len(p.deployed))
	}
	f.waitAll("ready on r2", readyOn("r2"))

	p = f.samplePacing()
	load = f.fleetLoad(func() { rel = cli.releaseWith("r3", sickApp(), "--max-in-flight", "1", "--inline") })
	p.end()
	if rel.code != 1 || !strings.Contains(rel.stdout+rel.stderr, "halted") {
		t.Fatalf("failing release r3: exit %d, want 1 naming the halt", rel.code)
	}
	requireNoFailuresAll(t, load)
	rec := f.record()
	if rec.Release != "r2" || rec.RollbackOf != "r3" {
		t.Fatalf("after the halt, deploys/web is %s (rollback of %q), want the rollback of r3 to r2", rec.Release, rec.RollbackOf)
	}
	tried := 0
	for _, b := range f.boxes {
		if b.ranRelease("r3") {
			tried++
		}
	}
	if tried != 1 || len(p.deployed) > 1 {
		t.Fatalf("%d boxes ran r3 and %d were seen deploying it; want exactly the one that failed", tried, len(p.deployed))
	}
	f.waitAll("ready on r2 after the rollback", readyOn("r2"))
}

// TestFleetNewBoxDuringHaltServesLastGood: a release halts with
// --no-rollback; a box that boots then serves the last good release (and
// says it waits), the others keep theirs; `release rollback` ends it.
func TestFleetNewBoxDuringHaltServesLastGood(t *testing.T) {
	f := readyFleet(t, 3, "r1")
	cli := f.cli()
	if res := cli.releaseWith("r2", sickApp(), "--no-rollback"); res.code != 1 {
		t.Fatalf("failing release r2 --no-rollback: exit %d, want 1", res.code)
	}
	if rec := f.record(); rec.Halt == nil || rec.Release != "r2" {
		t.Fatalf("deploys/web = %+v, want r2 halted", rec)
	}
	nb := f.add()
	nb.startAgent()
	f.waitAll("serving r1 (the new box too)", func(r api.AgentReport) bool {
		for _, p := range r.Processes {
			if p.Release != "r1" || p.State != "serving" {
				return false
			}
		}
		return r.Release == "r1" && len(r.Processes) == nProcs
	})
	if r := f.reports()[nb.instance]; r.State != api.AgentWaiting || r.Desired != "r2" {
		t.Errorf("new box reports %s (desired %s), want waiting on the halted r2", r.State, r.Desired)
	}
	load := underLoad(t, nb.url(), func() {})
	requireNoFailures(t, load)
	if got := load.Releases(); len(got) != 1 || got["release=r1"] == 0 {
		t.Errorf("the new box answered %v, want only r1", got)
	}
	res := cli.asgctl("release", "rollback", service, "--wait", "--timeout", "60s")
	t.Logf("asgctl release rollback: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	if res.code != 0 {
		t.Fatalf("release rollback: exit %d", res.code)
	}
	f.waitAll("ready on r1 after the rollback", readyOn("r1"))
}
