package scaling

import (
	"errors"
	"fmt"
	"math"

	"github.com/asgctl/asgctl/controller/api"
)

// checkNumbers rejects what AWS cannot take: NaN or infinite targets,
// thresholds and step bounds, and integers beyond 32 bits.
func checkNumbers(sp api.ScalingPolicy) error {
	var errs []error
	if t := sp.TargetTracking; t != nil {
		errs = append(errs, checkFinite("target", t.Target))
	}
	if s := sp.Step; s != nil {
		errs = append(errs, checkAlarm(s.Alarm), checkInt32("min_adjustment_magnitude", s.MinAdjustmentMagnitude))
		for i, st := range s.Steps {
			errs = append(errs,
				checkFinite(fmt.Sprintf("steps[%d].lower", i), boundOr(st.Lower, 0)),
				checkFinite(fmt.Sprintf("steps[%d].upper", i), boundOr(st.Upper, 0)),
				checkInt32(fmt.Sprintf("steps[%d].adjustment", i), st.Adjustment))
		}
	}
	if s := sp.Simple; s != nil {
		errs = append(errs, checkAlarm(s.Alarm), checkInt32("adjustment", s.Adjustment))
	}
	return errors.Join(errs...)
}

func checkAlarm(a api.MetricAlarm) error {
	return errors.Join(checkFinite("alarm threshold", a.Threshold), checkInt32("alarm evaluation_periods", a.EvaluationPeriods))
}

// checkSizes rejects sizes of a scheduled action beyond 32 bits.
func checkSizes(a api.ScheduledAction) error {
	var errs []error
	for _, s := range []struct {
		name string
		v    *int
	}{{"min", a.Min}, {"max", a.Max}, {"desired", a.Desired}} {
		if s.v != nil {
			errs = append(errs, checkInt32(s.name, *s.v))
		}
	}
	return errors.Join(errs...)
}

func checkFinite(what string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s is %g; it must be a finite number", what, v)
	}
	return nil
}

func checkInt32(what string, v int) error {
	if v < math.MinInt32 || v > math.MaxInt32 {
		return fmt.Errorf("%s is %d; AWS takes 32-bit integers (%d to %d)", what, v, math.MinInt32, math.MaxInt32)
	}
	return nil
}
