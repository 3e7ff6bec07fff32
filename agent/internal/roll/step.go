package roll

// Kind is one action on one process.
type Kind string

// The actions of one process restart, in the order they happen.
const (
	KindDrain  Kind = "drain"  // take out of rotation; wait for in-flight to reach zero (capped)
	KindStop   Kind = "stop"   // SIGTERM, stop timeout, SIGKILL to the process group
	KindSwitch Kind = "switch" // point the process at Step.To (release dir + env file)
	KindStart  Kind = "start"  // start the process
	KindHealth Kind = "health" // k-of-n health checks on its own port
	KindEnable Kind = "enable" // put back into rotation
)

// fullRestart is the complete sequence for a process that serves and must
// move to another target.
var fullRestart = []Kind{KindDrain, KindStop, KindSwitch, KindStart, KindHealth, KindEnable}

// Step is one action for the executor. To is the target the process is
// moving to (the release KindSwitch points it at).
type Step struct {
	Index int
	Kind  Kind
	To    Target
}

func steps(index int, to Target, kinds ...Kind) []Step {
	out := make([]Step, len(kinds))
	for i, k := range kinds {
		out[i] = Step{Index: index, Kind: k, To: to}
	}
	return out
}
