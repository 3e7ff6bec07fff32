// Package verify owns running one verify hook (api.Hook) over HTTP: an
// HTTP check's requests, one after another, each judged on its status and
// body, or a webhook's POST of the rollout. It turns every outcome — a
// pass, a wrong answer, a timeout, a refused connection — into an
// api.HookResult whose Output says what was asked and what came back, so
// the controller can record it and revert with it as the reason. It
// decides nothing about the rollout.
//
// Requests carry the hook's headers and a User-Agent of "asgctl-verify"
// unless the hook sets one (a "Host" header sets the request's host);
// redirects are answers, never followed. A result of a run whose context
// ended before the hook had an answer is not a verdict about green:
// Interrupted tells it apart.
//
// It may import controller/api, controller/clock and the standard library.
package verify
