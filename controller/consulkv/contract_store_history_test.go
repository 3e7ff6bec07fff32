package consulkv

import (
	"context"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func testHistoryTrims(t *testing.T, h *harness) {
	ctx := context.Background()
	st := NewStore(h.b)
	if seq, err := st.LatestHistorySeq(ctx, "web"); seq != 0 || err != nil {
		t.Fatalf("empty LatestHistorySeq = %d, %v", seq, err)
	}
	if hist, err := st.History(ctx, "web"); len(hist) != 0 || err != nil {
		t.Fatalf("empty History = %v, %v", hist, err)
	}
	for seq := 1; seq <= api.HistoryLimit+10; seq++ {
		if err := st.AppendHistory(ctx, "web", testRollout("web", seq)); err != nil {
			t.Fatal(err)
		}
	}
	hist, err := st.History(ctx, "web")
	if err != nil || len(hist) != api.HistoryLimit {
		t.Fatalf("History: %d records, %v; want %d", len(hist), err, api.HistoryLimit)
	}
	for i, r := range hist {
		if want := api.HistoryLimit + 10 - i; r.Seq != want {
			t.Fatalf("History[%d].Seq = %d, want %d (newest first)", i, r.Seq, want)
		}
	}
	if seq, err := st.LatestHistorySeq(ctx, "web"); seq != api.HistoryLimit+10 || err != nil {
		t.Fatalf("LatestHistorySeq = %d, %v", seq, err)
	}
	if e, _ := mustGet(t, h.b, api.KeyHistory("web", 10)); e != nil {
		t.Fatal("seq 10 was not trimmed")
	}
	if es, _, _ := h.b.List(ctx, api.KeyHistoryPrefix("web"), nil); len(es) != api.HistoryLimit {
		t.Fatalf("%d history keys stored, want %d", len(es), api.HistoryLimit)
	}
}

func testHistoryIdempotent(t *testing.T, h *harness) {
	ctx := context.Background()
	st := NewStore(h.b)
	r := testRollout("web", 7)
	for range 2 {
		if err := st.AppendHistory(ctx, "web", r); err != nil {
			t.Fatal(err)
		}
	}
	r.Reason = "rewritten"
	if err := st.AppendHistory(ctx, "web", r); err != nil {
		t.Fatal(err)
	}
	hist, err := st.History(ctx, "web")
	if err != nil || len(hist) != 1 || hist[0].Reason != "rewritten" {
		t.Fatalf("History = %+v, %v; want the one record, rewritten", hist, err)
	}
	if err := st.AppendHistory(ctx, "web", testRollout("api", 8)); err == nil {
		t.Fatal("another service's record appended to web's history")
	}
}

func testHistoryBadKey(t *testing.T, h *harness) {
	bad := api.KeyHistoryPrefix("web") + "latest"
	mustPut(t, h.b, bad, "{}")
	_, err := NewStore(h.b).LatestHistorySeq(context.Background(), "web")
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("err = %v, want one naming %s", err, bad)
	}
}
