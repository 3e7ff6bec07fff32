package releases

import (
	"fmt"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
)

// writeNext writes want as the successor of what "web" holds now.
func writeNext(t *testing.T, kv consulkv.KV, want *api.Release) *api.Release {
	t.Helper()
	st := mustRead(t, kv)
	next, ended := fleet.Successor(st.Record, *want, st.Live, t0)
	ok, err := Write(ctx, kv, "web", next, st.Index, ended)
	if err != nil || !ok {
		t.Fatalf("write %s: %v %v", want.Release, ok, err)
	}
	return next
}

func readHistory(t *testing.T, kv consulkv.KV, limit int) []api.ReleaseHistory {
	t.Helper()
	h, err := History(ctx, kv, "web", limit)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// A successor replaces the record it was decided on and files that
// record's history entry; the last good release is carried.
func TestWriteFilesTheHistoryOfTheRecordItReplaces(t *testing.T) {
	m := newMemory()
	first := writeNext(t, m, rel("r1"))
	if first.Seq != 1 || len(readHistory(t, m, 0)) != 0 {
		t.Fatalf("first record %+v", first)
	}
	report(t, m, "i-1", api.AgentReady, "r1")
	second := writeNext(t, m, rel("r2"))
	st := mustRead(t, m)
	if st.Record.Seq != 2 || st.Record.LastGood == nil || st.Record.LastGood.Release != "r1" || second.Seq != 2 {
		t.Fatalf("second record %+v", st.Record)
	}
	h := readHistory(t, m, 0)
	if len(h) != 1 || h[0].Record.Seq != 1 || h[0].Outcome != api.ReleaseComplete {
		t.Fatalf("history %+v", h)
	}
}

// A check-and-set on an index another writer moved writes nothing: not
// the record, not a history entry.
func TestWriteLosingTheRaceWritesNothing(t *testing.T) {
	m := newMemory()
	writeNext(t, m, rel("r1"))
	stale := mustRead(t, m)
	writeNext(t, m, rel("r2"))
	next, ended := fleet.Successor(stale.Record, *rel("r3"), nil, t0)
	ok, err := Write(ctx, m, "web", next, stale.Index, ended)
	if ok || err != nil {
		t.Fatalf("stale write: %v %v", ok, err)
	}
	if st := mustRead(t, m); st.Record.Release != "r2" || st.Record.Seq != 2 {
		t.Fatalf("record after a lost race: %+v", st.Record)
	}
	if h := readHistory(t, m, 0); len(h) != 1 || h[0].Record.Release != "r1" {
		t.Fatalf("history after a lost race: %+v", h)
	}
	first, _ := fleet.Successor(nil, *rel("r9"), nil, t0)
	if ok, err := Write(ctx, m, "web", first, 0, nil); ok || err != nil {
		t.Fatalf("a first record over an existing one: %v %v", ok, err)
	}
}

// A record written after the key was deleted does not reuse a seq that
// history already names.
func TestWriteNumbersAFirstRecordAfterHistory(t *testing.T) {
	m := newMemory()
	writeNext(t, m, rel("r1"))
	writeNext(t, m, rel("r2"))
	writeNext(t, m, rel("r3"))
	if err := m.Delete(ctx, api.KeyDeploy("web")); err != nil {
		t.Fatal(err)
	}
	if got := writeNext(t, m, rel("r4")); got.Seq != 3 {
		t.Fatalf("seq after the key was deleted: %d, want 3 (history holds 1 and 2)", got.Seq)
	}
}

func TestHistoryIsBoundedAndNewestFirst(t *testing.T) {
	m := newMemory()
	n := api.ReleaseHistoryLimit + 6
	for i := 1; i <= n; i++ {
		writeNext(t, m, rel(fmt.Sprintf("r%d", i)))
	}
	if keys := keysUnder(t, m, api.KeyReleaseHistoryPrefix("web")); len(keys) != api.ReleaseHistoryLimit {
		t.Fatalf("%d history keys, want %d", len(keys), api.ReleaseHistoryLimit)
	}
	all := readHistory(t, m, 0)
	if len(all) != api.ReleaseHistoryLimit || all[0].Record.Seq != n-1 || all[len(all)-1].Record.Seq != n-api.ReleaseHistoryLimit {
		t.Fatalf("history from seq %d to %d (%d entries)", all[0].Record.Seq, all[len(all)-1].Record.Seq, len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].Record.Seq >= all[i-1].Record.Seq {
			t.Fatalf("not newest first at %d: %d after %d", i, all[i].Record.Seq, all[i-1].Record.Seq)
		}
	}
	if few := readHistory(t, m, 3); len(few) != 3 || few[0].Record.Seq != n-1 {
		t.Fatalf("limit 3: %d entries from seq %d", len(few), few[0].Record.Seq)
	}
}

// Filing the same entry again (a retried write) keeps one entry.
func TestAppendHistoryIsIdempotent(t *testing.T) {
	m := newMemory()
	r := rel("r1")
	r.Seq = 4
	h := fleet.Ended(r, nil, t0)
	for range 2 {
		if err := appendHistory(ctx, m, "web", h); err != nil {
			t.Fatal(err)
		}
	}
	if keys := keysUnder(t, m, api.KeyReleaseHistoryPrefix("web")); len(keys) != 1 || keys[0] != api.KeyReleaseHistory("web", 4) {
		t.Fatalf("keys %v", keys)
	}
}
