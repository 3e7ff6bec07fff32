package reconcile

import (
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestRequestRules(t *testing.T) {
	rec := func(id, ami string, p api.Phase) *api.Rollout {
		return &api.Rollout{RequestID: id, AMI: ami, Phase: p}
	}
	abort := request("r2", amiNew)
	abort.Abort = true
	repair := &api.Desired{RequestID: "fix", Repair: true}
	cases := []struct {
		name      string
		req       *api.Desired
		r         *api.Rollout
		live      string
		pending   bool
		addresses bool
	}{
		{"no request", nil, nil, "", false, false},
		{"first request", request("r1", amiNew), nil, "", true, false},
		{"served by the record", request("r2", amiNew), rec("r2", amiNew, api.PhaseShifting), "", false, true},
		{"a retry for the AMI rolling out attaches", request("r3", amiNew), rec("r2", amiNew, api.PhaseShifting), "", false, true},
		{"another AMI while rolling supersedes", request("r3", amiBad), rec("r2", amiNew, api.PhaseShifting), "", true, false},
		{"the live AMI again is declined", request("r3", amiOld), rec("r2", amiOld, api.PhaseComplete), amiOld, false, true},
		{"a new AMI after complete", request("r3", amiNew), rec("r2", amiOld, api.PhaseComplete), amiOld, true, false},
		{"a failed request is never re-run", request("r2", amiNew), rec("r2", amiNew, api.PhaseFailed), amiOld, false, true},
		{"an abort starts nothing", abort, rec("r2", amiNew, api.PhaseShifting), "", false, true},
		{"a repair starts nothing", repair, rec("r2", amiNew, api.PhaseFailed), "", false, false},
	}
	for _, c := range cases {
		if got := Pending(c.req, c.r, c.live); got != c.pending {
			t.Errorf("%s: Pending = %v, want %v", c.name, got, c.pending)
		}
		if got := Addresses(c.req, c.r); got != c.addresses {
			t.Errorf("%s: Addresses = %v, want %v", c.name, got, c.addresses)
		}
	}
}
