package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// NotifyTimeout bounds one webhook post.
const NotifyTimeout = 10 * time.Second

// maxTailBytes caps the process output quoted in a failure message.
const maxTailBytes = 3000

// Notify posts {"text": text} to a Slack-compatible incoming webhook,
// giving up after NotifyTimeout. A non-2xx answer is an error. An empty url
// means notifications are off: Notify does nothing.
func Notify(ctx context.Context, url, text string) error {
	if url == "" {
		return nil
	}
	body, err := json.Marshal(map[string]string{"text": text})
	if err != nil {
		return fmt.Errorf("notify: encode: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, NotifyTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("notify: post: %w", err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("notify: webhook answered %s: %s", resp.Status, strings.TrimSpace(string(msg)))
	}
	return nil
}

// MilestoneText is the message for a state change of rep.
func MilestoneText(rep api.AgentReport) string {
	return fmt.Sprintf("%s/%s: release %s (config %d) %s", rep.Service, rep.InstanceID, rep.Release, rep.ConfigRev, rep.State)
}

// FailureText is the message for a failed rep: what failed and the end of
// the failing process's output (at most the last maxTailBytes bytes).
func FailureText(rep api.AgentReport, tail string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s: release %s FAILED: %s", rep.Service, rep.InstanceID, rep.Release, rep.Error)
	if tail = strings.TrimRight(tail, "\n"); tail != "" {
		if len(tail) > maxTailBytes {
			tail = "…" + tail[len(tail)-maxTailBytes:]
		}
		fmt.Fprintf(&b, "\n```\n%s\n```", strings.ReplaceAll(tail, "```", "'''"))
	}
	return b.String()
}
