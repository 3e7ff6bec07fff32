package releases

import (
	"context"
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
)

// GuardResult is what Guard did.
type GuardResult struct {
	// Action is fleet.Guard's decision (Kind fleet.GuardNone: nothing to
	// do).
	Action fleet.GuardAction
	// Written reports that Action.Next is now svc's record; false with an
	// action means another writer changed the record first.
	Written bool
	// State is what the decision was made on.
	State State
}

// Guard applies fleet.Guard to svc's record once: it reads the record and
// the live reports, decides, and writes the decision's record with
// check-and-set on the index it read, then the history entry of the
// record that ends. by names the writer of a rollback record; now is the
// time of the decision. Several guards may run at once: only one of them
// writes for a given record.
func Guard(ctx context.Context, kv consulkv.KV, svc, by string, now time.Time) (GuardResult, error) {
	st, err := Read(ctx, kv, svc)
	if err != nil {
		return GuardResult{}, fmt.Errorf("guard release of %s: %w", svc, err)
	}
	res := GuardResult{State: st, Action: fleet.Guard(st.Record, st.Live, by, now)}
	if res.Action.Kind == fleet.GuardNone {
		return res, nil
	}
	res.Written, err = Write(ctx, kv, svc, res.Action.Next, st.Index, res.Action.History)
	if err != nil {
		return res, fmt.Errorf("guard release of %s (%s): %w", svc, res.Action.Kind, err)
	}
	return res, nil
}
