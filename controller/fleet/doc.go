// Package fleet owns the pure decisions of an in-place release across a
// service's instances: what one agent does next given the release record
// and what its box serves (take the release, wait for a pacing slot, hold
// because the release is halted, bring a new box up on the last good
// release), the phase of a release derived from the record and the live
// agent reports, the record a halt, a rollback or the next release writes,
// and the history entry of a record that ends.
//
// The agent, the controller and the CLI apply these decisions; none of the
// decisions is made anywhere else. It is pure: it imports only the
// standard library and controller/api, takes time as a value, and a test
// keeps it that way.
package fleet
