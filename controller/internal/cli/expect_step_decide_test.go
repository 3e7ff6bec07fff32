package cli

import (
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestDecideGate(t *testing.T) {
	paused1 := at(rec(2, amiB, api.PhasePaused), 1)
	cases := []struct {
		name     string
		st       serviceState
		args     gateArgs
		kind     promoteKind
		approved int // the approved_step written (0: nothing written)
		says     string
	}{
		{name: "paused at K: release", st: serviceState{Rollout: paused1, Desired: req("r2", amiB)},
			args: gateArgs{Step: 1}, kind: promoteApproved, approved: 1, says: "released the gate at step 1 of web-v002"},
		{name: "paused at K, --ami matches", st: serviceState{Rollout: paused1, Desired: req("r2", amiB)},
			args: gateArgs{Step: 1, AMI: amiB}, kind: promoteApproved, approved: 1},
		{name: "repeated: already approved, still paused", st: serviceState{Rollout: paused1, Desired: approved(req("r2", amiB), 1)},
			args: gateArgs{Step: 1}, kind: promoteUnchanged},
		{name: "repeated after it moved on to the next gate", st: serviceState{Rollout: at(rec(2, amiB, api.PhasePaused), 2), Desired: approved(req("r2", amiB), 1)},
			args: gateArgs{Step: 1}, kind: promoteUnchanged},
		{name: "repeated after completion", st: serviceState{Rollout: at(rec(2, amiB, api.PhaseComplete), 3), Desired: approved(req("r2", amiB), 2)},
			args: gateArgs{Step: 2}, kind: promoteUnchanged},
		{name: "approval by a later request for the same AMI counts", st: serviceState{Rollout: paused1, Desired: approved(req("r7", amiB), 1)},
			args: gateArgs{Step: 1}, kind: promoteUnchanged},
		{name: "not there yet", st: serviceState{Rollout: at(rec(2, amiB, api.PhaseShifting), 1), Desired: req("r2", amiB)},
			args: gateArgs{Step: 2}, kind: promoteConflict, says: "web-v002 is shifting at step 1, not paused at step 2"},
		{name: "paused elsewhere", st: serviceState{Rollout: paused1, Desired: req("r2", amiB)},
			args: gateArgs{Step: 2}, kind: promoteConflict, says: "paused at step 1, not paused at step 2"},
		{name: "still launching", st: serviceState{Rollout: rec(2, amiB, api.PhaseLaunching), Desired: req("r2", amiB)},
			args: gateArgs{Step: 1}, kind: promoteConflict, says: "web-v002 is launching"},
		{name: "finished without approval", st: serviceState{Rollout: rec(2, amiB, api.PhaseReverted), Desired: req("r2", amiB)},
			args: gateArgs{Step: 1}, kind: promoteConflict, says: "web-v002 is reverted"},
		{name: "no rollout", st: serviceState{}, args: gateArgs{Step: 1}, kind: promoteConflict, says: "no rollout has run yet"},
		{name: "other AMI", st: serviceState{Rollout: paused1, Desired: req("r2", amiB)},
			args: gateArgs{Step: 1, AMI: amiC}, kind: promoteConflict, says: "is of ami-0a000000000000002, not ami-0a000000000000003"},
		{name: "being aborted", st: serviceState{Rollout: paused1, Desired: aborted(req("r2", amiB))},
			args: gateArgs{Step: 1}, kind: promoteConflict, says: "being aborted"},
		{name: "superseded by a pending request", st: serviceState{Rollout: paused1, Desired: req("r9", amiC)},
			args: gateArgs{Step: 1}, kind: promoteConflict, says: "replaces rollout web-v002"},
		{name: "desired missing: write one for the rollout", st: serviceState{Rollout: paused1},
			args: gateArgs{Step: 1, User: "ops", Now: t0}, kind: promoteApproved, approved: 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := decideGate(c.st, c.args)
			if got.Kind != c.kind || !strings.Contains(got.Message, c.says) {
				t.Fatalf("decision %+v\nwant %s saying %q", got, c.kind, c.says)
			}
			switch {
			case c.approved == 0 && got.Write != nil:
				t.Fatalf("wrote %+v, want nothing written", got.Write)
			case c.approved > 0 && (got.Write == nil || got.Write.ApprovedStep != c.approved || got.Write.Abort):
				t.Fatalf("wrote %+v, want approved_step %d", got.Write, c.approved)
			case c.approved > 0 && !addresses(got.Write, got.Rollout):
				t.Fatalf("wrote %+v, which does not address %s", got.Write, got.Rollout.ID)
			}
		})
	}
}

func TestDecideGateKeepsTheRequest(t *testing.T) {
	d := req("r2", amiB)
	d.RequestedBy = "ci@build-7"
	got := decideGate(serviceState{Rollout: at(rec(2, amiB, api.PhasePaused), 1), Desired: d}, gateArgs{Step: 1, User: "ops"})
	if w := got.Write; w.RequestID != "r2" || w.RequestedBy != "ci@build-7" || !w.RequestedAt.Equal(t0) {
		t.Fatalf("approval rewrote the request: %+v", w)
	}
}
