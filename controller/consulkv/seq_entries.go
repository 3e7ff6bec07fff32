package consulkv

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// SeqEntry is an entry whose key ends in a sequence number (a history
// entry of rollouts or of releases).
type SeqEntry struct {
	Seq   int
	Entry Entry
}

// ListSeqEntries lists the entries under prefix, highest seq first. min is
// the smallest seq allowed; a key whose last segment is not a number of
// at least min is an error naming it and what to do (what names the kind
// of history, for the message).
func ListSeqEntries(ctx context.Context, kv KV, prefix string, min int, what string, q *QueryOptions) ([]SeqEntry, error) {
	entries, _, err := kv.List(ctx, prefix, q)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", prefix, err)
	}
	items := make([]SeqEntry, 0, len(entries))
	for _, e := range entries {
		seq, err := strconv.Atoi(strings.TrimPrefix(e.Key, prefix))
		if err != nil || seq < min {
			return nil, fmt.Errorf("%s key %s: last segment is not a %s seq of %d or more (delete the key to go on)", what, e.Key, what, min)
		}
		items = append(items, SeqEntry{Seq: seq, Entry: e})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Seq > items[j].Seq })
	return items, nil
}

// NextWaitIndex is the index the next blocking read waits on, by Consul's
// rules: an index that went backwards resets the wait (a plain read next),
// and 0 is taken as 1 so the read still blocks.
func NextWaitIndex(prev, got uint64) uint64 {
	switch {
	case got < prev:
		return 0
	case got == 0:
		return 1
	}
	return got
}
