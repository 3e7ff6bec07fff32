package cli

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// outcomeOf decodes a JSON outcome document.
func outcomeOf(t *testing.T, r result) outcomeDoc {
	t.Helper()
	var doc outcomeDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%s\nstderr: %s", err, r.stdout, r.stderr)
	}
	return doc
}

// concurrently runs args n times at once and returns the results.
func (w *world) concurrently(n int, args ...string) []result {
	out := make([]result, n)
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func() { defer wg.Done(); out[i] = w.run(args...) }()
	}
	wg.Wait()
	return out
}

// expectGroups compares the groups that exist with want (name -> desired).
func (w *world) expectGroups(want map[string]int) {
	w.t.Helper()
	if got := w.groups(); !maps.Equal(got, want) {
		w.t.Fatalf("groups %v, want %v", got, want)
	}
}

func (w *world) expectHistory(n int) []api.Rollout {
	w.t.Helper()
	h, err := w.store.History(context.Background(), "web")
	if err != nil || len(h) != n {
		w.t.Fatalf("history has %d rollouts (%v), want %d: %+v", len(h), err, n, h)
	}
	return h
}

// The same promote run by several CI jobs at once, with no controller:
// every job runs the loop inline, one holds the lock, and all of them get
// the same outcome of the one rollout; exactly one green group exists.
func TestConcurrentInlinePromotesMakeOneGroup(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup []string
		want  map[string]int
	}{
		{name: "first deploy", want: map[string]int{"web-v001": 2}},
		{name: "blue/green", setup: []string{"promote", "web", "--ami", amis[0], "--wait", "--inline"},
			want: map[string]int{"web-v001": 0, "web-v002": 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := newWorld(t, worldOpts{})
				if tc.setup != nil {
					w.must(0, tc.setup...)
				}
				ami := amis[len(tc.want)-1]
				results := w.concurrently(5, "--output", "json", "promote", "web", "--ami", ami, "--wait", "--inline")
				var ids []string
				for i, r := range results {
					doc := outcomeOf(t, r)
					if r.code != 0 || doc.Result != "complete" || doc.Rollout == nil {
						t.Fatalf("job %d: exit %d, %+v\n%s", i, r.code, doc, r.stderr)
					}
					ids = append(ids, doc.Rollout.ID+"/"+doc.RequestID)
				}
				for _, id := range ids[1:] {
					if id != ids[0] {
						t.Fatalf("jobs followed different rollouts or requests: %v", ids)
					}
				}
				w.expectGroups(tc.want)
				w.expectHistory(len(tc.want))
			})
		})
	}
}

// The same promote repeated one after another: the second is a no-op.
func TestSequentialPromoteIsANoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
		w.must(0, "promote", "web", "--ami", amis[1], "--wait", "--inline")
		for i := 0; i < 2; i++ {
			doc := outcomeOf(t, w.must(0, "--output", "json", "promote", "web", "--ami", amis[1], "--wait", "--inline"))
			if doc.Outcome != string(promoteLive) || doc.Rollout.ID != "web-v002" {
				t.Fatalf("repeat %d: %+v", i, doc)
			}
		}
		w.expectGroups(map[string]int{"web-v001": 0, "web-v002": 2})
		w.expectHistory(2)
	})
}

// Concurrent promotes without --inline, one controller running: one
// rollout, every caller exits 0.
func TestConcurrentPromotesWithAController(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		ctl := w.startController("ctl-1")
		defer ctl.stop()
		w.must(0, "promote", "web", "--ami", amis[0], "--wait")
		for i, r := range w.concurrently(3, "promote", "web", "--ami", amis[1], "--wait") {
			if r.code != 0 {
				t.Fatalf("job %d: exit %d\n%s\n%s", i, r.code, r.stdout, r.stderr)
			}
		}
		w.expectGroups(map[string]int{"web-v001": 0, "web-v002": 2})
	})
}

// A CI job times out (exit 3) mid-rollout; its retry attaches to the same
// rollout and finishes it.
func TestTimedOutPromoteRerunAttaches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
		args := []string{"--output", "json", "promote", "web", "--ami", amis[1], "--wait", "--inline"}
		doc := outcomeOf(t, w.must(3, append(args, "--timeout", "90s")...))
		if doc.Result != "in_progress" || doc.Rollout == nil || doc.Rollout.ID != "web-v002" {
			t.Fatalf("timed out run: %+v", doc)
		}
		doc = outcomeOf(t, w.must(0, args...))
		if doc.Outcome != string(promoteAttach) || doc.Result != "complete" || doc.Rollout.ID != "web-v002" {
			t.Fatalf("rerun: %+v", doc)
		}
		w.expectGroups(map[string]int{"web-v001": 0, "web-v002": 2})
		w.expectHistory(2)
	})
}

// killable is a Backend a test can "kill -9": from then on every call
// fails, so the process neither renews nor releases its lock.
type killable struct {
	consulkv.Backend
	mu   sync.Mutex
	dead bool
}

var errKilled = errors.New("process killed")

func (k *killable) kill() { k.mu.Lock(); k.dead = true; k.mu.Unlock() }

func (k *killable) check() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.dead {
		return errKilled
	}
	return nil
}

func (k *killable) Get(ctx context.Context, key string, q *consulkv.QueryOptions) (*consulkv.Entry, uint64, error) {
	if err := k.check(); err != nil {
		return nil, 0, err
	}
	return k.Backend.Get(ctx, key, q)
}

func (k *killable) CAS(ctx context.Context, key string, v []byte, index uint64) (bool, error) {
	if err := k.check(); err != nil {
		return false, err
	}
	return k.Backend.CAS(ctx, key, v, index)
}

func (k *killable) Put(ctx context.Context, key string, v []byte) error {
	if err := k.check(); err != nil {
		return err
	}
	return k.Backend.Put(ctx, key, v)
}

func (k *killable) RenewSession(ctx context.Context, id string) error {
	if err := k.check(); err != nil {
		return err
	}
	return k.Backend.RenewSession(ctx, id)
}

func (k *killable) Release(ctx context.Context, key, session string) (bool, error) {
	if err := k.check(); err != nil {
		return false, err
	}
	return k.Backend.Release(ctx, key, session)
}

func (k *killable) DestroySession(ctx context.Context, id string) error {
	if err := k.check(); err != nil {
		return err
	}
	return k.Backend.DestroySession(ctx, id)
}

// A `promote --wait --inline` killed -9 mid-shift leaves its lock held
// until its session lapses; the rerun attaches, takes the lock over once
// it is free, and finishes the same rollout.
func TestKilledInlinePromoteRerunFinishes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
		k := &killable{Backend: w.mem}
		deps := w.deps
		deps.Backend = func(*ucli.Context) (consulkv.Backend, error) { return k, nil }
		ctx, kill := context.WithCancel(context.Background())
		done := make(chan result, 1)
		go func() { done <- w.runCtx(ctx, deps, "promote", "web", "--ami", amis[1], "--wait", "--inline") }()
		w.waitRecord("paused mid-shift", func(r *api.Rollout) bool { return r.Seq == 2 && r.Phase == api.PhasePaused })
		k.kill()
		kill()
		if r := <-done; r.code != ExitTimeout {
			t.Fatalf("killed run exited %d, want 3\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		if e, _, _ := w.mem.Get(context.Background(), api.KeyLock("web"), nil); e == nil || e.Session == "" {
			t.Fatal("the killed run's lock is not held: the kill released it")
		}
		start := time.Now()
		r := w.must(0, "promote", "web", "--ami", amis[1], "--wait", "--inline")
		for _, says := range []string{"already rolling out as web-v002", "lock is held by another process", "rollout web-v002 complete"} {
			if !strings.Contains(r.stdout, says) {
				t.Fatalf("rerun output lacks %q:\n%s", says, r.stdout)
			}
		}
		if took := time.Since(start); took < consulkv.DefaultLockTTL {
			t.Fatalf("rerun finished in %v, before the dead session could lapse", took)
		}
		w.expectGroups(map[string]int{"web-v001": 0, "web-v002": 2})
		w.expectHistory(2)
	})
}

// A manual gate released twice (even at once) advances the rollout once.
func TestExpectStepTwiceAdvancesOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		two := worldOpts{steps: []api.Step{{Weight: 10, Pause: api.PauseManual}, {Weight: 50, Pause: api.PauseManual}, {Weight: 100}}}
		w := newWorld(t, two)
		w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
		w.must(3, "promote", "web", "--ami", amis[1], "--inline", "--timeout", "5m")
		outcomes := map[string]int{}
		for _, r := range w.concurrently(2, "--output", "json", "promote", "web", "--expect-step", "1") {
			if r.code != 0 {
				t.Fatalf("expect-step exited %d: %s", r.code, r.stderr)
			}
			outcomes[outcomeOf(t, r).Outcome]++
		}
		if outcomes[string(promoteApproved)] != 1 || outcomes[string(promoteUnchanged)] != 1 {
			t.Fatalf("outcomes %v, want one approval and one no-op", outcomes)
		}
		w.must(0, "promote", "web", "--expect-step", "1")
		// Run the loop: it must stop at the gate of step 2, not go past it.
		w.must(3, "promote", "web", "--ami", amis[1], "--inline", "--timeout", "5m")
		if r := w.record(); r.Phase != api.PhasePaused || r.Step != 2 {
			t.Fatalf("after releasing step 1 twice: %s step %d, want paused at step 2", r.Phase, r.Step)
		}
		w.must(4, "promote", "web", "--expect-step", "3")
		w.must(0, "promote", "web", "--expect-step", "2")
		w.must(0, "promote", "web", "--ami", amis[1], "--wait", "--inline")
		w.expectGroups(map[string]int{"web-v001": 0, "web-v002": 2})
	})
}
