package live

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Summary prints the report as a table with a verdict line. FAILED counts
// the failures of the system; EXPECTED FAILED the bad green's injected
// errors; GREEN PROD the production requests green answered where a
// scenario measures it, with how long a bad green served them.
func Summary(out io.Writer, rep Report) {
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tRESULT\tEXPECTED\tWALL\tAWS CALLS\tREQUESTS\tFAILED\tEXPECTED FAILED\tGREEN PROD\tROLLOUTS")
	for _, s := range rep.Scenarios {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.1fs\t%d\t%d\t%d\t%d\t%s\t%s\n", s.Name, s.Result, s.Expected, s.WallSec, s.AWSCalls,
			s.Requests.Sent, s.Requests.Failed, s.Requests.ExpectedFailed, greenProd(s), orDash(strings.Join(s.Rollouts, ", ")))
	}
	_ = tw.Flush()
	for _, s := range rep.Scenarios {
		switch {
		case s.Skipped != "":
			fmt.Fprintf(out, "%s skipped: %s\n", s.Name, s.Skipped)
		case s.Error != "":
			fmt.Fprintf(out, "%s: %s\n", s.Name, s.Error)
		}
	}
	for _, f := range rep.FailureSamples {
		fmt.Fprintf(out, "failed request: %s\n", f)
	}
	verdict := "ok: every scenario ended as expected and no request failed"
	if !rep.OK {
		verdict = "FAILED: a scenario did not end as expected or a request failed"
	}
	fmt.Fprintf(out, "\n%s (%d requests, %d failed, %d expected failures from the bad green, %.0fs wall)\n", verdict,
		rep.Requests.Sent, rep.Requests.Failed, rep.Requests.ExpectedFailed, rep.WallSec)
}

// greenProd is "-", the production requests green answered, and for a
// bad green how long it served them ("212 in 15.3s").
func greenProd(s Scenario) string {
	switch {
	case s.GreenProductionRequests == nil:
		return "-"
	case s.BadTrafficSec != nil:
		return fmt.Sprintf("%d in %.1fs", *s.GreenProductionRequests, *s.BadTrafficSec)
	}
	return fmt.Sprint(*s.GreenProductionRequests)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
