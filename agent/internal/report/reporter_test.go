package report_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/agent/internal/report"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/consulkv"
)

var start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newReporter(t *testing.T) (*report.Reporter, *consulkv.Memory, *clocktest.Fake) {
	t.Helper()
	clk := clocktest.New(start)
	mem := consulkv.NewMemory(clk)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return report.NewReporter(mem, clk, log, "web", "i-1", 0), mem, clk
}

// live returns the live reports' states.
func live(t *testing.T, kv consulkv.KV) []string {
	t.Helper()
	reps, err := report.Live(context.Background(), kv, "web")
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, r := range reps {
		states = append(states, r.InstanceID+"="+r.State+"@"+r.Release)
	}
	return states
}

func wantLive(t *testing.T, kv consulkv.KV, want ...string) {
	t.Helper()
	got := live(t, kv)
	if len(got) != len(want) {
		t.Fatalf("live reports %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("live reports %v, want %v", got, want)
		}
	}
}

func TestSetRewritesTheHeldReport(t *testing.T) {
	r, mem, _ := newReporter(t)
	ctx := context.Background()
	if err := r.Set(ctx, api.AgentReport{State: api.AgentDeploying, Release: "r1"}); err != nil {
		t.Fatal(err)
	}
	e1, _, err := mem.Get(ctx, api.KeyAgent("web", "i-1"), nil)
	if err != nil || e1 == nil || e1.Session == "" {
		t.Fatalf("report entry %+v (%v), want one held by a session", e1, err)
	}
	if err := r.Set(ctx, api.AgentReport{State: api.AgentReady, Release: "r1"}); err != nil {
		t.Fatal(err)
	}
	e2, _, _ := mem.Get(ctx, api.KeyAgent("web", "i-1"), nil)
	if e2.Session != e1.Session {
		t.Fatalf("session changed from %s to %s on a rewrite", e1.Session, e2.Session)
	}
	rep, err := api.DecodeAgentReport(e2.Value)
	if err != nil || rep.State != api.AgentReady || !rep.UpdatedAt.Equal(start) {
		t.Fatalf("stored report %+v (%v)", rep, err)
	}
	wantLive(t, mem, "i-1=ready@r1")
}

func TestSetRejectsAnInvalidReport(t *testing.T) {
	r, mem, _ := newReporter(t)
	if err := r.Set(context.Background(), api.AgentReport{State: "dancing"}); err == nil {
		t.Fatal("Set accepted state \"dancing\"")
	}
	wantLive(t, mem)
}

func TestReportDisappearsWithItsSession(t *testing.T) {
	t.Run("closed", func(t *testing.T) {
		r, mem, _ := newReporter(t)
		ctx := context.Background()
		if err := r.Set(ctx, api.AgentReport{State: api.AgentReady}); err != nil {
			t.Fatal(err)
		}
		if err := r.Close(ctx); err != nil {
			t.Fatal(err)
		}
		wantLive(t, mem)
	})
	t.Run("agent died", func(t *testing.T) {
		r, mem, clk := newReporter(t)
		if err := r.Set(context.Background(), api.AgentReport{State: api.AgentReady}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(report.DefaultTTL) // nobody renews
		wantLive(t, mem)
	})
}

func TestRunRenewsAndReplacesALostSession(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r, mem, clk := newReporter(t)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- r.Run(ctx) }()
		if err := r.Set(ctx, api.AgentReport{State: api.AgentReady, Release: "r1"}); err != nil {
			t.Fatal(err)
		}
		for range 12 { // four TTLs, renewed every TTL/3
			synctest.Wait()
			clk.Advance(report.DefaultTTL / 3)
		}
		synctest.Wait()
		wantLive(t, mem, "i-1=ready@r1")

		e, _, _ := mem.Get(ctx, api.KeyAgent("web", "i-1"), nil)
		if err := mem.DestroySession(ctx, e.Session); err != nil {
			t.Fatal(err)
		}
		wantLive(t, mem)
		clk.Advance(report.DefaultTTL / 3)
		synctest.Wait()
		wantLive(t, mem, "i-1=ready@r1")

		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("Run returned %v", err)
		}
	})
}
