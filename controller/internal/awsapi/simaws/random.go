package simaws

import (
	"fmt"
	"math/rand/v2"
	"time"
)

const hexDigits = "0123456789abcdef"

// hexID returns n lowercase hex digits from the world source.
func (c *Cloud) hexID(n int) string { return hexFrom(c.world, n) }

// uuid returns a version-4 shaped UUID from the world source.
func (c *Cloud) uuid() string { return uuidFrom(c.world) }

// nameUUID returns a version-4 shaped UUID from the names source, for the
// ARNs of scaling policies and scheduled actions and the names of target
// tracking alarms: drawing them leaves a seed's instances and timings as
// they were.
func (c *Cloud) nameUUID() string { return uuidFrom(c.names) }

func hexFrom(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = hexDigits[r.IntN(16)]
	}
	return string(b)
}

func uuidFrom(r *rand.Rand) string {
	h := hexFrom(r, 32)
	return fmt.Sprintf("%s-%s-4%s-a%s-%s", h[0:8], h[8:12], h[13:16], h[17:20], h[20:32])
}

// draw returns a duration in r, in whole milliseconds when r spans at
// least one, from the world source.
func (c *Cloud) draw(r Range) time.Duration {
	return drawFrom(r, c.world.Int64N)
}

func drawFrom(r Range, int64n func(int64) int64) time.Duration {
	span := r.Max - r.Min
	switch {
	case span <= 0:
		return r.Min
	case span < time.Millisecond:
		return r.Min + time.Duration(int64n(int64(span)+1))
	default:
		return r.Min + time.Duration(int64n(int64(span/time.Millisecond)+1))*time.Millisecond
	}
}

func (c *Cloud) elbARN(resource string) string {
	return fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:%s", c.cfg.Region, c.cfg.AccountID, resource)
}
