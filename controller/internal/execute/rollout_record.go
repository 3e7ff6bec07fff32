package execute

import (
	"context"
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// writeRollout writes the rollout record with check-and-set on ExpectIndex;
// a lost race returns an error wrapping consulkv.ErrConflict.
func (e *Executor) writeRollout(ctx context.Context, a reconcile.Action) error {
	if a.Rollout == nil {
		return errors.New("write_rollout without a rollout record")
	}
	if _, err := e.Store.PutRollout(ctx, e.Service, a.Rollout, a.ExpectIndex); err != nil {
		return fmt.Errorf("put rollout record at index %d: %w", a.ExpectIndex, err)
	}
	return nil
}

// appendHistory stores a finished rollout (idempotent by seq).
func (e *Executor) appendHistory(ctx context.Context, a reconcile.Action) error {
	if a.Rollout == nil {
		return errors.New("append_history without a rollout record")
	}
	if err := e.Store.AppendHistory(ctx, e.Service, a.Rollout); err != nil {
		return fmt.Errorf("append history seq %d: %w", a.Rollout.Seq, err)
	}
	return nil
}
