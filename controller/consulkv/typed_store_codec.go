package consulkv

import (
	"bytes"
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// readValue reads key and decodes it with decode; an absent key is nil with
// index 0. The index is the entry's ModifyIndex, the one to check-and-set on.
func readValue[T any](ctx context.Context, kv KV, key string, q *QueryOptions, decode func([]byte) (*T, error)) (*T, uint64, error) {
	e, _, err := kv.Get(ctx, key, q)
	if err != nil {
		return nil, 0, fmt.Errorf("get %s: %w", key, err)
	}
	if e == nil {
		return nil, 0, nil
	}
	v, err := decodeEntry(e, decode)
	if err != nil {
		return nil, 0, err
	}
	return v, e.ModifyIndex, nil
}

// decodeEntry decodes one entry's value, naming the key on failure.
func decodeEntry[T any](e *Entry, decode func([]byte) (*T, error)) (*T, error) {
	if len(e.Value) == 0 {
		return nil, fmt.Errorf("decode %s: empty value", e.Key)
	}
	v, err := decode(e.Value)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", e.Key, err)
	}
	return v, nil
}

// casValue validates and encodes v, writes it to key with check-and-set on
// index and returns the new ModifyIndex. Losing the check-and-set is
// ErrConflict.
//
// KV.CAS does not return the new index, so it is read back. If someone else
// wrote in between, the index read back is theirs and handing it out would
// let the caller's next check-and-set overwrite a value it never saw, so
// that case is reported as ErrConflict too: re-read and decide again.
func casValue(ctx context.Context, kv KV, key string, v interface{ Validate() error }, index uint64) (uint64, error) {
	if err := v.Validate(); err != nil {
		return 0, fmt.Errorf("put %s: %w", key, err)
	}
	data, err := api.Encode(v)
	if err != nil {
		return 0, fmt.Errorf("put %s: %w", key, err)
	}
	ok, err := kv.CAS(ctx, key, data, index)
	if err != nil {
		return 0, fmt.Errorf("put %s at index %d: %w", key, index, err)
	}
	if !ok {
		return 0, fmt.Errorf("put %s at index %d: %w", key, index, ErrConflict)
	}
	e, _, err := kv.Get(ctx, key, &QueryOptions{Consistent: true})
	if err != nil {
		return 0, fmt.Errorf("read back %s: %w", key, err)
	}
	if e == nil || !bytes.Equal(e.Value, data) {
		return 0, fmt.Errorf("put %s: written, then changed by another writer before it was read back: %w", key, ErrConflict)
	}
	return e.ModifyIndex, nil
}
