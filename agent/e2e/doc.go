// Package e2e holds the acceptance tests of asgctl-agent: the real agent
// binary, driven by the real asgctl CLI, against a real Consul dev agent,
// moto's S3, real test-app processes and (per driver) the builtin proxy,
// HAProxy or nginx, under open-loop load. It has no non-test code.
package e2e
