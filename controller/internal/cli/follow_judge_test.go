package cli

import (
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestJudgeRequest(t *testing.T) {
	mine := followTarget{RequestID: "r2", AMI: amiB}
	cases := []struct {
		name  string
		st    serviceState
		done  bool
		phase api.Phase // of the rollout followed; "" none
		ended string
	}{
		{name: "not picked up", st: serviceState{Rollout: rec(1, amiA, api.PhaseComplete), Desired: req("r2", amiB)}},
		{name: "running", st: serviceState{Rollout: rec(2, amiB, api.PhaseShifting), Desired: req("r2", amiB)}, phase: api.PhaseShifting},
		{name: "complete", st: serviceState{Rollout: rec(2, amiB, api.PhaseComplete), Desired: req("r2", amiB)}, done: true, phase: api.PhaseComplete},
		{name: "reverted", st: serviceState{Rollout: rec(2, amiB, api.PhaseReverted), Desired: req("r2", amiB)}, done: true, phase: api.PhaseReverted},
		{name: "served by an older rollout of the same AMI", st: serviceState{Rollout: rec(1, amiB, api.PhasePaused), Desired: req("r1", amiB)}, phase: api.PhasePaused},
		{name: "served by a later request for the same AMI", st: serviceState{Rollout: rec(3, amiB, api.PhaseReverted), Desired: req("r3", amiB)}, done: true, phase: api.PhaseReverted},
		{name: "finished and moved on: found in history",
			st:   serviceState{Rollout: rec(3, amiC, api.PhaseLaunching), Desired: req("r3", amiC), History: hist(rec(2, amiB, api.PhaseComplete))},
			done: true, phase: api.PhaseComplete},
		{name: "AMI live already (request declined as a no-op)", st: serviceState{Rollout: rec(1, amiB, api.PhaseComplete), Desired: req("r2", amiB)},
			done: true, phase: api.PhaseComplete},
		{name: "superseded before it started", st: serviceState{Rollout: rec(1, amiA, api.PhaseComplete), Desired: req("r5", amiC)},
			done: true, ended: "superseded by a request for ami-0a000000000000003 by ci"},
		{name: "withdrawn before it started", st: serviceState{Rollout: rec(1, amiA, api.PhaseComplete), Desired: aborted(req("r2", amiB))},
			done: true, ended: "withdrawn"},
		{name: "request deleted", st: serviceState{Rollout: rec(1, amiA, api.PhaseComplete)}, done: true, ended: "deleted"},
		{name: "blocked by a failed rollout", st: serviceState{Rollout: rec(1, amiA, api.PhaseFailed), Desired: req("r2", amiB)},
			done: true, ended: "run `asgctl repair web`"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := judge(mine, c.st)
			if v.Done != c.done || v.phase() != c.phase || !strings.Contains(v.Ended, c.ended) || (c.ended == "") != (v.Ended == "") {
				t.Fatalf("verdict %+v (phase %q)\nwant done %v phase %q ended %q", v, v.phase(), c.done, c.phase, c.ended)
			}
		})
	}
}

func TestJudgeSeq(t *testing.T) {
	mine := followTarget{Seq: 2}
	for _, c := range []struct {
		name  string
		st    serviceState
		done  bool
		phase api.Phase
	}{
		{"reverting", serviceState{Rollout: rec(2, amiB, api.PhaseReverting)}, false, api.PhaseReverting},
		{"reverted", serviceState{Rollout: rec(2, amiB, api.PhaseReverted)}, true, api.PhaseReverted},
		{"completed anyway", serviceState{Rollout: rec(2, amiB, api.PhaseComplete)}, true, api.PhaseComplete},
		{"in history", serviceState{Rollout: rec(3, amiC, api.PhaseLaunching), History: hist(rec(2, amiB, api.PhaseReverted))}, true, api.PhaseReverted},
		{"gone", serviceState{Rollout: rec(3, amiC, api.PhaseLaunching)}, true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if v := judge(mine, c.st); v.Done != c.done || v.phase() != c.phase {
				t.Fatalf("verdict %+v, want done %v phase %q", v, c.done, c.phase)
			}
		})
	}
}

func TestSettledExitCodes(t *testing.T) {
	r := func(p api.Phase) verdict { return verdict{Done: true, Rollout: rec(2, amiB, p)} }
	cases := []struct {
		name    string
		res     followResult
		success api.Phase
		code    int
		result  string
		says    string
	}{
		{"promote complete", followResult{Verdict: r(api.PhaseComplete)}, api.PhaseComplete, 0, "complete", "is live on web-v002"},
		{"promote reverted", followResult{Verdict: r(api.PhaseReverted)}, api.PhaseComplete, 1, "reverted", "reverted reason"},
		{"promote failed", followResult{Verdict: r(api.PhaseFailed)}, api.PhaseComplete, 1, "failed", "failed reason"},
		{"abort reverted", followResult{Verdict: r(api.PhaseReverted)}, api.PhaseReverted, 0, "reverted", ""},
		{"abort too late: completed", followResult{Verdict: r(api.PhaseComplete)}, api.PhaseReverted, 1, "complete", ""},
		{"superseded", followResult{Verdict: verdict{Done: true, Ended: "superseded by x"}}, api.PhaseComplete, 1, "ended", "superseded by x"},
		{"already live", followResult{Verdict: verdict{Done: true, AlreadyLive: "web-v001"}}, api.PhaseComplete, 0, "complete", "web-v001 already runs"},
		{"timeout", followResult{End: endTimeout, Verdict: verdict{Rollout: rec(2, amiB, api.PhasePaused)}}, api.PhaseComplete, 3, "in_progress", "still in progress (paused)"},
		{"timeout inline", followResult{End: endTimeout, Inline: true}, api.PhaseComplete, 3, "in_progress", "safe to rerun"},
		{"interrupted", followResult{End: endInterrupted}, api.PhaseComplete, 3, "in_progress", "interrupted"},
		{"no controller", followResult{End: endNoController}, api.PhaseComplete, 3, "in_progress", "no controller is running: start `asgctl controller` or pass --inline"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, result, msg := settled(c.res, c.success)
			if code != c.code || result != c.result || !strings.Contains(msg, c.says) {
				t.Fatalf("settled = %d, %q, %q; want %d, %q, containing %q", code, result, msg, c.code, c.result, c.says)
			}
		})
	}
}
