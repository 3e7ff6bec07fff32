package bad_now

import "time"

var clockFunc = time.Now

// Wait waits on the wall clock in every way package time offers.
func Wait(start time.Time) time.Duration {
	time.Sleep(time.Second)
	<-time.After(time.Second)
	time.AfterFunc(time.Second, func() {}).Stop()
	time.NewTimer(time.Second).Stop()
	time.NewTicker(time.Second).Stop()
	_ = time.Tick(time.Second)
	_ = time.Until(start)
	return time.Since(start) + time.Duration(clockFunc().Unix())
}
