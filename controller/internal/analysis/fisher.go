package analysis

import "math"

// negligible is how far (in natural log) a term may fall below the running
// sum before the rest of a tail is dropped: e^-40 ≈ 4e-18, under float64
// precision.
const negligible = 40

// fisherGreater is the one-sided Fisher exact test of green's error rate
// (x1 of n1) against blue's (x2 of n2): given the total errors, green's
// count is hypergeometric under equal rates, and the p-value is
// P(X ≥ x1). Terms are computed in log space (lgamma for the first, the
// ratio of neighbouring terms after it), so counts in the millions neither
// overflow nor underflow. Only the side of the distribution away from the
// mode is summed, term by term until the rest is negligible: the upper tail
// itself when x1 is above the mode, else one minus the lower tail below x1.
func fisherGreater(x1, n1, x2, n2 int64) float64 {
	h := hypergeom{total: n1 + n2, errs: x1 + x2, draws: n1}
	if x1 > h.mode() {
		return clampP(math.Exp(h.logTail(x1, +1)))
	}
	if x1 <= h.low() {
		return 1
	}
	return clampP(1 - math.Exp(h.logTail(x1-1, -1)))
}

// hypergeom is the distribution of the errors among draws requests taken
// without replacement from total requests of which errs are errors.
type hypergeom struct {
	total, errs, draws int64
}

func (h hypergeom) low() int64  { return max(0, h.draws-(h.total-h.errs)) }
func (h hypergeom) high() int64 { return min(h.errs, h.draws) }

// mode is the most likely count, ⌊(draws+1)(errs+1)/(total+2)⌋ (in floating
// point, so large counts cannot overflow).
func (h hypergeom) mode() int64 {
	m := int64(math.Floor((float64(h.draws) + 1) * (float64(h.errs) + 1) / (float64(h.total) + 2)))
	return min(max(m, h.low()), h.high())
}

// logPMF is log P(X = k).
func (h hypergeom) logPMF(k int64) float64 {
	return logChoose(h.errs, k) + logChoose(h.total-h.errs, h.draws-k) - logChoose(h.total, h.draws)
}

// logTail is log of the sum of P(X = k) from k = start in direction dir
// (+1 up, −1 down) to the end of the support. start must be on the side of
// the mode the walk moves away from, so terms only shrink.
func (h hypergeom) logTail(start, dir int64) float64 {
	logT := h.logPMF(start)
	logS := logT
	for k := start; ; k += dir {
		next := k + dir
		if next < h.low() || next > h.high() {
			break
		}
		logT += h.logRatio(k, next)
		logS = logAddExp(logS, logT)
		if logT < logS-negligible {
			break
		}
	}
	return logS
}

// logRatio is log P(X = next) − log P(X = k) for neighbours k and next.
func (h hypergeom) logRatio(k, next int64) float64 {
	if next < k {
		return -h.logRatio(next, k)
	}
	// P(k+1)/P(k) = (errs−k)(draws−k) / ((k+1)(total−errs−draws+k+1))
	f := func(v int64) float64 { return math.Log(float64(v)) }
	return f(h.errs-k) + f(h.draws-k) - f(k+1) - f(h.total-h.errs-h.draws+k+1)
}

// logChoose is log C(n, k) for 0 ≤ k ≤ n.
func logChoose(n, k int64) float64 {
	return lgamma(n+1) - lgamma(k+1) - lgamma(n-k+1)
}

func lgamma(n int64) float64 {
	v, _ := math.Lgamma(float64(n))
	return v
}

// logAddExp is log(e^a + e^b) without overflow.
func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}
