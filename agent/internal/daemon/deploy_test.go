package daemon

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/agent/internal/release"
	"github.com/asgctl/asgctl/agent/internal/roll"
)

// lines returns "line from" … "line to", one per line, each ending in \n.
func lines(from, to int) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	return b.String()
}

func TestFailureText(t *testing.T) {
	health := errors.New("not 3 passing checks")
	stepErr := func(tail string) error {
		return fmt.Errorf("rollout of r2 stopped: %w", &StepError{Index: 2, Kind: roll.KindHealth, Err: health, Tail: tail})
	}
	const head = "rollout of r2 stopped: process 2: health failed: not 3 passing checks"
	const restored = "; the instance went back to what it served before. Last output of process 2:\n"
	rejected := &release.RejectError{Rule: release.RuleTraversal, Entry: "../etc/passwd", Detail: "entry leaves the release"}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"plain error is its message", errors.New("fetch s3://bucket/web/r2.tgz: access denied"),
			"fetch s3://bucket/web/r2.tgz: access denied"},
		{"rejected artifact", fmt.Errorf("fetch r2: %w", rejected),
			"fetch r2: " + rejected.Error() + " (the artifact was rejected; nothing on the box changed)"},
		{"step error with a long tail quotes the last 20 lines", stepErr(lines(1, 30)),
			head + restored + strings.TrimSuffix(lines(11, 30), "\n")},
		{"exactly 20 lines all quoted", stepErr(lines(1, 20)),
			head + restored + strings.TrimSuffix(lines(1, 20), "\n")},
		{"short tail without a final newline", stepErr("panic: boom\ngoroutine 1"),
			head + restored + "panic: boom\ngoroutine 1"},
		{"step error without output is its message", stepErr(""), head},
		{"step error with blank output is its message", stepErr("\n  \n"), head},
		{"unwrapped step error", &StepError{Index: 0, Kind: roll.KindStart, Err: errors.New("exec: no such file"), Tail: "x\n"},
			"process 0: start failed: exec: no such file; the instance went back to what it served before. Last output of process 0:\nx"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := failureText(c.err); got != c.want {
				t.Fatalf("failureText =\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestFailureTextQuotesOnlyTheLastLines(t *testing.T) {
	got := failureText(&StepError{Index: 1, Kind: roll.KindHealth, Err: errors.New("x"), Tail: lines(1, 30)})
	_, quoted, ok := strings.Cut(got, "Last output of process 1:\n")
	if !ok {
		t.Fatalf("failureText = %q, want a quoted tail", got)
	}
	q := strings.Split(quoted, "\n")
	if len(q) != tailLines || q[0] != "line 11" || q[len(q)-1] != "line 30" {
		t.Fatalf("quoted %d lines %q … %q, want %d lines from line 11 to line 30", len(q), q[0], q[len(q)-1], tailLines)
	}
}
