package cli

import (
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestDecideAbort(t *testing.T) {
	cases := []struct {
		name  string
		st    serviceState
		kind  abortKind
		write string // "abort r<n>" when an abort of that request is written
		seq   int    // the rollout --wait follows
		says  string
	}{
		{name: "shifting: revert it", st: serviceState{Rollout: at(rec(2, amiB, api.PhaseShifting), 1), Desired: req("r2", amiB)},
			kind: abortRequest, write: "r2", seq: 2, says: "asked rollout web-v002 (ami-0a000000000000002, shifting, step 1) to revert"},
		{name: "promoted (rollback window): revert it", st: serviceState{Rollout: rec(2, amiB, api.PhasePromoted), Desired: req("r2", amiB)},
			kind: abortRequest, write: "r2", seq: 2},
		{name: "served by a later request for the same AMI", st: serviceState{Rollout: rec(2, amiB, api.PhasePaused), Desired: approved(req("r5", amiB), 1)},
			kind: abortRequest, write: "r5", seq: 2},
		{name: "pending supersede is withdrawn too", st: serviceState{Rollout: rec(2, amiB, api.PhaseShifting), Desired: req("r9", amiC)},
			kind: abortRequest, write: "r2", seq: 2, says: "withdrew the pending request for ami-0a000000000000003"},
		{name: "repeated: already asked", st: serviceState{Rollout: rec(2, amiB, api.PhasePaused), Desired: aborted(req("r2", amiB))},
			kind: abortAlready, seq: 2, says: "already requested"},
		{name: "reverting anyway", st: serviceState{Rollout: rec(2, amiB, api.PhaseReverting), Desired: req("r2", amiB)},
			kind: abortAlready, seq: 2, says: "already reverting: reverting reason"},
		{name: "draining: too late", st: serviceState{Rollout: rec(2, amiB, api.PhaseDraining), Desired: req("r2", amiB)},
			kind: abortTooLate, seq: 2, says: "`asgctl rollback web`"},
		{name: "request not picked up: withdraw it", st: serviceState{Rollout: rec(1, amiA, api.PhaseComplete), Desired: req("r9", amiB)},
			kind: abortCancel, write: "r9", says: "withdrew the request for ami-0a000000000000002 (request r9)"},
		{name: "nothing in progress", st: serviceState{Rollout: rec(1, amiA, api.PhaseComplete), Desired: req("r1", amiA)},
			kind: abortNothing, says: "nothing in progress"},
		{name: "nothing ever", st: serviceState{}, kind: abortNothing},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := decideAbort(c.st, "ops", t0)
			if got.Kind != c.kind || got.Target.Seq != c.seq || !strings.Contains(got.Message, c.says) {
				t.Fatalf("decision %+v\nwant %s following seq %d saying %q", got, c.kind, c.seq, c.says)
			}
			switch {
			case c.write == "" && got.Write != nil:
				t.Fatalf("wrote %+v, want nothing", got.Write)
			case c.write != "" && (got.Write == nil || !got.Write.Abort || got.Write.RequestID != c.write):
				t.Fatalf("wrote %+v, want an abort of request %s", got.Write, c.write)
			}
		})
	}
}

func TestAbortExitCodes(t *testing.T) {
	for kind, code := range map[abortKind]int{abortRequest: 0, abortAlready: 0, abortCancel: 0, abortNothing: 0, abortTooLate: 1} {
		if got := (abortDecision{Kind: kind}).exitCode(); got != code {
			t.Errorf("%s exits %d, want %d", kind, got, code)
		}
	}
}
