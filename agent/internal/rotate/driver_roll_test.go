package rotate_test

import (
	"context"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/rotate"
	"github.com/asgctl/asgctl/internal/loadgen"
)

// rollUnderLoad restarts every process of f in turn through driver d while
// an open-loop load of loadRate req/s runs against url, and returns what the
// load saw (at least minRequests requests).
func rollUnderLoad(t *testing.T, f *fleet, d rotate.Driver, url string) *loadgen.Result {
	t.Helper()
	stop := make(chan struct{})
	done := make(chan *loadgen.Result, 1)
	begin := time.Now()
	res := loadgen.NewResult()
	go func() { done <- loadgen.Run(res, url, loadRate, 16, stop, 60*time.Second) }()
	defer func() {
		select {
		case <-stop:
		default:
			close(stop)
			<-done
		}
	}()
	loadgen.WaitSent(t, res, warmupRequests)
	for i := range nProcs {
		if i > 0 {
			loadgen.WaitSent(t, res, res.Sent.Load()+gapRequests)
		}
		restartVia(t, f, d, i)
	}
	loadgen.WaitSent(t, res, minRequests)
	close(stop)
	<-done
	t.Logf("load: %d requests sent in %s, %d failed, by release %v",
		res.Sent.Load(), time.Since(begin).Round(time.Millisecond), res.Failed.Load(), res.Releases())
	return res
}

// restartVia is restart for any Driver: drain, stop, start r2, enable.
func restartVia(t *testing.T, f *fleet, d rotate.Driver, i int) {
	t.Helper()
	ctx := context.Background()
	d0 := time.Now()
	if err := d.Drain(ctx, i); err != nil {
		t.Fatalf("drain %d: %v", i, err)
	}
	t0 := time.Now()
	if err := f.procs[i].Stop(ctx, stopTimeout); err != nil {
		t.Fatalf("stop %d: %v", i, err)
	}
	t1 := time.Now()
	f.start(i, "r2", "--start-delay", "300ms")
	t2 := time.Now()
	if err := d.Enable(ctx, i); err != nil {
		t.Fatalf("enable %d: %v", i, err)
	}
	t.Logf("process %d: drain %s, stop %s, start to healthy %s, enable %s", i,
		t0.Sub(d0).Round(time.Millisecond), t1.Sub(t0).Round(time.Millisecond),
		t2.Sub(t1).Round(time.Millisecond), time.Since(t2).Round(time.Millisecond))
}
