package cli

import (
	"context"
	"encoding/json"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
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

// The same `asgctl release` run again (later, by someone else) writes
// nothing: the key keeps its ModifyIndex, so agents see no change.
func TestReleaseRepeatedIsANoOp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		args := []string{"--output", "json", "release", "web", "--artifact", art("1"), "--sha256", sha1}
		var first releaseDoc
		if err := json.Unmarshal([]byte(w.must(0, args...).stdout), &first); err != nil || first.Outcome != releaseWrite {
			t.Fatalf("first: %+v %v", first, err)
		}
		r1, idx1 := w.deploy()
		time.Sleep(time.Hour)
		w.deps.User = "someone@else"
		var again releaseDoc
		if err := json.Unmarshal([]byte(w.must(0, args...).stdout), &again); err != nil || again.Outcome != releaseUnchanged {
			t.Fatalf("again: %+v %v", again, err)
		}
		r2, idx2 := w.deploy()
		if idx2 != idx1 || !r2.CreatedAt.Equal(r1.CreatedAt) || r2.CreatedBy != "ci@build-1" || r2.Release != defaultReleaseID(sha1) {
			t.Fatalf("rewritten: %+v at %d, was %+v at %d", r2, idx2, r1, idx1)
		}
	})
}

// Each `config push` bumps config_rev once, keeping the release; a new
// release carries the revision on.
func TestConfigPushTwiceBumpsTwice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(ExitFailed, "config", "push", "web")
		w.must(0, "release", "web", "--artifact", art("1"), "--sha256", sha1)
		w.must(0, "config", "push", "web")
		w.must(0, "config", "push", "web")
		r, _ := w.deploy()
		if r.ConfigRev != 2 || r.Release != defaultReleaseID(sha1) {
			t.Fatalf("after two pushes: %+v", r)
		}
		w.must(0, "release", "web", "--artifact", art("2"), "--sha256", sha2)
		if r, _ := w.deploy(); r.ConfigRev != 2 || r.Release != defaultReleaseID(sha2) {
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

// The signature file's bytes are stored base64-encoded.
func TestReleaseSignatureIsBase64(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		dir := t.TempDir()
		writeSignature(w, dir)
		w.must(0, "release", "web", "--artifact", art("1"), "--sha256", sha1, "--signature", dir+"/sig")
		if r, _ := w.deploy(); r.Signature != "MDEyMzQ1Njc4OWFiY2RlZg==" {
			t.Fatalf("signature %q", r.Signature)
		}
		w.must(ExitUsage, "release", "web", "--artifact", art("1"), "--sha256", sha1, "--signature", dir+"/missing")
	})
}
