package consulkv_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

func TestLiveAgentReportsKeepsHeldDecodableReports(t *testing.T) {
	rep := func(id string) []byte {
		b, _ := json.Marshal(api.AgentReport{Version: api.AgentReportVersion, Service: "web", InstanceID: id,
			State: "ready", UpdatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		return b
	}
	entries := []consulkv.Entry{
		{Key: "asgctl/agents/web/i-live", Value: rep("i-live"), Session: "s1"},
		{Key: "asgctl/agents/web/i-gone", Value: rep("i-gone")},
		{Key: "asgctl/agents/web/i-bad", Value: []byte("{"), Session: "s2"},
	}
	got, err := consulkv.LiveAgentReports(entries)
	if len(got) != 1 || got[0].InstanceID != "i-live" {
		t.Fatalf("live reports %+v, want only i-live", got)
	}
	if err == nil || !strings.Contains(err.Error(), "asgctl/agents/web/i-bad") {
		t.Fatalf("error %v, want one naming the undecodable key", err)
	}
	if none, err := consulkv.LiveAgentReports(nil); none == nil || len(none) != 0 || err != nil {
		t.Fatalf("no entries: %v, %v; want an empty, non-nil list", none, err)
	}
}
