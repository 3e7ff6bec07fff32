package consulkv

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// AppendHistory validates r and stores it at api.KeyHistory(svc, r.Seq),
// overwriting an earlier copy of the same seq (so a retried append is
// harmless), then deletes the oldest records beyond api.HistoryLimit.
func (s *typedStore) AppendHistory(ctx context.Context, svc string, r *api.Rollout) error {
	if err := checkRecord(svc, r); err != nil {
		return fmt.Errorf("append history of %s: %w", svc, err)
	}
	key := api.KeyHistory(svc, r.Seq)
	if err := r.Validate(); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	data, err := api.Encode(r)
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	if err := s.kv.Put(ctx, key, data); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	return s.trimHistory(ctx, svc)
}

// trimHistory deletes the oldest history records beyond api.HistoryLimit.
func (s *typedStore) trimHistory(ctx context.Context, svc string) error {
	items, err := s.historyEntries(ctx, svc)
	if err != nil {
		return err
	}
	for len(items) > api.HistoryLimit {
		oldest := items[len(items)-1]
		if err := s.kv.Delete(ctx, oldest.Entry.Key); err != nil {
			return fmt.Errorf("trim history: delete %s: %w", oldest.Entry.Key, err)
		}
		items = items[:len(items)-1]
	}
	return nil
}

// History lists a service's finished rollouts, newest (highest seq) first.
func (s *typedStore) History(ctx context.Context, svc string) ([]api.Rollout, error) {
	items, err := s.historyEntries(ctx, svc)
	if err != nil {
		return nil, err
	}
	out := make([]api.Rollout, 0, len(items))
	for _, it := range items {
		r, err := decodeEntry(&it.Entry, api.DecodeRollout)
		if err != nil {
			return nil, err
		}
		if r.Seq != it.Seq {
			return nil, fmt.Errorf("decode %s: record has seq %d", it.Entry.Key, r.Seq)
		}
		out = append(out, *r)
	}
	return out, nil
}

// LatestHistorySeq is the highest seq in a service's history, 0 when empty.
// It reads the seqs from the keys.
func (s *typedStore) LatestHistorySeq(ctx context.Context, svc string) (int, error) {
	items, err := s.historyEntries(ctx, svc)
	if err != nil || len(items) == 0 {
		return 0, err
	}
	return items[0].Seq, nil
}

// historyEntries lists a service's history entries, highest seq first. A
// key whose last segment is not a positive seq is an error naming it.
func (s *typedStore) historyEntries(ctx context.Context, svc string) ([]SeqEntry, error) {
	if err := checkService(svc); err != nil {
		return nil, err
	}
	return ListSeqEntries(ctx, s.kv, api.KeyHistoryPrefix(svc), 1, "rollout history", nil)
}
