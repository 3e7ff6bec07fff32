package live

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/integration/motoserver"
)

// TestLiveOnMoto plays the first deploy and a 10/50/100 promote with the
// controller's real SDK adapter against moto_server, agents for moto's
// instances and the run's own health checks: both end complete with no
// failed request, and the report names moto and counts the controller's
// calls.
func TestLiveOnMoto(t *testing.T) {
	if os.Getenv("ASGCTL_LIVE_SANDBOX") != "1" {
		t.Skip("starts real agents and moto_server; make test-live runs it with ASGCTL_LIVE_SANDBOX=1")
	}
	srv, stop, err := motoserver.StartMain()
	t.Cleanup(stop)
	srv = motoserver.Use(t, srv, err)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	rep, err := Run(ctx, Options{AWSEndpoint: srv.URL, Scenarios: []string{"blue_green_promote"}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK || len(rep.Scenarios) != 2 || rep.AWS != srv.URL {
		t.Fatalf("report %+v", rep)
	}
	promote := rep.Scenarios[1]
	if promote.Requests.Sent == 0 || promote.AWSCalls == 0 || !strings.HasSuffix(promote.Rollouts[0], "-v002") {
		t.Errorf("promote %+v: want load, the controller's calls and rollout v002", promote)
	}
}
