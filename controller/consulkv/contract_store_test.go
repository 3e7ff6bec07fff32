package consulkv

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func storeContractTests() []contractTest {
	return []contractTest{
		{name: "Store/RoundTrips", run: testStoreRoundTrips},
		{name: "Store/AbsentReadsAsNilZero", run: testStoreAbsent},
		{name: "Store/CheckAndSet", run: testStoreCheckAndSet},
		{name: "Store/CASReadBackRace", run: testStoreCASReadBackRace},
		{name: "Store/RejectsInvalidAndOversized", run: testStoreRejects},
		{name: "Store/MalformedValuesNameTheKey", run: testStoreMalformed},
		{name: "Store/Services", run: testStoreServices},
		{name: "Store/Controllers", run: testStoreControllers},
		{name: "Store/HistoryTrimsToNewest", run: testHistoryTrims},
		{name: "Store/HistoryAppendIsIdempotent", run: testHistoryIdempotent},
		{name: "Store/HistoryBadKeyIsNamed", run: testHistoryBadKey},
		{name: "Store/WaitDesired", run: testWaitDesired},
		{name: "Store/WaitDesiredCancel", run: testWaitDesiredCancel},
	}
}

func testStoreRoundTrips(t *testing.T, h *harness) {
	ctx := context.Background()
	st := NewStore(h.b)
	spec := testSpec(t, "web")
	if err := st.PutSpec(ctx, spec); err != nil {
		t.Fatal(err)
	}
	gotSpec, idx, err := st.Spec(ctx, "web")
	if err != nil || idx == 0 || !reflect.DeepEqual(gotSpec, spec) {
		t.Fatalf("Spec = %+v, %d, %v", gotSpec, idx, err)
	}
	if err := st.PutSpec(ctx, spec); err != nil {
		t.Fatalf("PutSpec again: %v", err)
	}

	d := testDesired("ami-0abc1234def567890", "r1")
	di, err := st.PutDesired(ctx, "web", d, 0)
	if err != nil {
		t.Fatal(err)
	}
	gotD, idx, err := st.Desired(ctx, "web")
	if err != nil || idx != di || !reflect.DeepEqual(gotD, d) {
		t.Fatalf("Desired = %+v, %d, %v; want index %d", gotD, idx, err, di)
	}

	r := testRollout("web", 3)
	r.Weights = map[string]int{"tg-a": 90, "tg-b": 10}
	ri, err := st.PutRollout(ctx, "web", r, 0)
	if err != nil {
		t.Fatal(err)
	}
	gotR, idx, err := st.Rollout(ctx, "web")
	if err != nil || idx != ri || !reflect.DeepEqual(gotR, r) {
		t.Fatalf("Rollout = %+v, %d, %v; want index %d", gotR, idx, err, ri)
	}
}

func testStoreAbsent(t *testing.T, h *harness) {
	ctx := context.Background()
	mustPut(t, h.b, "asgctl/unrelated", "x")
	st := NewStore(h.b)
	if s, idx, err := st.Spec(ctx, "web"); s != nil || idx != 0 || err != nil {
		t.Fatalf("Spec = %v, %d, %v", s, idx, err)
	}
	if d, idx, err := st.Desired(ctx, "web"); d != nil || idx != 0 || err != nil {
		t.Fatalf("Desired = %v, %d, %v", d, idx, err)
	}
	if r, idx, err := st.Rollout(ctx, "web"); r != nil || idx != 0 || err != nil {
		t.Fatalf("Rollout = %v, %d, %v", r, idx, err)
	}
}

func testStoreCheckAndSet(t *testing.T, h *harness) {
	ctx := context.Background()
	st := NewStore(h.b)
	r := testRollout("web", 1)
	i1, err := st.PutRollout(ctx, "web", r, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutRollout(ctx, "web", r, 0); !errors.Is(err, ErrConflict) {
		t.Fatalf("create-only over an existing record: %v", err)
	}
	r.Phase = api.PhaseShifting
	i2, err := st.PutRollout(ctx, "web", r, i1)
	if err != nil || i2 <= i1 {
		t.Fatalf("PutRollout = %d, %v; want an index past %d", i2, err, i1)
	}
	_, err = st.PutRollout(ctx, "web", r, i1)
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), api.KeyRollout("web")) {
		t.Fatalf("stale index: %v; want ErrConflict naming the key", err)
	}

	d := testDesired("ami-0abc1234def567890", "r1")
	di, err := st.PutDesired(ctx, "web", d, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.PutDesired(ctx, "web", d, 0)
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), api.KeyDesired("web")) {
		t.Fatalf("desired create-only twice: %v; want ErrConflict naming the key", err)
	}
	d.RequestID = "r2"
	if _, err := st.PutDesired(ctx, "web", d, di); err != nil {
		t.Fatalf("PutDesired at the current index: %v", err)
	}
	if _, err := st.PutDesired(ctx, "web", d, di); !errors.Is(err, ErrConflict) {
		t.Fatalf("PutDesired at a stale index: %v", err)
	}
}

// racingKV lets another writer in between a CAS and what follows it.
type racingKV struct {
	KV
	afterCAS func()
}

func (r racingKV) CAS(ctx context.Context, key string, value []byte, index uint64) (bool, error) {
	ok, err := r.KV.CAS(ctx, key, value, index)
	r.afterCAS()
	return ok, err
}

func testStoreCASReadBackRace(t *testing.T, h *harness) {
	ctx := context.Background()
	data, _ := api.Encode(testRollout("web", 2))
	st := NewStore(racingKV{KV: h.b, afterCAS: func() { mustPut(t, h.b, api.KeyRollout("web"), string(data)) }})
	if _, err := st.PutRollout(ctx, "web", testRollout("web", 1), 0); !errors.Is(err, ErrConflict) {
		t.Fatalf("overwritten before read-back: %v; want ErrConflict", err)
	}
}

func testStoreRejects(t *testing.T, h *harness) {
	ctx := context.Background()
	st := NewStore(h.b)
	bad := testSpec(t, "web")
	bad.Capacity.Min = 10
	if err := st.PutSpec(ctx, bad); err == nil || !strings.Contains(err.Error(), api.KeySpec("web")) {
		t.Fatalf("invalid spec: %v", err)
	}
	if _, err := st.PutDesired(ctx, "web", testDesired("not-an-ami", "r1"), 0); err == nil {
		t.Fatal("invalid desired state written")
	}
	huge := testRollout("web", 1)
	huge.Reason = strings.Repeat("x", api.MaxValueBytes)
	_, err := st.PutRollout(ctx, "web", huge, 0)
	if !errors.Is(err, api.ErrTooLarge) || !strings.Contains(err.Error(), api.KeyRollout("web")) {
		t.Fatalf("oversized rollout: %v", err)
	}
	hugeSpec := testSpec(t, "web")
	hugeSpec.Tags = map[string]string{"big": strings.Repeat("y", api.MaxValueBytes)}
	if err := st.PutSpec(ctx, hugeSpec); err == nil || !strings.Contains(err.Error(), api.KeySpec("web")) {
		t.Fatalf("oversized spec: %v", err)
	}
	if _, err := st.PutRollout(ctx, "web", testRollout("api", 1), 0); err == nil {
		t.Fatal("another service's record written under web")
	}
	if es, _, _ := h.b.List(ctx, "", nil); len(es) != 0 {
		t.Fatalf("rejected writes stored %d keys", len(es))
	}
}

func testStoreMalformed(t *testing.T, h *harness) {
	ctx := context.Background()
	values := map[string]string{
		"truncated":     `{"version": 1,`,
		"unknown field": `{"version": 1, "ami": "ami-0abc1234def567890", "bogus": true}`,
		"invalid":       `{"version": 2}`,
		"empty":         ``,
		"oversized":     `"` + strings.Repeat("x", api.MaxValueBytes) + `"`,
	}
	reads := map[string]func(Store) error{
		api.KeySpec("web"):       func(st Store) error { _, _, err := st.Spec(ctx, "web"); return err },
		api.KeyDesired("web"):    func(st Store) error { _, _, err := st.Desired(ctx, "web"); return err },
		api.KeyRollout("web"):    func(st Store) error { _, _, err := st.Rollout(ctx, "web"); return err },
		api.KeyHistory("web", 1): func(st Store) error { _, err := st.History(ctx, "web"); return err },
	}
	for name, value := range values {
		for key, read := range reads {
			t.Run(name+" "+key, func(t *testing.T) {
				mustPut(t, h.b, key, value)
				defer func() {
					if err := h.b.Delete(ctx, key); err != nil {
						t.Fatal(err)
					}
				}()
				err := read(NewStore(h.b))
				if err == nil || !strings.Contains(err.Error(), key) {
					t.Fatalf("err = %v, want one naming %s", err, key)
				}
			})
		}
	}
}

func testStoreServices(t *testing.T, h *harness) {
	ctx := context.Background()
	st := NewStore(h.b)
	for _, svc := range []string{"web", "api", "a-b"} {
		if err := st.PutSpec(ctx, testSpec(t, svc)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.PutDesired(ctx, "orphan", testDesired("ami-0abc1234def567890", "r"), 0); err != nil {
		t.Fatal(err)
	}
	if err := st.AppendHistory(ctx, "web", testRollout("web", 1)); err != nil {
		t.Fatal(err)
	}
	got, err := st.Services(ctx)
	if want := []string{"a-b", "api", "web"}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("Services = %v, %v; want %v", got, err, want)
	}
}
