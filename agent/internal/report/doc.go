// Package report tells the world what an agent is doing (docs/consul.md):
// a Reporter keeps the instance's api.AgentReport at
// api.KeyAgent(svc, instance), held by a Consul session of its own so the
// report stops being live when the agent dies (the session lapses and the
// key loses its holder; Live lists only held reports), rewritten on every
// state change; and Notify posts milestones and failures to an optional
// Slack-compatible webhook.
//
// It may import controller/api, controller/clock and controller/consulkv.
package report
