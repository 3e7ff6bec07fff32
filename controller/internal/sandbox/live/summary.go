package live

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Summary prints the report as a table with a verdict line.
func Summary(out io.Writer, rep Report) {
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tRESULT\tEXPECTED\tWALL\tAWS CALLS\tREQUESTS\tFAILED\tROLLOUTS")
	for _, s := range rep.Scenarios {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.1fs\t%d\t%d\t%d\t%s\n", s.Name, s.Result, s.Expected, s.WallSec, s.AWSCalls,
			s.Requests.Sent, s.Requests.Failed, orDash(strings.Join(s.Rollouts, ", ")))
	}
	_ = tw.Flush()
	for _, s := range rep.Scenarios {
		if s.Error != "" {
			fmt.Fprintf(out, "%s: %s\n", s.Name, s.Error)
		}
	}
	verdict := "ok: every scenario ended as expected and no request failed"
	if !rep.OK {
		verdict = "FAILED: a scenario did not end as expected or a request failed"
	}
	fmt.Fprintf(out, "\n%s (%d requests, %d failed, %.0fs wall)\n", verdict, rep.Requests.Sent, rep.Requests.Failed, rep.WallSec)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
