package simaws

import (
	"container/heap"
	"time"
)

// event is something the simulation does at a point in time. Events at the
// same time run in the order they were scheduled.
type event struct {
	at  time.Time
	seq uint64
	fn  func()
}

type eventQueue []*event

func (q eventQueue) Len() int { return len(q) }
func (q eventQueue) Less(i, j int) bool {
	if q[i].at.Equal(q[j].at) {
		return q[i].seq < q[j].seq
	}
	return q[i].at.Before(q[j].at)
}
func (q eventQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *eventQueue) Push(x any)   { *q = append(*q, x.(*event)) }
func (q *eventQueue) Pop() any {
	old := *q
	ev := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	return ev
}

// after schedules fn at c.now+d. Handlers re-check the state they act on,
// so events made stale by a later change simply do nothing.
func (c *Cloud) after(d time.Duration, fn func()) {
	if d < 0 {
		d = 0
	}
	c.evSeq++
	heap.Push(&c.events, &event{at: c.now.Add(d), seq: c.evSeq, fn: fn})
}

// advance processes every due event in time order, then sets the
// simulation time to the clock's time. The simulation never goes back.
func (c *Cloud) advance() {
	target := c.cfg.Clock.Now()
	for len(c.events) > 0 && !c.events[0].at.After(target) {
		ev := heap.Pop(&c.events).(*event)
		if ev.at.After(c.now) {
			c.now = ev.at
		}
		ev.fn()
	}
	if target.After(c.now) {
		c.now = target
	}
}
