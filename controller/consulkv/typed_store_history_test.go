package consulkv

import (
	"context"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestHistoryTrimsToNewest(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	st := NewStore(m)
	if seq, err := st.LatestHistorySeq(ctx, "web"); seq != 0 || err != nil {
		t.Fatalf("empty LatestHistorySeq = %d, %v", seq, err)
	}
	if h, err := st.History(ctx, "web"); len(h) != 0 || err != nil {
		t.Fatalf("empty History = %v, %v", h, err)
	}
	for seq := 1; seq <= api.HistoryLimit+10; seq++ {
		if err := st.AppendHistory(ctx, "web", testRollout("web", seq)); err != nil {
			t.Fatal(err)
		}
	}
	h, err := st.History(ctx, "web")
	if err != nil || len(h) != api.HistoryLimit {
		t.Fatalf("History: %d records, %v; want %d", len(h), err, api.HistoryLimit)
	}
	for i, r := range h {
		if want := api.HistoryLimit + 10 - i; r.Seq != want {
			t.Fatalf("History[%d].Seq = %d, want %d (newest first)", i, r.Seq, want)
		}
	}
	if seq, err := st.LatestHistorySeq(ctx, "web"); seq != api.HistoryLimit+10 || err != nil {
		t.Fatalf("LatestHistorySeq = %d, %v", seq, err)
	}
	if e, _ := mustGet(t, m, api.KeyHistory("web", 10)); e != nil {
		t.Fatal("seq 10 was not trimmed")
	}
}

func TestHistoryAppendIsIdempotent(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	st := NewStore(m)
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
	h, err := st.History(ctx, "web")
	if err != nil || len(h) != 1 || h[0].Reason != "rewritten" {
		t.Fatalf("History = %+v, %v; want the one record, rewritten", h, err)
	}
	if err := st.AppendHistory(ctx, "web", testRollout("api", 8)); err == nil {
		t.Fatal("another service's record appended to web's history")
	}
}

func TestHistoryBadKeyIsNamed(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	bad := api.KeyHistoryPrefix("web") + "latest"
	mustPut(t, m, bad, "{}")
	_, err := NewStore(m).LatestHistorySeq(ctx, "web")
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("err = %v, want one naming %s", err, bad)
	}
}
