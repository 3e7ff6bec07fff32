// Package cycle_b is a fixture that imports os and cycle_a.
package cycle_b

import (
	"os"

	"github.com/asgctl/asgctl/controller/internal/importcheck/testdata/cycle_a"
)

// B does I/O.
func B() int { return len(os.Args) + cycle_a.A() }
