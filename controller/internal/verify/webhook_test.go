package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/asgctl/asgctl/controller/api"
)

// webhookHook is a webhook hook to url whose headers try to replace the
// two the runner sets.
func webhookHook(url string) api.Hook {
	return api.Hook{Name: "notify-qa", Webhook: &api.Webhook{URL: url, Headers: map[string]string{"Authorization": "Bearer t0k", "content-type": "text/plain", "idempotency-key": "mine"}}}
}

var payload = api.HookPayload{Service: "web", Rollout: "ro-7", AMI: "ami-2", FromGroup: "web-blue", ToGroup: "web-green", TargetGroup: "tg-web", Step: 3}

func TestWebhookPostsThePayload(t *testing.T) {
	r, _ := newRunner()
	type seen struct {
		method, contentType, key, auth string
		payload                        api.HookPayload
	}
	got := make(chan seen, 1)
	srv := serve(t, func(w http.ResponseWriter, req *http.Request) {
		s := seen{method: req.Method, contentType: req.Header.Get("Content-Type"), key: req.Header.Get("Idempotency-Key"), auth: req.Header.Get("Authorization")}
		if err := json.NewDecoder(req.Body).Decode(&s.payload); err != nil {
			t.Errorf("decode the payload: %v", err)
		}
		got <- s
		w.WriteHeader(http.StatusNoContent)
	})
	res := r.Run(context.Background(), api.StageAfterTraffic, webhookHook(srv.URL+"/hook"), "", payload)
	if !res.Passed || res.Output != "POST "+srv.URL+"/hook: 204" || res.Hook != "notify-qa" {
		t.Fatalf("passed=%v output %q hook %q", res.Passed, res.Output, res.Hook)
	}
	want := payload
	want.Stage, want.Hook = api.StageAfterTraffic, "notify-qa"
	s := <-got
	if s.method != http.MethodPost || s.contentType != "application/json" || s.key != "ro-7/after_traffic/notify-qa" || s.auth != "Bearer t0k" {
		t.Errorf("server saw %s with Content-Type %q, Idempotency-Key %q, Authorization %q", s.method, s.contentType, s.key, s.auth)
	}
	if s.payload != want {
		t.Errorf("payload %+v, want %+v", s.payload, want)
	}
}

func TestWebhookFailsOnAnythingButTwoHundreds(t *testing.T) {
	r, _ := newRunner()
	for _, tc := range []struct {
		status int
		body   string
		want   string
	}{
		{500, "db locked\n", `status 500, want 2xx: "db locked\n"`},
		{302, "", "status 302, want 2xx (empty body)"},
		{409, "already ran", `status 409, want 2xx: "already ran"`},
	} {
		srv := serve(t, func(w http.ResponseWriter, req *http.Request) {
			_, _ = io.Copy(io.Discard, req.Body)
			w.Header().Set("Location", "/elsewhere")
			w.WriteHeader(tc.status)
			_, _ = fmt.Fprint(w, tc.body)
		})
		res := r.Run(context.Background(), api.StageBeforeTraffic, webhookHook(srv.URL), "", payload)
		wantFail(t, res, "POST "+srv.URL+": "+tc.want)
	}
}

func TestWebhookTimesOut(t *testing.T) {
	r, _ := newRunner()
	srv, _ := silent(t)
	h := webhookHook(srv.URL)
	h.Timeout = api.Duration(50 * time.Millisecond)
	wantFail(t, r.Run(context.Background(), api.StageBeforeTraffic, h, "", payload), "POST "+srv.URL+": no answer within 50ms")
}

// TestWebhookOutputIsCapped: a long answer is quoted up to the output cap,
// cut between runes, and marked as cut.
func TestWebhookOutputIsCapped(t *testing.T) {
	r, _ := newRunner()
	srv := serve(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = fmt.Fprint(w, strings.Repeat("é", 5000))
	})
	res := r.Run(context.Background(), api.StageBeforeTraffic, webhookHook(srv.URL), "", payload)
	prefix := "POST " + srv.URL + `: status 502, want 2xx: "éé`
	if res.Passed || len(res.Output) > api.MaxHookOutput || len(res.Output) < api.MaxHookOutput-8 ||
		!utf8.ValidString(res.Output) || !strings.HasPrefix(res.Output, prefix) || !strings.HasSuffix(res.Output, `é"…`) {
		t.Fatalf("output (%d bytes) %q: want the body quoted up to %d bytes, ending in an ellipsis", len(res.Output), res.Output, api.MaxHookOutput)
	}
}
