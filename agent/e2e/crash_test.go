package e2e_test

import (
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// TestAgentKilledMidRestartConverges kills the agent with SIGKILL while a
// process restart is in its health check, starts it again, and checks the
// box converges: every process serves the release, none is left drained or
// stopped, and no stray process runs.
func TestAgentKilledMidRestartConverges(t *testing.T) {
	b := readyBox(t)

	artifact, sum := b.upload("r2", tarGz(goodApp(appStartDelay)))
	if res := b.asgctl("release", service, "--artifact", artifact, "--sha256", sum, "--id", "r2"); res.code != 0 {
		t.Fatalf("release r2 (no wait): exit %d: %s", res.code, res.stderr)
	}
	k := b.waitJournal(func(done []string) bool {
		return slices.Contains(done, "start") && !slices.Contains(done, "health")
	})
	b.killAgent()
	t.Logf("agent killed during the health check of process %d", k)

	restart := time.Now()
	b.startAgent()
	rep := b.waitReport("ready on r2 after the restart", readyOn("r2"))
	t.Logf("TIMING restarted agent to all %d processes ready on r2: %s", nProcs, time.Since(restart).Round(time.Millisecond))
	for _, p := range rep.Processes {
		if err := syscall.Kill(p.PID, 0); err != nil {
			t.Errorf("process %d: reported pid %d does not run: %v", p.Index, p.PID, err)
		}
	}
	if n := b.testappProcesses(); n != nProcs {
		t.Errorf("%d test-app processes run on the box's ports, want %d", n, nProcs)
	}
	if st := b.state(); st.Journal != nil {
		t.Errorf("journal left after convergence: %+v", st.Journal)
	}
	res := underLoad(t, b.url(), func() {})
	requireNoFailures(t, res)
	if got := res.Releases(); len(got) != 1 || got["release=r2"] == 0 {
		t.Errorf("answers by release after convergence: %v", got)
	}
}

// waitJournal polls the state file until its journal's done steps satisfy
// ok and returns the journal's process index (30 s at most).
func (b *box) waitJournal(ok func(done []string) bool) int {
	b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if j := b.state().Journal; j != nil && ok(j.Done) {
			return j.Index
		}
		time.Sleep(2 * time.Millisecond)
	}
	b.t.Fatalf("journal never reached the wanted step; state: %+v", b.state())
	return -1
}

// testappProcesses counts running test-app processes listening on one of
// the box's process ports (judged by their command line).
func (b *box) testappProcesses() int {
	entries, _ := os.ReadDir("/proc")
	n := 0
	for _, e := range entries {
		cmdline, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil || !strings.Contains(string(cmdline), bins.testapp) {
			continue
		}
		environ, _ := os.ReadFile("/proc/" + e.Name() + "/environ")
		for k := range nProcs {
			if strings.Contains(string(environ), "\x00PORT="+itoa(b.basePort+k)+"\x00") {
				n++
				break
			}
		}
	}
	return n
}

// TestRejectedArtifactChangesNothing: artifacts failing verification or
// extraction are refused with their own reason, the box keeps serving the
// running release without a failed request, and nothing is left on disk.
func TestRejectedArtifactChangesNothing(t *testing.T) {
	b := readyBox(t)
	cases := []struct {
		id, rule string
		artifact func() (string, string)
	}{
		{"bad-sum", "checksum_mismatch", func() (string, string) {
			a, _ := b.upload("bad-sum", tarGz(goodApp(appStartDelay)))
			return a, strings.Repeat("ab", 32)
		}},
		{"traversal", "path_traversal", func() (string, string) {
			return b.upload("traversal", tarEntries(map[string]string{"bin/app": goodApp("0s"), "../escape": "x"}))
		}},
		{"not-gzip", "not_gzip", func() (string, string) { return b.upload("not-gzip", []byte("plain text, not a tarball")) }},
		// 30 chained symlinks, L0 -> ., Lk -> L(k-1)/L(k-1): a resolver that
		// follows each link anew takes minutes; the kernel's 40-hop rule
		// refuses it at once.
		{"symlink-bomb", "symlink_escape", func() (string, string) { return b.upload("symlink-bomb", symlinkChain(30)) }},
	}
	for _, c := range cases {
		artifact, sum := c.artifact()
		var rel cliResult
		res := underLoad(t, b.url(), func() { rel = b.releaseArtifact(c.id, artifact, sum) })
		requireNoFailures(t, res)
		if rel.code == 0 {
			t.Errorf("%s: release exit 0", c.id)
		}
		rep := b.waitReport(c.id+" failed", func(r api.AgentReport) bool { return r.State == "failed" })
		if !strings.Contains(rep.Error, c.rule) {
			t.Errorf("%s: report error lacks rule %q: %s", c.id, c.rule, rep.Error)
		}
		for _, p := range rep.Processes {
			if p.Release != "r1" || p.State != "serving" {
				t.Errorf("%s: process %d is %s on %s; want serving r1", c.id, p.Index, p.State, p.Release)
			}
		}
	}
	entries, err := os.ReadDir(b.dir + "/releases")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "r1" {
			t.Errorf("releases dir holds %q after rejected artifacts", e.Name())
		}
	}
}
