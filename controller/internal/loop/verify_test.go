package loop_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// hookLog is a HookRunner that passes or fails hooks by name and counts
// runs.
type hookLog struct {
	mu   sync.Mutex
	fail map[string]string
	runs []string
}

func (h *hookLog) Run(_ context.Context, stage string, hk api.Hook, base string, p api.HookPayload) api.HookResult {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.runs = append(h.runs, stage+"/"+hk.Name+"@"+p.Rollout)
	out, failed := h.fail[hk.Name]
	return api.HookResult{Stage: stage, Hook: hk.Name, Passed: !failed, Output: out, Took: api.Duration(time.Second)}
}

// verifyFixture is newFixture with a test listener, real decisions, and
// metrics at 10 s resolution.
func verifyFixture(t *testing.T) (*fixture, string) {
	t.Helper()
	clk := clocktest.New(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	cloud := simaws.New(simaws.Config{Clock: clk, Seed: 1, HealthCheck: simaws.TunedHealthCheck(), MetricResolution: 10 * time.Second})
	mem := consulkv.NewMemory(clk)
	f := &fixture{
		clk: clk, cloud: cloud, mem: mem, store: consulkv.NewStore(mem),
		locker: consulkv.NewLocker(mem, clk, consulkv.LockOptions{TTL: lockTTL, LockDelay: lockWait}),
		spec:   newSpec(cloud),
	}
	test := cloud.CreateListenerOn(8443, "HTTP", map[string]int{f.spec.TargetGroups[0]: 100})
	f.spec.TestListenerARN = test
	f.spec.Steps = []api.Step{{Weight: 10, Pause: "30s"}, {Weight: 100}}
	f.spec.Verify = &api.Verify{BeforeTraffic: []api.Hook{{Name: "smoke", HTTP: &api.HTTPCheck{URL: "/"}}}}
	return f, test
}

// drive runs passes of l, advancing the clock by what each asks for (and
// calling between before each), until the record of request req is in a
// terminal phase or limit passes ran.
func drive(t *testing.T, f *fixture, l *loop.Loop, req string, limit int, between func()) *api.Rollout {
	t.Helper()
	for range limit {
		if between != nil {
			between()
		}
		next, err := l.Step(ctx)
		if err != nil {
			next = time.Second
		}
		if r, _, _ := f.store.Rollout(ctx, svc); r != nil && r.RequestID == req && r.Phase.Terminal() {
			return r
		}
		f.clk.Advance(max(next, 100*time.Millisecond))
	}
	r, _, _ := f.store.Rollout(ctx, svc)
	t.Fatalf("no terminal phase within %d passes: %+v", limit, r)
	return nil
}

// verifyLoop is a loop with real decisions, hooks run by hooks, no
// metrics delay, and its info log in log.
func verifyLoop(f *fixture, hooks *hookLog, log *bytes.Buffer) *loop.Loop {
	cfg := f.config("ctl-1", nil)
	cfg.Decide, cfg.Hooks = nil, hooks
	cfg.Tuning = reconcile.Tuning{MetricsDelay: -1}
	cfg.Logger = slog.New(slog.NewJSONHandler(log, &slog.HandlerOptions{Level: slog.LevelInfo}))
	return loop.New(cfg)
}

// logged returns the log records with message msg.
func logged(t *testing.T, log *bytes.Buffer, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(log.Bytes()), []byte("\n")) {
		m := map[string]any{}
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// A rollout with a test listener and a smoke hook: the test listener is
// on green while the hook runs (once), the result is in the record, and
// the rollout completes.
func TestVerifyingThroughTheLoop(t *testing.T) {
	f, test := verifyFixture(t)
	f.putSpec(t)
	f.putRequest(t)
	hooks := &hookLog{}
	var seenOnGreen bool
	var log bytes.Buffer
	l := verifyLoop(f, hooks, &log)
	r := drive(t, f, l, "req-1", 2000, func() {
		if cur, _, _ := f.store.Rollout(ctx, svc); cur != nil && cur.Phase == api.PhaseVerifying {
			w := weightsOf(t, f, test)
			seenOnGreen = seenOnGreen || w[cur.ToTargetGroup] == 100
		}
	})
	if r.Phase != api.PhaseComplete {
		t.Fatalf("rollout ended %s: %s", r.Phase, r.Reason)
	}
	if len(hooks.runs) != 1 || hooks.runs[0] != "before_traffic/smoke@"+r.ID {
		t.Errorf("hook runs %q, want smoke once", hooks.runs)
	}
	if len(r.Checks) != 1 || !r.Checks[0].Passed {
		t.Errorf("record checks %+v", r.Checks)
	}
	if recs := logged(t, &log, "verify hook"); len(recs) != 1 || recs[0]["hook"] != "smoke" || recs[0]["passed"] != true {
		t.Errorf("verify hook log records %v, want smoke passed once", recs)
	}
	if !seenOnGreen {
		t.Error("the test listener was never seen on green while verifying")
	}
	if w := weightsOf(t, f, test); w[r.ToTargetGroup] != 100 {
		t.Errorf("test listener at rest %v, want it on the live target group", w)
	}
}

// A failing smoke hook reverts before green gets any production weight,
// and the test listener goes back to blue.
func TestFailingSmokeHookNeverGivesGreenTraffic(t *testing.T) {
	f, test := verifyFixture(t)
	f.putSpec(t)
	f.putRequest(t)
	hooks := &hookLog{fail: map[string]string{"smoke": "GET / (request 1 of 1): status 500, want 200"}}
	maxGreen := 0
	l := verifyLoop(f, hooks, &bytes.Buffer{})
	r := drive(t, f, l, "req-1", 2000, func() {
		w := weightsOf(t, f, f.spec.ListenerARN)
		maxGreen = max(maxGreen, w[f.spec.TargetGroups[1]])
	})
	if r.Phase != api.PhaseReverted || !strings.Contains(r.Reason, "verify hook smoke (before_traffic) failed: GET / (request 1 of 1): status 500") {
		t.Fatalf("rollout ended %s: %s", r.Phase, r.Reason)
	}
	if maxGreen != 0 {
		t.Errorf("green got %d%% of production traffic", maxGreen)
	}
	if w := weightsOf(t, f, test); w[f.spec.TargetGroups[0]] != 100 {
		t.Errorf("test listener after the revert %v, want it back on blue", w)
	}
}

// A green that answers 5 % of its requests with 5xx while blue answers
// none is reverted by the analysis during its first step.
func TestAnalysisRevertsABadGreenThroughTheLoop(t *testing.T) {
	f, _ := verifyFixture(t)
	f.spec.TestListenerARN, f.spec.Verify = "", nil
	f.spec.Analysis = &api.Analysis{Interval: api.Duration(10 * time.Second), MinRequests: 50, FailureLimit: 1, ErrorRate: &api.ErrorRateCheck{}}
	f.putSpec(t)
	f.putRequest(t)
	var log bytes.Buffer
	l := verifyLoop(f, &hookLog{}, &log)
	if r := drive(t, f, l, "req-1", 2000, nil); r.Phase != api.PhaseComplete {
		t.Fatalf("first deploy ended %s: %s", r.Phase, r.Reason)
	}
	_, idx, err := f.store.Desired(ctx, svc)
	if err != nil {
		t.Fatal(err)
	}
	next := &api.Desired{Version: 1, AMI: "ami-0000000c", RequestID: "req-2", RequestedAt: f.clk.Now()}
	if _, err := f.store.PutDesired(ctx, svc, next, idx); err != nil {
		t.Fatal(err)
	}
	blue, green := f.spec.TargetGroups[0], f.spec.TargetGroups[1]
	last := f.clk.Now()
	r := drive(t, f, l, "req-2", 2000, func() {
		// 100 requests a second, split as the listener says; green fails 5 %.
		now := f.clk.Now()
		w := weightsOf(t, f, f.spec.ListenerARN)
		for s := last.Truncate(time.Second); s.Before(now); s = s.Add(time.Second) {
			if n := w[blue]; n > 0 {
				f.cloud.RecordTargetGroupTraffic(blue, s, n, 0, nil)
			}
			if n := w[green]; n > 0 {
				f.cloud.RecordTargetGroupTraffic(green, s, n, n/20+boolInt(s.Second()%2 == 0 && n < 20), nil)
			}
		}
		last = now.Truncate(time.Second)
	})
	if r.ID != "web-v002" || r.Phase != api.PhaseReverted || !strings.Contains(r.Reason, "analysis failed 1 interval(s) in a row at step 1") || !strings.Contains(r.Reason, "error rate") {
		t.Fatalf("rollout ended %s: %s", r.Phase, r.Reason)
	}
	if r.Analysis == nil || len(r.Analysis.Verdicts) == 0 || r.Analysis.Verdicts[len(r.Analysis.Verdicts)-1].Result != api.VerdictFail {
		t.Fatalf("verdicts %+v", r.Analysis)
	}
	recs := logged(t, &log, "analysis verdict")
	if len(recs) != len(r.Analysis.Verdicts) || recs[len(recs)-1]["result"] != "fail" || recs[len(recs)-1]["green_errors"].(float64) < 1 {
		t.Errorf("analysis verdict log records %v, want one per verdict, the last failing with green's errors", recs)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// weightsOf reads a listener's forward weights, uncounted and without
// faults (simaws's admin view is not available, so through the clients;
// a failed read counts as no weights).
func weightsOf(t *testing.T, f *fixture, listener string) map[string]int {
	t.Helper()
	w, err := observe.ReadWeights(ctx, f.cloud.Clients().ELBv2, listener, "", f.spec.TargetGroups)
	if err != nil {
		return map[string]int{}
	}
	return w
}
