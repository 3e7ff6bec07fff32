// Package e2e holds end-to-end tests that drive asgctl's real controller
// parts in-process against real dependencies started on loopback:
// moto_server for AWS and a Consul dev agent. Each test
// starts what it needs and stops it at cleanup. (Tests that run the built
// binaries live in the top-level integration/ folder.)
package e2e
