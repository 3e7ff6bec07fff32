package analysis

import "testing"

func TestFormatting(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{formatRate(0.051), "5.10%"},
		{formatRate(0.000012), "0.0012%"},
		{formatRate(0), "0.00%"},
		{formatP(1.234e-13), "1.2e-13"},
		{formatP(0.4812), "0.48"},
		{formatP(1), "1"},
		{formatP(1 - 0.99), "0.01"},
		{formatP(1 - 0.9999), "0.0001"},
		{formatMs(120.4), "120ms"},
		{formatMs(12.34), "12.3ms"},
		{formatMs(1.256), "1.26ms"},
		{formatMs(0.001), "0ms"},
		{formatMs(2.5e9), "2.5e+09ms"},
		{formatRatio(1.0909), "1.09"},
		{formatRatio(3), "3"},
		{formatRatio(1e300), "1e+300"},
		{percentileName(99.9), "p99.9"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
