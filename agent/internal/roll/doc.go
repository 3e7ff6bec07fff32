// Package roll owns the pure planning of the agent's rolling restart: given
// the observed processes and a target release, it returns the steps (drain,
// stop, switch, start, health, enable) one process at a time so that never
// more than one process is out of rotation; it also plans the restore of a
// failed process and the resumption of a step journal after an agent crash.
// The executor that performs the steps lives elsewhere.
//
// It is pure: no I/O, no clock, no randomness. It imports only the standard
// library, and a test keeps it that way.
package roll
