package reconcile

import (
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/scaling"
)

const (
	tgA      = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-a/aaaa"
	tgB      = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-b/bbbb"
	listener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1111/2222"
	amiOld   = "ami-00000000000000001"
	amiNew   = "ami-00000000000000002"
	amiBad   = "ami-0000000000000000b"
)

var t0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func testSpec() api.ServiceSpec {
	return api.ServiceSpec{
		Version: 1, Name: "web", Region: "us-east-1", LaunchTemplateID: "lt-0123456789abcdef0",
		Subnets: []string{"subnet-1", "subnet-2"}, ListenerARN: listener,
		TargetGroups: []string{tgA, tgB}, Capacity: api.Capacity{Min: 2, Max: 8, Desired: 4},
	}
}

func desired(req *api.Desired) Desired { return Desired{Spec: testSpec(), Request: req} }

func request(id, ami string) *api.Desired {
	return &api.Desired{Version: 1, AMI: ami, RequestID: id, RequestedAt: t0}
}

// grp is a healthy group of n instances attached to tg.
func grp(seq int, ami, tg string, n int) Group {
	return Group{
		Name: api.GroupName("web", seq), Seq: seq, RolloutID: api.GroupName("web", seq), AMI: ami,
		LaunchTemplateVersion: fmt.Sprint(seq), Capacity: api.Capacity{Min: 2, Max: 8, Desired: n},
		Instances: n, InService: n, TargetGroups: []string{tg},
	}
}

func withSuspended(g Group) Group {
	g.Suspended = append([]string(nil), RolloutProcesses...)
	return g
}

// live is a service that completed rollout 1 (web-v001 on tgA, amiOld).
func live() Observed {
	r := &api.Rollout{
		Version: 1, ID: "web-v001", Seq: 1, Service: "web", RequestID: "r1", AMI: amiOld,
		Phase: api.PhaseComplete, ToGroup: "web-v001", ToTargetGroup: tgA,
		Capacity: api.Capacity{Min: 2, Max: 8, Desired: 4}, StartedAt: t0.Add(-time.Hour),
		LiveScaling: scalingMark(testSpec(), "web-v001", tgA),
	}
	return Observed{
		Service: "web", Rollout: r, RolloutIndex: 10, HistorySeq: 1,
		GroupsKnown: true, Groups: []Group{grp(1, amiOld, tgA, 4)},
		WeightsKnown: true, Weights: map[string]int{tgA: 100, tgB: 0},
		Health: map[string]TargetHealth{tgA: {Healthy: 4}},
	}
}

// rolling is live() with rollout 2 (web-v002 on tgB, amiNew) in phase p.
func rolling(p api.Phase, step int) Observed {
	o := live()
	o.Rollout = &api.Rollout{
		Version: 1, ID: "web-v002", Seq: 2, Service: "web", RequestID: "r2", AMI: amiNew,
		Phase: p, Step: step, FromGroup: "web-v001", ToGroup: "web-v002",
		FromTargetGroup: tgA, ToTargetGroup: tgB, Capacity: api.Capacity{Min: 2, Max: 8, Desired: 4},
		StartedAt: t0, PhaseSince: t0, UpdatedAt: t0,
	}
	o.RolloutIndex = 20
	o.Groups = []Group{withSuspended(grp(1, amiOld, tgA, 4)), withSuspended(grp(2, amiNew, tgB, 4))}
	o.Groups[1].Capacity.Min = 4
	o.Health = map[string]TargetHealth{tgA: {Healthy: 4}, tgB: {Healthy: 4}}
	return o
}

func kinds(p Plan) []ActionKind {
	var out []ActionKind
	for _, a := range p.Actions {
		out = append(out, a.Kind)
	}
	return out
}

func find(p Plan, k ActionKind) *Action {
	for i := range p.Actions {
		if p.Actions[i].Kind == k {
			return &p.Actions[i]
		}
	}
	return nil
}

func written(p Plan) *api.Rollout {
	if a := find(p, ActWriteRollout); a != nil {
		return a.Rollout
	}
	return nil
}

// scalingMark is the record's note that group carries spec's scaling.
func scalingMark(spec api.ServiceSpec, group, tg string) string {
	want, err := scaling.Want(spec, group, tg)
	if err != nil {
		panic(err)
	}
	return liveScalingMark(group, want)
}
