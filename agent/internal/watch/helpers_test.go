package watch_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// releaseJSON is a valid release record named id.
func releaseJSON(t *testing.T, id string) []byte {
	t.Helper()
	b, err := json.Marshal(api.Release{
		Version:   api.ReleaseVersion,
		Release:   id,
		Artifact:  "s3://bucket/web/" + id + ".tar.gz",
		SHA256:    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// recorder collects what Run hands out.
type recorder struct {
	mu        sync.Mutex
	delivered []string
	indexes   []uint64 // the ModifyIndex of each delivery
	errs      []error
	stale     []bool

	deliveries chan string // each delivered id, as it starts
	events     chan struct{}
}

func newRecorder() *recorder {
	return &recorder{deliveries: make(chan string, 16), events: make(chan struct{}, 64)}
}

func (r *recorder) deliver(gate func(id string)) func(context.Context, *api.Release, uint64) error {
	return func(_ context.Context, rel *api.Release, index uint64) error {
		r.mu.Lock()
		r.delivered = append(r.delivered, rel.Release)
		r.indexes = append(r.indexes, index)
		r.mu.Unlock()
		r.deliveries <- rel.Release
		if gate != nil {
			gate(rel.Release)
		}
		return nil
	}
}

func (r *recorder) onStale(s bool) {
	r.mu.Lock()
	r.stale = append(r.stale, s)
	r.mu.Unlock()
	r.events <- struct{}{}
}

func (r *recorder) onError(err error) {
	r.mu.Lock()
	r.errs = append(r.errs, err)
	r.mu.Unlock()
	r.events <- struct{}{}
}

func (r *recorder) snapshot() (delivered []string, errs []error, stale []bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.delivered...), append([]error(nil), r.errs...), append([]bool(nil), r.stale...)
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
