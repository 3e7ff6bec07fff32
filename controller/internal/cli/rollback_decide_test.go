package cli

import (
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestDecideRollback(t *testing.T) {
	v1, v2 := rec(1, amiA, api.PhaseComplete), rec(2, amiB, api.PhaseComplete)
	back := rec(3, amiA, api.PhaseComplete)
	back.Reused = true
	cases := []struct {
		name string
		st   serviceState
		kind promoteKind
		ami  string // the AMI requested or attached to
		says string
	}{
		{name: "back to the previous AMI", st: serviceState{Rollout: v2, History: hist(v2, v1)}, kind: promoteRequest, ami: amiA,
			says: "from ami-0a000000000000002 (web-v002) to ami-0a000000000000001 (web-v001)"},
		{name: "record not in history yet", st: serviceState{Rollout: v2, History: hist(v1)}, kind: promoteRequest, ami: amiA},
		{name: "skips reverted rollouts", st: serviceState{Rollout: rec(3, amiC, api.PhaseReverted), History: hist(rec(3, amiC, api.PhaseReverted), v2, v1)},
			kind: promoteRequest, ami: amiA},
		{name: "after a rollback, rolls forward again", st: serviceState{Rollout: back, History: hist(back, v2, v1)}, kind: promoteRequest, ami: amiB},
		{name: "skips earlier rollouts of the live AMI",
			st:   serviceState{Rollout: rec(3, amiB, api.PhaseComplete), History: hist(rec(3, amiB, api.PhaseComplete), rec(2, amiB, api.PhaseComplete), v1)},
			kind: promoteRequest, ami: amiA},
		{name: "only one completed rollout", st: serviceState{Rollout: v1, History: hist(v1)}, kind: rollbackNothing, says: "nothing to roll back to"},
		{name: "nothing completed", st: serviceState{Rollout: rec(1, amiA, api.PhaseReverted)}, kind: rollbackNothing, says: "no rollout has completed yet"},
		{name: "rollout in progress", st: serviceState{Rollout: rec(3, amiC, api.PhaseShifting), Desired: req("r3", amiC), History: hist(v2, v1)},
			kind: promoteConflict, says: "abort it with `asgctl abort web`"},
		{name: "rollback in progress: attach (rerun)", st: serviceState{Rollout: rec(3, amiA, api.PhaseShifting), Desired: rollback(req("r3", amiA)), History: hist(v2, v1)},
			kind: promoteAttach, ami: amiA, says: "already in progress as web-v003"},
		{name: "rollback requested, not started: attach", st: serviceState{Rollout: v2, Desired: rollback(req("r9", amiA)), History: hist(v2, v1)},
			kind: promoteAttach, ami: amiA},
		{name: "another request pending", st: serviceState{Rollout: v2, Desired: req("r9", amiC), History: hist(v2, v1)},
			kind: promoteConflict, says: "withdraw it with `asgctl abort` first"},
		{name: "failed record blocks", st: serviceState{Rollout: rec(3, amiC, api.PhaseFailed), History: hist(v2, v1)}, kind: promoteBlocked},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := decideRollback(c.st)
			if got.Kind != c.kind || got.AMI != c.ami || !strings.Contains(got.Message, c.says) {
				t.Fatalf("decision %+v\nwant %s of %q saying %q", got, c.kind, c.ami, c.says)
			}
		})
	}
}
