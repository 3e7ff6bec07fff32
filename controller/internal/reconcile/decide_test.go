package reconcile

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

type tcase struct {
	name   string
	obs    func() Observed
	des    func() Desired
	now    time.Time
	phase  api.Phase
	kinds  []ActionKind
	reason string // substring of the plan's reason
	check  func(t *testing.T, p Plan)
}

func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			now := tc.now
			if now.IsZero() {
				now = t0
			}
			p := Decide(tc.obs(), tc.des(), now)
			if p.Phase != tc.phase {
				t.Errorf("phase = %s, want %s (reason %q)", p.Phase, tc.phase, p.Reason)
			}
			if !slices.Equal(kinds(p), tc.kinds) {
				t.Errorf("actions = %v, want %v", kinds(p), tc.kinds)
			}
			if tc.reason != "" && !strings.Contains(p.Reason, tc.reason) {
				t.Errorf("reason %q does not mention %q", p.Reason, tc.reason)
			}
			if tc.check != nil {
				tc.check(t, p)
			}
		})
	}
}

func TestDecideIdle(t *testing.T) {
	runCases(t, []tcase{
		{name: "no record no request", obs: func() Observed { return Observed{Service: "web", GroupsKnown: true} },
			des: func() Desired { return desired(nil) }, phase: api.PhaseIdle,
			check: func(t *testing.T, p Plan) {
				if p.RequeueAfter != DefaultTuning.IdlePoll {
					t.Errorf("requeue %s, want idle poll", p.RequeueAfter)
				}
			}},
		{name: "groups not observed does nothing", obs: func() Observed { return Observed{Service: "web"} },
			des: func() Desired { return desired(request("r1", amiNew)) }, phase: api.PhaseIdle, reason: "not observed"},
		{name: "live and request already served", obs: live, des: func() Desired { return desired(request("r1", amiOld)) },
			phase: api.PhaseComplete},
		{name: "new request for the live ami is declined, noted on the record", obs: live, des: func() Desired { return desired(request("r9", amiOld)) },
			phase: api.PhaseComplete, reason: "already runs", kinds: []ActionKind{ActWriteRollout},
			check: func(t *testing.T, p Plan) {
				if d := written(p).Declined; d == nil || d.RequestID != "r9" || !strings.Contains(d.Reason, "already runs") {
					t.Errorf("declined %+v", d)
				}
			}},
		{name: "a declined request is not looked at again", obs: func() Observed {
			o := live()
			o.Rollout.Declined = &api.Declined{RequestID: "r9", Reason: "web-v001 already runs it"}
			return o
		}, des: func() Desired { return desired(request("r9", amiOld)) }, phase: api.PhaseComplete},
		{name: "history appended before anything else", obs: func() Observed { o := live(); o.HistorySeq = 0; return o },
			des: func() Desired { return desired(request("r2", amiNew)) }, phase: api.PhaseComplete,
			kinds: []ActionKind{ActAppendHistory}},
		{name: "failed blocks new rollouts", obs: func() Observed {
			o := rolling(api.PhaseFailed, 1)
			o.HistorySeq = 2
			return o
		}, des: func() Desired { return desired(request("r3", amiBad)) }, phase: api.PhaseFailed, reason: "asgctl repair web",
			kinds: []ActionKind{ActResumeProcesses, ActResumeProcesses}},
	})
}

func TestDecideStart(t *testing.T) {
	runCases(t, []tcase{
		{name: "first deploy", obs: func() Observed {
			return Observed{Service: "web", GroupsKnown: true, WeightsKnown: true, Weights: map[string]int{tgA: 100, tgB: 0}}
		}, des: func() Desired { return desired(request("r1", amiNew)) }, phase: api.PhaseLaunching,
			kinds: []ActionKind{ActWriteRollout, ActCreateLTVersion},
			check: func(t *testing.T, p Plan) {
				r := written(p)
				if r.Seq != 1 || r.ToGroup != "web-v001" || r.FromGroup != "" || r.ToTargetGroup != tgA {
					t.Errorf("record %+v", r)
				}
				if r.Capacity.Desired != 4 {
					t.Errorf("first deploy capacity %+v, want the spec's", r.Capacity)
				}
				if p.Actions[0].ExpectIndex != 0 {
					t.Errorf("a first record is created with index 0")
				}
			}},
		{name: "promote launches on the free target group with live capacity", obs: func() Observed {
			o := live()
			o.Groups[0].Capacity = api.Capacity{Min: 3, Max: 10, Desired: 6}
			return o
		}, des: func() Desired { return desired(request("r2", amiNew)) }, phase: api.PhaseLaunching,
			kinds: []ActionKind{ActWriteRollout, ActCreateLTVersion},
			check: func(t *testing.T, p Plan) {
				r := written(p)
				if r.Seq != 2 || r.FromGroup != "web-v001" || r.ToTargetGroup != tgB || r.FromTargetGroup != tgA {
					t.Errorf("record %+v", r)
				}
				if r.Capacity != (api.Capacity{Min: 3, Max: 10, Desired: 6}) {
					t.Errorf("capacity %+v not copied from live", r.Capacity)
				}
				if p.Actions[0].ExpectIndex != 10 {
					t.Errorf("CAS index %d, want 10", p.Actions[0].ExpectIndex)
				}
			}},
		{name: "seq skips names still held by a deleting group", obs: func() Observed {
			o := live()
			g := grp(7, amiBad, tgB, 0)
			g.Deleting = true
			o.Groups = append(o.Groups, g)
			return o
		}, des: func() Desired { return desired(request("r2", amiNew)) }, phase: api.PhaseLaunching,
			kinds: []ActionKind{ActWriteRollout, ActCreateLTVersion},
			check: func(t *testing.T, p Plan) {
				if r := written(p); r.Seq != 8 || r.ToGroup != "web-v008" {
					t.Errorf("seq %d group %s, want 8 web-v008", r.Seq, r.ToGroup)
				}
			}},
		{name: "rollback reuses the retained group", obs: func() Observed {
			o := rolling(api.PhaseComplete, 3)
			o.HistorySeq = 2
			o.Groups = []Group{withSuspended(grp(1, amiOld, tgA, 0)), grp(2, amiNew, tgB, 4)}
			o.Groups[0].Capacity = api.Capacity{Max: 8}
			o.Rollout.LiveScaling = scalingMark(testSpec(), "web-v002", tgB)
			o.Weights = map[string]int{tgA: 0, tgB: 100}
			return o
		}, des: func() Desired {
			d := desired(request("r3", amiOld))
			d.Request.Rollback = true
			return d
		}, phase: api.PhaseLaunching, kinds: []ActionKind{ActWriteRollout, ActUpdateCapacity, ActSuspendProcesses},
			check: func(t *testing.T, p Plan) {
				r := written(p)
				if !r.Reused || r.ToGroup != "web-v001" || r.FromGroup != "web-v002" || r.Seq != 3 {
					t.Errorf("record %+v", r)
				}
				if c := find(p, ActUpdateCapacity).Capacity; *c != (api.Capacity{Min: 4, Max: 8, Desired: 4}) {
					t.Errorf("scale up to %+v", c)
				}
			}},
		{name: "abort of an unknown request starts nothing", obs: live, des: func() Desired {
			d := desired(request("r2", amiNew))
			d.Request.Abort = true
			return d
		}, phase: api.PhaseComplete},
	})
}
