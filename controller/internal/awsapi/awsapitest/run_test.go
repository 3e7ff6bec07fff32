package awsapitest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

func TestEveryOperationHasAContract(t *testing.T) {
	if p := uncovered(contracts); len(p) != 0 {
		t.Fatalf("uncovered operations:\n%s", strings.Join(p, "\n"))
	}
}

func TestUncoveredNamesMissingAndUnknownOperations(t *testing.T) {
	var cs []contract
	for _, c := range contracts {
		if !slices.Contains(c.ops, "ModifyRule") {
			cs = append(cs, c)
		}
	}
	cs = append(cs, contract{name: "Bogus", ops: []string{"PutObject"}})
	want := []string{
		"contract operation PutObject is not in awsapi.Operations",
		"operation DescribeRules has no contract test",
		"operation ModifyRule has no contract test",
	}
	if got := uncovered(cs); !slices.Equal(got, want) {
		t.Fatalf("uncovered = %q, want %q", got, want)
	}
}

func TestNotCalled(t *testing.T) {
	got := notCalled([]string{"DescribeRules", "ModifyRule"}, map[string]int{"DescribeRules": 2})
	if !slices.Equal(got, []string{"ModifyRule"}) {
		t.Fatalf("notCalled = %q, want [ModifyRule]", got)
	}
}

func TestRecorderCountsEveryClientCall(t *testing.T) {
	rec := &recorder{}
	c := rec.wrap(NewSimBackend(t).Clients())
	_, _ = awsapi.AllGroups(t.Context(), c.AutoScaling, nil)
	_, _ = awsapi.AlarmStates(t.Context(), c.CloudWatch, nil)
	_, _ = c.CloudWatch.DescribeAlarms(t.Context(), nil)
	if got := rec.called(); got["DescribeAutoScalingGroups"] != 1 || got["DescribeAlarms"] != 2 || len(got) != 2 {
		t.Fatalf("calls = %v, want 1 DescribeAutoScalingGroups and 2 DescribeAlarms", got)
	}
}

func TestSkipNamesTheDifference(t *testing.T) {
	b := fakeBackend{differs: map[string]string{"k": "moto does x"}}
	ran := false
	t.Run("differs", func(t *testing.T) {
		Skip(t, b, "k")
		ran = true
	})
	if ran {
		t.Error("Skip did not skip on a declared difference")
	}
	t.Run("follows_aws", func(t *testing.T) {
		Skip(t, b, "other")
		ran = true
	})
	if !ran {
		t.Error("Skip skipped on an undeclared difference")
	}
}

// fakeBackend is a Backend with nothing but Differs, for Skip.
type fakeBackend struct {
	Backend
	differs map[string]string
}

func (b fakeBackend) Name() string               { return "fake" }
func (b fakeBackend) Differs() map[string]string { return b.differs }

func TestSimEventuallyAdvancesTheFakeClock(t *testing.T) {
	b := NewSimBackend(t).(*simBackend)
	start := b.clk.Now()
	b.Eventually(t, time.Minute, func() bool { return b.clk.Now().Sub(start) >= 30*time.Second })
	if got := b.clk.Now().Sub(start); got != 30*time.Second {
		t.Fatalf("clock moved %v, want 30s", got)
	}
}
