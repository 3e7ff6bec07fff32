package consulkv

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func kvContractTests() []contractTest {
	return []contractTest{
		{name: "KV/CAS", run: testKVCAS},
		{name: "KV/Indexes", run: testKVIndexes},
		{name: "KV/List", run: testKVList},
		{name: "KV/RejectsBadWrites", run: testKVRejectsBadWrites},
	}
}

func testKVCAS(t *testing.T, h *harness) {
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
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			key := "asgctl/test/cas/" + string(rune('a'+i))
			mustPut(t, h.b, "asgctl/test/other", tc.name)
			var current uint64
			if tc.present {
				mustPut(t, h.b, key, "old")
				_, current = mustGet(t, h.b, key)
			}
			ok, err := h.b.CAS(ctx, key, []byte("new"), tc.index(current))
			if err != nil || ok != tc.want {
				t.Fatalf("CAS = %v, %v; want %v", ok, err, tc.want)
			}
			e, _ := mustGet(t, h.b, key)
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

func testKVIndexes(t *testing.T, h *harness) {
	ctx := context.Background()
	mustPut(t, h.b, "asgctl/a", "1")
	a1, idx := mustGet(t, h.b, "asgctl/a")
	if a1.CreateIndex == 0 || a1.ModifyIndex != a1.CreateIndex || idx != a1.ModifyIndex {
		t.Fatalf("first write: %+v index %d", a1, idx)
	}
	mustPut(t, h.b, "asgctl/b", "1")
	mustPut(t, h.b, "asgctl/a", "2")
	a2, idx := mustGet(t, h.b, "asgctl/a")
	if a2.CreateIndex != a1.CreateIndex || a2.ModifyIndex <= a1.ModifyIndex || idx != a2.ModifyIndex {
		t.Fatalf("rewrite: %+v index %d, after %+v", a2, idx, a1)
	}
	mustPut(t, h.b, "asgctl/a", "2")
	if again, _ := mustGet(t, h.b, "asgctl/a"); again.ModifyIndex != a2.ModifyIndex {
		t.Fatalf("rewriting the same value moved ModifyIndex %d -> %d", a2.ModifyIndex, again.ModifyIndex)
	}
	if ok, err := h.b.CAS(ctx, "asgctl/a", []byte("x"), a1.ModifyIndex); ok || err != nil {
		t.Fatalf("stale CAS = %v, %v", ok, err)
	}
	if _, absent := mustGet(t, h.b, "asgctl/absent"); absent < a2.ModifyIndex {
		t.Fatalf("absent key index %d is below the last write's %d", absent, a2.ModifyIndex)
	}
	if err := h.b.Delete(ctx, "asgctl/absent"); err != nil {
		t.Fatal(err)
	}
	if err := h.b.Delete(ctx, "asgctl/a"); err != nil {
		t.Fatal(err)
	}
	if e, idx := mustGet(t, h.b, "asgctl/a"); e != nil || idx <= a2.ModifyIndex {
		t.Fatalf("after delete: %v, index %d; want nil past %d", e, idx, a2.ModifyIndex)
	}
}

func testKVList(t *testing.T, h *harness) {
	ctx := context.Background()
	for _, k := range []string{"asgctl/svc/web/spec", "asgctl/svc/api/spec", "asgctl/svcx", "asgctl/svc/api/desired", "asgctl/other"} {
		mustPut(t, h.b, k, k)
	}
	es, idx, err := h.b.List(ctx, "asgctl/svc/", nil)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	var highest uint64
	for _, e := range es {
		keys = append(keys, e.Key)
		highest = max(highest, e.ModifyIndex)
		if e.Key != string(e.Value) {
			t.Fatalf("entry %+v carries the wrong value", e)
		}
	}
	if want := []string{"asgctl/svc/api/desired", "asgctl/svc/api/spec", "asgctl/svc/web/spec"}; !slices.Equal(keys, want) {
		t.Fatalf("keys = %v, want %v", keys, want)
	}
	if idx != highest {
		t.Fatalf("index = %d, want %d (highest ModifyIndex under the prefix)", idx, highest)
	}
	if err := h.b.Delete(ctx, "asgctl/svc/web/spec"); err != nil {
		t.Fatal(err)
	}
	if es, after, _ := h.b.List(ctx, "asgctl/svc/", nil); len(es) != 2 || after <= idx {
		t.Fatalf("after a delete under the prefix: %d entries at index %d; want 2 past %d", len(es), after, idx)
	}
	if es, _, err := h.b.List(ctx, "asgctl/nothing/", nil); len(es) != 0 || err != nil {
		t.Fatalf("empty prefix: %v, %v", es, err)
	}
}

func testKVRejectsBadWrites(t *testing.T, h *harness) {
	ctx := context.Background()
	big := make([]byte, MaxMemoryValueBytes+1)
	err := h.b.Put(ctx, "asgctl/big", big)
	if !errors.Is(err, api.ErrTooLarge) || !strings.Contains(err.Error(), `"asgctl/big"`) {
		t.Fatalf("oversized put: %v; want api.ErrTooLarge naming the key", err)
	}
	if _, err := h.b.CAS(ctx, "asgctl/big", big, 0); !errors.Is(err, api.ErrTooLarge) {
		t.Fatalf("oversized cas: %v", err)
	}
	for _, key := range []string{"", "/asgctl/x"} {
		if err := h.b.Put(ctx, key, []byte("v")); err == nil {
			t.Fatalf("put %q accepted", key)
		}
	}
	if err := h.b.Put(ctx, "asgctl/ok", make([]byte, MaxMemoryValueBytes)); err != nil {
		t.Fatalf("value of exactly the limit: %v", err)
	}
	if es, _, _ := h.b.List(ctx, "", nil); len(es) != 1 {
		t.Fatalf("rejected writes stored something: %d keys", len(es))
	}
}
