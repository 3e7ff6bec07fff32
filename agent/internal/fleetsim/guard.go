package fleetsim

import (
	"context"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// runGuard plays the controller's release guard until ctx ends: every
// GuardEvery it reads the record and the live reports, applies
// fleet.Guard (roll a halted release back, promote a complete one) and
// writes its record with check-and-set. It leaves a halt alone for
// GuardHaltDelay first, as a slow or restarting controller would.
func (w *world) runGuard(ctx context.Context) {
	kv := &actorKV{actor: guardName, next: w.store, f: w.faults}
	for {
		t := w.clk.NewTimer(w.p.GuardEvery)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C():
		}
		w.guardOnce(ctx, kv)
	}
}

// guardOnce is one pass of the guard; a failed read or a lost race waits
// for the next pass.
func (w *world) guardOnce(ctx context.Context, kv *actorKV) {
	cur, index, live, err := readState(ctx, kv)
	if err != nil {
		return
	}
	now := w.clk.Now()
	a := fleet.Guard(cur, live, guardName, now)
	switch {
	case a.Kind == fleet.GuardNone:
		return
	case a.Kind == fleet.GuardRollback && now.Before(cur.Halt.At.Add(w.p.GuardHaltDelay)):
		return
	}
	data, err := api.Encode(a.Next)
	if err != nil {
		return
	}
	if ok, _ := kv.CAS(ctx, api.KeyDeploy(svc), data, index); ok {
		w.mu.Lock()
		w.tracef("guard: %s (%s)", a.Kind, a.Why)
		w.mu.Unlock()
	}
}
