package cli

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// Without --inline and with no controller heartbeat, --wait says so within
// seconds instead of hanging; the request stays recorded.
func TestWaitWithoutControllerGivesUpWithinSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		start := time.Now()
		r := w.must(ExitTimeout, "promote", "web", "--ami", amis[0], "--wait")
		if took := time.Since(start); took > 10*time.Second {
			t.Fatalf("gave up after %v, want within seconds", took)
		}
		if !strings.Contains(r.stderr, "no controller is running: start `asgctl controller` or pass --inline") {
			t.Fatalf("stderr %q", r.stderr)
		}
		if d, _, _ := w.store.Desired(context.Background(), "web"); d == nil || d.AMI != amis[0] {
			t.Fatalf("request not recorded: %+v", d)
		}
		// The rerun with --inline attaches to the recorded request.
		doc := outcomeOf(t, w.must(0, "--output", "json", "promote", "web", "--ami", amis[0], "--wait", "--inline"))
		if doc.Outcome != string(promoteAttach) || doc.RequestID != "req-0001" {
			t.Fatalf("rerun: %+v", doc)
		}
	})
}

// --supersede replaces a rollout in progress: it reverts, then the new AMI
// rolls out, and the caller follows the new one to the end.
func TestSupersedeFollowsTheNewRollout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
		w.must(ExitTimeout, "promote", "web", "--ami", amis[1], "--inline", "--timeout", "80s")
		if r := w.record(); r.Phase != api.PhasePaused || r.AMI != amis[1] {
			t.Fatalf("setup: %+v", r)
		}
		w.must(ExitConflict, "promote", "web", "--ami", amis[2], "--wait", "--inline")
		doc := outcomeOf(t, w.must(0, "--output", "json", "promote", "web", "--ami", amis[2], "--supersede", "--wait", "--inline"))
		if doc.Result != "complete" || doc.Rollout.AMI != amis[2] || doc.Rollout.ID != "web-v003" {
			t.Fatalf("supersede: %+v", doc)
		}
		h := w.expectHistory(3)
		if h[1].Phase != api.PhaseReverted || !strings.Contains(h[1].Reason, "superseded by a request for "+amis[2]) {
			t.Fatalf("superseded rollout: %+v", h[1])
		}
		w.expectGroups(map[string]int{"web-v001": 0, "web-v003": 2})
	})
}

// Abort withdraws a request nobody picked up; a later promote of that AMI
// is a new request.
func TestAbortWithdrawsAPendingRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
		w.must(0, "promote", "web", "--ami", amis[1])
		doc := outcomeOf(t, w.must(0, "--output", "json", "abort", "web"))
		if doc.Outcome != string(abortCancel) {
			t.Fatalf("abort: %+v", doc)
		}
		doc = outcomeOf(t, w.must(0, "--output", "json", "promote", "web", "--ami", amis[1], "--wait", "--inline"))
		if doc.Outcome != string(promoteRequest) || doc.Result != "complete" {
			t.Fatalf("promote after withdrawal: %+v", doc)
		}
	})
}

// A rollout that failed (its revert could not finish) stops further
// rollouts until `asgctl repair`; promote and rollback say so. repair
// brings the service to rest and records it, a second repair changes
// nothing, and new rollouts start again.
func TestFailedRecordBlocksUntilRepaired(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
		w.failLastRollout()
		for _, args := range [][]string{{"promote", "web", "--ami", amis[1]}, {"rollback", "web"}} {
			res := w.must(ExitFailed, args...)
			if !strings.Contains(res.stderr, "run `asgctl repair web`") {
				t.Fatalf("%v: %s", args, res.stderr)
			}
		}
		doc := outcomeOf(t, w.must(0, "--output", "json", "repair", "web", "--wait", "--inline"))
		if doc.Outcome != string(repairRequest) || doc.Result != "repaired" || doc.Rollout == nil || !doc.Rollout.Repaired() {
			t.Fatalf("repair: %+v", doc)
		}
		if live := doc.Rollout.Repair.LiveGroup; live != "web-v001" {
			t.Fatalf("repair found %q serving, want web-v001", live)
		}
		before, idx, _ := w.store.Rollout(context.Background(), "web")
		again := outcomeOf(t, w.must(0, "--output", "json", "repair", "web", "--wait", "--inline"))
		if again.Outcome != string(repairDone) || !strings.Contains(again.Message, "web-v001 serves") {
			t.Fatalf("second repair: %+v", again)
		}
		after, idx2, _ := w.store.Rollout(context.Background(), "web")
		if idx != idx2 || !reflect.DeepEqual(before, after) {
			t.Fatalf("a second repair changed the record:\n%+v\n%+v", before, after)
		}
		w.must(0, "promote", "web", "--ami", amis[1], "--wait", "--inline")
	})
}

// Deleting the rollout key by hand does not make the failed request run
// again: the reconciler and the CLI read the newest history record in
// its place.
func TestDeletedRecordDoesNotRerunFailedRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
		failed := w.failLastRollout()
		if err := w.store.AppendHistory(context.Background(), "web", failed); err != nil {
			t.Fatal(err)
		}
		if err := w.mem.Delete(context.Background(), api.KeyRollout("web")); err != nil {
			t.Fatal(err)
		}
		// The desired key still holds the failed request: nothing may start it.
		w.must(0, "repair", "web", "--wait", "--inline")
		r, _, _ := w.store.Rollout(context.Background(), "web")
		if r == nil || r.Seq != failed.Seq || !r.Repaired() {
			t.Fatalf("record after repair: %+v", r)
		}
		if n := len(w.cloud.Truth().Groups); n != 1 {
			t.Fatalf("%d groups after repair, want the one live group (nothing re-run)", n)
		}
	})
}

// failLastRollout marks the last rollout failed, as a revert that could
// not finish leaves it, and returns the record.
func (w *world) failLastRollout() *api.Rollout {
	w.t.Helper()
	r, idx, _ := w.store.Rollout(context.Background(), "web")
	r.Phase, r.Reason = api.PhaseFailed, "revert did not finish"
	if _, err := w.store.PutRollout(context.Background(), "web", r, idx); err != nil {
		w.t.Fatal(err)
	}
	return r
}

// A service whose records were lost (or that asgctl adopts) already runs
// the AMI: the inline reconciler declines the request and promote exits 0.
func TestPromoteOfTheAMIAnAdoptedServiceRuns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
		ctx := context.Background()
		for _, key := range []string{api.KeyRollout("web"), api.KeyHistory("web", 1), api.KeyDesired("web")} {
			if err := w.mem.Delete(ctx, key); err != nil {
				t.Fatal(err)
			}
		}
		r := w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
		if !strings.Contains(r.stdout, "web-v001 already runs the AMI") {
			t.Fatalf("stdout %q", r.stdout)
		}
		w.expectGroups(map[string]int{"web-v001": 2})
	})
}

// Interrupting a --wait --inline run (SIGINT) exits 3 and releases the
// lock at once, so a rerun or a controller takes over without delay.
func TestInterruptReleasesTheLock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan result, 1)
		go func() { done <- w.runCtx(ctx, w.deps, "promote", "web", "--ami", amis[0], "--wait", "--inline") }()
		w.waitRecord("waiting for health", func(r *api.Rollout) bool { return r.Phase == api.PhaseWaitingHealthy })
		cancel()
		r := <-done
		if r.code != ExitTimeout || !strings.Contains(r.stderr, "interrupted") || !strings.Contains(r.stderr, "safe to rerun") {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		locker := consulkv.NewLocker(w.mem, w.deps.Clock, consulkv.LockOptions{})
		lk, ok, err := locker.TryLock(context.Background(), "web", "next")
		if err != nil || !ok {
			t.Fatalf("lock not released: %v %v", ok, err)
		}
		_ = lk.Unlock(context.Background())
	})
}

// A rollback whose wait timed out attaches on rerun.
func TestRollbackRerunAttaches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
		w.must(0, "promote", "web", "--ami", amis[1], "--wait", "--inline")
		w.must(ExitTimeout, "rollback", "web", "--inline", "--timeout", "40s")
		doc := outcomeOf(t, w.must(0, "--output", "json", "rollback", "web", "--wait", "--inline"))
		if doc.Outcome != string(promoteAttach) || doc.Result != "complete" || !doc.Rollout.Reused {
			t.Fatalf("rerun: %+v", doc)
		}
		w.expectGroups(map[string]int{"web-v001": 2, "web-v002": 0})
		w.expectHistory(3)
	})
}

func TestUsageErrorsExitTwo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		for _, c := range []struct {
			args []string
			says string
		}{
			{[]string{"nope"}, "unknown command"},
			{[]string{"status"}, "takes exactly one service name"},
			{[]string{"status", "web", "api"}, "takes exactly one service name"},
			{[]string{"promote", "web", "--ami", amis[0], "--timeout", "5m"}, "--timeout applies only with --wait"},
			{[]string{"promote", "web", "--ami", amis[0], "--wait", "--timeout", "0s"}, "--timeout must be positive"},
			{[]string{"promote", "web", "--expect-step", "0"}, "1-based step"},
			{[]string{"promote", "web", "--expect-step", "9"}, "web has 3 steps"},
			{[]string{"promote", "web", "--expect-step", "1", "--supersede"}, "does not combine"},
			{[]string{"promote", "nope", "--ami", amis[0]}, `service "nope" is not registered`},
			{[]string{"plan", "web"}, "needs --ami"},
			{[]string{"service", "put"}, "needs --file"},
			{[]string{"service", "put", "--file", "testdata/missing.json"}, "no such file"},
			{[]string{"--output", "yaml", "history", "web"}, "--output must be text or json"},
			{[]string{"abort", "web", "--bogus"}, "flag provided but not defined"},
		} {
			r := w.run(c.args...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, c.says) {
				t.Errorf("%v: exit %d, stderr %q; want 2 saying %q", c.args, r.code, r.stderr, c.says)
			}
		}
	})
}

// status --watch prints the status, then a line (or JSON document) per
// change, until interrupted.
func TestStatusWatchGolden(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var got string
			synctest.Test(t, func(t *testing.T) {
				got = watchTranscript(t, format)
			})
			checkGolden(t, "status_watch."+format+".golden", got)
		})
	}
}

// watchTranscript pauses a rollout at its gate, then writes the revert's
// records one by one while `status --watch` runs.
func watchTranscript(t *testing.T, format string) string {
	w := newWorld(t, manualGate)
	w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
	w.must(ExitTimeout, "promote", "web", "--ami", amis[1], "--inline", "--timeout", "5m")
	args := []string{"status", "web", "--watch"}
	if format == "json" {
		args = append([]string{"--output", "json"}, args...)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan result, 1)
	go func() { done <- w.runCtx(ctx, w.deps, args...) }()
	synctest.Wait()
	time.Sleep(time.Minute)                                      // virtual: the next lines are a minute apart
	w.must(0, "promote", "web", "--ami", amis[2], "--supersede") // a pending request shows
	synctest.Wait()
	for _, phase := range []api.Phase{api.PhaseReverting, api.PhaseReverted} {
		time.Sleep(time.Minute)
		r, idx, _ := w.store.Rollout(ctx, "web")
		r.Phase, r.Reason, r.PhaseSince = phase, "superseded by a request for "+amis[2], time.Now()
		if _, err := w.store.PutRollout(ctx, "web", r, idx); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
	}
	cancel()
	r := <-done
	if r.code != 0 {
		t.Fatalf("status --watch exited %d: %s", r.code, r.stderr)
	}
	return "$ asgctl " + strings.Join(args, " ") + "\n" + r.stdout + r.stderr
}
