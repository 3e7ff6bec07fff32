package cli

import (
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func agentOn(id, state, release string) api.AgentReport {
	return api.AgentReport{Version: 1, Service: "web", InstanceID: id, State: state, Release: release, UpdatedAt: t0}
}

// failedOn is instance id, serving release, failed on rec.
func failedOn(id, release string, rec *api.Release) api.AgentReport {
	a := agentOn(id, api.AgentFailed, release)
	a.Desired, a.Seq, a.Error = rec.Release, rec.Seq, "boom\noutput"
	return a
}

func TestJudgeFollow(t *testing.T) {
	good := relFix("r-1", "s3://b/1", 0)
	ref := good.Ref()
	ours := withSeq(relFix("r-2", "s3://b/2", 0), 4)
	ours.LastGood = &ref
	halted := *haltedFix(withSeq(relFix("r-2", "s3://b/2", 0), 4))
	halted.LastGood = &ref
	noRollback := halted
	noRollback.NoRollback = true
	orphan := *haltedFix(withSeq(relFix("r-2", "s3://b/2", 0), 4))
	back := withSeq(relFix("r-1", "s3://b/1", 0), 5)
	back.RollbackOf = "r-2"
	newer := withSeq(relFix("r-3", "s3://b/3", 0), 5)
	on := func(rel string, states ...string) []api.AgentReport {
		var out []api.AgentReport
		for i, s := range states {
			out = append(out, agentOn("i-"+string(rune('a'+i)), s, rel))
		}
		return out
	}
	cases := []struct {
		name   string
		ours   *api.Release
		rec    *api.Release
		live   []api.AgentReport
		into   bool
		step   followStep
		result string
		code   int
		says   string
	}{
		{name: "rolling", ours: ours, rec: ours, live: on("r-2", "ready", "deploying"), into: true, step: followOn,
			says: "rolling: 1 deploying, 1 ready (max in flight 1 of 2)"},
		{name: "complete", ours: ours, rec: ours, live: on("r-2", "ready", "ready"), step: followDone, result: "complete",
			says: "ready on all 2 live instances"},
		{name: "halted, rollback due", ours: ours, rec: &halted, into: true, step: followRollback, says: "release r-2 halted (seq 4): instance i-bad failed it: process 0"},
		{name: "halted, rollback off", ours: ours, rec: &noRollback, into: true, step: followDone, result: "halted", code: 1, says: "rollback is off"},
		{name: "halted, nothing to go back to", ours: ours, rec: &orphan, into: true, step: followDone, result: "halted", code: 1, says: "no last good release"},
		{name: "halted, not following into a rollback", ours: ours, rec: &halted, step: followDone, result: "halted", code: 1, says: "release status web"},
		{name: "rolling back", ours: &halted, rec: back, live: on("r-2", "ready", "waiting"), into: true, step: followOn,
			says: "rolling back to r-1: 1 waiting, 1 ready on r-2"},
		{name: "rolled back", ours: &halted, rec: back, live: on("r-1", "ready", "ready"), into: true, step: followDone, result: "rolled_back", code: 1,
			says: "release r-2 halted (instance i-bad failed it) and was rolled back to r-1 on all 2 live instances"},
		{name: "rolled back by hand", ours: ours, rec: back, live: on("r-1", "ready"), into: true, step: followDone, result: "rolled_back", code: 1,
			says: "was rolled back (by -) to r-1"},
		{name: "a rollback is another release without into", ours: ours, rec: back, step: followDone, result: "replaced", code: 1, says: "replaced by release r-1 (seq 5"},
		{name: "replaced", ours: ours, rec: newer, into: true, step: followDone, result: "replaced", code: 1, says: "replaced by release r-3"},
		{name: "deleted", ours: ours, into: true, step: followDone, result: "deleted", code: 1, says: "deploys/web was deleted"},
		{name: "failed on new instances, the rest ready", ours: ours, rec: ours, into: true, step: followDone, result: "failed", code: 1,
			live: append(on("r-2", "ready"), failedOn("i-new", "", ours)), says: "failed on 1 of 2 live instances (i-new: boom)"},
		{name: "a failure of an earlier record is retried", ours: ours, rec: ours, into: true, step: followOn,
			live: append(on("r-2", "ready"), failedOn("i-new", "", withSeq(relFix("r-2", "s3://b/2", 0), 3))), says: "1 ready, 1 failed"},
		{name: "failed on one, another still starting", ours: ours, rec: ours, into: true, step: followOn,
			live: []api.AgentReport{failedOn("i-new", "", ours), agentOn("i-b", "starting", "")}, says: "1 starting, 1 failed"},
		{name: "our rollback completes", ours: back, rec: back, live: on("r-1", "ready"), step: followDone, result: "rolled_back",
			says: "rolled back from r-2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := judgeFollow(followView{Svc: "web", Ours: c.ours, Rec: c.rec, Live: c.live, IntoRollback: c.into})
			text := v.Message + v.Line
			if v.Step != c.step || v.Result != c.result || v.Code != c.code || !strings.Contains(text, c.says) {
				t.Fatalf("verdict %+v\nwant step %d result %q code %d saying %q", v, c.step, c.result, c.code, c.says)
			}
			if v.Step == followRollback && v.Target != "r-1" {
				t.Fatalf("rollback target %q", v.Target)
			}
		})
	}
}

func TestFleetCounts(t *testing.T) {
	rec := relFix("r-2", "s3://b/2", 3)
	rev2 := agentOn("i-5", "ready", "r-2")
	rev2.ConfigRev = 2
	onIt := agentOn("i-6", "ready", "r-2")
	onIt.ConfigRev = 3
	live := []api.AgentReport{agentOn("i-1", "waiting", "r-1"), agentOn("i-2", "deploying", "r-1"), agentOn("i-3", "ready", "r-1"),
		agentOn("i-4", "ready", ""), rev2, onIt, agentOn("i-7", "failed", "r-1")}
	want := "1 deploying, 1 waiting, 1 ready, 1 failed, 1 ready on config_rev 2, 1 ready on nothing, 1 ready on r-1"
	if got := fleetCounts(rec, live); got != want {
		t.Fatalf("counts %q\nwant   %q", got, want)
	}
	if got := fleetCounts(rec, nil); got != "no live instances" {
		t.Fatalf("no instances: %q", got)
	}
}

func TestHistoryItems(t *testing.T) {
	cur := withSeq(relFix("r-1", "s3://b/1", 0), 6)
	cur.RollbackOf = "r-2"
	bad := haltedFix(withSeq(relFix("r-2", "s3://b/2", 0), 5))
	bad.Signature = "c2ln"
	dup := withSeq(relFix("r-1", "s3://b/1", 0), 6)
	items := historyItems(cur, []api.AgentReport{agentOn("i-1", "ready", "r-1")},
		[]api.ReleaseHistory{ended(dup, api.ReleaseSuperseded), ended(bad, api.ReleaseHalted)})
	if len(items) != 2 || items[0].Seq != 6 || items[0].Outcome != api.ReleaseRolledBack || items[0].FinishedAt != nil {
		t.Fatalf("items %+v", items)
	}
	if items[0].reason() != "rollback of r-2" || items[1].reason() != "i-bad: process 0 failed its health check" || !items[1].Signed {
		t.Fatalf("reasons %q, %q (signed %v)", items[0].reason(), items[1].reason(), items[1].Signed)
	}
	if none := historyItems(nil, nil, nil); none == nil || len(none) != 0 {
		t.Fatalf("no records: %#v", none)
	}
}
