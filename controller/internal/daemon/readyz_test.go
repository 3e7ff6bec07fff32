package daemon_test

import (
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// /readyz turns 503 while every pass fails (here: AWS denies every call,
// as with credentials that lost their permissions) and 200 again once a
// pass succeeds; /healthz, the liveness probe, stays 200 throughout.
func TestReadyzFollowsFailingPasses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		e.putSpec(e.spec("web"))
		r := e.start(e.config("ctl-1", nil))
		e.waitFor("lock of web taken", time.Minute, func() bool { return e.holder("web") == "ctl-1" })
		if code, body := r.get("/readyz"); code != http.StatusOK || body != "ok\n" {
			t.Fatalf("/readyz = %d %q, want 200 ok", code, body)
		}
		e.cloud.FailNext("DescribeAutoScalingGroups", "AccessDenied", 12)
		e.promote("web", amiNext)
		unready := func() bool { code, _ := r.get("/readyz"); return code == http.StatusServiceUnavailable }
		e.waitFor("/readyz unready", time.Hour, unready)
		code, body := r.get("/readyz")
		if !strings.Contains(body, "passes failed") || !strings.Contains(body, "web") {
			t.Errorf("/readyz = %d %q, want the failing passes named", code, body)
		}
		if code, body := r.get("/healthz"); code != http.StatusOK {
			t.Errorf("/healthz = %d %q while passes fail, want 200: liveness is not readiness", code, body)
		}
		e.waitFor("rollout complete", 2*time.Hour, e.phaseIs("web", api.PhaseComplete))
		if code, body := r.get("/readyz"); code != http.StatusOK {
			t.Errorf("/readyz after a good pass = %d %q, want 200", code, body)
		}
		if err := r.stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
	})
}
