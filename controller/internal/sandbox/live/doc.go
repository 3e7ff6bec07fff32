// Package live is `asgctl sandbox`: the whole system with real parts on
// the wall clock. The controller's loop runs on the simulated cloud in
// hosted mode, where every instance is a real asgctl-agent process on
// loopback running the sample app — or, when Options.AWSEndpoint is set,
// on moto through the real SDK adapter, with motohost running an agent for
// every instance moto launches and health-checking them. The agents read
// the in-memory store served over Consul's HTTP API (consulhttp), or a real
// Consul (Options.Consul), and releases from objstore; local balancers
// stand in for the ALB data path of the production listener, with steady
// HTTP load through it, and of a test listener. The production balancer's
// answers are published as the load balancer's per-target-group metrics
// (10 s resolution on the simulated cloud) for the controller's analysis.
//
// It plays seven scenarios — first deploy, an in-place release, a
// blue/green promote, a promote whose green never gets healthy, a promote
// whose green passes its health checks but fails 5 % of its requests
// (reverted by the analysis), a promote whose green fails its smoke check
// through the test listener (reverted before any production traffic), and
// a release whose app fails health — and reports, per scenario, the
// outcome, timings, the controller's AWS calls, the requests sent, failed
// and expected to fail (a bad green's injected errors), and what
// production traffic a misbehaving green answered. A cloud that cannot
// play a scenario (moto computes no metric percentiles, so no analysis)
// skips it and says why.
//
// It may import the controller's packages, the sandbox's parts
// (agenthost, balancer, motohost, objstore), the AWS SDK and the standard
// library.
package live
