package awsapitest

import (
	"flag"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// contract is one test of the suite and the awsapi operations it covers.
type contract struct {
	name string
	ops  []string // operations the test must call when it runs unskipped
	run  func(t *testing.T, s *suite)
}

// contracts is the suite, one test per concept.
var contracts = []contract{
	{"LaunchTemplateVersions", []string{"CreateLaunchTemplateVersion", "DescribeLaunchTemplateVersions"}, testLaunchTemplateVersions},
	{"GroupCreate", []string{"CreateAutoScalingGroup", "DescribeAutoScalingGroups"}, testGroupCreate},
	{"GroupDescribe", []string{"CreateAutoScalingGroup", "DescribeAutoScalingGroups"}, testGroupDescribe},
	{"GroupUpdate", []string{"UpdateAutoScalingGroup", "DescribeAutoScalingGroups"}, testGroupUpdate},
	{"GroupDelete", []string{"DeleteAutoScalingGroup", "DescribeAutoScalingGroups", "DescribeTargetHealth"}, testGroupDelete},
	{"ScalingProcesses", []string{"SuspendProcesses", "ResumeProcesses", "DescribeAutoScalingGroups"}, testScalingProcesses},
	{"LifecycleActions", []string{"CompleteLifecycleAction", "DescribeAutoScalingGroups"}, testLifecycleActions},
	{"ListenerWeights", []string{"DescribeListeners", "ModifyListener"}, testListenerWeights},
	{"ListenerBase", []string{"DescribeLoadBalancers", "DescribeListeners"}, testListenerBase},
	{"RuleWeights", []string{"DescribeRules", "ModifyRule"}, testRuleWeights},
	{"TargetHealth", []string{"DescribeTargetHealth", "DescribeAutoScalingGroups", "UpdateAutoScalingGroup"}, testTargetHealth},
	{"TargetGroups", []string{"DescribeTargetGroups"}, testTargetGroups},
	{"Alarms", []string{"DescribeAlarms"}, testAlarms},
	{"ScalingPolicies", []string{"PutScalingPolicy", "DescribePolicies", "DeletePolicy"}, testScalingPolicies},
	{"ScheduledActions", []string{"PutScheduledUpdateGroupAction", "DescribeScheduledActions", "DeleteScheduledAction"}, testScheduledActions},
	{"MetricAlarms", []string{"PutMetricAlarm", "DescribeAlarms", "DeleteAlarms"}, testMetricAlarms},
	{"MetricData", []string{"PutMetricData", "GetMetricData"}, testMetricData},
}

// suite is what one contract test works with: the backend for its setup
// and clock, and the backend's clients, recorded.
type suite struct {
	b     Backend
	c     awsapi.Clients
	usage *usage
	skips []string // difference keys this test skipped on
}

// Run runs the contract suite against the backends newBackend makes: a
// fresh one for every test. Before the tests it checks that every
// operation in awsapi.Operations has one; each test checks that it called
// the operations it covers; after the tests it checks that every
// difference the backend declares was used by some skip.
func Run(t *testing.T, newBackend func(t *testing.T) Backend) {
	t.Run("EveryOperationHasAContract", func(t *testing.T) {
		for _, p := range uncovered(contracts) {
			t.Error(p)
		}
	})
	u := &usage{used: map[string]bool{}, run: map[string]bool{}}
	for _, c := range contracts {
		t.Run(c.name, func(t *testing.T) { runContract(t, c, newBackend, u) })
	}
	t.Run("EveryDifferenceIsUsed", func(t *testing.T) { u.check(t) })
}

func runContract(t *testing.T, c contract, newBackend func(t *testing.T) Backend, u *usage) {
	u.ran(c.name)
	b := newBackend(t)
	u.declared(b.Differs())
	rec := &recorder{}
	s := &suite{b: b, c: rec.wrap(b.Clients()), usage: u}
	t.Cleanup(func() {
		if t.Failed() || t.Skipped() || len(s.skips) > 0 {
			return
		}
		for _, op := range notCalled(c.ops, rec.called()) {
			t.Errorf("contract %s covers %s but never called it", c.name, op)
		}
	})
	c.run(t, s)
}

// notCalled returns the operations in ops that called has no calls of.
func notCalled(ops []string, called map[string]int) []string {
	var out []string
	for _, op := range ops {
		if called[op] == 0 {
			out = append(out, op)
		}
	}
	return out
}

// skip is Skip that also records the key as used.
func (s *suite) skip(t *testing.T, key string) {
	t.Helper()
	if _, ok := s.b.Differs()[key]; ok {
		s.usage.use(key)
		s.skips = append(s.skips, key)
	}
	Skip(t, s.b, key)
}

// usage records which declared differences some test skipped on.
type usage struct {
	mu      sync.Mutex
	differs map[string]string
	used    map[string]bool // difference keys skipped on
	run     map[string]bool // contracts started
}

func (u *usage) ran(contract string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.run[contract] = true
}

func (u *usage) declared(d map[string]string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.differs = d
}

func (u *usage) use(key string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.used[key] = true
}

// check fails for a declared difference no test skipped on: it no longer
// describes anything the suite tests. Only a run of every contract can tell.
func (u *usage) check(t *testing.T) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if f := flag.Lookup("test.run"); len(u.run) < len(contracts) || f != nil && strings.Contains(f.Value.String(), "/") {
		t.Skip("part of the suite ran; unused differences are checked only when all of it runs")
	}
	var keys []string
	for k := range u.differs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !u.used[k] {
			t.Errorf("difference %q is declared but no contract test skips on it: %s", k, u.differs[k])
		}
	}
}

// notInClients are operations in awsapi.Operations that awsapi.Clients
// does not carry, and so no backend-agnostic contract can call.
var notInClients = map[string]string{
	"AssumeRole": "STS credentials for cross-account roles belong to the awssdk backend, not to awsapi.Clients",
}

// uncovered returns a problem for every operation in awsapi.Operations
// that no contract covers, and every contract operation awsapi does not
// list.
func uncovered(cs []contract) []string {
	covered := map[string]bool{}
	for _, c := range cs {
		for _, op := range c.ops {
			covered[op] = true
		}
	}
	var problems []string
	for _, op := range awsapi.Operations {
		if _, exempt := notInClients[op.Name]; !covered[op.Name] && !exempt {
			problems = append(problems, "operation "+op.Name+" has no contract test")
		}
	}
	for op := range covered {
		if _, ok := awsapi.OperationByName(op); !ok {
			problems = append(problems, "contract operation "+op+" is not in awsapi.Operations")
		}
	}
	slices.Sort(problems)
	return problems
}
