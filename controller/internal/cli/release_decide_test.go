package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

func relFix(id, artifact string, rev int) *api.Release {
	return &api.Release{Version: 1, Release: id, Artifact: artifact, SHA256: strings.Repeat("ab", 32), ConfigRev: rev, CreatedAt: t0}
}

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
	other := *relFix("r-2", "s3://b/2", 0)
	cases := []struct {
		name string
		cur  *api.Release
		want api.Release
		kind releaseKind
		rev  int // config_rev written
		says string
	}{
		{name: "first release", want: want, kind: releaseWrite, says: "first release"},
		{name: "same release again: no-op", cur: relFix("r-1", "s3://b/1", 4), want: want, kind: releaseUnchanged, says: "nothing to do"},
		{name: "new release carries config_rev", cur: relFix("r-1", "s3://b/1", 4), want: other, kind: releaseWrite, rev: 4, says: "replaces r-1, config_rev 4"},
		{name: "id names other bits", cur: relFix("r-1", "s3://b/old", 0), want: want, kind: releaseReused, says: "give this artifact its own id"},
		{name: "same id, now signed: refused", cur: relFix("r-1", "s3://b/1", 0), want: signed, kind: releaseReused},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := decideRelease(c.cur, c.want)
			if got.Kind != c.kind || !strings.Contains(got.Message, c.says) {
				t.Fatalf("decision %+v, want %s saying %q", got, c.kind, c.says)
			}
			if (got.Next != nil) != (c.kind == releaseWrite) {
				t.Fatalf("next %+v for %s", got.Next, c.kind)
			}
			if got.Next != nil && (got.Next.ConfigRev != c.rev || got.Next.Release != c.want.Release) {
				t.Fatalf("next %+v, want %s at config_rev %d", got.Next, c.want.Release, c.rev)
			}
		})
	}
}

func agentFix(id, release, state string, at time.Time) api.AgentReport {
	return api.AgentReport{Version: 1, Service: "web", InstanceID: id, Release: release, State: state, UpdatedAt: at, Error: "boom " + id}
}

func TestJudgeAgents(t *testing.T) {
	rel := relFix("r-2", "s3://b/2", 0)
	before, after := t0.Add(-time.Minute), t0.Add(time.Minute)
	cases := []struct {
		name             string
		live             []api.AgentReport
		done, fail, none bool
		ready            int
		says             string
	}{
		{name: "no live agents", none: true, says: "no live agents report under asgctl/agents/web/"},
		{name: "all ready on it", live: []api.AgentReport{agentFix("i-2", "r-2", api.AgentReady, after), agentFix("i-1", "r-2", api.AgentReady, after)},
			done: true, ready: 2, says: "ready on all 2 live instances"},
		{name: "one still on the old release", live: []api.AgentReport{agentFix("i-1", "r-2", api.AgentReady, after), agentFix("i-2", "r-1", api.AgentReady, before)},
			ready: 1, says: "ready on 1/2 live instances; waiting for i-2 ready on r-1"},
		{name: "deploying is not ready", live: []api.AgentReport{agentFix("i-1", "r-2", api.AgentDeploying, after)}, says: "i-1 deploying on r-2"},
		{name: "stale is not ready", live: []api.AgentReport{agentFix("i-1", "r-2", api.AgentStale, after)}, says: "i-1 stale on r-2"},
		{name: "failed on it", live: []api.AgentReport{agentFix("i-1", "r-2", api.AgentReady, after), agentFix("i-2", "r-2", api.AgentFailed, after)},
			done: true, fail: true, ready: 1, says: "instance i-2 failed to deploy r-2: boom i-2"},
		{name: "failed after it was written, naming the old release", live: []api.AgentReport{agentFix("i-1", "r-1", api.AgentFailed, after)},
			done: true, fail: true, says: "i-1 failed"},
		{name: "old failure of an earlier release waits", live: []api.AgentReport{agentFix("i-1", "r-1", api.AgentFailed, before)},
			says: "waiting for i-1 failed on r-1"},
		{name: "failure written at the same instant waits", live: []api.AgentReport{agentFix("i-1", "r-1", api.AgentFailed, t0)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := judgeAgents("web", rel, c.live)
			if v.Done != c.done || v.Failed != c.fail || v.NoAgents != c.none || v.Ready != c.ready || !strings.Contains(v.Message, c.says) {
				t.Fatalf("verdict %+v\nwant done=%v failed=%v none=%v ready=%d saying %q", v, c.done, c.fail, c.none, c.ready, c.says)
			}
		})
	}
}

func TestFollowIndex(t *testing.T) {
	for _, c := range []struct{ last, next, want uint64 }{{0, 0, 1}, {0, 7, 7}, {7, 7, 7}, {7, 9, 9}, {9, 3, 0}} {
		if got := followIndex(c.last, c.next); got != c.want {
			t.Errorf("followIndex(%d, %d) = %d, want %d", c.last, c.next, got, c.want)
		}
	}
}
