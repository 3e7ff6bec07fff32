package daemon_test

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/consulkv"
)

// cuttable is a Backend that a test can cut off, as a crashed or
// partitioned replica is: every call fails while cut.
type cuttable struct {
	consulkv.Backend
	mu  sync.Mutex
	cut bool
}

var errCut = errors.New("test: consul unreachable")

func (c *cuttable) setCut(v bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cut = v
}

func (c *cuttable) check() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cut {
		return errCut
	}
	return nil
}

func (c *cuttable) Get(ctx context.Context, key string, q *consulkv.QueryOptions) (*consulkv.Entry, uint64, error) {
	if err := c.check(); err != nil {
		return nil, 0, err
	}
	return c.Backend.Get(ctx, key, q)
}

func (c *cuttable) List(ctx context.Context, prefix string, q *consulkv.QueryOptions) ([]consulkv.Entry, uint64, error) {
	if err := c.check(); err != nil {
		return nil, 0, err
	}
	return c.Backend.List(ctx, prefix, q)
}

func (c *cuttable) Put(ctx context.Context, key string, value []byte) error {
	if err := c.check(); err != nil {
		return err
	}
	return c.Backend.Put(ctx, key, value)
}

func (c *cuttable) CAS(ctx context.Context, key string, value []byte, index uint64) (bool, error) {
	if err := c.check(); err != nil {
		return false, err
	}
	return c.Backend.CAS(ctx, key, value, index)
}

func (c *cuttable) Delete(ctx context.Context, key string) error {
	if err := c.check(); err != nil {
		return err
	}
	return c.Backend.Delete(ctx, key)
}

func (c *cuttable) CreateSession(ctx context.Context, name string, ttl, lockDelay time.Duration) (string, error) {
	if err := c.check(); err != nil {
		return "", err
	}
	return c.Backend.CreateSession(ctx, name, ttl, lockDelay)
}

func (c *cuttable) RenewSession(ctx context.Context, id string) error {
	if err := c.check(); err != nil {
		return err
	}
	return c.Backend.RenewSession(ctx, id)
}

func (c *cuttable) DestroySession(ctx context.Context, id string) error {
	if err := c.check(); err != nil {
		return err
	}
	return c.Backend.DestroySession(ctx, id)
}

func (c *cuttable) Acquire(ctx context.Context, key string, value []byte, session string) (bool, error) {
	if err := c.check(); err != nil {
		return false, err
	}
	return c.Backend.Acquire(ctx, key, value, session)
}

func (c *cuttable) Release(ctx context.Context, key string, session string) (bool, error) {
	if err := c.check(); err != nil {
		return false, err
	}
	return c.Backend.Release(ctx, key, session)
}
