package rotate

import (
	"fmt"
	"time"
)

// drainCaps records which drain caps have passed.
type drainCaps struct {
	ordinary  bool // the drain timeout
	longLived bool // the long-lived cap
}

// waiting reports whether a drain should keep waiting for what is in
// flight: for each kind, while some are left and its cap has not passed.
func (p drainCaps) waiting(c flightCounts) bool {
	return (c.ordinary > 0 && !p.ordinary) || (c.longLived > 0 && !p.longLived)
}

// describe names the cap that ended the drain, with both caps' lengths.
func (p drainCaps) describe(drainTimeout, longLived time.Duration) string {
	if p.ordinary {
		return fmt.Sprintf("drain timeout %s passed", drainTimeout)
	}
	return fmt.Sprintf("long-lived cap %s passed; drain timeout %s", longLived, drainTimeout)
}

// describe says what is in flight, e.g. "0 requests and 3 long-lived
// connections".
func (c flightCounts) describe() string {
	return fmt.Sprintf("%s and %s", plural(c.ordinary, "request"), plural(c.longLived, "long-lived connection"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
