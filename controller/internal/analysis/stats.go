package analysis

import "math"

// fisherMaxTotal is the number of requests (both groups together) below
// which the error-rate test at margin 0 is always Fisher's exact test.
const fisherMaxTotal = 1000

// minExpectedCell is Cochran's rule: below this many errors (or successes)
// expected in a group the normal approximation is not trusted.
const minExpectedCell = 5

// errorRatePValue returns the p-value of the one-sided test of
//
//	H0: p_green − p_blue ≤ margin   against   H1: p_green − p_blue > margin
//
// where p is a group's probability that a request gets a 5xx answer, from
// x errors out of n requests per group (n ≥ 1, 0 ≤ x ≤ n, 0 ≤ margin < 1).
// Small p-values say green is worse than blue by more than the margin.
//
// Which test, and why:
//
//   - margin 0 and small counts (fewer than fisherMaxTotal requests in
//     all, or fewer than minExpectedCell errors expected in a group, as
//     when errors are rare; see useFisher): Fisher's exact test, one-sided.
//     Given the total errors, green's error count is hypergeometric under
//     p_green = p_blue, and the p-value is its upper tail, summed exactly
//     in log space (fisherGreater). The normal approximation is poor there
//     (it fails green on 6 errors against none in 10⁵ requests each at
//     0.99, where the exact p-value is about 1/64); the exact test is valid
//     at any size, if conservative.
//   - margin 0 otherwise: the pooled two-proportion z-test (the score test
//     of p_green = p_blue), accurate once the expected counts are at least
//     minExpectedCell, and cheap at any count.
//   - margin > 0: the Farrington–Manning score test: the observed
//     difference minus the margin over its standard error, the variance
//     taken at the maximum-likelihood rates under the constraint
//     p_green − p_blue = margin (see restrictedMLE). It is preferred to the
//     unpooled Wald test because the Wald variance uses the observed rates,
//     which are zero when neither group had an error (the common case) and
//     too small when errors are rare, so the Wald test would fail healthy
//     greens; the restricted rates are never both zero. At margin 0 it is
//     the pooled z-test. It is a normal approximation at every count; the
//     MinRequests floor keeps the counts from being tiny.
//
// H0 is composite; each test is taken at its boundary (difference equal to
// the margin), where the chance of a wrong failure is largest.
//
// Assumptions: every request's outcome is an independent draw with its
// group's error rate (client retries, or one bad instance among several,
// correlate errors and make the test fail more readily than its confidence
// says); both counts cover the same window, so traffic patterns that change
// the error rate over time affect both groups alike (the load balancer
// splits requests between them at random by weight); the errors are the
// targets' own 5xx answers, counted by the load balancer.
func errorRatePValue(x1, n1, x2, n2 int64, margin float64) float64 {
	if margin > 0 {
		return clampP(upperTail(farringtonManningZ(x1, n1, x2, n2, margin)))
	}
	if useFisher(n1, x2, n2) {
		return fisherGreater(x1, n1, x2, n2)
	}
	return clampP(upperTail(pooledZ(x1, n1, x2, n2)))
}

// useFisher reports whether the counts are small enough for the exact test
// at margin 0: fewer than fisherMaxTotal requests in all, or fewer than
// minExpectedCell errors (or successes) expected in the smaller group at
// blue's rate, which is the common rate under H0 as blue, the baseline,
// shows it. The rule leaves green's errors out on purpose: with blue's
// sample fixed, more errors on green must never change the test to a more
// lenient one (each test's p-value falls as green's errors rise, but the
// exact test's is higher than the z-test's near the switch).
func useFisher(n1, x2, n2 int64) bool {
	if float64(n1)+float64(n2) < fisherMaxTotal {
		return true
	}
	rate := float64(x2) / float64(n2)
	return math.Min(float64(n1), float64(n2))*math.Min(rate, 1-rate) < minExpectedCell
}

// upperTail is P(Z > z) for a standard normal Z, written with Erfc so that
// far tails keep their precision.
func upperTail(z float64) float64 {
	return 0.5 * math.Erfc(z/math.Sqrt2)
}

// clampP keeps a p-value in [0, 1]; NaN (which no input should produce)
// becomes 1, no evidence against green.
func clampP(p float64) float64 {
	switch {
	case math.IsNaN(p) || p > 1:
		return 1
	case p < 0:
		return 0
	}
	return p
}
