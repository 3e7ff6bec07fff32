package balancer

import (
	"net"
	"net/http"
	"testing"
	"time"
)

// answers collects what Config.OnAnswer reports.
type answers chan Answer

func (a answers) add(x Answer) { a <- x }

// wait returns the next n answers; a request's answer is reported just
// after the client may have read it. The time limit guards against a
// hang.
func (a answers) wait(t *testing.T, n int) []Answer {
	t.Helper()
	var got []Answer
	limit := time.After(10 * time.Second)
	for len(got) < n {
		select {
		case x := <-a:
			got = append(got, x)
		case <-limit:
			t.Fatalf("%d answers reported, want %d: %+v", len(got), n, got)
		}
	}
	return got
}

// TestAnswersAreReported: every routed request is reported once with its
// target group, status and source: targets' 200s and 500s as theirs, the
// 503s of a group with no target as the balancer's; the time is the
// balancer's clock.
func TestAnswersAreReported(t *testing.T) {
	var empty string
	rec := make(answers, 64)
	f := newFixture(t, 100, 0, func(f *fixture, c *Config) {
		empty = f.cloud.CreateTargetGroup("web-empty")
		c.RuleARN = f.cloud.CreateRule(f.listener, map[string]int{f.blue: 1, empty: 1})
		c.OnAnswer = rec.add
	})
	f.send(10)
	for range 2 {
		resp, err := f.client.Get(f.url + "fail")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	type key struct {
		tg         string
		status     int
		fromTarget bool
	}
	counts := map[key]int{}
	for _, a := range rec.wait(t, 12) {
		counts[key{a.TargetGroup, a.Status, a.FromTarget}]++
		if !a.At.Equal(f.clk.Now()) || a.Latency != 0 {
			t.Errorf("answer %+v: want the fake clock's time and no latency on it", a)
		}
	}
	if len(rec) != 0 {
		t.Errorf("%d answers more than requests", len(rec))
	}
	want := map[key]int{{f.blue, 200, true}: 5, {empty, 503, false}: 6, {f.blue, 500, true}: 1}
	if len(counts) != len(want) {
		t.Fatalf("answers %v, want %v", counts, want)
	}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("answers %v, want %v", counts, want)
		}
	}
}

// TestServeOnAListenerOfTheCaller: Serve answers on a listener opened
// before the balancer existed; a second Serve or Listen is refused.
func TestServeOnAListenerOfTheCaller(t *testing.T) {
	f := newFixture(t, 100, 0, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := New(Config{ELB: f.cloud, ListenerARN: f.listener, Addr: f.host.addr, Clock: f.clk, Refresh: time.Hour})
	t.Cleanup(func() { _ = b.Close() })
	if err := b.Refresh(f.ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Serve(ln); err != nil {
		t.Fatal(err)
	}
	resp, err := f.client.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Instance") == "" {
		t.Fatalf("answer %d from %q, want 200 from a target", resp.StatusCode, resp.Header.Get("X-Instance"))
	}
	if _, err := b.Listen("127.0.0.1:0"); err == nil {
		t.Error("a second listen was accepted")
	}
}
