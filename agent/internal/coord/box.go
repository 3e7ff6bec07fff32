package coord

import (
	"context"
	"errors"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// Box is the instance the coordinator drives. Every method but Roll and
// Fetch returns quickly.
type Box interface {
	// Serving is what every process of the box runs and serves; zero when
	// nothing.
	Serving() fleet.Target
	// Fetch makes ref's release ready on disk, verified. It does not touch
	// the processes. A final error (IsFinal) is a verdict about the
	// artifact; any other error is worth retrying.
	Fetch(ctx context.Context, ref api.ReleaseRef) error
	// Render writes the environment file of t from the config as it is
	// now and returns the Consul index of the config it read. A final
	// error is a verdict about the config (a name or value refused).
	Render(ctx context.Context, t fleet.Target) (uint64, error)
	// Roll moves every process to t, one at a time. On a final failure
	// (IsFinal) the box is back on what it served before and the error
	// says what failed; any other error (ctx ended, a rotation driver
	// unreachable) leaves what was done for the next attempt or the
	// agent's recovery.
	Roll(ctx context.Context, t fleet.Target) error
	// Failed is the record and target this box failed for good and why,
	// kept across agent restarts; SetFailed records a new one.
	Failed() (fleet.Failure, string)
	SetFailed(f fleet.Failure, why string)
	// Publish reports the box's part in the fleet release.
	Publish(Status)
}

// Status is the fleet side of the agent's report.
type Status struct {
	State   string // api.Agent* state
	Desired string // the record's release
	Seq     int    // the record's seq
	Error   string // what failed, or what is being retried
}

// FinalError marks an error as a verdict about the release itself (its
// artifact, its config, or its processes' health): retrying the same
// release cannot help.
type FinalError struct{ Err error }

func (e *FinalError) Error() string { return e.Err.Error() }
func (e *FinalError) Unwrap() error { return e.Err }

// Final marks err as final (nil stays nil).
func Final(err error) error {
	if err == nil || IsFinal(err) {
		return err
	}
	return &FinalError{Err: err}
}

// IsFinal reports whether err is a verdict about the release.
func IsFinal(err error) bool {
	var f *FinalError
	return errors.As(err, &f)
}
