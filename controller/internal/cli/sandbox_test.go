package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestSandboxJSONDocument(t *testing.T) {
	var out, errb bytes.Buffer
	code := Main([]string{"asgctl", "--output", "json", "sandbox", "--simulated", "--speed", "0"}, &out, &errb)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr: %s", code, errb.String())
	}
	var doc struct {
		Scenarios []map[string]any `json:"scenarios"`
		OK        bool             `json:"ok"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, out.String())
	}
	if !doc.OK || len(doc.Scenarios) != 3 {
		t.Fatalf("doc %+v", doc)
	}
	for _, key := range []string{"name", "service", "result", "expected", "duration_simulated_s", "aws_calls"} {
		if _, ok := doc.Scenarios[0][key]; !ok {
			t.Errorf("scenario lacks %q: %v", key, doc.Scenarios[0])
		}
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"asgctl", "--output", "yaml", "sandbox", "--speed", "0"},
		{"asgctl", "sandbox", "--simulated", "--speed", "-1"},
		{"asgctl", "sandbox", "--speed", "10"},
		{"asgctl", "sandbox", "--seed", "3"},
		{"asgctl", "sandbox", "--simulated", "--live"},
		{"asgctl", "sandbox", "--no-such-flag"},
		{"asgctl", "--log-level", "loud", "sandbox"},
	} {
		var out, errb bytes.Buffer
		if code := Main(args, &out, &errb); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, ExitUsage, errb.String())
		}
		if !strings.Contains(errb.String(), "asgctl:") && errb.Len() == 0 {
			t.Errorf("%v: no message on stderr", args)
		}
	}
}
