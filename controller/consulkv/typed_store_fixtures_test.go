package consulkv

import (
	"fmt"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

const specJSON = `{
  "version": 1,
  "name": "%s",
  "region": "us-east-1",
  "launch_template_id": "lt-0123456789abcdef0",
  "subnets": ["subnet-0aaa1111", "subnet-0bbb2222"],
  "listener_arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2",
  "target_groups": [
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/73e2d6bc24d8a067",
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/8f1e2a3b4c5d6e7f"
  ],
  "capacity": {"min": 2, "max": 6, "desired": 3},
  "steps": [{"weight": 10, "pause": "60s"}, {"weight": 100}],
  "keep_previous": 2
}`

// testSpec returns a valid spec for svc.
func testSpec(t *testing.T, svc string) *api.ServiceSpec {
	t.Helper()
	s, err := api.DecodeSpec([]byte(fmt.Sprintf(specJSON, svc)))
	if err != nil {
		t.Fatalf("test spec: %v", err)
	}
	return s
}

// testDesired returns a valid desired-state request.
func testDesired(ami, requestID string) *api.Desired {
	return &api.Desired{
		Version: 1, AMI: ami, RequestID: requestID, RequestedBy: "ci",
		RequestedAt: t0,
	}
}

// testRollout returns a valid record of svc's rollout seq.
func testRollout(svc string, seq int) *api.Rollout {
	return &api.Rollout{
		Version: api.RolloutVersion, ID: api.GroupName(svc, seq), Seq: seq,
		Service: svc, RequestID: fmt.Sprintf("req-%d", seq), AMI: "ami-0abc1234def567890",
		Phase: api.PhaseComplete, ToGroup: api.GroupName(svc, seq),
		Capacity:  api.Capacity{Min: 1, Max: 3, Desired: 2},
		StartedAt: t0, UpdatedAt: t0.Add(time.Minute), PhaseSince: t0,
	}
}
