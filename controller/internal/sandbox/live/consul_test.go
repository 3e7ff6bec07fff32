package live

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/consulkv/consultest"
)

// TestLiveOnRealConsul plays the first deploy and an in-place release
// against a real Consul dev agent with ACLs on: the controller and every
// agent use it with the token, the run's service name is its own, and no
// key of it is left at the end.
func TestLiveOnRealConsul(t *testing.T) {
	if os.Getenv("ASGCTL_LIVE_SANDBOX") != "1" {
		t.Skip("starts real agents and a Consul dev agent; make test-live runs it with ASGCTL_LIVE_SANDBOX=1")
	}
	agent := consultest.StartWith(t, consultest.Options{ACL: true})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	rep, err := Run(ctx, Options{Consul: ConsulOptions{Address: agent.Addr, Token: agent.Token},
		Scenarios: []string{"release_in_place"}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK || len(rep.Scenarios) != 2 || rep.Consul != agent.Addr {
		t.Fatalf("report %+v", rep)
	}
	svc := rep.Scenarios[0].Service
	if svc == memoryService || len(svc) != len("sandbox-000000") {
		t.Errorf("service %q: want a run's own sandbox-XXXXXX on a real Consul", svc)
	}
	c, err := consulkv.NewConsul(consulkv.ConsulConfig{Address: agent.Addr, Token: agent.Token})
	if err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{api.KeyServicePrefix(svc), api.KeyAgentsPrefix(svc), api.KeyDeploy(svc), api.KeyLock(svc)} {
		left, _, err := c.List(ctx, prefix, nil)
		if err != nil || len(left) != 0 {
			t.Errorf("keys left under %s: %v (err %v)", prefix, left, err)
		}
	}
}

func TestSelectActs(t *testing.T) {
	got, err := selectActs([]string{"failing_release", "release_in_place"})
	if err != nil || len(got) != 3 || got[0].name != "first_deploy" || got[1].name != "release_in_place" || got[2].name != "failing_release" {
		t.Fatalf("got %v, %v", got, err)
	}
	if _, err := selectActs([]string{"nope"}); err == nil {
		t.Fatal("an unknown scenario was accepted")
	}
}

func TestHostPort(t *testing.T) {
	for in, want := range map[string]string{"127.0.0.1:8500": "127.0.0.1:8500", "http://10.0.0.1:8500": "10.0.0.1:8500",
		"https://consul.example:8501": "consul.example:8501"} {
		if got := hostPort(in); got != want {
			t.Errorf("hostPort(%q) = %q, want %q", in, got, want)
		}
	}
}
