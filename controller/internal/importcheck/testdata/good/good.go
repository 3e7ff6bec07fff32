// Package good is a pure fixture: it imports the standard library, an
// allowed module package, and uses time only as values.
package good

import (
	"fmt"
	"sort"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// Deadline adds a spec's progress deadline to now, which it is given.
func Deadline(now time.Time, s api.ServiceSpec) time.Time {
	return now.Add(s.WithDefaults().ProgressDeadline.D())
}

type fakeClock struct{}

func (fakeClock) Now() int { return 1 }

// Shadowed uses a local variable named time, which is not the package.
func Shadowed() string {
	time := fakeClock{}
	keys := []string{"b", "a"}
	sort.Strings(keys)
	return fmt.Sprint(time.Now(), keys)
}
