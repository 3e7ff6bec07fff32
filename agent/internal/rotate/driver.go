// Package rotate owns taking service processes out of and back into traffic
// rotation on one instance. It defines the Driver interface the rolling
// restart uses and the builtin driver: an in-agent reverse proxy that keeps
// the forwarding headers a load balancer in front sent and tells long-lived
// requests (upgraded connections, event streams) apart from ordinary ones
// so a drain waits for them only up to a shorter cap. It may import the
// standard library only (log/slog injected by the caller).
package rotate

import (
	"context"
	"errors"
)

// Driver takes single processes, by index, out of and back into rotation.
type Driver interface {
	// Drain stops routing new requests to the process and waits until its
	// in-flight count is zero, capped by the driver's drain timeout (the
	// builtin driver caps long-lived requests by a shorter one). When a cap
	// passes first it returns an ErrDrainTimeout error: the process stays
	// out of rotation and may be stopped anyway, cutting what is left.
	Drain(ctx context.Context, index int) error
	// Enable puts the process back into rotation.
	Enable(ctx context.Context, index int) error
	// Serving lists the indexes currently in rotation, ascending.
	Serving() []int
	// Init puts exactly the serving indexes in rotation and the others
	// out, at once and without waiting for in-flight requests. The agent
	// calls it once at start, from what it observed (processes that run
	// and were serving), before any Drain or Enable.
	Init(ctx context.Context, serving []int) error
}

// ErrDrainTimeout reports that in-flight requests were still running when a
// drain cap passed; the backend stays out of rotation. The wrapping error
// says how many were left.
var ErrDrainTimeout = errors.New("drain timeout with requests in flight")

// ErrUnknownBackend reports an index the driver was not configured with.
var ErrUnknownBackend = errors.New("unknown backend index")
