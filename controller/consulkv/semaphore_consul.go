package consulkv

import (
	"context"
	"fmt"

	capi "github.com/hashicorp/consul/api"
)

// semaphoreRecordWriter is a Backend that can write a semaphore record the
// way Consul's own semaphore client expects it: with Consul's semaphore
// flag (KV flags 0xe0f69a2baa414de0), without which that client refuses
// the record. Backends without KV flags (Memory) write a plain CAS.
type semaphoreRecordWriter interface {
	casSemaphoreRecord(ctx context.Context, key string, value []byte, index uint64) (bool, error)
}

var _ semaphoreRecordWriter = (*Consul)(nil)

// casSemaphoreRecord is CAS with the semaphore flag set on the entry.
func (c *Consul) casSemaphoreRecord(ctx context.Context, key string, value []byte, index uint64) (bool, error) {
	if err := checkWrite(key, value); err != nil {
		return false, fmt.Errorf("consul cas %q: %w", key, err)
	}
	p := &capi.KVPair{Key: key, Value: value, ModifyIndex: index, Flags: capi.SemaphoreFlagValue}
	opts, done := c.write(ctx)
	defer done()
	ok, _, err := c.client.KV().CAS(p, opts)
	if err != nil {
		return false, consulError("cas", key, err)
	}
	return ok, nil
}
