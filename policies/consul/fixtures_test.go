package consul

import (
	"fmt"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// t0 is the fixtures' time.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

const specJSON = `{
  "version": 1,
  "name": %q,
  "region": "eu-west-1",
  "launch_template_id": "lt-0123456789abcdef0",
  "subnets": ["subnet-0aaa1111", "subnet-0bbb2222"],
  "listener_arn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2",
  "target_groups": [
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-a/73e2d6bc24d8a067",
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-b/8f1e2a3b4c5d6e7f"
  ],
  "capacity": {"min": 2, "max": 6, "desired": 3}
}`

// specOf is a valid spec of svc.
func specOf(t *testing.T, svc string) *api.ServiceSpec {
	t.Helper()
	s, err := api.DecodeSpec(fmt.Appendf(nil, specJSON, svc))
	if err != nil {
		t.Fatalf("fixture spec: %v", err)
	}
	return s
}

// desiredOf is a valid desired request.
func desiredOf(ami, id string) *api.Desired {
	return &api.Desired{Version: 1, AMI: ami, RequestID: id, RequestedBy: "ci", RequestedAt: t0}
}

// rolloutOf is a valid record of svc's rollout seq in phase.
func rolloutOf(svc string, seq int, phase api.Phase) *api.Rollout {
	return &api.Rollout{
		Version: api.RolloutVersion, ID: api.GroupName(svc, seq), Seq: seq,
		Service: svc, RequestID: fmt.Sprintf("req-%d", seq), AMI: "ami-0abc1234def567890",
		Phase: phase, ToGroup: api.GroupName(svc, seq),
		Capacity:  api.Capacity{Min: 1, Max: 3, Desired: 2},
		StartedAt: t0, UpdatedAt: t0.Add(time.Minute), PhaseSince: t0,
	}
}

// releaseOf is a valid release record seq of svc naming release id.
func releaseOf(svc, id string, seq int) *api.Release {
	return &api.Release{
		Version: api.ReleaseVersion, Release: id, Seq: seq,
		Artifact:  fmt.Sprintf("s3://artifacts/%s/%s-%s.tar.gz", svc, svc, id),
		SHA256:    fmt.Sprintf("%064x", seq),
		CreatedAt: t0, CreatedBy: "ci",
	}
}

// reportOf is a valid agent report of instance on svc.
func reportOf(svc, instance string) *api.AgentReport {
	return &api.AgentReport{
		Version: api.AgentReportVersion, Service: svc, InstanceID: instance,
		Release: "r1", State: api.AgentReady, UpdatedAt: t0,
	}
}

// encode is api.Encode, failing the test on an error.
func encode(t *testing.T, v any) []byte {
	t.Helper()
	b, err := api.Encode(v)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	return b
}
