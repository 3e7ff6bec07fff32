// Package bad_transitive is a fixture that is clean itself but imports a
// module package that does I/O.
package bad_transitive

import "github.com/asgctl/asgctl/controller/internal/importcheck/testdata/cycle_a"

// Value is pure here.
func Value() int { return cycle_a.A() }
