// Package bad_now is a fixture that reads the wall clock.
package bad_now

import (
	tm "time"
)

// Age reads the clock through an aliased import.
func Age(t tm.Time) tm.Duration {
	return tm.Now().Sub(t)
}
