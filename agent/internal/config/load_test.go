package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

func TestLoadDesignExample(t *testing.T) {
	c, err := Load("testdata/agent.json")
	if err != nil {
		t.Fatal(err)
	}
	if c.Service != "web" || c.Processes != 4 || c.Health.Interval.D() != 500*time.Millisecond {
		t.Fatalf("unexpected config: %+v", c)
	}
	if got := c.Command(2, "/srv/web/releases/r1"); !reflect.DeepEqual(got, []string{"/srv/web/releases/r1/bin/web", "--port", "9003"}) {
		t.Fatalf("Command = %v", got)
	}
}

func TestLoadMinimalGetsDefaults(t *testing.T) {
	c, err := Parse([]byte(`{"version":1,"service":"api","processes":2,"command":["run"],"artifacts":{"allow":["s3://b-1/api/"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Version: 1, Service: "api", Processes: 2, Argv: []string{"run"},
		Consul: Consul{Address: DefaultConsulAddress}, BasePort: DefaultBasePort, Listen: DefaultListen,
		Health: Health{Path: "/ping", Interval: api.Duration(DefaultInterval), Successes: 3, Timeout: api.Duration(time.Minute),
			Settle: api.Duration(3 * DefaultInterval)},
		Rotation: Rotation{Driver: RotationBuiltin, DrainTimeout: api.Duration(30 * time.Second),
			DrainLongLived: api.Duration(5 * time.Second)},
		Supervisor: Supervisor{Driver: SupervisorExec, StopTimeout: api.Duration(30 * time.Second), Unit: "api@{index}.service"},
		Dirs:       Dirs{Releases: "/srv/api/releases", Env: "/srv/api/env", State: "/var/lib/asgctl-agent/api"},
		Artifacts: Artifacts{Allow: []string{"s3://b-1/api/"}, MaxBytes: DefaultMaxBytes, MaxEntries: DefaultMaxEntries,
			MaxRatio: DefaultMaxRatio, DownloadTimeout: api.Duration(15 * time.Minute), StallTimeout: api.Duration(30 * time.Second)},
	}
	if !reflect.DeepEqual(*c, want) {
		t.Fatalf("got  %+v\nwant %+v", *c, want)
	}
}

func TestLoadUnknownFieldNamed(t *testing.T) {
	for doc, field := range map[string]string{
		`{"version":1,"servce":"web"}`:       "servce",
		`{"version":1,"health":{"pth":"/"}}`: "pth",
	} {
		_, err := Parse([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), `unknown field "`+field+`"`) {
			t.Fatalf("%s: err = %v, want unknown field %q", doc, err, field)
		}
	}
}

func TestLoadRejectsBadDurationAndTrailingData(t *testing.T) {
	for _, doc := range []string{
		`{"version":1,"health":{"interval":"soon"}}`,
		`{"version":1} {}`,
	} {
		if _, err := Parse([]byte(doc)); err == nil {
			t.Fatalf("%s: want an error", doc)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.json"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want it to wrap ErrNotExist", err)
	}
}

func TestLoadInvalidIsValidationError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "agent.json")
	if err := os.WriteFile(path, []byte(`{"version":2}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	var ve *api.ValidationError
	if !errors.As(err, &ve) || ve.Kind != "agent config" || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want an agent config ValidationError naming the file", err)
	}
}
