package daemon_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/daemon"
)

func TestHealthzFollowsConsulAndTheHeartbeat(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		link := &cuttable{Backend: e.mem}
		r := e.start(e.config("ctl-1", link))
		if code, body := r.get("/healthz"); code != http.StatusOK || body != "ok\n" {
			t.Fatalf("/healthz = %d %q, want 200 ok", code, body)
		}
		link.setCut(true)
		if code, body := r.get("/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "consul not answering") {
			t.Fatalf("/healthz with Consul unreachable = %d %q", code, body)
		}
		link.setCut(false)
		if err := r.stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if code, body := r.get("/healthz"); code != http.StatusServiceUnavailable || body != "shutting down\n" {
			t.Fatalf("/healthz after shutdown = %d %q", code, body)
		}
	})
}

func TestMetricsDescribeTheReplica(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		e.putSpec(e.spec("web"))
		r := e.start(e.config("ctl-1", nil))
		e.waitFor("lock of web taken", time.Minute, func() bool { return e.holder("web") == "ctl-1" })
		e.cloud.FailNext("DescribeAutoScalingGroups", "Throttling", 1)
		e.promote("web", amiNext)
		e.waitFor("rollout complete", time.Hour, e.phaseIs("web", api.PhaseComplete))
		_, text := r.get("/metrics")
		m := parseMetrics(t, text)
		for name, typ := range map[string]string{
			"asgctl_controller_up": "gauge", "asgctl_rollouts": "gauge", "asgctl_lock_held": "gauge",
			"asgctl_reconcile_passes_total": "counter", "asgctl_reconcile_errors_total": "counter",
			"asgctl_aws_calls_total": "counter", "asgctl_aws_throttles_total": "counter",
		} {
			if m.types[name] != typ {
				t.Errorf("family %s has type %q, want %s", name, m.types[name], typ)
			}
		}
		checks := []struct {
			series string
			got    float64
			want   float64
		}{
			{"controller_up", m.value(t, "asgctl_controller_up"), 1},
			{"lock_held", m.value(t, "asgctl_lock_held", "service", "web"), 1},
			{"rollouts complete", m.value(t, "asgctl_rollouts", "phase", "complete"), 1},
			{"rollouts shifting", m.value(t, "asgctl_rollouts", "phase", "shifting"), 0},
			{"throttled passes", m.value(t, "asgctl_reconcile_errors_total", "service", "web", "class", "throttled"), 1},
			{"groups created", m.value(t, "asgctl_aws_calls_total", "operation", "CreateAutoScalingGroup"), 1},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s = %v, want %v", c.series, c.got, c.want)
			}
		}
		if n := m.value(t, "asgctl_reconcile_passes_total", "service", "web"); n < 5 {
			t.Errorf("passes = %v, want a rollout's worth", n)
		}
		if err := r.stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
	})
}

// TestServesHTTPOnListen uses the real network, so it runs outside a
// synctest bubble, on a fake clock that never moves.
func TestServesHTTPOnListen(t *testing.T) {
	clk := clocktest.New(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	d, err := daemon.New(daemon.Config{
		ID: "ctl-1", Listen: "127.0.0.1:0", Backend: consulkv.NewMemory(clk), Clock: clk, Logger: testLogger(),
		Clients: func(context.Context, api.ServiceSpec) (awsapi.Clients, error) { return awsapi.Clients{}, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- d.Run(rctx) }()
	select {
	case <-d.Ready():
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(10 * time.Second): // a hang guard only
		t.Fatal("not ready")
	}
	base := "http://" + d.Addr().String()
	if code, body := httpGet(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("/healthz = %d %q", code, body)
	}
	if code, body := httpGet(t, base+"/metrics"); code != http.StatusOK || !strings.Contains(body, "\nasgctl_controller_up 1\n") {
		t.Fatalf("/metrics = %d %q", code, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Fatal("still serving after shutdown")
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}
