package cli

import (
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

// The promote decision table (docs/exit-codes.md): what `promote web --ami X`
// does given the desired request, the rollout record and history.
func TestDecidePromote(t *testing.T) {
	done1 := rec(1, amiA, api.PhaseComplete)
	cases := []struct {
		name   string
		st     serviceState
		args   promoteArgs
		kind   promoteKind
		follow string // request id --wait follows ("" for none)
		says   string // part of the message
	}{
		{name: "first deploy", st: serviceState{}, args: promoteArgs{AMI: amiA}, kind: promoteRequest},
		{name: "same AMI live", st: serviceState{Rollout: done1, Desired: req("r1", amiA)}, args: promoteArgs{AMI: amiA},
			kind: promoteLive, follow: "r1", says: "already live on web-v001"},
		{name: "same AMI live, record from history only",
			st:   serviceState{Rollout: rec(2, amiB, api.PhaseReverted), History: hist(rec(2, amiB, api.PhaseReverted), done1)},
			args: promoteArgs{AMI: amiA}, kind: promoteLive, follow: "r1"},
		{name: "new AMI over live", st: serviceState{Rollout: done1, Desired: req("r1", amiA)}, args: promoteArgs{AMI: amiB}, kind: promoteRequest},
		{name: "same AMI rolling out attaches", st: serviceState{Rollout: at(rec(2, amiB, api.PhaseShifting), 1), Desired: req("r2", amiB)},
			args: promoteArgs{AMI: amiB}, kind: promoteAttach, follow: "r2", says: "already rolling out as web-v002 (shifting, step 1)"},
		{name: "same AMI rolling out attaches despite --supersede", st: serviceState{Rollout: rec(2, amiB, api.PhaseLaunching), Desired: req("r2", amiB)},
			args: promoteArgs{AMI: amiB, Supersede: true}, kind: promoteAttach, follow: "r2"},
		{name: "same AMI being aborted attaches (to report the revert)", st: serviceState{Rollout: rec(2, amiB, api.PhaseReverting), Desired: aborted(req("r2", amiB))},
			args: promoteArgs{AMI: amiB}, kind: promoteAttach, follow: "r2"},
		{name: "same AMI requested, not picked up, attaches", st: serviceState{Rollout: done1, Desired: req("r9", amiB)},
			args: promoteArgs{AMI: amiB}, kind: promoteAttach, follow: "r9", says: "already requested by ci (request r9)"},
		{name: "other AMI rolling out conflicts", st: serviceState{Rollout: at(rec(2, amiB, api.PhasePaused), 2), Desired: req("r2", amiB)},
			args: promoteArgs{AMI: amiC}, kind: promoteConflict, says: "rolling out ami-0a000000000000002 as web-v002 (paused, step 2)"},
		{name: "other AMI rolling out, --supersede", st: serviceState{Rollout: rec(2, amiB, api.PhaseShifting), Desired: req("r2", amiB)},
			args: promoteArgs{AMI: amiC, Supersede: true}, kind: promoteRequest},
		{name: "other AMI pending conflicts", st: serviceState{Rollout: done1, Desired: req("r9", amiB)},
			args: promoteArgs{AMI: amiC}, kind: promoteConflict, says: "has not started yet; pass --supersede"},
		{name: "other AMI pending, --supersede", st: serviceState{Rollout: done1, Desired: req("r9", amiB)},
			args: promoteArgs{AMI: amiC, Supersede: true}, kind: promoteRequest},
		{name: "supersede in flight: its AMI attaches to the pending request",
			st:   serviceState{Rollout: rec(2, amiB, api.PhaseReverting), Desired: req("r9", amiC)},
			args: promoteArgs{AMI: amiC}, kind: promoteAttach, follow: "r9"},
		{name: "supersede in flight: the reverting AMI conflicts with it",
			st:   serviceState{Rollout: rec(2, amiB, api.PhaseReverting), Desired: req("r9", amiC)},
			args: promoteArgs{AMI: amiB}, kind: promoteConflict, says: amiC},
		{name: "same AMI reverted reports the failure", st: serviceState{Rollout: rec(2, amiB, api.PhaseReverted), Desired: req("r2", amiB), History: hist(done1)},
			args: promoteArgs{AMI: amiB}, kind: promoteFailed, says: "web-v002, reverted: reverted reason; pass --retry-failed"},
		{name: "same AMI reverted, --retry-failed", st: serviceState{Rollout: rec(2, amiB, api.PhaseReverted), Desired: req("r2", amiB), History: hist(done1)},
			args: promoteArgs{AMI: amiB, RetryFailed: true}, kind: promoteRequest},
		{name: "AMI reverted long ago still reports it",
			st:   serviceState{Rollout: rec(3, amiC, api.PhaseComplete), History: hist(rec(2, amiB, api.PhaseReverted), done1)},
			args: promoteArgs{AMI: amiB}, kind: promoteFailed},
		{name: "AMI that completed before, then was replaced, is a new request",
			st:   serviceState{Rollout: rec(2, amiB, api.PhaseComplete), History: hist(rec(2, amiB, api.PhaseComplete), done1)},
			args: promoteArgs{AMI: amiA}, kind: promoteRequest},
		{name: "aborted request never started is not pending", st: serviceState{Rollout: done1, Desired: aborted(req("r9", amiB))},
			args: promoteArgs{AMI: amiC}, kind: promoteRequest},
		{name: "failed record blocks everything", st: serviceState{Rollout: rec(2, amiB, api.PhaseFailed)},
			args: promoteArgs{AMI: amiC, RetryFailed: true, Supersede: true}, kind: promoteBlocked, says: "run `asgctl repair web`"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := decidePromote(c.st, c.args)
			if got.Kind != c.kind || got.Target.RequestID != c.follow || !strings.Contains(got.Message, c.says) {
				t.Fatalf("decision %+v\nwant kind %s following %q saying %q", got, c.kind, c.follow, c.says)
			}
			if got.Kind == promoteRequest && got.Target.AMI != c.args.AMI {
				t.Fatalf("a new request follows %q, want %s", got.Target.AMI, c.args.AMI)
			}
		})
	}
}

func TestPromoteExitCodes(t *testing.T) {
	want := map[promoteKind]int{
		promoteRequest: ExitOK, promoteAttach: ExitOK, promoteLive: ExitOK,
		promoteFailed: ExitFailed, promoteBlocked: ExitFailed, promoteConflict: ExitConflict,
	}
	for kind, code := range want {
		if got := (promoteDecision{Kind: kind}).exitCode(); got != code {
			t.Errorf("%s exits %d, want %d", kind, got, code)
		}
	}
}
