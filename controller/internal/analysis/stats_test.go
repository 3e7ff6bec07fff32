package analysis

import (
	"math"
	"testing"
)

// closeTo reports whether got is within rel (relative) of want.
func closeTo(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)
}

// The references are exact: sums of binomial coefficients in rational
// arithmetic, C(K,k)·C(N−K,n1−k)/C(N,n1) for k ≥ x1.
func TestFisherGreaterMatchesExactValues(t *testing.T) {
	for _, c := range []struct {
		x1, n1, x2, n2 int64
		want           float64
	}{
		{3, 4, 1, 4, 17.0 / 70},                        // the tea-tasting table [[3,1],[1,3]]
		{10, 100, 2, 100, 0.016520054662092488},        // green 10% vs blue 2%
		{30, 300, 15, 300, 0.014514568965313984},       // a wide, symmetric distribution
		{3, 210, 1, 210, 0.3116017925516389},           // just above the default minimum
		{12, 400, 3, 600, 0.0017967355182683994},       // unequal groups
		{6, 100000, 0, 100000, 0.015623828136719043},   // rare errors: about 1/64
		{5, 2000000, 0, 2000000, 0.031249921875009766}, // millions: about 1/32
		{7, 10000000, 0, 10000000, 0.007812491796876641},
		{1, 4, 3, 4, 69.0 / 70}, // green better: x1 below the mode, 1 − lower tail
		{0, 50, 0, 50, 1},       // no errors at all
		{50, 50, 50, 50, 1},     // nothing but errors
		{0, 4, 3, 4, 1},         // x1 at the bottom of its support
		{4, 4, 0, 4, 1.0 / 70},  // the most extreme table
	} {
		got := fisherGreater(c.x1, c.n1, c.x2, c.n2)
		if !closeTo(got, c.want, 1e-7) {
			t.Errorf("fisherGreater(%d/%d vs %d/%d) = %.12g, want %.12g", c.x1, c.n1, c.x2, c.n2, got, c.want)
		}
	}
}

func TestUpperTailMatchesNormalTable(t *testing.T) {
	for _, c := range []struct{ z, want float64 }{
		{0, 0.5},
		{1.6448536269514722, 0.05},
		{1.959963984540054, 0.025},
		{2.3263478740408408, 0.01},
		{3, 0.0013498980316300946},
		{-3, 1 - 0.0013498980316300946},
		{10, 7.61985302416047e-24},
	} {
		if got := upperTail(c.z); !closeTo(got, c.want, 1e-9) {
			t.Errorf("upperTail(%v) = %.15g, want %.15g", c.z, got, c.want)
		}
	}
}

// Worked by hand: pooled rate 100/4000 = 0.025, standard error
// √(0.025·0.975·(1/2000 + 1/2000)) = 0.0049371, difference 0.01, so
// z = 2.02548 and P(Z > z) = 0.021409.
func TestPooledZMatchesHandComputation(t *testing.T) {
	z := pooledZ(60, 2000, 40, 2000)
	if !closeTo(z, 2.025478734167333, 1e-9) {
		t.Fatalf("z = %.12g, want 2.025478734167", z)
	}
	if useFisher(2000, 40, 2000) {
		t.Fatal("40 errors in 2000 each is not a small table")
	}
	if p := errorRatePValue(60, 2000, 40, 2000, 0); !closeTo(p, 0.021409114975605353, 1e-7) {
		t.Fatalf("p = %.12g, want 0.0214091", p)
	}
}

// With no errors on either side the restricted rates are 0 (blue) and the
// margin (green), so z = −δ/√(δ(1−δ)/n1): for δ = 0.01 and 1000 requests,
// −3.17821 and p = 0.999259.
func TestFarringtonManningMatchesHandComputation(t *testing.T) {
	if r := restrictedMLE(0, 1000, 0, 1000, 0.01); r != 0 {
		t.Fatalf("restricted blue rate = %v, want 0", r)
	}
	want := -0.01 / math.Sqrt(0.01*0.99/1000)
	if z := farringtonManningZ(0, 1000, 0, 1000, 0.01); !closeTo(z, want, 1e-9) {
		t.Fatalf("z = %.12g, want %.12g", z, want)
	}
	if p := errorRatePValue(0, 1000, 0, 1000, 0.01); !closeTo(p, 0.9992592, 1e-6) {
		t.Fatalf("p = %.9g, want 0.9992592", p)
	}
}

// At margin 0 the restricted estimate is the pooled rate and the score
// test is the pooled z-test.
func TestFarringtonManningAtZeroIsPooled(t *testing.T) {
	for _, c := range [][4]int64{{60, 2000, 40, 2000}, {51, 1000, 2, 1000}, {7, 300, 9, 700}, {290, 300, 600, 700}} {
		fm, pooled := farringtonManningZ(c[0], c[1], c[2], c[3], 0), pooledZ(c[0], c[1], c[2], c[3])
		if !closeTo(fm, pooled, 1e-9) {
			t.Errorf("%v: Farrington–Manning z %.12g, pooled %.12g", c, fm, pooled)
		}
	}
}

// The restricted estimate must maximise the likelihood under the
// constraint: no point of a fine grid does better.
func TestRestrictedMLEMaximisesLikelihood(t *testing.T) {
	logLik := func(p2 float64, x1, n1, x2, n2 int64, d float64) float64 {
		term := func(k int64, q float64) float64 {
			if k == 0 {
				return 0
			}
			return float64(k) * math.Log(q)
		}
		p1 := p2 + d
		return term(x1, p1) + term(n1-x1, 1-p1) + term(x2, p2) + term(n2-x2, 1-p2)
	}
	for _, c := range []struct {
		x1, n1, x2, n2 int64
		d              float64
	}{
		{5, 1000, 2, 1000, 0.001}, {0, 1000, 0, 1000, 0.01}, {30, 200, 0, 300, 0.05},
		{0, 500, 40, 500, 0.02}, {200, 200, 100, 200, 0.3}, {3, 10, 7, 10, 0.5},
		{120, 100000, 80, 100000, 0.0001},
	} {
		got := restrictedMLE(c.x1, c.n1, c.x2, c.n2, c.d)
		if got < 0 || got > 1-c.d {
			t.Errorf("%+v: restricted blue rate %v outside [0, %v]", c, got, 1-c.d)
			continue
		}
		best := logLik(got, c.x1, c.n1, c.x2, c.n2, c.d)
		for i := 0; i <= 20000; i++ {
			p2 := (1 - c.d) * float64(i) / 20000
			if l := logLik(p2, c.x1, c.n1, c.x2, c.n2, c.d); l > best+1e-9*math.Abs(best) {
				t.Errorf("%+v: likelihood at %v (%v) beats the estimate %v (%v)", c, p2, l, got, best)
				break
			}
		}
	}
}

// With blue's sample fixed, more errors on green never raise the p-value,
// at any size and margin. The unequal groups here are where a choice of
// test that looked at green's errors switched to the (more lenient) exact
// test as green got worse: 1000 requests against 20, blue with 10 errors,
// green going from 755 to 756 errors.
func TestPValueFallsAsGreenErrorsRise(t *testing.T) {
	for _, margin := range []float64{0, 0.01} {
		for _, n1 := range []int64{20, 200, 1000} {
			for _, n2 := range []int64{20, 200, 1000, 5000} {
				for x2 := int64(0); x2 <= n2; x2 += 1 + n2/25 {
					prev := 1.0
					for x1 := int64(0); x1 <= n1; x1++ {
						p := errorRatePValue(x1, n1, x2, n2, margin)
						if p > prev*(1+1e-9) {
							t.Fatalf("margin %v, blue %d/%d: p rose from %.6g to %.6g as green went from %d to %d errors of %d",
								margin, x2, n2, prev, p, x1-1, x1, n1)
						}
						prev = p
					}
				}
			}
		}
	}
}

// The references come from the closed-form solution of the constrained
// likelihood equation (a cubic, solved trigonometrically) in Farrington and
// Manning's paper, computed independently of the bisection here.
func TestFarringtonManningMatchesClosedForm(t *testing.T) {
	for _, c := range []struct {
		x1, n1, x2, n2 int64
		d, r2, z       float64
	}{
		{150, 5000, 10, 5000, 0.01, 0.007413026812995225, 8.136905510863077},
		{30, 2000, 4, 2000, 0.02, 0.001527403842329151, -2.0828792655743023},
		{5, 1000, 2, 1000, 0.001, 0.002851294470206046, 0.7738448616172506},
	} {
		if r2 := restrictedMLE(c.x1, c.n1, c.x2, c.n2, c.d); !closeTo(r2, c.r2, 1e-9) {
			t.Errorf("%+v: restricted blue rate %.15g, want %.15g", c, r2, c.r2)
		}
		if z := farringtonManningZ(c.x1, c.n1, c.x2, c.n2, c.d); !closeTo(z, c.z, 1e-9) {
			t.Errorf("%+v: z %.15g, want %.15g", c, z, c.z)
		}
	}
}
