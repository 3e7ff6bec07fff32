// Package cycle_a is a fixture that imports cycle_b, which imports it back
// (the go tool would refuse; the checker must still terminate).
package cycle_a

import "github.com/asgctl/asgctl/controller/internal/importcheck/testdata/cycle_b"

// A is pure here.
func A() int { return cycle_b.B() }
