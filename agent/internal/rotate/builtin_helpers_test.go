package rotate_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/rotate"
)

// newProxyCaps starts a builtin proxy with both drain caps, logging to log
// (nil: nowhere), closed when the test ends.
func newProxyCaps(t *testing.T, backends map[int]string, drain, longLived time.Duration, log *slog.Logger) *rotate.Builtin {
	t.Helper()
	p, err := rotate.NewBuiltin("127.0.0.1:0", backends, drain, longLived, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// newProxyAt starts a builtin proxy listening on listen, with 1s drain caps.
func newProxyAt(t *testing.T, listen string, backends map[int]string) *rotate.Builtin {
	t.Helper()
	p, err := rotate.NewBuiltin(listen, backends, time.Second, time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// waitInFlight polls until backend index has want requests in flight.
func waitInFlight(t *testing.T, p *rotate.Builtin, index, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for n, _ := p.InFlight(index); n != want; n, _ = p.InFlight(index) {
		if time.Now().After(deadline) {
			t.Fatalf("backend %d: %d in flight, want %d", index, n, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// logMessages is a slog handler sending each record's message to a channel,
// so a test can wait for something the code logs.
type logMessages chan string

func (l logMessages) Enabled(context.Context, slog.Level) bool { return true }

func (l logMessages) Handle(_ context.Context, r slog.Record) error {
	select {
	case l <- r.Message:
	default: // nobody listening for it
	}
	return nil
}

func (l logMessages) WithAttrs([]slog.Attr) slog.Handler { return l }

func (l logMessages) WithGroup(string) slog.Handler { return l }

// waitLog waits until msg is logged.
func waitLog(t *testing.T, l logMessages, msg string) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case got := <-l:
			if got == msg {
				return
			}
		case <-timeout:
			t.Fatalf("%q not logged", msg)
		}
	}
}
