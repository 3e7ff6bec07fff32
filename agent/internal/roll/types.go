package roll

// Process states as the executor observes them. Only StateServing is in
// rotation.
const (
	StateServing  = "serving"  // running and in rotation
	StateDraining = "draining" // running, out of rotation
	StateStopped  = "stopped"  // not running
	StateStarting = "starting" // running, out of rotation, not yet proven healthy
	StateFailed   = "failed"   // out of rotation, in an unknown or failed state
)

// Proc is one of the service's processes.
type Proc struct {
	Index     int
	Port      int
	Release   string
	ConfigRev string
	State     string
}

// Target names what a process should run: a release and a config revision.
type Target struct {
	Release   string
	ConfigRev string
}

// Of returns the target a process currently points at.
func Of(p Proc) Target { return Target{Release: p.Release, ConfigRev: p.ConfigRev} }

// InRotation reports whether p is receiving traffic.
func (p Proc) InRotation() bool { return p.State == StateServing }
