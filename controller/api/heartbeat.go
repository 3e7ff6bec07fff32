package api

import "time"

// Heartbeat is a running controller's announcement at KeyController(id),
// held by the controller's session: it disappears when the controller stops
// or dies, so a reader knows a controller is alive by finding the key held.
type Heartbeat struct {
	Version   int       `json:"version"`
	ID        string    `json:"id"`
	Host      string    `json:"host,omitempty"`
	PID       int       `json:"pid,omitempty"`
	Listen    string    `json:"listen,omitempty"`
	StartedAt time.Time `json:"started_at"`
}

// KeyControllersPrefix is the folder of controller heartbeats.
const KeyControllersPrefix = "asgctl/controllers/"

// KeyController is where controller id keeps its heartbeat.
func KeyController(id string) string { return KeyControllersPrefix + id }
