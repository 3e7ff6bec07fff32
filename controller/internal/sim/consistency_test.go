package sim

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// A group that a describe does not show yet right after its create is
// pending, not missing: the loop asks again, adopts the group its own
// rollout made, and never makes a second one.
func TestCreatedButNotYetVisibleIsAdopted(t *testing.T) {
	p := DefaultProfile()
	p.Consistency = 8 * time.Second // several fast polls long
	w, err := NewWorld(3, p)
	if err != nil {
		t.Fatal(err)
	}
	d := &Driver{W: w, Logger: slog.New(slog.DiscardHandler)}
	d.AddReplica(0, 0)
	res := d.PlayAct(context.Background(), FirstDeploy())
	if len(d.Violations) > 0 || res.Result != api.PhaseComplete {
		t.Fatalf("first deploy %s, violations %v", res.Result, d.Violations)
	}
	if n := w.Cloud.Calls()["CreateAutoScalingGroup"]; n < 2 {
		t.Fatalf("CreateAutoScalingGroup called %d times: the invisible-group path was not exercised", n)
	}
	groups := w.Cloud.Truth().Groups
	if len(groups) != 1 {
		t.Fatalf("%d groups after adopting, want exactly 1: %v", len(groups), groups)
	}
}
