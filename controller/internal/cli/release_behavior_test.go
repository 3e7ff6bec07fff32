package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/releases"
)

// deploy reads deploys/web and its ModifyIndex.
func (w *world) deploy() (*api.Release, uint64) {
	w.t.Helper()
	e, _, err := w.mem.Get(context.Background(), api.KeyDeploy("web"), nil)
	if err != nil || e == nil {
		w.t.Fatalf("read deploys/web: %v %v", e, err)
	}
	r, err := api.DecodeRelease(e.Value)
	if err != nil {
		w.t.Fatal(err)
	}
	return r, e.ModifyIndex
}

// releaseHistory reads the release history of web, newest first.
func (w *world) releaseHistory() []api.ReleaseHistory {
	w.t.Helper()
	h, err := releases.History(context.Background(), w.mem, "web", 0)
	if err != nil {
		w.t.Fatal(err)
	}
	return h
}

func releaseDocOf(t *testing.T, r result) releaseDoc {
	t.Helper()
	var d releaseDoc
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatalf("decode %q: %v", r.stdout, err)
	}
	return d
}

// The same `asgctl release` run again (later, by someone else) writes
// nothing: the key keeps its ModifyIndex, so agents see no change.
func TestReleaseRepeatedIsANoOp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		args := append([]string{"--output", "json"}, relArgs("1", sha1)...)
		if first := releaseDocOf(t, w.must(0, args...)); first.Outcome != releaseWrite || first.Seq != 1 {
			t.Fatalf("first: %+v", first)
		}
		r1, idx1 := w.deploy()
		time.Sleep(time.Hour)
		w.deps.User = "someone@else"
		if again := releaseDocOf(t, w.must(0, args...)); again.Outcome != releaseUnchanged {
			t.Fatalf("again: %+v", again)
		}
		r2, idx2 := w.deploy()
		if idx2 != idx1 || !r2.CreatedAt.Equal(r1.CreatedAt) || r2.CreatedBy != "ci@build-1" || r2.Release != defaultReleaseID(sha1) {
			t.Fatalf("rewritten: %+v at %d, was %+v at %d", r2, idx2, r1, idx1)
		}
	})
}

// --max-in-flight is validated (nothing written when it is bad) and
// stored normalised; --no-rollback is stored too.
func TestReleasePacingIsValidatedAndStored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		for _, bad := range []string{"0", "-1", "abc", "0%", "101%", "2.5"} {
			r := w.must(ExitUsage, relArgs("1", sha1, "--max-in-flight", bad)...)
			if !strings.Contains(r.stderr, "--max-in-flight") {
				t.Fatalf("%s: stderr %q", bad, r.stderr)
			}
		}
		if keys := w.mem.Keys(); len(keys) != 1 || keys[0] != api.KeySpec("web") {
			t.Fatalf("a refused release wrote %v", keys)
		}
		w.must(0, relArgs("1", sha1)...)
		if r, _ := w.deploy(); r.MaxInFlight != "25%" || r.NoRollback {
			t.Fatalf("defaults: %+v", r)
		}
		w.must(0, relArgs("2", sha2, "--max-in-flight", "003", "--no-rollback")...)
		if r, _ := w.deploy(); r.MaxInFlight != "3" || !r.NoRollback || r.Seq != 2 {
			t.Fatalf("stored: %+v", r)
		}
		w.must(0, relArgs("3", sha3, "--max-in-flight", "50%")...)
		if r, _ := w.deploy(); r.MaxInFlight != "50%" || r.NoRollback {
			t.Fatalf("stored: %+v", r)
		}
	})
}

// A release id names one digest forever: reusing an id of the history for
// another digest is refused and writes nothing, and so is reusing one the
// history has forgotten (the id registry remembers it).
func TestReleaseIDReuseIsRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(0, relArgs("1", sha1, "--id", "v1")...)
		w.must(0, relArgs("2", sha2, "--id", "v2")...)
		_, before := w.deploy()
		r := w.must(ExitUsage, relArgs("3", sha3, "--id", "v1")...)
		if !strings.Contains(r.stderr, sha1) || !strings.Contains(r.stderr, sha3) || !strings.Contains(r.stderr, "--id") {
			t.Fatalf("stderr %q: want both digests and the fix", r.stderr)
		}
		if cur, idx := w.deploy(); idx != before || cur.Release != "v2" {
			t.Fatalf("written: %+v at %d, was %d", cur, idx, before)
		}
		for _, h := range w.releaseHistory() {
			if err := w.mem.Delete(context.Background(), api.KeyReleaseHistory("web", h.Record.Seq)); err != nil {
				t.Fatal(err)
			}
		}
		r = w.must(ExitUsage, relArgs("3", sha3, "--id", "v1")...)
		if !strings.Contains(r.stderr, "release id v1 already names "+art("1")) {
			t.Fatalf("without history: stderr %q", r.stderr)
		}
		if _, idx := w.deploy(); idx != before {
			t.Fatal("the refused release was written")
		}
		w.must(0, relArgs("1", sha1, "--id", "v1")...) // the same digest is that id
	})
}

// A halted release with --wait (rollback off) exits 1 and prints every
// failed instance with its whole error, output tail included.
func TestReleaseHaltedWaitPrintsFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		twoAgents(w, "")
		w.must(0, relArgs("1", sha1, "--wait")...)
		r := w.must(ExitFailed, relArgs("broken", sha2, "--no-rollback", "--max-in-flight", "1", "--wait")...)
		for _, want := range []string{"failed instances:", "i-0b2: process 1 on port 9002 failed its health check", "panic: DATABASE_URL is not set"} {
			if !strings.Contains(r.stdout, want) {
				t.Fatalf("stdout lacks %q:\n%s", want, r.stdout)
			}
		}
		if !strings.Contains(r.stderr, "halted (seq 2): instance i-0b2 failed it") || !strings.Contains(r.stderr, "rollback is off") {
			t.Fatalf("stderr %q", r.stderr)
		}
		// The same command again names the failure and the ways on.
		again := w.must(ExitFailed, relArgs("broken", sha2, "--no-rollback", "--max-in-flight", "1")...)
		if !strings.Contains(again.stderr, "instance i-0b2 failed it") || !strings.Contains(again.stderr, "--retry-failed") ||
			!strings.Contains(again.stderr, "asgctl release rollback web") {
			t.Fatalf("again: %q", again.stderr)
		}
		w.must(0, relArgs("broken", sha2, "--no-rollback", "--max-in-flight", "1", "--retry-failed")...)
		if cur, _ := w.deploy(); cur.Seq != 3 || cur.Halt != nil || cur.Release != defaultReleaseID(sha2) {
			t.Fatalf("retried: %+v", cur)
		}
	})
}

// --wait --inline rolls a halted release back from this process and exits
// 1 once every live instance is back on the last good release.
func TestReleaseInlineRollsBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		twoAgents(w, "")
		w.must(0, relArgs("1", sha1, "--wait")...)
		doc := releaseDocOf(t, w.must(ExitFailed, "--output", "json", "release", "web", "--artifact", art("broken"), "--sha256", sha2,
			"--max-in-flight", "1", "--wait", "--inline"))
		if doc.Result != api.ReleaseRolledBack || doc.Phase != api.ReleaseRolledBack || doc.Seq != 3 || len(doc.FailedInstances) != 1 {
			t.Fatalf("doc %+v", doc)
		}
		cur, _ := w.deploy()
		if cur.Release != defaultReleaseID(sha1) || cur.RollbackOf != defaultReleaseID(sha2) || cur.CreatedBy != "ci@build-1" {
			t.Fatalf("record %+v", cur)
		}
		h := w.releaseHistory()
		if len(h) != 2 || h[0].Record.Seq != 2 || h[0].Outcome != api.ReleaseHalted || h[0].Record.Halt.InstanceID != "i-0b2" {
			t.Fatalf("history %+v", h)
		}
	})
}

// Without --inline and with no controller running, a halted release with
// a rollback due exits 1 at once and says how to roll back; nothing is
// rolled back.
func TestReleaseWithoutControllerExitsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		twoAgents(w, "")
		w.must(0, relArgs("1", sha1, "--wait")...)
		start := time.Now()
		r := w.must(ExitFailed, relArgs("broken", sha2, "--max-in-flight", "1", "--wait")...)
		cur, _ := w.deploy()
		if cur.Halt == nil || cur.Seq != 2 {
			t.Fatalf("record %+v", cur)
		}
		if took := time.Since(start); took > cur.Halt.At.Sub(start)+time.Second {
			t.Fatalf("exited %v after the start, the halt came %v after it", took, cur.Halt.At.Sub(start))
		}
		if !strings.Contains(r.stderr, "no controller is running") || !strings.Contains(r.stderr, "asgctl release rollback web") {
			t.Fatalf("stderr %q", r.stderr)
		}
	})
}

// With a controller running, --wait waits for the rollback the controller
// writes (3s after the halt here), follows it, and exits 1 once the fleet
// is rolled back.
func TestReleaseWaitsForTheControllersRollback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		twoAgents(w, "")
		w.must(0, relArgs("1", sha1, "--wait")...)
		w.releaseGuard("ctl-1", 3*time.Second)
		r := w.must(ExitFailed, relArgs("broken", sha2, "--max-in-flight", "1", "--wait")...)
		if !strings.Contains(r.stdout, "waiting for the controller to roll the fleet back to "+defaultReleaseID(sha1)) ||
			!strings.Contains(r.stderr, "halted (instance i-0b2 failed it) and was rolled back to "+defaultReleaseID(sha1)+" on all 2 live instances") {
			t.Fatalf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
		}
		if cur, _ := w.deploy(); cur.RollbackOf != defaultReleaseID(sha2) || cur.CreatedBy != "asgctl controller ctl-1" {
			t.Fatalf("record %+v", cur)
		}
	})
}

// `release rollback` repeated (or racing another rollback) writes one
// rollback record.
func TestReleaseRollbackRepeatedIsANoOp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		twoAgents(w, "")
		w.must(0, relArgs("1", sha1, "--wait")...)
		w.must(0, relArgs("2", sha2, "--wait")...)
		first := releaseDocOf(t, w.must(0, "--output", "json", "release", "rollback", "web"))
		rec, idx := w.deploy()
		if first.Outcome != releaseRollback || rec.Release != defaultReleaseID(sha1) || rec.RollbackOf != defaultReleaseID(sha2) || rec.Seq != 3 {
			t.Fatalf("rollback: %+v, record %+v", first, rec)
		}
		again := releaseDocOf(t, w.must(0, "--output", "json", "release", "rollback", "web"))
		if _, idx2 := w.deploy(); again.Outcome != releaseUnchanged || idx2 != idx {
			t.Fatalf("again: %+v, index %d, was %d", again, idx2, idx)
		}
		if h := w.releaseHistory(); len(h) != 2 {
			t.Fatalf("history %+v", h)
		}
		w.must(0, "release", "rollback", "web", "--wait")
	})
}

// History keeps the newest records, newest first, and `release history`
// lists the current record and them.
func TestReleaseHistoryIsBoundedAndOrdered(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		n := api.ReleaseHistoryLimit + 5
		for i := 1; i <= n; i++ {
			w.must(0, relArgs(fmt.Sprint(i), fmt.Sprintf("%064x", i), "--id", fmt.Sprintf("v%d", i))...)
		}
		var doc releaseHistoryDoc
		if err := json.Unmarshal([]byte(w.must(0, "--output", "json", "release", "history", "web").stdout), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Releases) != api.ReleaseHistoryLimit+1 || doc.Releases[0].Seq != n || doc.Releases[0].Outcome != api.ReleaseRolling {
			t.Fatalf("%d records, first %+v", len(doc.Releases), doc.Releases[0])
		}
		for i, it := range doc.Releases[1:] {
			if it.Seq != n-1-i || it.Outcome != api.ReleaseSuperseded || it.FinishedAt == nil {
				t.Fatalf("record %d: %+v", i+1, it)
			}
		}
		text := w.must(0, "release", "history", "web").stdout
		if lines := strings.Count(text, "\n"); lines != api.ReleaseHistoryLimit+2 {
			t.Fatalf("%d lines of text history", lines)
		}
	})
}

// Each `config push` is a new record: the next seq, the next config_rev,
// pacing and rollback carried, the last good release carried, and the
// history entry of the record it replaced.
func TestConfigPushWritesASuccessor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		twoAgents(w, "")
		w.must(ExitFailed, "config", "push", "web")
		w.must(0, relArgs("1", sha1, "--wait")...)
		w.must(0, relArgs("2", sha2, "--max-in-flight", "1", "--no-rollback", "--wait")...)
		w.must(0, "config", "push", "web")
		r, _ := w.deploy()
		if r.Seq != 3 || r.ConfigRev != 1 || r.Release != defaultReleaseID(sha2) || r.MaxInFlight != "1" || !r.NoRollback ||
			r.LastGood == nil || r.LastGood.Release != defaultReleaseID(sha2) || r.LastGood.ConfigRev != 0 {
			t.Fatalf("after the push: %+v", r)
		}
		h := w.releaseHistory()
		if len(h) != 2 || h[0].Record.Seq != 2 || h[0].Outcome != api.ReleaseComplete {
			t.Fatalf("history %+v", h)
		}
		w.must(0, "config", "push", "web")
		if r, _ := w.deploy(); r.Seq != 4 || r.ConfigRev != 2 {
			t.Fatalf("second push: %+v", r)
		}
		w.must(0, relArgs("3", sha3)...)
		if r, _ := w.deploy(); r.ConfigRev != 2 || r.Release != defaultReleaseID(sha3) || r.Seq != 5 {
			t.Fatalf("new release: %+v", r)
		}
	})
}

// A rejected `config set` writes none of its names, even the valid ones.
func TestConfigSetInvalidWritesNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(ExitUsage, "config", "set", "web", "GOOD=1", "BAD=a\nb")
		entries, _, err := w.mem.List(context.Background(), "web/", nil)
		if err != nil || len(entries) != 0 {
			t.Fatalf("written: %v %v", entries, err)
		}
	})
}

// Loader and interpreter variables are refused, each named with why,
// and nothing is written; --allow lets a named one through.
func TestConfigSetRefusesDeniedNames(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		r := w.must(ExitUsage, "config", "set", "global", "OK=1", "LD_PRELOAD=/tmp/x.so", "BASH_ENV=/tmp/x", "--allow", "BASH_ENV")
		if !strings.Contains(r.stderr, "LD_PRELOAD is refused: it steers the dynamic loader") || strings.Contains(r.stderr, "BASH_ENV is refused") ||
			!strings.Contains(r.stderr, "env_allow") || !strings.Contains(r.stderr, "--allow NAME") {
			t.Fatalf("stderr %q", r.stderr)
		}
		if entries, _, _ := w.mem.List(context.Background(), "global/", nil); len(entries) != 0 {
			t.Fatalf("written: %v", entries)
		}
		w.must(0, "config", "set", "global", "OK=1", "LD_PRELOAD=/opt/x.so", "--allow", "LD_PRELOAD")
		if e, _, _ := w.mem.Get(context.Background(), "global/LD_PRELOAD", nil); e == nil || string(e.Value) != "/opt/x.so" {
			t.Fatalf("allowed name not written: %+v", e)
		}
	})
}

// The signature file's bytes are stored base64-encoded.
func TestReleaseSignatureIsBase64(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		dir := t.TempDir()
		writeSignature(w, dir)
		w.must(0, relArgs("1", sha1, "--signature", dir+"/sig")...)
		if r, _ := w.deploy(); r.Signature != "MDEyMzQ1Njc4OWFiY2RlZg==" {
			t.Fatalf("signature %q", r.Signature)
		}
		w.must(ExitUsage, relArgs("1", sha1, "--signature", dir+"/missing")...)
	})
}
