package e2e_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// webhook is a Slack-compatible incoming webhook that keeps the texts it
// was sent.
type webhook struct {
	url   string
	mu    sync.Mutex
	texts []string
}

func newWebhook(t *testing.T) *webhook {
	w := &webhook{}
	s := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var msg struct {
			Text string `json:"text"`
		}
		if err := json.NewDecoder(r.Body).Decode(&msg); err != nil || msg.Text == "" {
			http.Error(rw, "want {\"text\": ...}", http.StatusBadRequest)
			return
		}
		w.mu.Lock()
		w.texts = append(w.texts, msg.Text)
		w.mu.Unlock()
		_, _ = rw.Write([]byte("ok"))
	}))
	t.Cleanup(s.Close)
	w.url = s.URL
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("webhook texts: %q", w.all())
		}
	})
	return w
}

func (w *webhook) all() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.texts...)
}

// has reports whether any text contains s.
func (w *webhook) has(s string) bool {
	for _, t := range w.all() {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}
