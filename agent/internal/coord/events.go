package coord

import "github.com/asgctl/asgctl/controller/fleet"

// EventKind names a step of a fleet release.
type EventKind string

// The events a Coordinator reports through OnEvent.
const (
	// EventRollStart: the box starts moving its processes. Paced says it
	// holds a slot; Index is the Consul index of the record read that
	// cleared the start (paced rolls only), Limit the pacing limit the
	// slot was granted under.
	EventRollStart EventKind = "roll_start"
	// EventRollEnd: the roll is over; Err is its error, nil when it worked.
	EventRollEnd EventKind = "roll_end"
	// EventSlotReleased: the box gave its pacing slot back.
	EventSlotReleased EventKind = "slot_released"
	// EventHalted: this box recorded the halt of record Seq.
	EventHalted EventKind = "halted"
)

// Event is one step, for OnEvent.
type Event struct {
	Kind   EventKind
	Seq    int
	Target fleet.Target
	Paced  bool
	Index  uint64
	Limit  int
	Err    error
}
