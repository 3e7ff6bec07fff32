package fleetsim

import (
	"context"
	"sync"

	"github.com/asgctl/asgctl/controller/consulkv"
)

// storeLog is the store every actor (agents, writer, guard) reaches Consul
// through. It exists only to observe: it serialises the writes to a few
// keys (the service's deploys key, the pacing semaphore's record) and,
// right after each one that lands, reads the key back with its
// ModifyIndex, so the simulation learns every record written, the exact
// index at which each record's halt was written, and each pacing slot's
// grant with the limit it was granted under. It changes nothing about
// what the store does or answers; the serialisation only orders writes
// that Consul orders anyway.
//
// mu is the checker's own lock, held from before the write until the
// entry is noted, so no step an actor takes on the new value (a roll it
// starts, say) is checked before the checker knows the value.
type storeLog struct {
	consulkv.Backend // the in-memory Consul
	mu               sync.Locker
	// watched maps each observed key to what hears of its entries after
	// each write that lands; mu is held.
	watched map[string]func(e *consulkv.Entry)
}

// CAS is the store's CAS, observed on the watched keys.
func (d *storeLog) CAS(ctx context.Context, key string, value []byte, index uint64) (bool, error) {
	heard, ok := d.watched[key]
	if !ok {
		return d.Backend.CAS(ctx, key, value, index)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	won, err := d.Backend.CAS(ctx, key, value, index)
	if won && err == nil {
		d.observe(key, heard)
	}
	return won, err
}

// Put is the store's Put, observed on the watched keys.
func (d *storeLog) Put(ctx context.Context, key string, value []byte) error {
	heard, ok := d.watched[key]
	if !ok {
		return d.Backend.Put(ctx, key, value)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	err := d.Backend.Put(ctx, key, value)
	if err == nil {
		d.observe(key, heard)
	}
	return err
}

// Delete is the store's Delete, serialised with the writes it observes.
func (d *storeLog) Delete(ctx context.Context, key string) error {
	if _, ok := d.watched[key]; !ok {
		return d.Backend.Delete(ctx, key)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.Backend.Delete(ctx, key)
}

// observe reads key just written, with its index (d.mu held, so no other
// write of the key came in between), and hands it to heard.
func (d *storeLog) observe(key string, heard func(e *consulkv.Entry)) {
	e, _, err := d.Backend.Get(context.Background(), key, nil)
	if err != nil || e == nil {
		return // the in-memory store fails only when told to, and it is not
	}
	heard(e)
}
