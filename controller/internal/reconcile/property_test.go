package reconcile_test

import (
	"encoding/json"
	"fmt"
	"time"

	"testing"

	"pgregory.net/rapid"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/invariant"
	rc "github.com/asgctl/asgctl/controller/internal/reconcile"
)

var pt0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

var propAMIs = []string{"ami-0000000000000000a", "ami-0000000000000000b", "ami-0000000000000000c", "ami-00000000000000bad"}

func drawSpec(t *rapid.T) api.ServiceSpec {
	desired := rapid.IntRange(1, 5).Draw(t, "desired")
	steps := rapid.SampledFrom([][]api.Step{
		nil,
		{{Weight: 25, Pause: "30s"}, {Weight: 100}},
		{{Weight: 10, Pause: "manual"}, {Weight: 50, Pause: "20s"}, {Weight: 100}},
		{{Weight: 100}},
	}).Draw(t, "steps")
	keep := rapid.IntRange(0, 2).Draw(t, "keep")
	minHealthy := rapid.SampledFrom([]int{50, 100}).Draw(t, "min_healthy")
	delay := api.Duration(rapid.SampledFrom([]time.Duration{0, time.Minute, 5 * time.Minute}).Draw(t, "scale_down_delay"))
	s := api.ServiceSpec{
		Version: 1, Name: "web", Region: "us-east-1", LaunchTemplateID: "lt-0123456789abcdef0",
		Subnets: []string{"subnet-1"}, ListenerARN: "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/web/1/2",
		TargetGroups: []string{"arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/a/1", "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/b/2"},
		Capacity:     api.Capacity{Min: rapid.IntRange(0, desired).Draw(t, "min"), Max: desired + 2, Desired: desired},
		Steps:        steps, KeepPrevious: &keep, MinHealthyPercent: &minHealthy, ScaleDownDelay: &delay,
	}
	if rapid.Bool().Draw(t, "alarms") {
		s.Alarms = []string{"web-5xx"}
	}
	if rapid.Bool().Draw(t, "scaling") {
		s.ScalingPolicies = []api.ScalingPolicy{{Name: "rps", TargetTracking: &api.TargetTracking{Metric: api.MetricRequestsPerTarg, Target: 100}}}
	}
	return s.WithDefaults()
}

// checker runs passes on a world and holds Decide to the invariants.
type checker struct {
	t      *rapid.T
	w      *world
	tun    rc.Tuning
	bound  time.Duration
	decide func(rc.Observed, rc.Desired, time.Time) rc.Plan
}

func (c *checker) desired() rc.Desired {
	return rc.Desired{Spec: c.w.spec, Request: c.w.req, Tuning: c.tun}
}

// pass is one observe → decide → apply, with every per-pass invariant checked.
func (c *checker) pass() rc.Plan {
	o, d := c.w.observe(), c.desired()
	p := c.decide(o, d, c.w.now)
	if a, b := mustJSON(c.t, p), mustJSON(c.t, c.decide(o, d, c.w.now)); a != b {
		c.t.Fatalf("invariant 7: same inputs gave different plans:\n%s\n%s", a, b)
	}
	before := c.w.snapshot()
	c.w.apply(p)
	if len(c.w.errs) > 0 {
		c.t.Fatalf("plan broke its own preconditions: %v\nplan: %s", c.w.errs, mustJSON(c.t, p))
	}
	c.fail(invariant.AfterPass(before, c.w.snapshot()), p)
	if !c.atManualGate() {
		c.fail(invariant.Terminated(c.w.rec, c.w.now, c.bound), p)
	}
	c.noRepeat(p)
	return p
}

// noRepeat is invariant 7's idempotence: deciding again on the state the
// plan produced asks for none of the AWS changes just made.
func (c *checker) noRepeat(p rc.Plan) {
	again := c.decide(c.w.observe(), c.desired(), c.w.now)
	done := map[string]bool{}
	for _, a := range p.Actions {
		done[mustJSON(c.t, a)] = true
	}
	for _, a := range again.Actions {
		if a.Kind != rc.ActWriteRollout && a.Kind != rc.ActAppendHistory && done[mustJSON(c.t, a)] {
			c.t.Fatalf("invariant 7: action repeated after it was applied: %s", mustJSON(c.t, a))
		}
	}
}

func (c *checker) fail(vs []invariant.Violation, p rc.Plan) {
	if len(vs) > 0 {
		c.t.Fatalf("%v\nrecord: %s\nplan: %s\nweights: %v", vs, mustJSON(c.t, c.w.rec), mustJSON(c.t, p), c.w.weights)
	}
}

// settle runs passes until the plan asks for nothing or a later look.
func (c *checker) settle() {
	for i := 0; i < 12; i++ {
		if p := c.pass(); len(p.Actions) == 0 || p.RequeueAfter > 0 {
			return
		}
	}
}

func (c *checker) atManualGate() bool {
	r := c.w.rec
	if r == nil || r.Phase != api.PhasePaused || r.Step < 1 || r.Step > len(c.w.spec.Steps) {
		return false
	}
	return c.w.spec.Steps[r.Step-1].Pause == api.PauseManual
}

func mustJSON(t *rapid.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return string(b)
}

func TestDecideKeepsInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		spec := drawSpec(t)
		c := &checker{t: t, w: newWorld(spec), tun: rc.Tuning{}.WithDefaults(), decide: rc.Decide}
		if len(spec.Alarms) > 0 && rapid.IntRange(0, 9).Draw(t, "alarm_missing") > 0 {
			c.w.alarms["web-5xx"] = "OK" // else the alarm does not exist: nothing may shift
		}
		c.bound = invariant.Bound(spec, c.tun, 0)
		c.w.bad[propAMIs[3]] = true
		reqs := 0
		c.w.req = c.request(&reqs, propAMIs[0])
		for i, n := 0, rapid.IntRange(5, 60).Draw(t, "events"); i < n; i++ {
			c.event(&reqs)
			c.settle()
		}
		c.calm()
	})
}

func (c *checker) request(n *int, ami string) *api.Desired {
	*n++
	return &api.Desired{Version: 1, AMI: ami, RequestID: fmt.Sprintf("r%d", *n), RequestedAt: c.w.now}
}

// event applies one random thing the world or an operator does.
func (c *checker) event(reqs *int) {
	w := c.w
	switch rapid.SampledFrom([]string{"tick", "tick", "boot", "boot", "gc", "flap", "heal", "alarm", "promote", "abort", "approve", "rollback", "respec", "repair"}).Draw(c.t, "event") {
	case "tick":
		w.now = w.now.Add(time.Duration(rapid.IntRange(1, 120).Draw(c.t, "secs")) * time.Second)
	case "boot":
		w.boot()
	case "gc":
		w.gc()
	case "flap":
		if r := w.rec; r != nil && !r.Phase.Terminal() {
			if g, ok := w.groups[r.ToGroup]; ok {
				w.healthy[g.Name] = rapid.IntRange(0, g.InService).Draw(c.t, "healthy")
			}
		}
	case "heal":
		w.heal()
	case "alarm":
		if len(w.spec.Alarms) > 0 {
			w.alarms["web-5xx"] = rapid.SampledFrom([]string{"OK", "ALARM"}).Draw(c.t, "alarm_state")
		}
	case "promote":
		w.req = c.request(reqs, rapid.SampledFrom(propAMIs).Draw(c.t, "ami"))
	case "abort":
		if w.req != nil {
			a := *w.req
			a.Abort = true
			w.req = &a
		}
	case "approve":
		c.approve()
	case "rollback":
		c.rollback(reqs)
	case "respec":
		if len(w.spec.ScalingPolicies) > 0 {
			w.spec.ScalingPolicies[0].TargetTracking.Target = float64(rapid.IntRange(50, 150).Draw(c.t, "target"))
		}
	case "repair":
		c.repair(reqs)
	}
}

// repair asks for a repair of a failed rollout, as `asgctl repair` does.
func (c *checker) repair(reqs *int) {
	if c.w.rec.Blocked() {
		*reqs++
		c.w.req = &api.Desired{Version: 1, Repair: true, RequestID: fmt.Sprintf("r%d", *reqs), RequestedAt: c.w.now}
	}
}

func (c *checker) approve() {
	if r := c.w.rec; c.w.req != nil && r != nil {
		a := *c.w.req
		a.ApprovedStep = max(a.ApprovedStep, r.Step)
		c.w.req = &a
	}
}

func (c *checker) rollback(reqs *int) {
	r := c.w.rec
	if r == nil || r.Phase != api.PhaseComplete || r.FromGroup == "" {
		return
	}
	if g, ok := c.w.groups[r.FromGroup]; ok && !g.Deleting {
		c.w.req = c.request(reqs, g.AMI)
		c.w.req.Rollback = true
	}
}

// calm stops the chaos and lets the service settle, then checks the
// invariants that hold at rest (4, 5, 6).
func (c *checker) calm() {
	w := c.w
	if len(w.spec.Alarms) > 0 {
		w.alarms["web-5xx"] = "OK"
	}
	for i := 0; i < 600; i++ {
		w.heal()
		w.boot()
		w.gc()
		c.approve()
		if w.rec.Blocked() && (w.req == nil || !w.req.Repair) {
			w.req = &api.Desired{Version: 1, Repair: true, RequestID: "calm-repair", RequestedAt: w.now}
		}
		c.settle()
		if (w.rec == nil || w.rec.Phase.Terminal()) && len(c.decide(w.observe(), c.desired(), w.now).Actions) == 0 {
			c.fail(invariant.Settled(w.snapshot()), rc.Plan{})
			c.fail(invariant.Terminated(w.rec, w.now, c.bound), rc.Plan{})
			return
		}
		w.now = w.now.Add(15 * time.Second)
	}
	c.t.Fatalf("invariant 4: service did not settle; record %s", mustJSON(c.t, w.rec))
}
