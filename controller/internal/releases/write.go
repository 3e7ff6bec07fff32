package releases

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// Write replaces svc's record read at index (0: there was none) with
// next, by check-and-set, and once that is written stores ended, the
// history entry of the record it replaced (nil: none), trimming the
// history to api.ReleaseHistoryLimit.
//
// written is false when another writer changed the record since it was
// read: nothing is written then; read and decide again. written is true
// with an error when the record is written but its history entry is not.
// A record written where there was none is numbered after the newest
// history entry, so a deleted key does not reuse a seq: next.Seq may be
// raised.
func Write(ctx context.Context, kv consulkv.KV, svc string, next *api.Release, index uint64, ended *api.ReleaseHistory) (written bool, err error) {
	key := api.KeyDeploy(svc)
	if index == 0 {
		newest, err := newestSeq(ctx, kv, svc)
		if err != nil {
			return false, fmt.Errorf("number the first record of %s: %w", key, err)
		}
		next.Seq = max(next.Seq, newest+1)
	}
	if err := next.Validate(); err != nil {
		return false, fmt.Errorf("write %s: %w", key, err)
	}
	data, err := api.Encode(next)
	if err != nil {
		return false, fmt.Errorf("write %s: %w", key, err)
	}
	ok, err := kv.CAS(ctx, key, data, index)
	if err != nil || !ok {
		if err != nil {
			err = fmt.Errorf("write %s at index %d: %w", key, index, err)
		}
		return false, err
	}
	if ended == nil {
		return true, nil
	}
	if err := appendHistory(ctx, kv, svc, ended); err != nil {
		return true, fmt.Errorf("%s is written (seq %d), but not the history entry of seq %d it replaced: %w",
			key, next.Seq, ended.Record.Seq, err)
	}
	return true, nil
}
