package roll

// OnFailure returns the steps that restore process failed to previous after
// one of its steps failed; the rollout stops there (no step touches any
// other process). current must reflect the steps that succeeded. A process
// the model still shows serving (its drain failed) is only re-enabled;
// otherwise, since what the failed step left behind is unknown, the process
// is stopped, pointed at previous, started, checked and re-enabled.
func OnFailure(current []Proc, failed int, previous Target) []Step {
	p, ok := find(current, failed)
	if !ok {
		return nil
	}
	if p.InRotation() && Of(p) == previous {
		return steps(p.Index, previous, KindEnable)
	}
	return steps(p.Index, previous, fullRestart[1:]...)
}

func find(current []Proc, index int) (Proc, bool) {
	for _, p := range current {
		if p.Index == index {
			return p, true
		}
	}
	return Proc{}, false
}
