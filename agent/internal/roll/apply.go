package roll

// Apply returns the processes as they are after s succeeded; current is not
// modified. The executor uses it to keep its model (and the journal) in step
// with what it did.
func Apply(current []Proc, s Step) []Proc {
	out := make([]Proc, len(current))
	copy(out, current)
	for i := range out {
		if out[i].Index == s.Index {
			out[i] = applyOne(out[i], s)
		}
	}
	return out
}

func applyOne(p Proc, s Step) Proc {
	switch s.Kind {
	case KindDrain:
		p.State = StateDraining
	case KindStop:
		p.State = StateStopped
	case KindSwitch:
		p.Release, p.ConfigRev = s.To.Release, s.To.ConfigRev
	case KindStart, KindHealth:
		p.State = StateStarting
	case KindEnable:
		p.State = StateServing
	}
	return p
}

// OutOfRotation counts the processes not serving.
func OutOfRotation(current []Proc) int {
	n := 0
	for _, p := range current {
		if !p.InRotation() {
			n++
		}
	}
	return n
}
