// Package daemon is asgctl-agent's main loop on one instance: at start it
// recovers what an earlier run left (the state file, processes still
// running, an interrupted step from the journal) and brings every process
// back to serving; then it follows the release key, and for each release
// fetches and unpacks the artifact, renders the environment file from one
// consistent read of the config, and rolls the processes one at a time
// through the rotation driver and the supervisor, journaling every step.
// It reports each state change to Consul and the optional webhook,
// completes the launch lifecycle action once the box serves, restarts a
// process that dies, and on shutdown takes the box out of rotation and
// stops the processes gracefully.
//
// The decisions are roll's pure planner and the pure helpers here
// (observe.go); this package performs them.
package daemon
