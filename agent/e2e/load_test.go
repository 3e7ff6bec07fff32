package e2e_test

import (
	"testing"
	"time"

	"github.com/asgctl/asgctl/internal/loadgen"
)

// Load shape: open loop at loadRate req/s, warmup requests before the
// release is written and tail requests after it finished.
const (
	loadRate       = 300
	loadWorkers    = 32
	warmupRequests = 300
	tailRequests   = 300
	loadMaxTime    = 3 * time.Minute
)

// underLoad runs during() while an open-loop load of loadRate req/s goes
// to url, from warmupRequests before it until tailRequests after it, and
// returns what the load saw.
func underLoad(t *testing.T, url string, during func()) *loadgen.Result {
	t.Helper()
	res := loadgen.NewResult()
	stop := make(chan struct{})
	done := make(chan struct{})
	begin := time.Now()
	go func() {
		loadgen.Run(res, url, loadRate, loadWorkers, stop, loadMaxTime)
		close(done)
	}()
	stopped := false
	defer func() {
		if !stopped {
			close(stop)
			<-done
		}
	}()
	loadgen.WaitSent(t, res, warmupRequests)
	during()
	loadgen.WaitSent(t, res, res.Sent.Load()+tailRequests)
	close(stop)
	<-done
	stopped = true
	took := time.Since(begin)
	t.Logf("load: %d requests in %s (%.0f req/s), %d failed, by release %v, first errors %v",
		res.Sent.Load(), took.Round(time.Millisecond), float64(res.Sent.Load())/took.Seconds(),
		res.Failed.Load(), res.Releases(), res.Errors())
	return res
}

// requireNoFailures fails t when any request of res failed.
func requireNoFailures(t *testing.T, res *loadgen.Result) {
	t.Helper()
	if n := res.Failed.Load(); n != 0 {
		t.Fatalf("%d of %d requests failed; first: %v", n, res.Sent.Load(), res.Errors())
	}
}
