package consulkv

import (
	"context"
	"slices"
	"testing"
)

func TestMemoryIndexes(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	if e, idx := mustGet(t, m, "a"); e != nil || idx != 1 {
		t.Fatalf("empty store: Get = %v, %d; want nil at the starting index 1", e, idx)
	}
	mustPut(t, m, "a", "1")
	a1, idx := mustGet(t, m, "a")
	if a1.CreateIndex != 2 || a1.ModifyIndex != 2 || idx != 2 {
		t.Fatalf("first write: %+v index %d", a1, idx)
	}
	mustPut(t, m, "b", "1")
	mustPut(t, m, "a", "2")
	a2, idx := mustGet(t, m, "a")
	if a2.CreateIndex != 2 || a2.ModifyIndex != 4 || idx != 4 {
		t.Fatalf("rewrite: %+v index %d", a2, idx)
	}
	if _, idx := mustGet(t, m, "absent"); idx != 4 {
		t.Fatalf("absent key index = %d, want the current index 4", idx)
	}
	mustPut(t, m, "a", "2")
	if ok, _ := m.CAS(ctx, "a", []byte("x"), 2); ok {
		t.Fatal("stale CAS won")
	}
	if err := m.Delete(ctx, "absent"); err != nil {
		t.Fatal(err)
	}
	if _, idx := mustGet(t, m, "absent"); idx != 4 {
		t.Fatalf("same-value put, failed CAS or no-op delete moved the index to %d", idx)
	}
	if err := m.Delete(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if e, idx := mustGet(t, m, "a"); e != nil || idx != 5 {
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
	if idx != 5 {
		t.Fatalf("index = %d, want 5 (highest ModifyIndex under the prefix)", idx)
	}
	if err := m.Delete(ctx, "svc/web/spec"); err != nil {
		t.Fatal(err)
	}
	if _, idx, _ := m.List(ctx, "svc/", nil); idx != 7 {
		t.Fatalf("index after a delete under the prefix = %d, want 7", idx)
	}
	if es, idx, _ := m.List(ctx, "nothing/", nil); len(es) != 0 || idx != 7 {
		t.Fatalf("empty prefix: %d entries, index %d; want 0 and the current index 7", len(es), idx)
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
