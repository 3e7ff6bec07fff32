// Package coord is the agent's part in a fleet release: it follows the
// release record, asks fleet.DecideAgent what this box does next, and
// applies the answer through the box (the daemon): fetch the release
// (transient errors retried with backoff, forever), take a pacing slot
// from the Consul semaphore when the box serves traffic, check the record
// again, render the config, roll, and on a final failure halt the release
// in Consul with check-and-set so no other box starts it. It reports the
// box's fleet state (waiting, deploying, starting, ready, failed) as it
// goes.
//
// It may import controller/api, controller/fleet, controller/consulkv and
// controller/clock; the box, the pacing semaphore and the clock are
// injected, so the fleet simulation runs it against simulated boxes.
package coord
