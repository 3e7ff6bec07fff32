package execute

import (
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// ErrPrecondition means the world is not what the action expected (someone
// else changed it, or a name is taken by a foreign resource). Nothing was
// written; observe and decide again.
var ErrPrecondition = errors.New("execute: precondition failed")

// ActionError is the error of one failed action (or of the Before hook that
// aborted the pass before it). It names the action's kind and target and
// unwraps to the cause.
type ActionError struct {
	Index  int
	Kind   reconcile.ActionKind
	Target string
	Err    error
}

func (e *ActionError) Error() string {
	return fmt.Sprintf("action %d %s %q: %v", e.Index, e.Kind, e.Target, e.Err)
}

func (e *ActionError) Unwrap() error { return e.Err }

// preconditionf returns an error wrapping ErrPrecondition.
func preconditionf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrPrecondition, fmt.Sprintf(format, args...))
}
