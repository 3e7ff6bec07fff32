package cli

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseAssignments(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		want     []assignment
		problems []string // each problem must contain its entry, in order
	}{
		{name: "plain", args: []string{"A=1", "_B=x=y", "EMPTY="}, want: []assignment{{"A", "1"}, {"_B", "x=y"}, {"EMPTY", ""}}},
		{name: "value with spaces and quotes", args: []string{`MSG=it's "fine" $HOME`}, want: []assignment{{"MSG", `it's "fine" $HOME`}}},
		{name: "every problem listed", args: []string{"1A=x", "B-C=x", "=x", "NOEQ", "NL=a\nb", "CR=a\rb", "NUL=a\x00b", "OK=1", "OK=2"},
			want: []assignment{{"OK", "1"}},
			problems: []string{`"1A" is not a valid name`, `"B-C" is not a valid name`, `"" is not a valid name`, `"NOEQ": use NAME=VALUE`,
				"NL: the value holds a NUL or line break", "CR: the value", "NUL: the value", "OK is given more than once"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, problems := parseAssignments(c.args)
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("assignments %q, want %q", got, c.want)
			}
			if len(problems) != len(c.problems) {
				t.Fatalf("problems %q, want %d", problems, len(c.problems))
			}
			for i, p := range c.problems {
				if !strings.Contains(problems[i], p) {
					t.Errorf("problem %d %q, want it to say %q", i, problems[i], p)
				}
			}
		})
	}
}

func TestParseNames(t *testing.T) {
	names, problems := parseNames([]string{"A", "A", "b_2", "9x", "a.b"})
	if !reflect.DeepEqual(names, []string{"A", "b_2"}) || len(problems) != 2 {
		t.Fatalf("names %q problems %q", names, problems)
	}
}

func TestScopeFor(t *testing.T) {
	cases := []struct {
		arg, prefix, err string
	}{
		{arg: "global", prefix: "global/"},
		{arg: "web", prefix: "web/"},
		{arg: "deploys", err: "reserved"},
		{arg: "asgctl", err: "reserved"},
		{arg: "a/b", err: "use 1-63 letters"},
		{arg: "-web", err: "use 1-63 letters"},
	}
	for _, c := range cases {
		sc, err := scopeFor(c.arg)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: err %v, want %q", c.arg, err, c.err)
			}
			continue
		}
		if err != nil || sc.Prefix != c.prefix {
			t.Errorf("%s: %+v %v, want prefix %s", c.arg, sc, err, c.prefix)
		}
	}
}

func TestMergeConfig(t *testing.T) {
	got := mergeConfig("web", map[string]string{"A": "g", "B": "g"}, map[string]string{"B": "s", "C": "s"})
	want := map[string]configValue{"A": {"g", "global"}, "B": {"s", "web"}, "C": {"s", "web"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("merged %v, want %v", got, want)
	}
	if got := mergeConfig("web", nil, nil); len(got) != 0 {
		t.Fatalf("empty: %v", got)
	}
}

func TestPlanSetAndUnset(t *testing.T) {
	cur := map[string]string{"A": "1", "B": "2"}
	set := planSet("web/", cur, []assignment{{"A", "1"}, {"B", "3"}, {"C", ""}})
	if want := []change{{"web/A", "unchanged", "1"}, {"web/B", "updated", "3"}, {"web/C", "created", ""}}; !reflect.DeepEqual(set, want) {
		t.Fatalf("set %v, want %v", set, want)
	}
	unset := planUnset("web/", cur, []string{"A", "Z"})
	if want := []change{{"web/A", "deleted", ""}, {"web/Z", "absent", ""}}; !reflect.DeepEqual(unset, want) {
		t.Fatalf("unset %v, want %v", unset, want)
	}
}

func TestDecidePush(t *testing.T) {
	if _, err := decidePush("web", nil, t0, "ci"); err == nil || !strings.Contains(err.Error(), "web has no release yet") {
		t.Fatalf("no release: %v", err)
	}
	cur := relFix("r-1", "s3://b/1", 2)
	cur.MaxInFlight, cur.NoRollback, cur.RollbackOf = "2", true, "r-0"
	later := t0.Add(time.Hour)
	next, err := decidePush("web", cur, later, "ops")
	if err != nil || next.ConfigRev != 3 || next.Release != "r-1" || cur.ConfigRev != 2 {
		t.Fatalf("next %+v (cur %+v) err %v", next, cur, err)
	}
	if next.MaxInFlight != "2" || !next.NoRollback || next.RollbackOf != "" || !next.CreatedAt.Equal(later) || next.CreatedBy != "ops" {
		t.Fatalf("pacing, rollback or authorship not as pushed: %+v", next)
	}
}

func TestRefuseDenied(t *testing.T) {
	as := []assignment{{"LD_PRELOAD", "/x.so"}, {"PATH", "/tmp"}, {"APP_PATH", "/srv"}, {"NODE_OPTIONS", "--require x"}}
	got := refuseDenied(as, []string{"NODE_OPTIONS"})
	if len(got) != 2 || !strings.HasPrefix(got[0], "LD_PRELOAD is refused: it steers the dynamic loader") ||
		!strings.HasPrefix(got[1], "PATH is refused: it chooses which programs run") {
		t.Fatalf("refused %q", got)
	}
	if got := refuseDenied(as[2:3], nil); len(got) != 0 {
		t.Fatalf("APP_PATH refused: %q", got)
	}
}

func TestWrapWords(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  string
	}{
		{"", 10, "  "},
		{"A, B, C", 20, "  A, B, C"},
		{"AAAA, BBBB, CCCC", 13, "  AAAA, BBBB,\n  CCCC"},
		{"AAAA, BBBB, CCCC", 12, "  AAAA,\n  BBBB, CCCC"},
		{"LONGERTHANWIDTH x", 5, "  LONGERTHANWIDTH\n  x"},
	}
	for _, c := range cases {
		if got := wrapWords(c.in, c.width, "  "); got != c.want {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}
