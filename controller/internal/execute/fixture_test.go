package execute_test

import (
	"context"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/execute"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

const (
	svc     = "web"
	amiBlue = "ami-0000000a"
	amiNext = "ami-0000000b"
)

var ctx = context.Background()

// fixture is one simulated account with a service "web": a launch
// template, two target groups, a listener sending everything to blue and a
// rule doing the same.
type fixture struct {
	clk      *clocktest.Fake
	cloud    *simaws.Cloud
	store    consulkv.Store
	ex       *execute.Executor
	lt       string
	blue     string
	green    string
	listener string
	rule     string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clk := clocktest.New(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	cloud := simaws.New(simaws.Config{Clock: clk, Seed: 1})
	f := &fixture{clk: clk, cloud: cloud, store: consulkv.NewStore(consulkv.NewMemory(clk))}
	f.lt = cloud.CreateLaunchTemplate("web", amiBlue)
	f.blue = cloud.CreateTargetGroup("web-blue")
	f.green = cloud.CreateTargetGroup("web-green")
	f.listener = cloud.CreateListener(map[string]int{f.blue: 100})
	f.rule = cloud.CreateRule(f.listener, map[string]int{f.blue: 100})
	f.ex = &execute.Executor{Clients: cloud.Clients(), Store: f.store, Service: svc}
	return f
}

func (f *fixture) apply(t *testing.T, actions ...reconcile.Action) (int, error) {
	t.Helper()
	return f.ex.Apply(ctx, reconcile.Plan{Phase: api.PhaseLaunching, Actions: actions})
}

func (f *fixture) mustApply(t *testing.T, actions ...reconcile.Action) {
	t.Helper()
	n, err := f.apply(t, actions...)
	if err != nil || n != len(actions) {
		t.Fatalf("apply: applied %d of %d: %v", n, len(actions), err)
	}
}

// createGroup is the create_group action for rollout seq of service svc.
func (f *fixture) createGroup(service string, seq int, rolloutID string) reconcile.Action {
	name := api.GroupName(service, seq)
	return reconcile.Action{
		Kind: reconcile.ActCreateGroup, Group: name, RolloutID: rolloutID, Seq: seq, AMI: amiNext,
		LaunchTemplateID: f.lt, LaunchTemplateVersion: "1",
		Capacity: &api.Capacity{Min: 1, Max: 4, Desired: 2}, Subnets: []string{"subnet-0001", "subnet-0002"},
		TargetGroup: f.green, Tags: map[string]string{"team": "payments"},
		HealthCheckGracePeriod: 90 * time.Second,
	}
}

func capacity(min, max, desired int) *api.Capacity {
	return &api.Capacity{Min: min, Max: max, Desired: desired}
}

func record(seq int, phase api.Phase, now time.Time) *api.Rollout {
	return &api.Rollout{
		Version: 1, ID: api.GroupName(svc, seq), Seq: seq, Service: svc, RequestID: "req", AMI: amiNext,
		Phase: phase, ToGroup: api.GroupName(svc, seq), StartedAt: now, UpdatedAt: now, PhaseSince: now,
	}
}

// calls returns the simulated API calls made by fn, by operation.
func (f *fixture) calls(fn func()) map[string]int {
	f.cloud.ResetCalls()
	fn()
	return f.cloud.Calls()
}
