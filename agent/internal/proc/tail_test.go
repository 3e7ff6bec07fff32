package proc

import (
	"fmt"
	"strings"
	"testing"
)

func TestTailKeepsLastLines(t *testing.T) {
	var tb tailBuffer
	for i := range 1000 {
		fmt.Fprintf(&tb, "line %d\n", i)
	}
	got := tb.String()
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != TailMaxLines {
		t.Fatalf("lines = %d, want %d", len(lines), TailMaxLines)
	}
	if lines[0] != "line 800" || lines[len(lines)-1] != "line 999" {
		t.Fatalf("first/last = %q/%q", lines[0], lines[len(lines)-1])
	}
}

func TestTailKeepsLastBytes(t *testing.T) {
	var tb tailBuffer
	chunk := strings.Repeat("x", 1000)
	for range 500 {
		_, _ = tb.Write([]byte(chunk))
	}
	_, _ = tb.Write([]byte("END"))
	got := tb.String()
	if len(got) != TailMaxBytes || !strings.HasSuffix(got, "END") {
		t.Fatalf("len = %d suffix ok = %v", len(got), strings.HasSuffix(got, "END"))
	}
	if len(tb.buf) > 2*TailMaxBytes {
		t.Fatalf("buffer grew to %d", len(tb.buf))
	}
}
