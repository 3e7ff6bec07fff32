package releases

import (
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestReadWithoutARecord(t *testing.T) {
	st := mustRead(t, newMemory())
	if st.Record != nil || st.Index != 0 || st.Live == nil || len(st.Live) != 0 || st.Skipped != nil {
		t.Fatalf("empty store: %+v", st)
	}
}

// Reports no session holds (a gone instance) are left out, and one that
// does not decode is left out and named.
func TestReadLeavesOutDeadAndUnreadableReports(t *testing.T) {
	m := newMemory()
	putRecord(t, m, rel("r1"))
	report(t, m, "i-1", api.AgentReady, "r1")
	if err := m.Put(ctx, api.KeyAgent("web", "i-dead"), []byte(`{"version":1}`)); err != nil {
		t.Fatal(err)
	}
	sess, _ := m.CreateSession(ctx, "bad", 0, 0)
	if ok, err := m.Acquire(ctx, api.KeyAgent("web", "i-bad"), []byte("not json"), sess); !ok || err != nil {
		t.Fatal(ok, err)
	}
	st := mustRead(t, m)
	if st.Record == nil || st.Record.Release != "r1" || st.Index == 0 {
		t.Fatalf("record %+v at %d", st.Record, st.Index)
	}
	if len(st.Live) != 1 || st.Live[0].InstanceID != "i-1" {
		t.Fatalf("live %+v", st.Live)
	}
	if st.Skipped == nil || !strings.Contains(st.Skipped.Error(), "asgctl/agents/web/i-bad") {
		t.Fatalf("skipped %v", st.Skipped)
	}
}

func TestReadUnreadableRecordSaysWhatToDo(t *testing.T) {
	m := newMemory()
	if err := m.Put(ctx, api.KeyDeploy("web"), []byte(`{"version":1,"release":"x","surprise":1}`)); err != nil {
		t.Fatal(err)
	}
	_, err := Read(ctx, m, "web")
	if err == nil || !strings.Contains(err.Error(), "deploys/web") || !strings.Contains(err.Error(), "fix or delete") {
		t.Fatalf("error %v", err)
	}
}
