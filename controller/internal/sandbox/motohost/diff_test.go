package motohost

import (
	"slices"
	"testing"

	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

func TestDiff(t *testing.T) {
	in := func(id string) member { return member{ID: id, State: astypes.LifecycleStateInService} }
	as := func(id string, s astypes.LifecycleState) member { return member{ID: id, State: s} }
	for _, tc := range []struct {
		name          string
		hosted        []string
		observed      []member
		starts, stops []string
	}{
		{name: "nothing"},
		{name: "new instances start, sorted", observed: []member{in("i-2"), in("i-1")}, starts: []string{"i-1", "i-2"}},
		{name: "hosted and listed: nothing to do", hosted: []string{"i-1"}, observed: []member{in("i-1")}},
		{name: "left its group: stop", hosted: []string{"i-1", "i-2"}, observed: []member{in("i-2")}, stops: []string{"i-1"}},
		{name: "group gone: stop all", hosted: []string{"i-2", "i-1"}, stops: []string{"i-1", "i-2"}},
		{name: "pending states run", observed: []member{
			as("i-1", astypes.LifecycleStatePending), as("i-2", astypes.LifecycleStatePendingWait),
			as("i-3", astypes.LifecycleStatePendingProceed), as("i-4", astypes.LifecycleStateStandby),
		}, starts: []string{"i-1", "i-2", "i-3", "i-4"}},
		{name: "terminating and detaching stop", hosted: []string{"i-1", "i-2", "i-3", "i-4", "i-5", "i-6"}, observed: []member{
			as("i-1", astypes.LifecycleStateTerminating), as("i-2", astypes.LifecycleStateTerminatingWait),
			as("i-3", astypes.LifecycleStateTerminatingProceed), as("i-4", astypes.LifecycleStateTerminated),
			as("i-5", astypes.LifecycleStateDetaching), as("i-6", astypes.LifecycleStateDetached),
		}, stops: []string{"i-1", "i-2", "i-3", "i-4", "i-5", "i-6"}},
		{name: "terminating and never hosted: nothing", observed: []member{as("i-1", astypes.LifecycleStateTerminating)}},
		{name: "listed twice, once running: runs", observed: []member{as("i-1", astypes.LifecycleStateTerminating), in("i-1")},
			starts: []string{"i-1"}},
		{name: "start and stop at once", hosted: []string{"i-old"}, observed: []member{in("i-new")},
			starts: []string{"i-new"}, stops: []string{"i-old"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			starts, stops := diff(tc.hosted, tc.observed)
			if !slices.Equal(starts, tc.starts) || !slices.Equal(stops, tc.stops) {
				t.Errorf("diff = starts %q, stops %q; want %q, %q", starts, stops, tc.starts, tc.stops)
			}
		})
	}
}
