package releases

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// History reads svc's finished release records, newest (highest seq)
// first, at most limit of them (limit <= 0: api.ReleaseHistoryLimit). An
// entry that does not decode is an error naming its key.
func History(ctx context.Context, kv consulkv.KV, svc string, limit int) ([]api.ReleaseHistory, error) {
	if limit <= 0 {
		limit = api.ReleaseHistoryLimit
	}
	items, err := historyKeys(ctx, kv, svc, true)
	if err != nil {
		return nil, err
	}
	out := make([]api.ReleaseHistory, 0, min(len(items), limit))
	for _, it := range items[:min(len(items), limit)] {
		h, err := api.DecodeReleaseHistory(it.Entry.Value)
		if err != nil {
			return nil, fmt.Errorf("release history entry %s is unreadable (delete it to go on): %w", it.Entry.Key, err)
		}
		out = append(out, *h)
	}
	return out, nil
}

// HistoryEntry reads the history entry of svc's record seq (nil when
// there is none).
func HistoryEntry(ctx context.Context, kv consulkv.KV, svc string, seq int) (*api.ReleaseHistory, error) {
	key := api.KeyReleaseHistory(svc, seq)
	e, _, err := kv.Get(ctx, key, &consulkv.QueryOptions{Consistent: true})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	if e == nil {
		return nil, nil
	}
	h, err := api.DecodeReleaseHistory(e.Value)
	if err != nil {
		return nil, fmt.Errorf("release history entry %s is unreadable (delete it to go on): %w", key, err)
	}
	return h, nil
}

// historyKeys lists svc's history entries, highest seq first. A key that
// does not end in a seq is an error naming it.
func historyKeys(ctx context.Context, kv consulkv.KV, svc string, consistent bool) ([]consulkv.SeqEntry, error) {
	return consulkv.ListSeqEntries(ctx, kv, api.KeyReleaseHistoryPrefix(svc), 0, "release history",
		&consulkv.QueryOptions{Consistent: consistent})
}

// appendHistory stores h at KeyReleaseHistory(svc, seq), overwriting an
// earlier copy of the same seq (a retried append is harmless), then
// deletes the oldest entries beyond api.ReleaseHistoryLimit.
func appendHistory(ctx context.Context, kv consulkv.KV, svc string, h *api.ReleaseHistory) error {
	key := api.KeyReleaseHistory(svc, h.Record.Seq)
	if err := h.Validate(); err != nil {
		return fmt.Errorf("write %s: %w", key, err)
	}
	data, err := api.Encode(h)
	if err != nil {
		return fmt.Errorf("write %s: %w", key, err)
	}
	if err := kv.Put(ctx, key, data); err != nil {
		return fmt.Errorf("write %s: %w", key, err)
	}
	return trimHistory(ctx, kv, svc)
}

// trimHistory deletes svc's oldest history entries beyond
// api.ReleaseHistoryLimit.
func trimHistory(ctx context.Context, kv consulkv.KV, svc string) error {
	items, err := historyKeys(ctx, kv, svc, false)
	if err != nil {
		return fmt.Errorf("trim release history: %w", err)
	}
	for _, it := range items[min(len(items), api.ReleaseHistoryLimit):] {
		if err := kv.Delete(ctx, it.Entry.Key); err != nil {
			return fmt.Errorf("trim release history: delete %s: %w", it.Entry.Key, err)
		}
	}
	return nil
}

// newestSeq is the highest seq in svc's history, -1 when it is empty.
func newestSeq(ctx context.Context, kv consulkv.KV, svc string) (int, error) {
	items, err := historyKeys(ctx, kv, svc, true)
	if err != nil || len(items) == 0 {
		return -1, err
	}
	return items[0].Seq, nil
}
