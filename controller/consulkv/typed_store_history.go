package consulkv

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

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
		if err := s.kv.Delete(ctx, oldest.entry.Key); err != nil {
			return fmt.Errorf("trim history: delete %s: %w", oldest.entry.Key, err)
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
		r, err := decodeEntry(&it.entry, api.DecodeRollout)
		if err != nil {
			return nil, err
		}
		if r.Seq != it.seq {
			return nil, fmt.Errorf("decode %s: record has seq %d", it.entry.Key, r.Seq)
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
	return items[0].seq, nil
}

// historyItem is one history entry with the seq parsed from its key.
type historyItem struct {
	seq   int
	entry Entry
}

// historyEntries lists a service's history entries, highest seq first. A
// key whose last segment is not a positive seq is an error naming it.
func (s *typedStore) historyEntries(ctx context.Context, svc string) ([]historyItem, error) {
	if err := checkService(svc); err != nil {
		return nil, err
	}
	prefix := api.KeyHistoryPrefix(svc)
	entries, _, err := s.kv.List(ctx, prefix, nil)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", prefix, err)
	}
	items := make([]historyItem, 0, len(entries))
	for _, e := range entries {
		seq, err := strconv.Atoi(strings.TrimPrefix(e.Key, prefix))
		if err != nil || seq < 1 {
			return nil, fmt.Errorf("history key %s: last segment is not a positive rollout seq", e.Key)
		}
		items = append(items, historyItem{seq: seq, entry: e})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].seq > items[j].seq })
	return items, nil
}
