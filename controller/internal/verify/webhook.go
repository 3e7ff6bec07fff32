package verify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/asgctl/asgctl/controller/api"
)

// webhook POSTs the rollout in p to h's webhook, with the hook's headers
// and then Content-Type and Idempotency-Key; a 2xx answer passes.
func (r Runner) webhook(ctx context.Context, stage string, h api.Hook, base string, p api.HookPayload) (bool, string) {
	u, err := resolve(h.Webhook.URL, base)
	if err != nil {
		return false, err.Error()
	}
	p.Stage, p.Hook = stage, h.Name
	body, err := json.Marshal(p)
	if err != nil {
		return false, fmt.Sprintf("encode the webhook payload: %v", err)
	}
	fixed := map[string]string{"Content-Type": "application/json", "Idempotency-Key": idempotencyKey(p.Rollout, stage, h.Name)}
	what := http.MethodPost + " " + u.Redacted()
	rq := request{method: http.MethodPost, url: u, headers: h.Webhook.Headers, fixed: fixed, body: body, timeout: h.TimeoutOr()}
	a, err := do(ctx, r.client(), rq)
	switch {
	case errors.Is(err, errInterrupted):
		return false, interruptedPrefix + "the run was canceled during " + what
	case err != nil:
		return false, what + ": " + err.Error()
	case a.status/100 != 2:
		msg := fmt.Sprintf("%s: status %d, want 2xx", what, a.status)
		if len(a.body) == 0 {
			return false, msg + " (empty body)"
		}
		return false, msg + ": " + quoteBody(a.body, len(a.body), api.MaxHookOutput-len(msg)-len(": "))
	}
	return true, fmt.Sprintf("%s: %d", what, a.status)
}

// idempotencyKey is the Idempotency-Key header of a webhook:
// "<rollout>/<stage>/<hook>", the same each time the hook runs for the
// rollout and stage.
func idempotencyKey(rollout, stage, hook string) string {
	return rollout + "/" + stage + "/" + hook
}
