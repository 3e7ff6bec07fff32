package consulkv

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// snapshot renders every piece of m's state, for before/after comparisons.
func snapshot(m *Memory) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := fmt.Sprintf("index=%d sessions=%d delays=%v\n", m.index, len(m.sessions), m.lockDelays)
	for _, k := range m.sortedKeys("") {
		s += fmt.Sprintf("%+v %q\n", *m.entries[k], m.entries[k].Value)
	}
	return s + fmt.Sprint(m.tombstones)
}

func TestInterceptorFaultChangesNothing(t *testing.T) {
	ctx := context.Background()
	errFault := errors.New("injected fault")
	ops := map[string]func(m *Memory, s string) error{
		OpGet:  func(m *Memory, _ string) error { _, _, err := m.Get(ctx, "k", nil); return err },
		OpList: func(m *Memory, _ string) error { _, _, err := m.List(ctx, "", nil); return err },
		OpPut:  func(m *Memory, _ string) error { return m.Put(ctx, "k", []byte("new")) },
		OpCAS: func(m *Memory, _ string) error {
			_, err := m.CAS(ctx, "k", []byte("new"), 1)
			return err
		},
		OpDelete: func(m *Memory, _ string) error { return m.Delete(ctx, "k") },
		OpCreateSession: func(m *Memory, _ string) error {
			_, err := m.CreateSession(ctx, "n", 0, 0)
			return err
		},
		OpRenewSession:   func(m *Memory, s string) error { return m.RenewSession(ctx, s) },
		OpDestroySession: func(m *Memory, s string) error { return m.DestroySession(ctx, s) },
		OpAcquire: func(m *Memory, s string) error {
			_, err := m.Acquire(ctx, "free", []byte("v"), s)
			return err
		},
		OpRelease: func(m *Memory, s string) error { _, err := m.Release(ctx, "lock", s); return err },
	}
	for op, call := range ops {
		t.Run(op, func(t *testing.T) {
			m, clk := newMemory()
			mustPut(t, m, "k", "old")
			s := mustSession(t, m, 10*time.Second, 15*time.Second)
			acquire(t, m, "lock", "held", s)
			clk.Advance(10 * time.Second) // the session is due to expire on the next call
			var seen []string
			m.SetInterceptor(func(gotOp, key string) error {
				seen = append(seen, gotOp+" "+key)
				return errFault
			})
			before := snapshot(m)
			if err := call(m, s); !errors.Is(err, errFault) {
				t.Fatalf("err = %v, want the injected fault", err)
			}
			if after := snapshot(m); after != before {
				t.Fatalf("state changed:\nbefore %s\nafter  %s", before, after)
			}
			if len(seen) != 1 {
				t.Fatalf("interceptor saw %v", seen)
			}
			m.SetInterceptor(nil)
			if e, _ := mustGet(t, m, "lock"); e.Session != "" {
				t.Fatal("expiry did not happen once the fault was removed")
			}
		})
	}
}
