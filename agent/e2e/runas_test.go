package e2e_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/internal/testenv"
)

// openUp lets other users through dir and its parent (a test's temp dirs
// are 0700), so processes run as nobody reach their release.
func openUp(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		for _, p := range []string{d, filepath.Dir(d)} {
			if err := os.Chmod(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Defect 8, the other half: with supervisor.run_as the processes run as
// that user and cannot read the agent's Consul token file or its
// environment (where its AWS credentials are).
func TestProcessesCannotReadTheAgentsSecrets(t *testing.T) {
	if os.Getuid() != 0 {
		testenv.SkipOrFail(t, "run_as needs the agent to run as root")
	}
	b := newBox(t, consul.Agent(t).Addr, nil)
	openUp(t, b.dir, filepath.Dir(bins.testapp))
	token := filepath.Join(b.dir, "consul-token")
	if err := os.WriteFile(token, []byte("00000000-0000-0000-0000-000000000000"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.cfg["consul"] = map[string]any{"address": b.consulAddr, "token_file": token}
	b.cfg["supervisor"] = map[string]any{"driver": "exec", "stop_timeout": "10s", "run_as": "nobody"}
	b.startAgent()
	rep := b.deployFirst()
	status, err := os.ReadFile("/proc/" + strconv.Itoa(rep.Processes[0].PID) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(status), "\nUid:\t65534\t65534\t65534\t65534\n") {
		t.Errorf("process 0 does not run as nobody:\n%s", status)
	}
	for _, secret := range []string{token, "/proc/" + strconv.Itoa(b.agent.Process.Pid) + "/environ"} {
		if code, body := b.get("/read?path="+secret, nil); code != http.StatusForbidden {
			t.Errorf("a service process can read %s (%d %s)", secret, code, body)
		}
	}
	if code, home := b.get("/env?name=HOME", nil); code != http.StatusOK || home == "/root" {
		t.Errorf("HOME of a process run as nobody is %q (%d), want nobody's", home, code)
	}
}
