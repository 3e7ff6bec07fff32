package balancer

import (
	"strings"
	"testing"
)

func testRoute(arn string, weight int, ids ...string) route {
	r := route{arn: arn, weight: weight}
	for _, id := range ids {
		r.serving = append(r.serving, Target{ID: id, State: "healthy", Addr: id + ":80"})
	}
	return r
}

// TestSmoothWeightedRoundRobin: groups interleave (nginx's sequence for
// 5/1/1), and a group with weight 0 is never chosen.
func TestSmoothWeightedRoundRobin(t *testing.T) {
	var r router
	r.init()
	r.install([]route{testRoute("a", 5, "a1"), testRoute("b", 1, "b1"), testRoute("c", 1, "c1"), testRoute("z", 0, "z1")})
	var seq []string
	for range 14 {
		g, _, found, ok := r.pick()
		if !ok || !found {
			t.Fatal("nothing picked")
		}
		seq = append(seq, g.arn)
	}
	if got, want := strings.Join(seq, ""), "aabacaaaabacaa"; got != want {
		t.Fatalf("sequence %s, want %s", got, want)
	}
}

// TestRoundRobinWithinGroupAndRetryExcludes: targets take turns, and a
// retry never returns the target that failed.
func TestRoundRobinWithinGroupAndRetryExcludes(t *testing.T) {
	var r router
	r.init()
	r.install([]route{testRoute("a", 1, "x", "y", "z")})
	var seq []string
	for range 4 {
		_, tg, _, _ := r.pick()
		seq = append(seq, tg.ID)
	}
	if got := strings.Join(seq, ""); got != "xyzx" {
		t.Fatalf("targets %s, want xyzx", got)
	}
	g := r.routes[0]
	for range 3 {
		if tg, ok := another(g, "z"); !ok || tg.ID == "z" {
			t.Fatalf("retry picked %v %v", tg, ok)
		}
	}
	if _, ok := another(testRoute("solo", 1, "x"), "x"); ok {
		t.Fatal("retry found another target in a group of one")
	}
}

// TestFailOpenAndSkips: healthy targets serve while any is healthy; with
// none, initial and unhealthy (not draining or unused) ones do; targets
// without an address never serve.
func TestFailOpenAndSkips(t *testing.T) {
	addr := func(id string) (string, bool) { return id + ":80", id != "gone" }
	ts := func(states ...string) []Target {
		var out []Target
		for i, s := range states {
			id := string(rune('a' + i))
			if s == "healthy-gone" {
				id, s = "gone", "healthy"
			}
			out = append(out, Target{ID: id, State: s})
		}
		return out
	}
	for _, tc := range []struct {
		states   []string
		serving  string
		failOpen bool
	}{
		{[]string{"healthy", "unhealthy", "draining", "initial"}, "a", false},
		{[]string{"unhealthy", "draining", "initial", "unused"}, "ac", true},
		{[]string{"draining", "unused"}, "", true},
		{[]string{"healthy-gone", "unhealthy"}, "", false},
	} {
		r := newRoute(weighted{arn: "tg", weight: 1}, ts(tc.states...), addr).export()
		if got := strings.Join(r.Serving, ""); got != tc.serving || r.FailOpen != tc.failOpen {
			t.Errorf("%v: serving %q fail-open %v, want %q %v", tc.states, got, r.FailOpen, tc.serving, tc.failOpen)
		}
	}
}
