package report_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/agent/internal/report"
	"github.com/asgctl/asgctl/controller/api"
)

func TestNotifyPostsSlackJSON(t *testing.T) {
	got := make(chan map[string]string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]string
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s with content type %q", r.Method, r.Header.Get("Content-Type"))
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Errorf("decode: %v", err)
		}
		got <- body
	}))
	defer srv.Close()
	rep := api.AgentReport{Service: "web", InstanceID: "i-1", Release: "r2", State: api.AgentFailed, Error: "process 2 failed its health check"}
	text := report.FailureText(rep, "listening\npanic: boom\n")
	if err := report.Notify(context.Background(), srv.URL, text); err != nil {
		t.Fatal(err)
	}
	body := <-got
	for _, want := range []string{"web/i-1", "r2", "FAILED", "health check", "panic: boom"} {
		if !strings.Contains(body["text"], want) {
			t.Errorf("text %q lacks %q", body["text"], want)
		}
	}
	if len(body) != 1 {
		t.Errorf("body %v, want only text", body)
	}
}

func TestNotifyFailsOnAnErrorStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "invalid_token", http.StatusForbidden)
	}))
	defer srv.Close()
	err := report.Notify(context.Background(), srv.URL, "hello")
	if err == nil || !strings.Contains(err.Error(), "invalid_token") {
		t.Fatalf("Notify = %v, want the webhook's refusal", err)
	}
}

func TestNotifyWithoutURLDoesNothing(t *testing.T) {
	if err := report.Notify(context.Background(), "", "hello"); err != nil {
		t.Fatal(err)
	}
}

func TestFailureTextKeepsTheEndOfALongTail(t *testing.T) {
	tail := strings.Repeat("x", 5000) + "LAST LINE"
	text := report.FailureText(api.AgentReport{Service: "web"}, tail)
	if !strings.Contains(text, "LAST LINE") || len(text) > 3200 {
		t.Fatalf("failure text of %d bytes, ending %q", len(text), text[len(text)-20:])
	}
}
