package daemon

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/agent/internal/roll"
)

func TestStateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	j := roll.Journal{Target: r2, Previous: r1, Index: 1}.Record(roll.KindDrain).Record(roll.KindStop)
	want := State{
		Version:      stateVersion,
		Target:       r2,
		Failed:       "process 1: health failed",
		FailedTarget: roll.Target{Release: "r3", ConfigRev: "4"},
		Procs: []ProcRecord{
			{Index: 0, Release: "r2", ConfigRev: "1", State: roll.StateServing, PID: 4242, Started: 987654321},
			{Index: 1, Release: "r1", ConfigRev: "1", State: roll.StateStopped},
		},
		Journal:       &j,
		ReportSession: "sess-1",
	}
	in := want
	in.Version = 0 // saveState stamps the version
	if err := saveState(dir, in); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(statePath(dir))
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Fatalf("state file mode = %o, want 600", mode)
	}
	got, err := loadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("loadState =\n  %+v\nwant\n  %+v", got, want)
	}
}

func TestStateSaveReplaces(t *testing.T) {
	dir := t.TempDir()
	if err := saveState(dir, State{Target: r1, Failed: "old"}); err != nil {
		t.Fatal(err)
	}
	if err := saveState(dir, State{Target: r2}); err != nil {
		t.Fatal(err)
	}
	got, err := loadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.Target != r2 || got.Failed != "" || got.Journal != nil {
		t.Fatalf("loadState after second save = %+v", got)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "state.json" {
		t.Fatalf("state dir holds %v, want only state.json", names(entries))
	}
}

func TestStateMissingIsEmpty(t *testing.T) {
	got, err := loadState(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, State{Version: 1}) {
		t.Fatalf("loadState of nothing = %+v, want an empty version 1 state", got)
	}
}

func TestStateUnreadableMovedAside(t *testing.T) {
	cases := []struct {
		name string
		data string
	}{
		{"garbage", "not json {"},
		{"truncated", `{"version":1,"target":{"Release":"r1"`},
		{"version 2", `{"version":2,"target":{"Release":"r1","ConfigRev":"1"}}`},
		{"no version", `{"target":{"Release":"r1","ConfigRev":"1"}}`},
		{"null", `null`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := statePath(dir)
			if err := os.WriteFile(path, []byte(c.data), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := loadState(dir)
			aside := filepath.Join(dir, "state.json.unreadable")
			if err == nil || !strings.Contains(err.Error(), aside) {
				t.Fatalf("loadState err = %v, want one naming %s", err, aside)
			}
			if !reflect.DeepEqual(got, State{Version: 1}) {
				t.Fatalf("loadState = %+v, want an empty version 1 state", got)
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Fatalf("state.json still there (stat err %v)", err)
			}
			data, err := os.ReadFile(aside)
			if err != nil || string(data) != c.data {
				t.Fatalf("moved-aside file = %q, %v; want the original %q", data, err, c.data)
			}
			// The next start begins from nothing without complaint.
			if st, err := loadState(dir); err != nil || !reflect.DeepEqual(st, State{Version: 1}) {
				t.Fatalf("second loadState = %+v, %v", st, err)
			}
		})
	}
}

// A decodable file of another version is refused with words a person can
// act on: which version it is, not a Go "<nil>" error value.
func TestStateOtherVersionSaysWhichVersion(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(statePath(dir), []byte(`{"version":2}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := loadState(dir)
	if err == nil {
		t.Fatal("loadState of a version 2 file succeeded")
	}
	if msg := err.Error(); strings.Contains(msg, "<nil>") || !strings.Contains(msg, "version 2") {
		t.Fatalf("err = %q, want it to name version 2 and not print a nil error", msg)
	}
}

func names(entries []os.DirEntry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Name()
	}
	return out
}
