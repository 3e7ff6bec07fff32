package reconcile

import (
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// failedSplit is rollout 2 failed mid-revert: traffic split 50/50, green
// pinned at min 4, both groups with the rollout's processes suspended, and
// history already holding the failed record.
func failedSplit() Observed {
	o := rolling(api.PhaseFailed, 2)
	o.HistorySeq = 2
	o.Rollout.Reason = "revert did not finish"
	o.Weights = map[string]int{tgA: 50, tgB: 50}
	o.Health = map[string]TargetHealth{tgA: {Healthy: 0, Unhealthy: 4}, tgB: {Healthy: 4}}
	o.Groups[0].InService = 0
	return o
}

func repairReq() Desired {
	return desired(&api.Desired{Version: 1, Repair: true, RequestID: "fix1", RequestedBy: "ops", RequestedAt: t0})
}

func TestDecideRepair(t *testing.T) {
	runCases(t, []tcase{
		{name: "failed without repair resumes groups with capacity and waits", obs: failedSplit,
			des: func() Desired { return desired(request("r2", amiNew)) }, phase: api.PhaseFailed,
			kinds: []ActionKind{ActResumeProcesses, ActResumeProcesses}, reason: "asgctl repair web"},
		{name: "a new request does not start while failed", obs: failedSplit,
			des: func() Desired { return desired(request("r3", amiBad)) }, phase: api.PhaseFailed,
			kinds: []ActionKind{ActResumeProcesses, ActResumeProcesses}},
		{name: "repair moves all traffic to the group that can serve first", obs: failedSplit, des: repairReq,
			phase: api.PhaseFailed, kinds: []ActionKind{ActWriteRollout, ActSetWeights}, reason: "moving all traffic",
			check: func(t *testing.T, p Plan) {
				if w := find(p, ActSetWeights).Weights; w[tgB] != 100 || w[tgA] != 0 {
					t.Errorf("weights %v, want all on green's target group (the healthy one)", w)
				}
				rp := written(p).Repair
				if rp == nil || rp.RequestID != "fix1" || len(rp.Done) != 1 || !strings.Contains(rp.Done[0], "weights were targetgroup/web-a/aaaa=50 targetgroup/web-b/bbbb=50") {
					t.Errorf("repair record %+v", rp)
				}
			}},
		{name: "repair holds when nothing is healthy", obs: func() Observed {
			o := failedSplit()
			o.Health[tgB] = TargetHealth{Unhealthy: 4}
			return o
		}, des: repairReq, phase: api.PhaseFailed, kinds: []ActionKind{ActWriteRollout}, reason: "no healthy targets"},
		{name: "repair restores the serving group's capacity", obs: func() Observed {
			o := failedSplit()
			o.Weights = map[string]int{tgA: 0, tgB: 100}
			o.Rollout.Repair = &api.Repair{RequestID: "fix1", StartedAt: t0, Done: []string{"moved"}}
			return o
		}, des: repairReq, now: t0.Add(time.Minute), phase: api.PhaseFailed,
			kinds: []ActionKind{ActWriteRollout, ActUpdateCapacity},
			check: func(t *testing.T, p Plan) {
				a := find(p, ActUpdateCapacity)
				if a.Group != "web-v002" || *a.Capacity != (api.Capacity{Min: 2, Max: 8, Desired: 4}) {
					t.Errorf("scale %s to %+v, want web-v002 back to min 2", a.Group, a.Capacity)
				}
			}},
		{name: "repair resumes the serving group, then finishes", obs: func() Observed {
			o := failedSplit()
			o.Weights = map[string]int{tgA: 0, tgB: 100}
			o.Groups[1].Capacity.Min = 2
			o.Rollout.Repair = &api.Repair{RequestID: "fix1", StartedAt: t0}
			return o
		}, des: repairReq, now: t0.Add(time.Minute), phase: api.PhaseFailed,
			kinds: []ActionKind{ActWriteRollout, ActResumeProcesses}},
		{name: "repair finishes and records the live group", obs: func() Observed {
			o := failedSplit()
			o.Weights = map[string]int{tgA: 0, tgB: 100}
			o.Groups[1].Capacity.Min, o.Groups[1].Suspended = 2, nil
			o.Rollout.Repair = &api.Repair{RequestID: "fix1", StartedAt: t0}
			return o
		}, des: repairReq, now: t0.Add(time.Minute), phase: api.PhaseFailed,
			kinds: []ActionKind{ActWriteRollout, ActAppendHistory}, reason: "repaired: web-v002 serves",
			check: func(t *testing.T, p Plan) {
				r := written(p)
				if !r.Repaired() || r.Repair.LiveGroup != "web-v002" {
					t.Errorf("record %+v", r.Repair)
				}
				if h := find(p, ActAppendHistory).Rollout; !h.Repaired() {
					t.Error("history keeps the unrepaired record")
				}
			}},
		{name: "once repaired, housekeeping treats the found group as live", obs: repaired,
			des: repairReq, phase: api.PhaseFailed, kinds: []ActionKind{ActUpdateCapacity},
			check: func(t *testing.T, p Plan) {
				if a := find(p, ActUpdateCapacity); a.Group != "web-v001" || a.Capacity.Desired != 0 {
					t.Errorf("scale %s to %+v, want the other group retained at zero", a.Group, a.Capacity)
				}
			}},
		{name: "a repeated repair request changes nothing once at rest", obs: func() Observed {
			o := repaired()
			o.Groups[0].Capacity = api.Capacity{Max: 8}
			o.Groups[0].Suspended = append([]string(nil), RolloutProcesses...)
			return o
		}, des: func() Desired {
			d := repairReq()
			d.Request.RequestID = "fix2"
			return d
		}, phase: api.PhaseFailed},
		{name: "once repaired, new rollouts start", obs: func() Observed {
			o := repaired()
			o.Groups[0].Capacity = api.Capacity{Max: 8}
			o.Groups[0].Suspended = append([]string(nil), RolloutProcesses...)
			return o
		}, des: func() Desired { return desired(request("r3", amiBad)) }, phase: api.PhaseLaunching,
			kinds: []ActionKind{ActWriteRollout, ActCreateLTVersion}},
	})
}

// repaired is failedSplit after a finished repair that found web-v002.
func repaired() Observed {
	o := failedSplit()
	o.Weights = map[string]int{tgA: 0, tgB: 100}
	o.Groups[1].Capacity.Min, o.Groups[1].Suspended = 2, nil
	o.Rollout.Repair = &api.Repair{RequestID: "fix1", StartedAt: t0, FinishedAt: t0, LiveGroup: "web-v002", LiveTargetGroup: tgB}
	o.Rollout.LiveScaling = scalingMark(testSpec(), "web-v002", tgB)
	o.LaunchTemplatesKnown = true
	return o
}

func TestDecideAlarmsFailClosed(t *testing.T) {
	withAlarms := func(d Desired) Desired {
		d.Spec.Alarms = []string{"web-5xx", "web-latency"}
		return d
	}
	promote := func() Desired { return withAlarms(desired(request("r2", amiNew))) }
	paused := func(alarms map[string]string, errText string) func() Observed {
		return func() Observed {
			o := rolling(api.PhasePaused, 1)
			o.Weights = map[string]int{tgA: 90, tgB: 10}
			o.AlarmsKnown, o.Alarms, o.AlarmsError = true, alarms, errText
			return o
		}
	}
	ok := map[string]string{"web-5xx": "OK", "web-latency": "OK"}
	runCases(t, []tcase{
		{name: "a missing alarm reverts at a gate, named", obs: paused(map[string]string{"web-5xx": "OK"}, ""), des: promote,
			phase: api.PhaseReverting, kinds: []ActionKind{ActWriteRollout, ActSetWeights},
			reason: "alarm web-latency does not exist in us-east-1"},
		{name: "unreadable alarms revert at a gate", obs: paused(nil, "access denied calling DescribeAlarms"), des: promote,
			phase: api.PhaseReverting, kinds: []ActionKind{ActWriteRollout, ActSetWeights}, reason: "alarms could not be read: access denied"},
		{name: "alarms not read at a gate revert", obs: func() Observed {
			o := paused(ok, "")()
			o.AlarmsKnown = false
			return o
		}, des: promote, phase: api.PhaseReverting, kinds: []ActionKind{ActWriteRollout, ActSetWeights}, reason: "not read"},
		{name: "insufficient data is OK by default", obs: paused(map[string]string{"web-5xx": "INSUFFICIENT_DATA", "web-latency": "OK"}, ""),
			des: promote, now: t0.Add(10 * time.Second), phase: api.PhasePaused},
		{name: "insufficient data fails the gate when the spec says so", obs: paused(map[string]string{"web-5xx": "INSUFFICIENT_DATA", "web-latency": "OK"}, ""),
			des: func() Desired {
				d := promote()
				d.Spec.AlarmInsufficientData = api.InsufficientDataAlarm
				return d
			}, phase: api.PhaseReverting, kinds: []ActionKind{ActWriteRollout, ActSetWeights}, reason: "web-5xx has insufficient data"},
		{name: "a missing alarm stops a rollout before anything launches", obs: func() Observed {
			o := live()
			o.AlarmsKnown, o.Alarms = true, map[string]string{"web-5xx": "OK"}
			return o
		}, des: promote, phase: api.PhaseReverted, kinds: []ActionKind{ActWriteRollout},
			reason: "alarm web-latency does not exist"},
		{name: "with every alarm present the rollout starts", obs: func() Observed {
			o := live()
			o.AlarmsKnown, o.Alarms = true, ok
			return o
		}, des: promote, phase: api.PhaseLaunching, kinds: []ActionKind{ActWriteRollout, ActCreateLTVersion}},
	})
}

func TestNeedsAlarmsBeforeStart(t *testing.T) {
	d := desired(request("r2", amiNew))
	d.Spec.Alarms = []string{"web-5xx"}
	if n := NeedsFor(live().Rollout, d); !n.Alarms || !n.Weights {
		t.Errorf("needs %+v: a pending request must read the alarms and weights", n)
	}
	if n := NeedsFor(live().Rollout, desired(request("r1", amiOld))); n.Alarms {
		t.Errorf("needs %+v: nothing pending reads no alarms", n)
	}
	f := failedSplit().Rollout
	if n := NeedsFor(f, repairReq()); !n.Weights || len(n.Health) != 2 {
		t.Errorf("needs %+v: a repair reads the listener and both target groups' health", n)
	}
}
