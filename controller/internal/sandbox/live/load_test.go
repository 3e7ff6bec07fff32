package live

import (
	"errors"
	"net/http"
	"testing"
)

// TestClassify: only a 200 naming the release is served; only the sample
// app's injected 500 is expected; a 500 of anything else, a wrong body or
// a transport error is a failure of the system.
func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		err    error
		want   verdict
	}{
		{http.StatusOK, "release=r2\n", nil, served},
		{http.StatusInternalServerError, "release=r2 injected error (--error-fraction 0.05)\n", nil, injected},
		{http.StatusInternalServerError, "internal error\n", nil, failed},
		{http.StatusBadGateway, "release=r2 injected error (--error-fraction 0.05)\n", nil, failed},
		{http.StatusServiceUnavailable, "Service Unavailable\n", nil, failed},
		{http.StatusOK, "broken release r2\n", nil, failed},
		{0, "", errors.New("connection refused"), failed},
	} {
		if got := classify(tc.status, tc.body, tc.err); got != tc.want {
			t.Errorf("classify(%d, %q, %v) = %d, want %d", tc.status, tc.body, tc.err, got, tc.want)
		}
	}
}

// TestLoadCountsKeepTheFirstFailures: counts by verdict, and the words of
// the first few failures only.
func TestLoadCountsKeepTheFirstFailures(t *testing.T) {
	var c loadCounts
	for i := range maxFailureSamples + 2 {
		c.sent.Add(2)
		c.record(failed, func() string { return string(rune('a' + i)) })
		c.record(injected, func() string { t.Fatal("an expected failure was described"); return "" })
	}
	c.record(served, nil)
	want := Requests{Sent: 2 * (maxFailureSamples + 2), Failed: maxFailureSamples + 2, ExpectedFailed: maxFailureSamples + 2}
	if got := c.requests(); got != want {
		t.Errorf("requests %+v, want %+v", got, want)
	}
	if s := c.failureSamples(); len(s) != maxFailureSamples || s[0] != "a" {
		t.Errorf("failure samples %q, want the first %d", s, maxFailureSamples)
	}
	if got := want.minus(Requests{Sent: 4, Failed: 1, ExpectedFailed: 2}); got != (Requests{Sent: want.Sent - 4, Failed: want.Failed - 1, ExpectedFailed: want.ExpectedFailed - 2}) {
		t.Errorf("minus = %+v", got)
	}
}
