// Package bad_io is a fixture that does I/O.
package bad_io

import (
	"math/rand/v2"
	"net/http"
	"os"
	"strings"

	"github.com/asgctl/asgctl/controller/clock"
)

// Do does everything a pure package must not.
func Do(c clock.Clock) {
	_ = os.Getenv(strings.ToUpper("x"))
	_ = http.DefaultClient
	_ = rand.IntN(3)
}
