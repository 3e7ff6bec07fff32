package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// DefaultTTL is the report session's TTL: a dead agent's report stops
// being live between TTL and 2×TTL after its last renewal.
const DefaultTTL = 15 * time.Second

// ErrHeld means another session (say, an earlier run of this agent whose
// session has not lapsed yet) holds the report key; Run keeps retrying.
var ErrHeld = errors.New("report key held by another session")

// Reporter holds one instance's AgentReport in Consul. Set writes a new
// report; Run renews the session and rewrites the last report whenever a
// write failed or the session was lost; Close releases it. Safe for
// concurrent use.
type Reporter struct {
	b        consulkv.Backend
	clk      clock.Clock
	log      *slog.Logger
	svc, id  string
	key      string
	ttl      time.Duration
	mu       sync.Mutex
	session  string
	value    []byte // the last report set, nil before the first
	unsynced bool   // value is not in Consul yet
}

// NewReporter returns a Reporter for instance of svc; ttl 0 is DefaultTTL.
func NewReporter(b consulkv.Backend, clk clock.Clock, log *slog.Logger, svc, instance string, ttl time.Duration) *Reporter {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	key := api.KeyAgent(svc, instance)
	return &Reporter{b: b, clk: clk, log: log.With("key", key), svc: svc, id: instance, key: key, ttl: ttl}
}

// Set fills in rep's version, service, instance and (when zero) update
// time, validates it and writes it under the Reporter's session, creating
// the session first when there is none. When the write fails the report is
// still kept, and Run writes it later.
func (r *Reporter) Set(ctx context.Context, rep api.AgentReport) error {
	rep.Version, rep.Service, rep.InstanceID = api.AgentReportVersion, r.svc, r.id
	if rep.UpdatedAt.IsZero() {
		rep.UpdatedAt = r.clk.Now().UTC()
	}
	if err := rep.Validate(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	value, err := json.Marshal(rep)
	if err != nil {
		return fmt.Errorf("report: encode: %w", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.value, r.unsynced = value, true
	return r.writeLocked(ctx)
}

// writeLocked acquires the key with the current value. r.mu must be held.
func (r *Reporter) writeLocked(ctx context.Context) error {
	if r.session == "" {
		id, err := r.b.CreateSession(ctx, "asgctl-agent "+r.svc+"/"+r.id, r.ttl, 0)
		if err != nil {
			return fmt.Errorf("report %s: create session: %w", r.key, err)
		}
		r.session = id
	}
	ok, err := r.b.Acquire(ctx, r.key, r.value, r.session)
	switch {
	case errors.Is(err, consulkv.ErrSessionInvalid):
		r.session = ""
		return fmt.Errorf("report %s: %w", r.key, err)
	case err != nil:
		return fmt.Errorf("report %s: %w", r.key, err)
	case !ok:
		return fmt.Errorf("report %s: %w", r.key, ErrHeld)
	}
	r.unsynced = false
	return nil
}
