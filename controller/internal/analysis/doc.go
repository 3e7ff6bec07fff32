// Package analysis is the judge of a blue/green rollout's analysis: while
// both target groups take traffic, Judge compares green's requests, 5xx
// answers and latency percentile in one window with blue's and says pass,
// fail or inconclusive, with a one-line reason and the numbers behind it
// (the error-rate test's p-value and the latency ratio).
//
// The error-rate check is a one-sided statistical test (Fisher's exact
// test, the pooled two-proportion z-test or the Farrington–Manning score
// test, see errorRatePValue); the latency check compares green's percentile
// with a multiple of blue's plus a slack. Too little traffic, a missing
// latency datapoint or a sample that cannot be right (more errors than
// requests) is inconclusive, never a failure.
//
// It is pure: it imports only the standard library (no I/O packages) and
// controller/api, takes no clock and draws no random numbers, so the same
// inputs give the same verdict; a test keeps it that way. Reading the
// metrics from CloudWatch and acting on verdicts belong to the caller.
package analysis
