package consul

import (
	"context"
	"errors"
	"net/http"
	"time"

	capi "github.com/hashicorp/consul/api"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// tb is what the scenarios need of a test: a *testing.T, or a probe that
// records the first failure (TestEveryRuleIsNeeded).
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

// ok fails the test when a call the component makes did not succeed.
func ok(t tb, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// refused fails the test unless Consul's ACLs refused the call.
func refused(t tb, what string, err error) {
	t.Helper()
	if !errors.Is(err, consulkv.ErrPermissionDenied) {
		t.Fatalf("%s: err = %v; want permission denied (HTTP 403)", what, err)
	}
}

// refusedHTTP fails the test unless err is an HTTP 403 from Consul's API
// client (for calls consulkv does not make, such as the catalog's).
func refusedHTTP(t tb, what string, err error) {
	t.Helper()
	var se capi.StatusError
	if !errors.As(err, &se) || se.Code != http.StatusForbidden {
		t.Fatalf("%s: err = %v; want HTTP 403", what, err)
	}
}

// seesChange checks that a blocking watch through kv (of a key, or of a
// prefix when prefix is true) delivers the current state and then the
// change write makes, as the component's watch would.
func seesChange(t tb, ctx context.Context, kv consulkv.KV, key string, prefix bool, write func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	got := make(chan uint64, 4)
	errc := make(chan error, 1)
	send := func(index uint64) error {
		select {
		case got <- index:
		case <-ctx.Done():
		}
		return nil
	}
	// A refused or failed call fails the test at once rather than being
	// retried until the deadline.
	opts := consulkv.WatchOptions{OnError: func(err error, _ time.Duration) {
		select {
		case errc <- err:
		default:
		}
	}}
	go func() {
		if prefix {
			_ = consulkv.WatchPrefix(ctx, clock.Real{}, kv, key, opts, func(_ context.Context, es []consulkv.Entry) error {
				return send(maxIndex(es))
			})
			return
		}
		_ = consulkv.WatchKey(ctx, clock.Real{}, kv, key, opts, func(_ context.Context, e *consulkv.Entry) error {
			if e == nil {
				return send(0)
			}
			return send(e.ModifyIndex)
		})
	}()
	first := receive(t, ctx, got, errc, "the current state of "+key)
	ok(t, "write "+key, write())
	if next := receive(t, ctx, got, errc, "the change of "+key); next <= first {
		t.Fatalf("watch of %s delivered index %d after %d; want a newer one", key, next, first)
	}
}

// receive waits for the next delivery of a watch.
func receive(t tb, ctx context.Context, got <-chan uint64, errc <-chan error, what string) uint64 {
	t.Helper()
	select {
	case i := <-got:
		return i
	case err := <-errc:
		t.Fatalf("watch failed before delivering %s: %v", what, err)
	case <-ctx.Done():
		t.Fatalf("no delivery of %s: %v", what, ctx.Err())
	}
	return 0
}

// maxIndex is the highest ModifyIndex among entries.
func maxIndex(es []consulkv.Entry) uint64 {
	var m uint64
	for _, e := range es {
		m = max(m, e.ModifyIndex)
	}
	return m
}
