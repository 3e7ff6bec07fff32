package cli

import (
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// Fixtures for the pure decision tests.

var t0 = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// rec is a rollout record of ami in phase (seq n, request "r<n>").
func rec(n int, ami string, phase api.Phase) *api.Rollout {
	return &api.Rollout{
		Version: 1, ID: api.GroupName("web", n), Seq: n, Service: "web", RequestID: reqID(n), AMI: ami,
		Phase: phase, ToGroup: api.GroupName("web", n), FromGroup: api.GroupName("web", n-1),
		StartedAt: t0, PhaseSince: t0, UpdatedAt: t0, Reason: string(phase) + " reason",
	}
}

func reqID(n int) string { return "r" + string(rune('0'+n)) }

// at sets a record's step.
func at(r *api.Rollout, step int) *api.Rollout { r.Step = step; return r }

// req is a desired request for ami with id.
func req(id, ami string) *api.Desired {
	return &api.Desired{Version: 1, AMI: ami, RequestID: id, RequestedBy: "ci", RequestedAt: t0}
}

func aborted(d *api.Desired) *api.Desired         { d.Abort = true; return d }
func approved(d *api.Desired, k int) *api.Desired { d.ApprovedStep = k; return d }
func rollback(d *api.Desired) *api.Desired        { d.Rollback = true; return d }

// hist lists finished records newest first.
func hist(rs ...*api.Rollout) []api.Rollout {
	out := make([]api.Rollout, len(rs))
	for i, r := range rs {
		out[i] = *r
	}
	return out
}

const (
	amiA = "ami-0a000000000000001"
	amiB = "ami-0a000000000000002"
	amiC = "ami-0a000000000000003"
)
