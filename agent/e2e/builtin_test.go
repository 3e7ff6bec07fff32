package e2e_test

import (
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

// appStartDelay is each test-app process's own start time; four of them
// in sequence are the floor of a release's duration.
const appStartDelay = "300ms"

// TestReleaseRollsUnderLoadBuiltin: a release written with asgctl reaches
// the agent and rolls its 4 processes while 300 req/s go through the
// builtin proxy with zero failures; then a release whose process fails its
// health check is stopped at that process, which goes back to the previous
// release, the report says failed with the process's output, and still no
// request fails.
// The chat webhook gets the milestones and the failure with the output.
func TestReleaseRollsUnderLoadBuiltin(t *testing.T) {
	hook := newWebhook(t)
	b := newBox(t, consul.Agent(t).Addr, nil)
	b.cfg["notify"] = map[string]any{"webhook_url": hook.url}
	b.startAgent()
	b.deployFirst()
	rollAndFail(t, b, b.url())
	waitFor(t, "the webhook messages", func() bool {
		return hook.has("release r2 (config 0) ready") && hook.has("release r3 FAILED") && hook.has("testapp listening on")
	})
}

// rollAndFail is the shared body of the driver tests: r2 under load, then
// the failing r3 under load.
func rollAndFail(t *testing.T, b *box, url string) {
	t.Helper()
	var rel cliResult
	load := underLoad(t, url, func() { rel = b.release("r2", goodApp(appStartDelay)) })
	if rel.code != 0 {
		t.Fatalf("release r2: exit %d", rel.code)
	}
	requireNoFailures(t, load)
	if got := load.Releases(); got["release=r1"] == 0 || got["release=r2"] == 0 {
		t.Errorf("answers by release %v: want both r1 and r2", got)
	}
	b.waitReport("ready on r2", readyOn("r2"))
	t.Logf("TIMING release r2 to all %d processes healthy: %s (app start delay %s each)", nProcs, rel.took, appStartDelay)

	load = underLoad(t, url, func() { rel = b.release("r3", sickApp()) })
	if rel.code == 0 {
		t.Fatal("release r3 with failing health checks: exit 0")
	}
	requireNoFailures(t, load)
	rep := b.waitReport("failed", func(r api.AgentReport) bool { return r.State == "failed" })
	for _, want := range []string{"process 0", "health", "Last output of process 0", "testapp listening"} {
		if !strings.Contains(rep.Error, want) {
			t.Errorf("report error lacks %q:\n%s", want, rep.Error)
		}
	}
	for _, p := range rep.Processes {
		if p.Release != "r2" || p.State != "serving" {
			t.Errorf("after the failed release, process %d is %s on %s; want serving r2", p.Index, p.State, p.Release)
		}
	}
	if got := load.Releases(); got["release=r3"] != 0 {
		t.Errorf("the failing release answered %d requests", got["release=r3"])
	}
}
