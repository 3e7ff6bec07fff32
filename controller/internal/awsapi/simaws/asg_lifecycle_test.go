package simaws

import (
	"slices"
	"testing"
	"time"

	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

func TestGroupBootsAndTargetsTurnHealthyAfterOneCheck(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 2, nil)
	if got := f.lifecycles("web-v001"); !slices.Equal(got, repeat("Pending", 2)) {
		t.Fatalf("at launch: %v", got)
	}
	if d := f.describe("web-v001"); len(d.Instances) != 2 || *d.Instances[0].HealthStatus != "Healthy" {
		t.Fatalf("describe at launch: %+v", d.Instances)
	}
	f.at(boot - time.Millisecond)
	if got := f.lifecycles("web-v001"); !slices.Equal(got, repeat("Pending", 2)) {
		t.Fatalf("before boot: %v", got)
	}
	f.at(boot)
	if got := f.lifecycles("web-v001"); !slices.Equal(got, repeat("InService", 2)) {
		t.Fatalf("after boot: %v", got)
	}
	for _, d := range f.health(f.blue) {
		if d.TargetHealth.State != elbtypes.TargetHealthStateEnumInitial || d.TargetHealth.Reason != elbtypes.TargetHealthReasonEnumRegistrationInProgress {
			t.Fatalf("just registered: %+v", d.TargetHealth)
		}
	}
	f.at(boot + 30*time.Second - time.Millisecond)
	if got := f.states(f.blue); !slices.Equal(got, repeat("initial", 2)) {
		t.Fatalf("before first check: %v", got)
	}
	f.at(boot + 30*time.Second)
	if got := f.states(f.blue); !slices.Equal(got, repeat("healthy", 2)) {
		t.Fatalf("after one check: %v", got)
	}
	tg := f.c.Truth().TargetGroups[f.blue]
	if tg.Healthy != 2 || tg.Initial != 0 || len(tg.Targets) != 2 {
		t.Fatalf("truth: %+v", tg)
	}
}

func TestHealthCheckTimingsDefaultVsTuned(t *testing.T) {
	for _, tc := range []struct {
		name string
		hc   HealthCheckConfig
	}{{"aws-default", DefaultHealthCheck()}, {"tuned", TunedHealthCheck()}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.HealthCheck = tc.hc })
			f.create("web-v001", 1, nil)
			id := f.group("web-v001").Instances[0].ID
			iv := tc.hc.Interval
			steps := []struct {
				at    time.Duration
				state string
				fault *AppFault
			}{
				{boot + iv - time.Millisecond, "initial", nil},
				{boot + iv, "healthy", ptr(AppNeverHealthy)},
				{boot + time.Duration(1+tc.hc.UnhealthyThreshold)*iv - time.Millisecond, "healthy", nil},
				{boot + time.Duration(1+tc.hc.UnhealthyThreshold)*iv, "unhealthy", ptr(AppHealthy)},
				{boot + time.Duration(1+tc.hc.UnhealthyThreshold+tc.hc.HealthyThreshold)*iv - time.Millisecond, "unhealthy", nil},
				{boot + time.Duration(1+tc.hc.UnhealthyThreshold+tc.hc.HealthyThreshold)*iv, "healthy", nil},
			}
			for _, s := range steps {
				f.at(s.at)
				if got := f.states(f.blue); !slices.Equal(got, []string{s.state}) {
					t.Fatalf("at %v: %v, want %s", s.at, got, s.state)
				}
				if s.fault != nil && !f.c.BreakInstance(id, *s.fault) {
					t.Fatal("BreakInstance: instance not found")
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestNeverHealthyAMIStaysUnhealthy(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.HealthCheck = TunedHealthCheck() })
	f.c.BreakAMI("ami-blue", AppNeverHealthy)
	f.create("web-v001", 2, nil)
	f.at(boot + 5*time.Second)
	if got := f.states(f.blue); !slices.Equal(got, repeat("initial", 2)) {
		t.Fatalf("after first failed check: %v", got)
	}
	if r := f.health(f.blue)[0].TargetHealth.Reason; r != elbtypes.TargetHealthReasonEnumInitialHealthChecking {
		t.Fatalf("reason after a failed initial check: %s", r)
	}
	f.at(boot + 10*time.Second)
	for range 6 {
		if got := f.states(f.blue); !slices.Equal(got, repeat("unhealthy", 2)) {
			t.Fatalf("at %v: %v", f.clk.Now().Sub(t0), got)
		}
		if r := f.health(f.blue)[0].TargetHealth.Reason; r != elbtypes.TargetHealthReasonEnumFailedHealthChecks {
			t.Fatalf("reason: %s", r)
		}
		f.advance(10 * time.Minute)
	}
	for _, inst := range f.group("web-v001").Instances {
		if inst.AppUp || inst.Lifecycle != "InService" {
			t.Fatalf("instance %+v", inst)
		}
	}
}

func TestFlappingAMIAlternates(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.HealthCheck = TunedHealthCheck() })
	f.c.BreakAMI("ami-blue", AppFlapping)
	f.create("web-v001", 1, nil)
	var seen []string
	for range 200 {
		f.advance(5 * time.Second)
		if s := f.states(f.blue); len(s) == 1 && (len(seen) == 0 || seen[len(seen)-1] != s[0]) {
			seen = append(seen, s[0])
		}
	}
	want := []string{"initial", "healthy", "unhealthy", "healthy", "unhealthy"}
	if len(seen) < len(want) || !slices.Equal(seen[:len(want)], want) {
		t.Fatalf("state changes %v, want at least %v", seen, want)
	}
}

func TestScaleInDrainsNewestFirst(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 1, nil)
	first := f.group("web-v001").Instances[0].ID
	f.setDesired("web-v001", 3)
	f.at(3 * time.Minute)
	if got := f.states(f.blue); !slices.Equal(got, repeat("healthy", 3)) {
		t.Fatalf("before scale-in: %v", got)
	}
	f.setDesired("web-v001", 1)
	start := 3 * time.Minute
	f.at(start + 300*time.Second - time.Millisecond)
	tg := f.c.Truth().TargetGroups[f.blue]
	if tg.Draining != 2 || tg.Healthy != 1 || tg.Targets[first] != "healthy" {
		t.Fatalf("while draining: %+v", tg)
	}
	for _, inst := range f.group("web-v001").Instances {
		if want := map[bool]string{true: "InService", false: "Terminating"}[inst.ID == first]; inst.Lifecycle != want || !inst.AppUp {
			t.Fatalf("while draining %+v, want %s and app up", inst, want)
		}
	}
	f.at(start + 300*time.Second)
	if tg := f.c.Truth().TargetGroups[f.blue]; tg.Draining != 0 || len(tg.Targets) != 1 {
		t.Fatalf("after drain: %+v", tg)
	}
	if got := f.lifecycles("web-v001"); len(got) != 3 {
		t.Fatalf("shutting down instances should still be listed: %v", got)
	}
	f.at(start + 320*time.Second)
	if g := f.group("web-v001"); len(g.Instances) != 1 || g.Instances[0].ID != first {
		t.Fatalf("after shutdown: %+v", g.Instances)
	}
}
