package analysis

import "math"

// pooledZ is the two-proportion z statistic with the pooled rate in the
// standard error; positive when green's rate (x1/n1) is above blue's
// (x2/n2). It is 0 when the pooled rate is 0 or 1 (no errors at all, or
// nothing but errors: no difference to see), though useFisher sends those
// tables to the exact test.
func pooledZ(x1, n1, x2, n2 int64) float64 {
	fx1, fn1, fx2, fn2 := float64(x1), float64(n1), float64(x2), float64(n2)
	pool := (fx1 + fx2) / (fn1 + fn2)
	v := pool * (1 - pool) * (1/fn1 + 1/fn2)
	if !(v > 0) {
		return 0
	}
	return (fx1/fn1 - fx2/fn2) / math.Sqrt(v)
}

// farringtonManningZ is the score statistic for H0: p1 − p2 = delta:
// (p̂1 − p̂2 − delta) over the standard error at the restricted
// maximum-likelihood rates. Group 1 is green, group 2 blue.
func farringtonManningZ(x1, n1, x2, n2 int64, delta float64) float64 {
	fn1, fn2 := float64(n1), float64(n2)
	r2 := restrictedMLE(x1, n1, x2, n2, delta)
	r1 := r2 + delta
	v := r1*(1-r1)/fn1 + r2*(1-r2)/fn2
	if !(v > 0) {
		return 0
	}
	return (float64(x1)/fn1 - float64(x2)/fn2 - delta) / math.Sqrt(v)
}

// restrictedMLE maximises the binomial likelihood of x1 of n1 and x2 of n2
// under p1 = p2 + delta (0 ≤ delta < 1) and returns p2, in [0, 1 − delta].
// The log-likelihood is concave in p2, so its derivative (scoreP2) is
// decreasing and the maximum is where it crosses zero, found by bisection,
// or an end of the interval when it does not cross.
func restrictedMLE(x1, n1, x2, n2 int64, delta float64) float64 {
	lo, hi := 0.0, 1-delta
	if x2 == 0 && scoreP2(lo, x1, n1, x2, n2, delta) <= 0 {
		return lo
	}
	if x1 == n1 && scoreP2(hi, x1, n1, x2, n2, delta) >= 0 {
		return hi
	}
	for i := 0; i < 200; i++ {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi {
			break
		}
		if scoreP2(mid, x1, n1, x2, n2, delta) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2
}

// scoreP2 is the derivative in p2 of the log-likelihood under
// p1 = p2 + delta; terms whose count is zero are left out, so it is finite
// at an end of the interval where that count vanishes.
func scoreP2(p2 float64, x1, n1, x2, n2 int64, delta float64) float64 {
	p1 := p2 + delta
	s := 0.0
	add := func(count int64, num, den float64) {
		if count > 0 {
			s += float64(count) * num / den
		}
	}
	add(x1, 1, p1)
	add(n1-x1, -1, 1-p1)
	add(x2, 1, p2)
	add(n2-x2, -1, 1-p2)
	return s
}
