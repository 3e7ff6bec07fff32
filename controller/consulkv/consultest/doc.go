// Package consultest runs real Consul agents for tests: `consul agent -dev`
// on free loopback ports, one per test (Start) or one per test package
// (Shared), with the per-client connection limit raised for many watchers.
// A missing consul binary skips the test, or fails it when CI is true.
//
// It imports only the standard library, internal/testenv and
// internal/freeport (both standard library only), so any test package
// (consulkv's own included) can use it.
package consultest
