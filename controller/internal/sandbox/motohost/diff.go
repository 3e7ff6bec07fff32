package motohost

import (
	"slices"
	"strings"

	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// member is one instance a group of the service lists, with its lifecycle
// state in the group.
type member struct {
	ID    string
	State astypes.LifecycleState
}

// running reports whether an instance in lifecycle state s should run: it
// is in its group and neither terminating nor leaving it.
func running(s astypes.LifecycleState) bool {
	switch {
	case strings.HasPrefix(string(s), "Terminat"): // Terminating, Terminating:Wait|Proceed, Terminated
		return false
	case strings.HasPrefix(string(s), "Detach"): // Detaching, Detached
		return false
	}
	return true
}

// diff returns which instances to start (observed running, not hosted)
// and which to stop (hosted, not observed running), each sorted. An
// instance listed more than once runs when any listing says so.
func diff(hosted []string, observed []member) (starts, stops []string) {
	want := map[string]bool{}
	for _, m := range observed {
		if running(m.State) {
			want[m.ID] = true
		}
	}
	have := map[string]bool{}
	for _, id := range hosted {
		have[id] = true
		if !want[id] {
			stops = append(stops, id)
		}
	}
	for id := range want {
		if !have[id] {
			starts = append(starts, id)
		}
	}
	slices.Sort(starts)
	slices.Sort(stops)
	return slices.Compact(starts), slices.Compact(stops)
}
