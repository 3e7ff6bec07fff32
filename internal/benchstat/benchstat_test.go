package benchstat_test

import (
	"testing"
	"time"

	"github.com/asgctl/asgctl/internal/benchstat"
)

func TestSummarizeNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	s := benchstat.Summarize(ds)
	if s.N != 100 || s.Min != time.Millisecond || s.P50 != 50*time.Millisecond || s.P99 != 99*time.Millisecond ||
		s.Max != 100*time.Millisecond || s.Mean != 50500*time.Microsecond {
		t.Fatalf("summary %+v", s)
	}
	if ds[0] != 100*time.Millisecond {
		t.Fatal("Summarize sorted its argument")
	}
	if (benchstat.Summarize(nil) != benchstat.Summary{}) {
		t.Fatal("empty summary not zero")
	}
	if got := benchstat.Summarize([]time.Duration{7}).P99; got != 7 {
		t.Fatalf("p99 of one = %v", got)
	}
}

func TestTableMarkdown(t *testing.T) {
	tb := benchstat.Table{Header: []string{"a", "b"}}
	tb.Add("1", "x|y")
	want := "| a | b |\n| --- | --- |\n| 1 | x\\|y |\n"
	if got := tb.Markdown(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if got := benchstat.Ms(1500 * time.Microsecond); got != "1.5 ms" {
		t.Fatalf("Ms = %q", got)
	}
}
