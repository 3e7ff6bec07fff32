package api

import (
	"strings"
	"testing"
	"time"
)

func TestReleaseValidate(t *testing.T) {
	good := Release{Version: 1, Release: "web-2026.11.22-1", Artifact: "s3://artifacts/web/r1.tar.gz",
		SHA256: strings.Repeat("ab", 32), CreatedAt: time.Unix(1, 0)}
	if err := good.Validate(); err != nil {
		t.Fatalf("good release: %v", err)
	}
	bad := Release{Version: 2, Release: "../x", Artifact: "https://x/y", SHA256: "ABC", ConfigRev: -1}
	err := bad.Validate()
	for _, field := range []string{"version", "release", "artifact", "sha256", "config_rev", "created_at"} {
		if err == nil || !strings.Contains(err.Error(), field+":") {
			t.Errorf("problems %v do not name %s", err, field)
		}
	}
}

func TestDecodeReleaseAndAgentReport(t *testing.T) {
	r, err := DecodeRelease([]byte(`{"version":1,"release":"r1","artifact":"s3://b/k","sha256":"` + strings.Repeat("0", 64) + `","config_rev":3,"created_at":"2026-01-01T00:00:00Z"}`))
	if err != nil || r.ConfigRev != 3 {
		t.Fatalf("release %+v, %v", r, err)
	}
	if _, err := DecodeRelease([]byte(`{"version":1,"nope":true}`)); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown field not named: %v", err)
	}
	a, err := DecodeAgentReport([]byte(`{"version":1,"service":"web","instance_id":"i-1","release":"r1","config_rev":0,"state":"ready","processes":[{"index":0,"port":9001,"release":"r1","state":"serving","pid":10}],"updated_at":"2026-01-01T00:00:00Z"}`))
	if err != nil || len(a.Processes) != 1 {
		t.Fatalf("report %+v, %v", a, err)
	}
	if _, err := DecodeAgentReport([]byte(`{"version":1,"service":"web","instance_id":"i-1","state":"confused","updated_at":"2026-01-01T00:00:00Z"}`)); err == nil || !strings.Contains(err.Error(), "state") {
		t.Errorf("bad state accepted: %v", err)
	}
	if KeyAgent("web", "i-1") != "asgctl/agents/web/i-1" || KeyDeploy("web") != "deploys/web" {
		t.Error("key layout changed")
	}
}
