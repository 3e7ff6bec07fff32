package rotate_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/proxytest"
	"github.com/asgctl/asgctl/agent/internal/rotate"
)

// nginxDrainTimeout caps each reload's wait for the old workers to exit.
const nginxDrainTimeout = 10 * time.Second

// TestNginxRollingRestartZeroFailures restarts 4 test-app processes one at
// a time behind a real nginx (rendered upstream + graceful reload) under
// an open-loop load of 300 req/s; no request may fail.
func TestNginxRollingRestartZeroFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real processes under load")
	}
	f, backends := newFleet(t)
	n := proxytest.StartNginx(t, backends, nginxDrainTimeout, false)
	res := rollUnderLoad(t, f, n.Driver, n.URL)
	if res.Failed.Load() != 0 {
		t.Fatalf("%d of %d requests failed, first: %v", res.Failed.Load(), res.Sent.Load(), res.Errors())
	}
	if got := fmt.Sprint(n.Driver.Serving()); got != "[0 1 2 3]" {
		t.Fatalf("serving after rollout = %s", got)
	}
}

// TestNginxDrainRendersDownAndRefusesSecond checks that a drained server
// gets no traffic, that a second drain is refused, and that a failing
// `nginx -t` leaves the file and the rotation unchanged.
func TestNginxDrainRendersDownAndRefusesSecond(t *testing.T) {
	n := proxytest.StartNginx(t, namedBackends(t, 3), 10*time.Second, false)
	ctx := context.Background()
	if err := n.Driver.Drain(ctx, 1); err != nil {
		t.Fatal(err)
	}
	for range 12 {
		if _, body := get(t, n.URL); body == "1" {
			t.Fatal("drained server 1 got a request")
		}
	}
	if got := fmt.Sprint(n.Driver.Serving()); got != "[0 2]" {
		t.Fatalf("serving = %s", got)
	}
	if err := n.Driver.Drain(ctx, 2); !errors.Is(err, rotate.ErrOtherNotServing) {
		t.Fatalf("second drain: got %v, want ErrOtherNotServing", err)
	}
	if err := n.Driver.Enable(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := n.Driver.Drain(ctx, 7); !errors.Is(err, rotate.ErrUnknownBackend) {
		t.Fatalf("drain 7: got %v", err)
	}
	checkNginxTestFailure(t, n)
}

func checkNginxTestFailure(t *testing.T, n proxytest.Nginx) {
	conf := filepath.Join(n.Dir, "nginx.conf")
	good, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(conf, append(good, []byte("\nbroken {\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	err = n.Driver.Drain(context.Background(), 0)
	if err == nil || !strings.Contains(err.Error(), "nginx.conf") {
		t.Fatalf("drain with a broken config: got %v, want the nginx -t output", err)
	}
	t.Logf("broken config: %v", err)
	upstream, _ := os.ReadFile(filepath.Join(n.Dir, "upstream.conf"))
	if strings.Contains(string(upstream), " down;") || fmt.Sprint(n.Driver.Serving()) != "[0 1 2]" {
		t.Fatalf("after a failed drain: serving %v, file:\n%s", n.Driver.Serving(), upstream)
	}
}
