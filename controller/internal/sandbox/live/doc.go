// Package live is `asgctl sandbox`: the whole system with real parts on
// the wall clock. The controller's loop runs on the simulated cloud in
// hosted mode, where every instance is a real asgctl-agent process on
// loopback running the sample app — or, when Options.AWSEndpoint is set,
// on moto through the real SDK adapter, with motohost running an agent for
// every instance moto launches and health-checking them. The agents read
// the in-memory store served over Consul's HTTP API (consulhttp), or a real
// Consul (Options.Consul), and releases from objstore; a local balancer
// stands in for the ALB data path, with steady HTTP load through it.
//
// It plays five scenarios — first deploy, an in-place release, a
// blue/green promote, a promote whose green never gets healthy, and a
// release whose app fails health — and reports, per scenario, the outcome,
// timings, the controller's AWS calls and the requests sent and failed.
//
// It may import the controller's packages, the sandbox's parts
// (agenthost, balancer, motohost, objstore), the AWS SDK,
// internal/loadgen and the standard library.
package live
