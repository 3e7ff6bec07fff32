package scaling

import (
	"regexp"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/asgctl/asgctl/controller/api"
)

func TestFingerprintStableAcrossOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := mustWant(t, genSpec(t), testTGBlue)
		c.ForeignPolicies = []Foreign{{Name: "f1", Alarms: []string{"b", "a"}}, {Name: "f0"}}
		c.ForeignActions = []string{"x", "w"}
		shuffled := Config{
			Group:           c.Group,
			Policies:        rapid.Permutation(c.Policies).Draw(t, "policies"),
			Actions:         rapid.Permutation(c.Actions).Draw(t, "actions"),
			ForeignPolicies: []Foreign{{Name: "f0"}, {Name: "f1", Alarms: []string{"a", "b"}}},
			ForeignActions:  []string{"w", "x"},
		}
		fp := c.Fingerprint()
		if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(fp) {
			t.Fatalf("fingerprint %q is not hex SHA-256", fp)
		}
		if shuffled.Fingerprint() != fp || !shuffled.Equal(c) || !c.Equal(shuffled) {
			t.Fatalf("order changes the fingerprint or equality")
		}
	})
}

func TestEqualAndFingerprintIgnoreCanonicalDifferences(t *testing.T) {
	a := Config{Group: testGroup, Policies: []Policy{{ScalingPolicy: api.ScalingPolicy{Name: "s", Simple: &api.SimpleScaling{
		AdjustmentType: "ChangeInCapacity", Adjustment: 1, Cooldown: dur(1500 * 1e6),
		Alarm: api.MetricAlarm{Metric: api.CustomMetric{Namespace: "n", Name: "m", Statistic: "Sum", Dimensions: map[string]string{}}, Threshold: negZero()},
	}}}}, Actions: []api.ScheduledAction{{Name: "a", Recurrence: "0 8 * * *", TimeZone: "Etc/UTC", Min: ptr(1)}}}
	b := Config{Group: testGroup, Policies: []Policy{{ScalingPolicy: api.ScalingPolicy{Name: "s", Simple: &api.SimpleScaling{
		AdjustmentType: "ChangeInCapacity", Adjustment: 1, Cooldown: dur(2e9),
		Alarm: api.MetricAlarm{Metric: api.CustomMetric{Namespace: "n", Name: "m", Statistic: "Sum"}},
	}}}}, Actions: []api.ScheduledAction{{Name: "a", Recurrence: "0 8 * * *", Min: ptr(1)}}, ForeignActions: []string{}}
	if !a.Equal(b) || a.Fingerprint() != b.Fingerprint() {
		t.Fatalf("canonically equal configs differ:\n%s\n%s", asJSON(canonConfig(a)), asJSON(canonConfig(b)))
	}
	for name, other := range map[string]Config{
		"group":          {Group: "web-v008", Policies: b.Policies, Actions: b.Actions},
		"foreign policy": {Group: testGroup, Policies: b.Policies, Actions: b.Actions, ForeignPolicies: []Foreign{{Name: "x"}}},
		"foreign action": {Group: testGroup, Policies: b.Policies, Actions: b.Actions, ForeignActions: []string{"x"}},
		"no actions":     {Group: testGroup, Policies: b.Policies},
		"alarm name":     {Group: testGroup, Policies: []Policy{{ScalingPolicy: b.Policies[0].ScalingPolicy, AlarmName: "x"}}, Actions: b.Actions},
	} {
		if a.Equal(other) || a.Fingerprint() == other.Fingerprint() {
			t.Errorf("%s: configs that differ compare equal", name)
		}
	}
}

func negZero() float64 {
	z := 0.0
	return -z
}

func TestCanonicalStepOrder(t *testing.T) {
	steps := []api.ScalingStep{{Lower: ptr(10.0), Adjustment: 3}, {Upper: ptr(0.0), Adjustment: 1}, {Lower: ptr(0.0), Upper: ptr(10.0), Adjustment: 2}}
	got := canonSteps(steps)
	var adj []int
	for _, s := range got {
		adj = append(adj, s.Adjustment)
	}
	if !slices.Equal(adj, []int{1, 2, 3}) {
		t.Fatalf("steps ordered %v, want by lower bound, unbounded first", adj)
	}
}
