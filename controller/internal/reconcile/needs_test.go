package reconcile

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// TestNeedsReadOnlyWhatThePhaseDecidesOn: each phase reads what its
// decision looks at and nothing more.
func TestNeedsReadOnlyWhatThePhaseDecidesOn(t *testing.T) {
	cases := []struct {
		phase   api.Phase
		weights bool
		health  []string
		lts     bool
	}{
		{api.PhaseLaunching, false, nil, true},
		{api.PhaseWaitingHealthy, true, []string{tgB}, false},
		{api.PhaseShifting, true, []string{tgA, tgB}, false},
		{api.PhasePaused, true, []string{tgA, tgB}, false},
		{api.PhasePromoted, true, []string{tgA, tgB}, false},
		{api.PhaseDraining, false, nil, false},
		{api.PhaseReverting, true, []string{tgA, tgB}, false},
	}
	for _, c := range cases {
		n := NeedsFor(rolling(c.phase, 1).Rollout, desired(nil))
		if !n.Groups || n.Weights != c.weights || !slices.Equal(n.Health, c.health) || n.LaunchTemplates != c.lts {
			t.Errorf("%s: needs %+v, want weights %v, health %v, launch templates %v", c.phase, n, c.weights, c.health, c.lts)
		}
	}
}

// TestWaitingPollsSlowerWhileGreenBoots: no InService instance means no
// target can be healthy yet, so the wait looks every BootPoll, and every
// FastPoll once one is.
func TestWaitingPollsSlowerWhileGreenBoots(t *testing.T) {
	o := rolling(api.PhaseWaitingHealthy, 0)
	o.Groups[1].InService, o.Health[tgB] = 0, TargetHealth{}
	if p := Decide(o, desired(nil), t0.Add(time.Second)); p.RequeueAfter != DefaultTuning.BootPoll {
		t.Errorf("booting: requeue %s, want %s (%s)", p.RequeueAfter, DefaultTuning.BootPoll, p.Reason)
	}
	o.Groups[1].InService, o.Health[tgB] = 2, TargetHealth{Initial: 2}
	if p := Decide(o, desired(nil), t0.Add(time.Second)); p.RequeueAfter != DefaultTuning.FastPoll {
		t.Errorf("registering: requeue %s, want %s (%s)", p.RequeueAfter, DefaultTuning.FastPoll, p.Reason)
	}
}

// TestRevertFromLaunchingWaitsForTheListener: launching does not read the
// listener, so a revert decided there writes no weights until a pass that
// did.
func TestRevertFromLaunchingWaitsForTheListener(t *testing.T) {
	o := rolling(api.PhaseLaunching, 0)
	o.WeightsKnown, o.Weights, o.Health = false, nil, nil
	p := Decide(o, desired(&api.Desired{Version: 1, AMI: amiNew, RequestID: "r2", Abort: true, RequestedAt: t0}), t0.Add(time.Second))
	if find(p, ActSetWeights) != nil || p.Phase != api.PhaseReverting || !strings.Contains(p.Reason, "reading the listener") {
		t.Fatalf("plan %+v: want reverting, no weight write, until the listener is read", p)
	}
}

// TestStepWriteIsReadBackSoon: the pass after a step's weight write comes
// ReadBackPoll later, not a whole FastPoll.
func TestStepWriteIsReadBackSoon(t *testing.T) {
	o := rolling(api.PhaseWaitingHealthy, 0)
	p := Decide(o, desired(nil), t0.Add(time.Second))
	if find(p, ActSetWeights) == nil || p.Phase != api.PhaseShifting || p.RequeueAfter != DefaultTuning.ReadBackPoll {
		t.Fatalf("plan %+v: want step 1 written and read back after %s", p, DefaultTuning.ReadBackPoll)
	}
	// A read that still shows the old weights re-checks every FastPoll.
	o = rolling(api.PhaseShifting, 1)
	o.Rollout.WeightsAt = t0
	p = Decide(o, desired(nil), t0.Add(time.Second))
	if p.RequeueAfter != DefaultTuning.FastPoll {
		t.Fatalf("stale read: requeue %s, want %s (%s)", p.RequeueAfter, DefaultTuning.FastPoll, p.Reason)
	}
}
