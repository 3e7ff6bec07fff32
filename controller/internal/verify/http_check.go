package verify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// bodyQuoteLen is how much of a body that does not match is quoted.
const bodyQuoteLen = 200

// httpCheck sends c's requests one after another, each with timeout, and
// stops at the first answer that does not match.
func (r Runner) httpCheck(ctx context.Context, timeout time.Duration, c api.HTTPCheck, base string) (bool, string) {
	u, err := resolve(c.URL, base)
	if err != nil {
		return false, err.Error()
	}
	var re *regexp.Regexp
	if c.BodyRegexp != "" {
		if re, err = regexp.Compile(c.BodyRegexp); err != nil {
			return false, fmt.Sprintf("body_regexp `%s`: %v", c.BodyRegexp, err)
		}
	}
	method, want, n := cmp.Or(c.Method, http.MethodGet), cmp.Or(c.ExpectStatus, http.StatusOK), max(c.Repeats, 1)
	rq := request{method: method, url: u, headers: c.Headers, timeout: timeout}
	client := r.client()
	for i := 1; i <= n; i++ {
		what := method + " " + u.Redacted()
		if n > 1 {
			what += fmt.Sprintf(" (request %d of %d)", i, n)
		}
		a, err := do(ctx, client, rq)
		switch {
		case errors.Is(err, errInterrupted):
			return false, interruptedPrefix + "the run was canceled during " + what
		case err != nil:
			return false, what + ": " + err.Error()
		}
		if problem := judge(a, want, re); problem != "" {
			return false, what + ": " + problem
		}
	}
	return true, passed(method, c, u.Redacted(), n, want)
}

// judge says what is wrong with a, or "" when it has status want and a
// body matching re (when re is set).
func judge(a answer, want int, re *regexp.Regexp) string {
	if a.status != want {
		msg := fmt.Sprintf("status %d, want %d", a.status, want)
		if len(a.body) > 0 {
			msg += ": " + quoteBody(a.body, bodyQuoteLen, api.MaxHookOutput)
		}
		return msg
	}
	if re != nil && !re.Match(a.body) {
		return fmt.Sprintf("body does not match `%s`: %s", re, quoteBody(a.body, bodyQuoteLen, api.MaxHookOutput))
	}
	return ""
}

// passed is the Output of a passing check: "5 × GET /health: 200", with
// the URL as the hook wrote it when it is relative.
func passed(method string, c api.HTTPCheck, resolved string, n, want int) string {
	var b strings.Builder
	if n > 1 {
		fmt.Fprintf(&b, "%d × ", n)
	}
	shown := resolved
	if strings.HasPrefix(c.URL, "/") {
		shown = c.URL
	}
	fmt.Fprintf(&b, "%s %s: %d", method, shown, want)
	if c.BodyRegexp != "" {
		fmt.Fprintf(&b, ", body matches `%s`", c.BodyRegexp)
	}
	return b.String()
}
