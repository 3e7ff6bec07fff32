package consulkv

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestMemoryCAS(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		present bool
		index   func(current uint64) uint64
		want    bool
	}{
		{"create only on absent key", false, func(uint64) uint64 { return 0 }, true},
		{"create only on present key", true, func(uint64) uint64 { return 0 }, false},
		{"matching index", true, func(c uint64) uint64 { return c }, true},
		{"stale index", true, func(c uint64) uint64 { return c - 1 }, false},
		{"future index", true, func(c uint64) uint64 { return c + 5 }, false},
		{"nonzero index on absent key", false, func(uint64) uint64 { return 1 }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := newMemory()
			mustPut(t, m, "other", "x")
			var current uint64
			if tc.present {
				mustPut(t, m, "k", "old")
				_, current = mustGet(t, m, "k")
			}
			ok, err := m.CAS(ctx, "k", []byte("new"), tc.index(current))
			if err != nil || ok != tc.want {
				t.Fatalf("CAS = %v, %v; want %v", ok, err, tc.want)
			}
			e, _ := mustGet(t, m, "k")
			switch {
			case tc.want && string(e.Value) != "new":
				t.Fatalf("value = %q after a winning CAS", e.Value)
			case !tc.want && e != nil && string(e.Value) != "old":
				t.Fatalf("value = %q after a losing CAS", e.Value)
			case !tc.want && !tc.present && e != nil:
				t.Fatalf("losing CAS created the key")
			}
		})
	}
}

func TestMemoryIndexes(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	if e, idx := mustGet(t, m, "a"); e != nil || idx != 0 {
		t.Fatalf("empty store: Get = %v, %d", e, idx)
	}
	mustPut(t, m, "a", "1")
	a1, idx := mustGet(t, m, "a")
	if a1.CreateIndex != 1 || a1.ModifyIndex != 1 || idx != 1 {
		t.Fatalf("first write: %+v index %d", a1, idx)
	}
	mustPut(t, m, "b", "1")
	mustPut(t, m, "a", "2")
	a2, idx := mustGet(t, m, "a")
	if a2.CreateIndex != 1 || a2.ModifyIndex != 3 || idx != 3 {
		t.Fatalf("rewrite: %+v index %d", a2, idx)
	}
	if _, idx := mustGet(t, m, "absent"); idx != 3 {
		t.Fatalf("absent key index = %d, want the current index 3", idx)
	}
	if ok, _ := m.CAS(ctx, "a", []byte("x"), 1); ok {
		t.Fatal("stale CAS won")
	}
	if err := m.Delete(ctx, "absent"); err != nil {
		t.Fatal(err)
	}
	if _, idx := mustGet(t, m, "absent"); idx != 3 {
		t.Fatalf("failed CAS or no-op delete moved the index to %d", idx)
	}
	if err := m.Delete(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if e, idx := mustGet(t, m, "a"); e != nil || idx != 4 {
		t.Fatalf("after delete: %v, %d", e, idx)
	}
}

func TestMemoryList(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	for _, k := range []string{"svc/web/spec", "svc/api/spec", "svcx", "svc/api/desired", "other"} {
		mustPut(t, m, k, k)
	}
	es, idx, err := m.List(ctx, "svc/", nil)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, e := range es {
		keys = append(keys, e.Key)
	}
	if want := []string{"svc/api/desired", "svc/api/spec", "svc/web/spec"}; !slices.Equal(keys, want) {
		t.Fatalf("keys = %v, want %v", keys, want)
	}
	if idx != 4 {
		t.Fatalf("index = %d, want 4 (highest ModifyIndex under the prefix)", idx)
	}
	if err := m.Delete(ctx, "svc/web/spec"); err != nil {
		t.Fatal(err)
	}
	if _, idx, _ := m.List(ctx, "svc/", nil); idx != 6 {
		t.Fatalf("index after a delete under the prefix = %d, want 6", idx)
	}
	if es, idx, _ := m.List(ctx, "nothing/", nil); len(es) != 0 || idx != 6 {
		t.Fatalf("empty prefix: %d entries, index %d; want 0 and the current index 6", len(es), idx)
	}
	if got := m.Keys(); !slices.IsSorted(got) || len(got) != 4 {
		t.Fatalf("Keys = %v", got)
	}
}

func TestMemoryCopiesValues(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	in := []byte("abc")
	if err := m.Put(ctx, "k", in); err != nil {
		t.Fatal(err)
	}
	in[0] = 'X'
	e, _ := mustGet(t, m, "k")
	e.Value[1] = 'Y'
	es, _, _ := m.List(ctx, "", nil)
	es[0].Value[2] = 'Z'
	if e, _ := mustGet(t, m, "k"); string(e.Value) != "abc" {
		t.Fatalf("stored value aliased by a caller: %q", e.Value)
	}
}

func TestMemoryRejectsBadWrites(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	big := make([]byte, MaxMemoryValueBytes+1)
	if err := m.Put(ctx, "k", big); err == nil || !strings.Contains(err.Error(), `"k"`) {
		t.Fatalf("oversized put: %v", err)
	}
	if err := m.Put(ctx, "", []byte("v")); err == nil {
		t.Fatal("empty key accepted")
	}
	if len(m.Keys()) != 0 {
		t.Fatalf("rejected writes stored something: %v", m.Keys())
	}
}
