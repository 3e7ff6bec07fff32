// Package api is the wire contract shared by the controller, the CLI and the
// agent: the ServiceSpec, the desired-state request, the Rollout record and
// the Consul KV key layout. Every value is a JSON object with "version": 1,
// decoded strictly (an unknown field is an error naming it) and checked by a
// Validate method that reports every problem at once.
//
// It imports only the standard library and nothing else in this module.
package api
