package balancer

import "time"

// Answer is one request the balancer routed to a target group, answered:
// what a caller needs to publish the load balancer's per-target-group
// metrics (RequestCount, HTTPCode_Target_5XX_Count, TargetResponseTime)
// or to count a group's traffic. See Config.OnAnswer.
type Answer struct {
	TargetGroup string
	// At is when the answer was complete, on Config.Clock.
	At time.Time
	// Status is the status the client got; 0 when nothing was written.
	Status int
	// FromTarget is true when a target gave the answer (whatever its
	// status), false when the balancer answered itself: 503 because the
	// group had no target to route to, 502 because the target failed.
	FromTarget bool
	// Latency is from routing the request to the end of its answer (for a
	// target's answer: its response time, the body included).
	Latency time.Duration
}

// answered reports the answer of a request routed to tg at start.
func (b *Balancer) answered(tg string, start time.Time, status int, fromTarget bool) {
	if b.cfg.OnAnswer == nil {
		return
	}
	now := b.cfg.Clock.Now()
	b.cfg.OnAnswer(Answer{TargetGroup: tg, At: now, Status: status, FromTarget: fromTarget, Latency: now.Sub(start)})
}
