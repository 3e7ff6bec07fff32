package loop

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/consulkv"
)

func TestPacer(t *testing.T) {
	l := New(Config{Service: "web", Clock: clocktest.New(time.Unix(0, 0)), NoJitter: true})
	p := l.NewPacer()
	ok := func(next time.Duration) PassReport { return PassReport{Next: next} }
	fail := func(err error) PassReport { return PassReport{Err: err} }

	if got := p.After(ok(7 * time.Second)); got != 7*time.Second {
		t.Errorf("a good pass waits what it asked: got %s", got)
	}
	for i := 1; i <= MaxImmediatePasses; i++ {
		if got := p.After(ok(0)); got != 0 {
			t.Fatalf("immediate pass %d waited %s", i, got)
		}
	}
	if got := p.After(ok(0)); got != l.cfg.Tuning.FastPoll {
		t.Errorf("after %d immediate passes: got %s, want the fast poll", MaxImmediatePasses, got)
	}
	conflict := fmt.Errorf("write: %w", consulkv.ErrConflict)
	if got := p.After(fail(conflict)); got != 0 {
		t.Errorf("first lost race re-reads at once, waited %s", got)
	}
	if got := p.After(fail(conflict)); got != time.Second {
		t.Errorf("second failure in a row backs off 1s, got %s", got)
	}
	if got := p.After(fail(errors.New("boom"))); got != 1500*time.Millisecond {
		t.Errorf("backoff grows: got %s", got)
	}
	p.After(ok(time.Second))
	if got := p.After(fail(errors.New("boom"))); got != time.Second {
		t.Errorf("a good pass resets the backoff: got %s", got)
	}
}
