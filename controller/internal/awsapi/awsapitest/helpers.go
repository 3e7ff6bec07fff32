package awsapitest

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// How long the suite lets the backend take. Simulated time is free; moto
// changes state at once or never, and its backend caps real waits.
const (
	settle = 2 * time.Minute  // a write becomes visible
	boot   = 10 * time.Minute // instances boot and pass health checks
	drain  = 10 * time.Minute // instances terminate after draining
)

// AMIs the suite launches: well-formed ids; no backend here checks that
// the images exist.
const (
	amiV1 = "ami-0000000000000a001"
	amiV2 = "ami-0000000000000a002"
	amiV3 = "ami-0000000000000a003"
)

// noErr fails the test on err, naming what was attempted.
func noErr(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantClass asserts that err classifies as want.
func wantClass(t *testing.T, err error, want awsapi.Class, what string) {
	t.Helper()
	if got := awsapi.Classify(err); got != want {
		t.Errorf("%s: error %v classifies as %s, want %s", what, err, got, want)
	}
}

// waitFor waits, as the backend lets time pass, until cond reports true;
// on failure it names what it waited for and what it saw last.
func (s *suite) waitFor(t *testing.T, within time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	var last string
	done := false
	defer func() {
		if !done { // the backend ended the test
			t.Logf("waiting for %s; last seen: %s", what, last)
		}
	}()
	s.b.Eventually(t, within, func() bool {
		ok, seen := cond()
		last = seen
		return ok
	})
	done = true
}

// weights returns the target group weights of a single forward action.
func weights(actions []elbtypes.Action) map[string]int {
	out := map[string]int{}
	for _, a := range actions {
		if a.Type != elbtypes.ActionTypeEnumForward {
			continue
		}
		if a.ForwardConfig == nil || len(a.ForwardConfig.TargetGroups) == 0 {
			out[aws.ToString(a.TargetGroupArn)] = 1
			continue
		}
		for _, tg := range a.ForwardConfig.TargetGroups {
			w := 1
			if tg.Weight != nil {
				w = int(*tg.Weight)
			}
			out[aws.ToString(tg.TargetGroupArn)] = w
		}
	}
	return out
}

// forward is a weighted forward action to the target groups.
func forward(w map[string]int) []elbtypes.Action {
	cfg := &elbtypes.ForwardActionConfig{}
	for _, arn := range slices.Sorted(maps.Keys(w)) {
		cfg.TargetGroups = append(cfg.TargetGroups, elbtypes.TargetGroupTuple{TargetGroupArn: aws.String(arn), Weight: aws.Int32(int32(w[arn]))})
	}
	return []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, ForwardConfig: cfg}}
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	return slices.Equal(sortedCopy(a), sortedCopy(b))
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// missingARN returns an ARN of arn's kind and account that names nothing.
func missingARN(arn string) string {
	i := len(arn) - 1
	for i >= 0 && arn[i] != '/' {
		i--
	}
	return arn[:i+1] + "0123456789abcdef"
}
