package sampleapp

import (
	"fmt"
	"math"
	"strconv"
	"sync/atomic"
)

// fraction is a flag.Value holding a number between 0 and 1.
type fraction float64

func (f *fraction) String() string { return strconv.FormatFloat(float64(*f), 'g', -1, 64) }

// Set parses s as a fraction between 0 and 1.
func (f *fraction) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v >= 0 && v <= 1) {
		return fmt.Errorf("%q is not a fraction between 0 and 1 (0.05 fails every 20th request)", s)
	}
	*f = fraction(v)
	return nil
}

// errorSpreader picks the requests that --error-fraction fails, evenly and
// deterministically: request n (counting from 1) fails when ⌊n·f⌋ >
// ⌊(n−1)·f⌋, so exactly ⌊N·f⌋ of the first N requests fail (f = 0.05:
// every 20th). f is taken in millionths, in integer arithmetic, so the
// count is exact.
type errorSpreader struct {
	ppm uint64 // the fraction in millionths
	n   atomic.Uint64
}

func newErrorSpreader(f fraction) *errorSpreader {
	return &errorSpreader{ppm: uint64(math.Round(float64(f) * 1e6))}
}

// fail counts a request and reports whether it is one to fail.
func (s *errorSpreader) fail() bool {
	if s.ppm == 0 {
		return false
	}
	n := s.n.Add(1)
	return n*s.ppm/1e6 > (n-1)*s.ppm/1e6
}
