// Package bad_dot is a fixture that dot-imports time.
package bad_dot

import . "time"

// Later hides a wall-clock read.
func Later() Time { return Now().Add(Hour) }
