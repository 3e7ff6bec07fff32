package consulkv

import (
	"context"
	"errors"
	"fmt"

	"github.com/cenkalti/backoff/v4"
)

// errBadSemaphoreRecord marks a semaphore record that is not the
// semaphore's JSON: retrying cannot help, so Acquire returns it.
var errBadSemaphoreRecord = errors.New("not a semaphore record")

// limitFunc computes a semaphore's limit for one attempt.
type limitFunc = func(ctx context.Context) (int, error)

// wait runs c's attempts until it is granted a slot. It ends with
// errRejoin when c's session ended, with ctx's error, or with a bad record.
func (s *Semaphore) wait(ctx context.Context, c *contender, limit limitFunc, bo *backoff.ExponentialBackOff) (*Slot, error) {
	wctx, cancel := c.untilLost(ctx)
	defer cancel()
	var index uint64
	for {
		v, idx, n, err := s.read(wctx, index, limit)
		if err != nil {
			if err := s.settle(ctx, wctx, c, bo, "read", err); err != nil {
				return nil, err
			}
			index = 0
			continue
		}
		s.sweep(wctx, v.deadKeys)
		d := decideGrant(v, c.session, n)
		switch d.Verdict {
		case verdictHeld:
			return newSlot(c), nil
		case verdictRejoin:
			return nil, errRejoin
		case verdictWait:
			bo.Reset()
			index = NextWaitIndex(index, idx)
			continue
		}
		ok, err := s.casRecord(wctx, d.Record, d.RecordIndex)
		if ok && err == nil {
			return newSlot(c), nil
		}
		if err != nil {
			if err := s.settle(ctx, wctx, c, bo, "take slot", err); err != nil {
				return nil, err
			}
		}
		index = 0 // lost the check-and-set, or unsure: read again at once
	}
}

// read is one attempt's input: the prefix (blocking on index while it
// stays there) and the limit computed now.
func (s *Semaphore) read(ctx context.Context, index uint64, limit limitFunc) (semaphoreView, uint64, int, error) {
	entries, idx, err := s.b.List(ctx, s.prefix, &QueryOptions{WaitIndex: index, WaitTime: s.opt.WaitTime})
	if err != nil {
		return semaphoreView{}, 0, 0, fmt.Errorf("read semaphore %s: %w", s.prefix, err)
	}
	n, err := limit(ctx)
	if err != nil {
		return semaphoreView{}, 0, 0, fmt.Errorf("semaphore %s: compute limit: %w", s.prefix, err)
	}
	v, err := readSemaphore(s.prefix, entries)
	if err != nil {
		return semaphoreView{}, 0, 0, err
	}
	return v, idx, n, nil
}

// settle handles a failed step: it returns the error that ends waiting
// (ctx ended, the session ended, a bad record), or nil once the retry
// backoff has passed.
func (s *Semaphore) settle(ctx, wctx context.Context, c *contender, bo *backoff.ExponentialBackOff, step string, err error) error {
	if end := s.endOfWait(ctx, c, err); end != nil {
		return end
	}
	if s.retryAfter(wctx, bo, step, err) != nil {
		if end := s.endOfWait(ctx, c, nil); end != nil {
			return end
		}
		return errRejoin // wctx ends only with ctx or the session
	}
	return nil
}

// endOfWait returns why waiting must end, or nil to retry.
func (s *Semaphore) endOfWait(ctx context.Context, c *contender, err error) error {
	switch {
	case ctx.Err() != nil:
		return s.ctxErr(ctx)
	case c.isLost():
		return errRejoin
	case errors.Is(err, errBadSemaphoreRecord):
		return fmt.Errorf("acquire semaphore: %w", err)
	}
	return nil
}

// sweep deletes dead contender keys, best effort: any contender may, and
// the next one that reads the prefix tries again.
func (s *Semaphore) sweep(ctx context.Context, keys []string) {
	for _, k := range keys {
		if err := s.b.Delete(ctx, k); err != nil {
			s.log.Debug("semaphore: delete dead contender key", "key", k, "error", err)
		}
	}
}

// casRecord writes the semaphore record with check-and-set on index,
// marked with Consul's semaphore flag when SemaphoreOptions.ConsulFlag
// asks for it and the backend can store flags.
func (s *Semaphore) casRecord(ctx context.Context, value []byte, index uint64) (bool, error) {
	key := s.prefix + semaphoreRecordName
	if w, ok := s.b.(semaphoreRecordWriter); ok && s.opt.ConsulFlag {
		return w.casSemaphoreRecord(ctx, key, value, index)
	}
	return s.b.CAS(ctx, key, value, index)
}
