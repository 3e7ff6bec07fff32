// Package balancer is the sandbox's local stand-in for the ALB data path: a
// weighted HTTP reverse proxy that routes like an ALB listener.
//
// Every Config.Refresh, on the injected clock, it reads the listener's
// default forward action (or a rule's, when Config.RuleARN is set) and the
// target health of each target group it forwards to, through the same
// narrow SDK-shaped ELB calls the controller uses, and builds a routing
// table. A request then goes to a target group chosen by smooth weighted
// round robin (deterministic: weights 90/10 give exactly 9 in 10), and to a
// target of that group round robin:
//
//   - only healthy targets get requests while the group has one;
//   - a group with no healthy target fails open like the ALB: its
//     registered targets in initial, unhealthy or unavailable state share
//     the requests;
//   - draining and unused targets never get new requests; requests already
//     in flight to them finish;
//   - a target Config.Addr cannot place is skipped;
//   - a group with weight 0 gets nothing; a group with weight but nothing to
//     route to answers 503, as the ALB does.
//
// One deliberate difference from the ALB: when Config.RetryOnConnectError
// is on (the default) a request without a body that fails at the transport
// (refused or dropped connection, no response) is retried once on another
// target of the same group, so that the sandbox counts a failed request
// only for a real outage and not for a process that went away between two
// refreshes. The ALB itself does not retry.
//
// Stats counts requests by target group and by target, and the 5xx
// responses the balancer generated itself (Failures), for the sandbox's
// progress display. Config.OnAnswer reports every routed request once
// answered (target group, status, whether a target answered, latency),
// for a caller that publishes the load balancer's per-target-group
// metrics. Serve takes a listener the caller opened, so that a listener
// can be created on the port the balancer will serve before the balancer
// exists.
//
// It may import the standard library, the ELBv2 SDK types, the controller's
// clock and awsapi (for its interface), nothing else of the module.
package balancer
