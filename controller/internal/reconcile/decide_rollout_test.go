package reconcile

import (
	"fmt"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

func promoteReq() Desired { return desired(request("r2", amiNew)) }

// launching is rolling() before green exists.
func launching() Observed {
	o := rolling(api.PhaseLaunching, 0)
	o.Groups = o.Groups[:1]
	o.Groups[0].Suspended = nil
	o.LaunchTemplatesKnown = true
	return o
}

func TestDecideLaunch(t *testing.T) {
	runCases(t, []tcase{
		{name: "creates the launch template version first", obs: launching, des: promoteReq,
			phase: api.PhaseLaunching, kinds: []ActionKind{ActCreateLTVersion},
			check: func(t *testing.T, p Plan) {
				a := p.Actions[0]
				if a.AMI != amiNew || a.LaunchTemplateID != "lt-0123456789abcdef0" || a.Description != "asgctl web seq 2 "+amiNew {
					t.Errorf("action %+v", a)
				}
			}},
		{name: "creates the group from the pinned version", obs: func() Observed {
			o := launching()
			o.LaunchTemplates = []LTVersion{{Number: 9, ImageID: amiNew, Description: "asgctl web seq 2 " + amiNew}, {Number: 8, ImageID: amiNew, Description: "other"}}
			return o
		}, des: promoteReq, phase: api.PhaseLaunching, kinds: []ActionKind{ActCreateGroup},
			check: func(t *testing.T, p Plan) {
				a := p.Actions[0]
				if a.LaunchTemplateVersion != "9" || a.Group != "web-v002" || a.TargetGroup != tgB {
					t.Errorf("action %+v", a)
				}
				if *a.Capacity != (api.Capacity{Min: 4, Max: 8, Desired: 4}) {
					t.Errorf("capacity %+v: min must be pinned to desired while rolling out", a.Capacity)
				}
				for k, v := range map[string]string{api.TagService: "web", api.TagRollout: "web-v002", api.TagSeq: "2", api.TagAMI: amiNew} {
					if a.Tags[k] != v {
						t.Errorf("tag %s = %q, want %q", k, a.Tags[k], v)
					}
				}
			}},
		{name: "green visible: suspend processes on both, put the spec's scaling on green, and wait", obs: func() Observed {
			o := rolling(api.PhaseLaunching, 0)
			o.Groups[0].Suspended, o.Groups[1].Suspended = nil, nil
			return o
		}, des: withScaling(promoteReq), phase: api.PhaseWaitingHealthy,
			kinds: []ActionKind{ActWriteRollout, ActSuspendProcesses, ActSuspendProcesses, ActPutScaling},
			check: func(t *testing.T, p Plan) {
				a := find(p, ActPutScaling)
				if a.Group != "web-v002" || len(a.Scaling.Policies) != 1 || a.Scaling.Policies[0].ResourceLabel != "app/web/1111/targetgroup/web-b/bbbb" {
					t.Errorf("put scaling %s %+v: want the spec's policy labelled with green's own target group", a.Group, a.Scaling)
				}
			}},
		{name: "group being deleted by someone else reverts", obs: func() Observed {
			o := rolling(api.PhaseLaunching, 0)
			o.Groups[1].Deleting = true
			return o
		}, des: promoteReq, phase: api.PhaseReverted, kinds: []ActionKind{ActWriteRollout, ActResumeProcesses}},
	})
}

func TestDecideWaitAndShift(t *testing.T) {
	runCases(t, []tcase{
		{name: "waits while green boots", obs: func() Observed {
			o := rolling(api.PhaseWaitingHealthy, 0)
			o.Groups[1].InService = 2
			o.Health[tgB] = TargetHealth{Healthy: 2, Initial: 2}
			return o
		}, des: promoteReq, phase: api.PhaseWaitingHealthy, reason: "2/4 healthy",
			check: func(t *testing.T, p Plan) {
				if p.RequeueAfter != DefaultTuning.FastPoll {
					t.Errorf("requeue %s, want fast poll while waiting", p.RequeueAfter)
				}
			}},
		{name: "healthy green starts step 1", obs: func() Observed { return rolling(api.PhaseWaitingHealthy, 0) },
			des: promoteReq, phase: api.PhaseShifting, kinds: []ActionKind{ActWriteRollout, ActSetWeights},
			check: func(t *testing.T, p Plan) {
				a := find(p, ActSetWeights)
				if a.Weights[tgA] != 90 || a.Weights[tgB] != 10 || a.ExpectWeights[tgA] != 100 || a.Listener != listener {
					t.Errorf("weights %+v expect %+v", a.Weights, a.ExpectWeights)
				}
				if written(p).Step != 1 {
					t.Errorf("step %d", written(p).Step)
				}
			}},
		{name: "weights not read back yet: write again", obs: func() Observed { return rolling(api.PhaseShifting, 1) },
			des: promoteReq, phase: api.PhaseShifting, kinds: []ActionKind{ActWriteRollout, ActSetWeights}},
		{name: "weights read back: pause", obs: func() Observed {
			o := rolling(api.PhaseShifting, 1)
			o.Weights = map[string]int{tgA: 90, tgB: 10}
			return o
		}, des: promoteReq, phase: api.PhasePaused, kinds: []ActionKind{ActWriteRollout}},
		{name: "health drop while shifting reverts weights to blue", obs: func() Observed {
			o := rolling(api.PhaseShifting, 2)
			o.Weights = map[string]int{tgA: 90, tgB: 10}
			o.Health[tgB] = TargetHealth{Healthy: 3, Unhealthy: 1}
			return o
		}, des: promoteReq, phase: api.PhaseReverting, kinds: []ActionKind{ActWriteRollout, ActSetWeights},
			check: func(t *testing.T, p Plan) {
				if a := find(p, ActSetWeights); a.Weights[tgA] != 100 || a.Weights[tgB] != 0 {
					t.Errorf("revert weights %+v", a.Weights)
				}
			}},
		{name: "last step read back: promoted", obs: func() Observed {
			o := rolling(api.PhaseShifting, 3)
			o.Weights = map[string]int{tgA: 0, tgB: 100}
			return o
		}, des: promoteReq, phase: api.PhasePromoted, kinds: []ActionKind{ActWriteRollout, ActResumeProcesses},
			check: func(t *testing.T, p Plan) {
				if p.RequeueAfter != DefaultTuning.PausePoll {
					t.Errorf("requeue %s, want the pause poll during the rollback window", p.RequeueAfter)
				}
			}},
	})
}

// pausedAt is rolling() paused at step k, entered at t0.
func pausedAt(k int, tgBWeight int) func() Observed {
	return func() Observed {
		o := rolling(api.PhasePaused, k)
		o.Weights = map[string]int{tgA: 100 - tgBWeight, tgB: tgBWeight}
		return o
	}
}

func manualSpec(req *api.Desired) Desired {
	d := desired(req)
	d.Spec.Steps = []api.Step{{Weight: 10, Pause: "manual"}, {Weight: 100}}
	return d
}

func TestDecidePause(t *testing.T) {
	runCases(t, []tcase{
		{name: "timed pause holds", obs: pausedAt(1, 10), des: promoteReq, now: t0.Add(55 * time.Second),
			phase: api.PhasePaused, check: func(t *testing.T, p Plan) {
				if p.RequeueAfter != 5*time.Second {
					t.Errorf("requeue %s, want the 5s left", p.RequeueAfter)
				}
			}},
		{name: "timed pause over: next step after a health re-check", obs: pausedAt(1, 10), des: promoteReq,
			now: t0.Add(60 * time.Second), phase: api.PhaseShifting, kinds: []ActionKind{ActWriteRollout, ActSetWeights},
			check: func(t *testing.T, p Plan) {
				if a := find(p, ActSetWeights); a.Weights[tgB] != 50 {
					t.Errorf("weights %+v, want 50 on green", a.Weights)
				}
			}},
		{name: "pause over but green unhealthy: revert instead of raising", obs: func() Observed {
			o := pausedAt(1, 10)()
			o.Health[tgB] = TargetHealth{Healthy: 0, Unhealthy: 4}
			return o
		}, des: promoteReq, now: t0.Add(61 * time.Second), phase: api.PhaseReverting,
			kinds: []ActionKind{ActWriteRollout, ActSetWeights}, reason: "green lost health"},
		{name: "alarm during pause reverts", obs: func() Observed {
			o := pausedAt(1, 10)()
			o.AlarmsKnown, o.Alarms = true, map[string]string{"web-5xx": "ALARM", "web-latency": "OK"}
			return o
		}, des: func() Desired {
			d := promoteReq()
			d.Spec.Alarms = []string{"web-latency", "web-5xx"}
			return d
		}, now: t0.Add(10 * time.Second), phase: api.PhaseReverting, kinds: []ActionKind{ActWriteRollout, ActSetWeights},
			reason: "alarm web-5xx"},
		{name: "manual gate waits", obs: pausedAt(1, 10), des: func() Desired { return manualSpec(request("r2", amiNew)) },
			now: t0.Add(time.Hour), phase: api.PhasePaused, reason: "--expect-step 1"},
		{name: "manual gate ignores the deadline", obs: pausedAt(1, 10), des: func() Desired { return manualSpec(request("r2", amiNew)) },
			now: t0.Add(48 * time.Hour), phase: api.PhasePaused},
		{name: "manual gate released", obs: pausedAt(1, 10), des: func() Desired {
			r := request("r2", amiNew)
			r.ApprovedStep, r.ApprovedBy = 1, "alice@laptop"
			return manualSpec(r)
		}, now: t0.Add(time.Hour), phase: api.PhaseShifting, kinds: []ActionKind{ActWriteRollout, ActSetWeights},
			check: func(t *testing.T, p Plan) {
				if w := written(p).ManualWait.D(); w != time.Hour {
					t.Errorf("manual wait %s, want 1h", w)
				}
				if a := written(p).Approvals; len(a) != 1 || a[0].Step != 1 || a[0].By != "alice@laptop" || !a[0].At.Equal(t0.Add(time.Hour)) {
					t.Errorf("approvals %+v, want step 1 by alice@laptop at the release", a)
				}
			}},
		{name: "drifted weights are written back before the pause counts", obs: pausedAt(1, 30), des: promoteReq,
			now: t0.Add(90 * time.Second), phase: api.PhasePaused, kinds: []ActionKind{ActWriteRollout, ActSetWeights}},
	})
}

func TestDecideFinish(t *testing.T) {
	promotedAt := func(extra func(*Observed)) func() Observed {
		return func() Observed {
			o := rolling(api.PhasePromoted, 3)
			o.Rollout.PromotedAt = t0
			o.Weights = map[string]int{tgA: 0, tgB: 100}
			if extra != nil {
				extra(&o)
			}
			return o
		}
	}
	runCases(t, []tcase{
		{name: "rollback window holds blue, green's scaling runs", obs: promotedAt(nil), des: promoteReq, now: t0.Add(time.Minute),
			phase: api.PhasePromoted, reason: "rollback window", kinds: []ActionKind{ActResumeProcesses},
			check: func(t *testing.T, p Plan) {
				if a := find(p, ActResumeProcesses); a.Group != "web-v002" {
					t.Errorf("resumed %s, want green (blue stays suspended)", a.Group)
				}
			}},
		{name: "abort inside the window is one weight write", obs: promotedAt(nil), des: func() Desired {
			d := promoteReq()
			d.Request.Abort = true
			return d
		}, now: t0.Add(time.Minute), phase: api.PhaseReverting, kinds: []ActionKind{ActWriteRollout, ActSetWeights}, reason: "aborted"},
		{name: "window over: retire blue, restore green", obs: promotedAt(nil), des: promoteReq, now: t0.Add(5 * time.Minute),
			phase: api.PhaseDraining,
			kinds: []ActionKind{ActWriteRollout, ActUpdateCapacity, ActUpdateCapacity, ActResumeProcesses},
			check: func(t *testing.T, p Plan) {
				for _, a := range p.Actions {
					if a.Kind != ActUpdateCapacity {
						continue
					}
					if a.Group == "web-v001" && *a.Capacity != (api.Capacity{Max: 8}) {
						t.Errorf("blue to %+v, want zero", a.Capacity)
					}
					if a.Group == "web-v002" && *a.Capacity != (api.Capacity{Min: 2, Max: 8, Desired: 4}) {
						t.Errorf("green to %+v, want its own min restored", a.Capacity)
					}
				}
			}},
		{name: "draining waits for blue's instances", obs: func() Observed {
			o := promotedAt(nil)()
			o.Rollout.Phase = api.PhaseDraining
			o.Groups[0].Capacity = api.Capacity{Max: 8}
			o.Groups[1].Suspended = nil
			o.Groups[1].Capacity.Min = 2
			return o
		}, des: promoteReq, phase: api.PhaseDraining, reason: "drain"},
		{name: "draining keeps blue's processes suspended", obs: func() Observed {
			o := promotedAt(nil)()
			o.Rollout.Phase = api.PhaseDraining
			o.Groups[0].Capacity = api.Capacity{Max: 8}
			o.Groups[0].Suspended = []string{"AZRebalance"}
			o.Groups[1].Suspended = nil
			o.Groups[1].Capacity.Min = 2
			return o
		}, des: promoteReq, phase: api.PhaseDraining, kinds: []ActionKind{ActSuspendProcesses}},
		{name: "blue drained: complete", obs: func() Observed {
			o := promotedAt(nil)()
			o.Rollout.Phase = api.PhaseDraining
			o.Groups[0] = withSuspended(Group{Name: "web-v001", Seq: 1, AMI: amiOld, Capacity: api.Capacity{Max: 8}, TargetGroups: []string{tgA}})
			o.Groups[1].Suspended = nil
			o.Groups[1].Capacity.Min = 2
			o.Rollout.LiveScaling = scalingMark(testSpec(), "web-v002", tgB)
			return o
		}, des: promoteReq, phase: api.PhaseComplete, kinds: []ActionKind{ActWriteRollout}},
		{name: "complete: housekeeping keeps one previous group and deletes older ones last", obs: func() Observed {
			o := live()
			o.Rollout.Seq, o.Rollout.ToGroup, o.HistorySeq = 3, "web-v003", 3
			o.Groups = []Group{grp(1, amiOld, tgA, 0), grp(2, amiOld, tgB, 2), grp(3, amiNew, tgA, 4)}
			o.Groups[1].Suspended = []string{"AZRebalance", "Launch"}
			return o
		}, des: func() Desired { return desired(request("r1", amiOld)) }, phase: api.PhaseComplete,
			kinds: []ActionKind{ActUpdateCapacity, ActSuspendProcesses, ActDeleteGroup},
			check: func(t *testing.T, p Plan) {
				if a := find(p, ActDeleteGroup); a.Group != "web-v001" || a.Service != "web" {
					t.Errorf("delete %+v", a)
				}
				a := find(p, ActSuspendProcesses)
				if a.Group != "web-v002" || fmt.Sprint(a.Processes) != "[AlarmNotification ScheduledActions]" {
					t.Errorf("suspend %s %v: the retained group keeps the rollout's processes suspended", a.Group, a.Processes)
				}
			}},
	})
}

func TestDecideRevert(t *testing.T) {
	reverting := func(extra func(*Observed)) func() Observed {
		return func() Observed {
			o := rolling(api.PhaseReverting, 2)
			o.Rollout.RevertStarted = t0
			o.Rollout.Reason = "green lost health"
			o.Weights = map[string]int{tgA: 50, tgB: 50}
			if extra != nil {
				extra(&o)
			}
			return o
		}
	}
	back := func(o *Observed) { o.Weights = map[string]int{tgA: 100, tgB: 0} }
	runCases(t, []tcase{
		{name: "weights back first, nothing deleted yet", obs: reverting(nil), des: promoteReq, phase: api.PhaseReverting,
			kinds: []ActionKind{ActWriteRollout, ActSetWeights},
			check: func(t *testing.T, p Plan) {
				if !written(p).WeightsAt.Equal(t0) {
					t.Errorf("weights_at %s, want the time of the write", written(p).WeightsAt)
				}
			}},
		{name: "a fresh all-blue read-back may be stale: wait before deleting green", obs: reverting(func(o *Observed) {
			back(o)
			o.Rollout.WeightsAt = t0.Add(-4 * time.Second)
		}), des: promoteReq, phase: api.PhaseReverting, reason: "confirming",
			check: func(t *testing.T, p Plan) {
				if p.RequeueAfter != 6*time.Second {
					t.Errorf("requeue %s, want the 6s until the read-back can be trusted", p.RequeueAfter)
				}
			}},
		{name: "weights back: resume blue, delete green", obs: reverting(back), des: promoteReq, phase: api.PhaseReverting,
			kinds: []ActionKind{ActResumeProcesses, ActDeleteGroup}},
		{name: "green deleting: reverted with the reason", obs: reverting(func(o *Observed) {
			back(o)
			o.Groups[0].Suspended = nil
			o.Groups[1].Deleting = true
		}), des: promoteReq, phase: api.PhaseReverted, kinds: []ActionKind{ActWriteRollout}, reason: "green lost health"},
		{name: "reused green is scaled to zero, not deleted", obs: reverting(func(o *Observed) {
			back(o)
			o.Rollout.Reused = true
		}), des: promoteReq, phase: api.PhaseReverting,
			kinds: []ActionKind{ActUpdateCapacity, ActResumeProcesses}},
		{name: "first deploy revert deletes green without touching weights", obs: reverting(func(o *Observed) {
			o.Rollout.FromGroup, o.Rollout.FromTargetGroup = "", ""
			o.Groups = o.Groups[1:]
		}), des: promoteReq, phase: api.PhaseReverting, kinds: []ActionKind{ActDeleteGroup}},
		{name: "revert budget exceeded: failed", obs: reverting(nil), des: promoteReq, now: t0.Add(16 * time.Minute),
			phase: api.PhaseFailed, kinds: []ActionKind{ActWriteRollout}, reason: "did not finish"},
		{name: "progress deadline while waiting", obs: func() Observed {
			o := rolling(api.PhaseWaitingHealthy, 0)
			o.Health[tgB] = TargetHealth{Unhealthy: 4}
			return o
		}, des: promoteReq, now: t0.Add(16 * time.Minute), phase: api.PhaseReverting,
			kinds: []ActionKind{ActWriteRollout, ActResumeProcesses, ActDeleteGroup}, reason: "progress deadline"},
		{name: "supersede by another ami", obs: pausedAt(1, 10), des: func() Desired { return desired(request("r3", amiBad)) },
			now: t0.Add(10 * time.Second), phase: api.PhaseReverting, kinds: []ActionKind{ActWriteRollout, ActSetWeights}, reason: "superseded"},
		{name: "a retry for the same ami attaches", obs: pausedAt(1, 10), des: func() Desired { return desired(request("r3", amiNew)) },
			now: t0.Add(10 * time.Second), phase: api.PhasePaused},
	})
}

func TestDecideRollbackInOneStep(t *testing.T) {
	healthyRetained := func(oneStep bool) func() Observed {
		return func() Observed {
			o := rolling(api.PhaseWaitingHealthy, 0)
			o.Rollout.Reused, o.Rollout.OneStep = true, oneStep
			return o
		}
	}
	runCases(t, []tcase{
		{name: "a healthy retained group takes all traffic at once", obs: healthyRetained(true), des: promoteReq,
			phase: api.PhaseShifting, kinds: []ActionKind{ActWriteRollout, ActSetWeights},
			check: func(t *testing.T, p Plan) {
				if w := find(p, ActSetWeights).Weights; w[tgB] != 100 || w[tgA] != 0 {
					t.Errorf("weights %v, want all on the retained group", w)
				}
			}},
		{name: "--steps walks the canary steps", obs: healthyRetained(false), des: promoteReq,
			phase: api.PhaseShifting, kinds: []ActionKind{ActWriteRollout, ActSetWeights},
			check: func(t *testing.T, p Plan) {
				if w := find(p, ActSetWeights).Weights; w[tgB] != 10 {
					t.Errorf("weights %v, want the first step's 10", w)
				}
			}},
	})
	req := func(steps bool) func() Desired {
		return func() Desired {
			d := desired(request("r3", amiOld))
			d.Request.Rollback, d.Request.Steps = true, steps
			return d
		}
	}
	retained := func() Observed {
		o := rolling(api.PhaseComplete, 3)
		o.HistorySeq = 2
		o.Groups = []Group{withSuspended(grp(1, amiOld, tgA, 0)), grp(2, amiNew, tgB, 4)}
		o.Groups[0].Capacity = api.Capacity{Max: 8}
		o.Weights = map[string]int{tgA: 0, tgB: 100}
		o.Rollout.LiveScaling = scalingMark(testSpec(), "web-v002", tgB)
		return o
	}
	for _, steps := range []bool{false, true} {
		p := Decide(retained(), req(steps)(), t0)
		if r := written(p); r == nil || !r.Reused || r.OneStep == steps {
			t.Errorf("steps=%v: record %+v, want reused with one_step %v", steps, r, !steps)
		}
	}
}
