// Package live is the sandbox with real parts: the controller's loop on the
// simulated cloud in hosted mode, where every instance is a real
// asgctl-agent process on loopback running the sample app, the agents'
// Consul (consulhttp over the in-memory store) and S3 (objstore), a local
// balancer standing in for the ALB data path, and steady HTTP load through
// it. It plays five scenarios on the wall clock — first deploy, an in-place
// release, a blue/green promote, a promote whose green never gets
// healthy, and a release whose app fails health — and reports, per
// scenario, the outcome and the requests sent and failed.
//
// It may import the controller's packages, the sandbox's parts
// (agenthost, balancer, objstore), internal/loadgen and the standard
// library.
package live
