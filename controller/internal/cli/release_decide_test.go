package cli

import (
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func relFix(id, artifact string, rev int) *api.Release {
	return &api.Release{Version: 1, Release: id, Artifact: artifact, SHA256: strings.Repeat("ab", 32), ConfigRev: rev, CreatedAt: t0}
}

// ended is a history entry of r.
func ended(r *api.Release, outcome string) api.ReleaseHistory {
	return api.ReleaseHistory{Version: 1, Record: *r, Outcome: outcome, FinishedAt: t0}
}

// haltedFix is r halted by instance i-bad.
func haltedFix(r *api.Release) *api.Release {
	r.Halt = &api.Halt{InstanceID: "i-bad", Error: "process 0 failed its health check\nstack line 1\nstack line 2", At: t0}
	return r
}

func withSeq(r *api.Release, seq int) *api.Release { r.Seq = seq; return r }

func TestDefaultReleaseID(t *testing.T) {
	if got := defaultReleaseID(strings.Repeat("0f", 32)); got != "r-0f0f0f0f0f0f" {
		t.Fatalf("got %q", got)
	}
	if got := defaultReleaseID("abc"); got != "r-abc" {
		t.Fatalf("short: got %q", got)
	}
}

func TestDecideRelease(t *testing.T) {
	want := *relFix("r-1", "s3://b/1", 0)
	signed := want
	signed.Signature = "c2ln"
	otherDigest := want
	otherDigest.SHA256 = strings.Repeat("cd", 32)
	other := *relFix("r-2", "s3://b/2", 0)
	cases := []struct {
		name    string
		cur     *api.Release
		history []api.ReleaseHistory
		want    api.Release
		retry   bool
		kind    releaseKind
		rev     int // config_rev asked for
		says    string
	}{
		{name: "first release", want: want, kind: releaseWrite},
		{name: "same release again: no-op", cur: relFix("r-1", "s3://b/1", 4), want: want, kind: releaseUnchanged, says: "nothing to do"},
		{name: "new release carries config_rev", cur: relFix("r-1", "s3://b/1", 4), want: other, kind: releaseWrite, rev: 4},
		{name: "id names other bits", cur: relFix("r-1", "s3://b/old", 0), want: want, kind: releaseReused, says: "give this artifact its own id"},
		{name: "same id, now signed: refused", cur: relFix("r-1", "s3://b/1", 0), want: signed, kind: releaseReused},
		{name: "id named another digest in history", cur: relFix("r-2", "s3://b/2", 0), want: otherDigest,
			history: []api.ReleaseHistory{ended(relFix("r-1", "s3://b/1", 0), api.ReleaseComplete)}, kind: releaseReused,
			says: "not sha256 " + otherDigest.SHA256},
		{name: "same digest in history: fine", cur: relFix("r-2", "s3://b/2", 0), want: want,
			history: []api.ReleaseHistory{ended(relFix("r-1", "s3://b/1", 0), api.ReleaseComplete)}, kind: releaseWrite},
		{name: "current record halted", cur: withSeq(haltedFix(relFix("r-1", "s3://b/1", 0)), 4), want: want, kind: releaseFailedBefore,
			says: "release r-1 halted (seq 4): instance i-bad failed it: process 0 failed its health check\n    stack line 1"},
		{name: "current record halted, retried", cur: haltedFix(relFix("r-1", "s3://b/1", 0)), want: want, retry: true, kind: releaseWrite},
		{name: "halted, then rolled back", cur: relFix("r-0", "s3://b/0", 0), want: want, kind: releaseFailedBefore,
			history: []api.ReleaseHistory{ended(haltedFix(relFix("r-1", "s3://b/1", 0)), api.ReleaseHalted)}, says: "moved on to r-0"},
		{name: "halted long ago, completed since", cur: relFix("r-0", "s3://b/0", 0), want: want, kind: releaseWrite,
			history: []api.ReleaseHistory{ended(relFix("r-1", "s3://b/1", 0), api.ReleaseSuperseded),
				ended(haltedFix(relFix("r-1", "s3://b/1", 0)), api.ReleaseHalted)}},
		{name: "retried and rolling: attach", cur: relFix("r-1", "s3://b/1", 0), want: want, kind: releaseUnchanged,
			history: []api.ReleaseHistory{ended(haltedFix(relFix("r-1", "s3://b/1", 0)), api.ReleaseHalted)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := decideRelease("web", c.cur, c.history, c.want, c.retry)
			if got.Kind != c.kind || !strings.Contains(got.Message, c.says) {
				t.Fatalf("decision %+v, want %s saying %q", got, c.kind, c.says)
			}
			if (got.Next != nil) != (c.kind == releaseWrite) || (got.Failed != nil) != (c.kind == releaseFailedBefore) {
				t.Fatalf("next %+v, failed %+v for %s", got.Next, got.Failed, c.kind)
			}
			if got.Next != nil && (got.Next.ConfigRev != c.rev || got.Next.Release != c.want.Release) {
				t.Fatalf("next %+v, want %s at config_rev %d", got.Next, c.want.Release, c.rev)
			}
		})
	}
}

func TestDecideReleaseRollback(t *testing.T) {
	good := relFix("r-1", "s3://b/1", 0)
	ref := good.Ref()
	rolling := withSeq(relFix("r-2", "s3://b/2", 0), 5)
	rolling.LastGood = &ref
	back := relFix("r-1", "s3://b/1", 0)
	back.RollbackOf = "r-2"
	cases := []struct {
		name    string
		cur     *api.Release
		history []api.ReleaseHistory
		kind    releaseKind
		to      string
		says    string
	}{
		{name: "no record", kind: releaseNoRollback, says: "no release record yet"},
		{name: "rolling: back to the last good", cur: rolling, kind: releaseRollback, to: "r-1"},
		{name: "halted: back to the last good", cur: haltedFix(rolling), kind: releaseRollback, to: "r-1"},
		{name: "already a rollback", cur: back, kind: releaseUnchanged, says: "already rolls the fleet back from r-2"},
		{name: "nothing earlier was good", cur: relFix("r-2", "s3://b/2", 0), kind: releaseNoRollback,
			history: []api.ReleaseHistory{ended(haltedFix(relFix("r-0", "s3://b/0", 0)), api.ReleaseHalted)}, says: "nothing to roll back to"},
		{name: "complete: the newest good one in history", cur: relFix("r-2", "s3://b/2", 0), kind: releaseRollback, to: "r-1",
			history: []api.ReleaseHistory{ended(relFix("r-1", "s3://b/1", 0), api.ReleaseComplete)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := decideReleaseRollback("web", c.cur, c.history, "ops", t0)
			if got.Kind != c.kind || !strings.Contains(got.Message, c.says) {
				t.Fatalf("decision %+v, want %s saying %q", got, c.kind, c.says)
			}
			if c.kind != releaseRollback {
				return
			}
			if got.Next == nil || got.Next.Release != c.to || got.Next.RollbackOf != c.cur.Release || got.Next.CreatedBy != "ops" {
				t.Fatalf("rollback record %+v, want back to %s", got.Next, c.to)
			}
		})
	}
}
