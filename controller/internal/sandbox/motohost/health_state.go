package motohost

import (
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// thresholds are a target group's consecutive check counts that change a
// target's state.
type thresholds struct {
	healthy   int // passes that make an initial or unhealthy target healthy
	unhealthy int // failures that make an initial or healthy target unhealthy
}

// checkState is one target's health as its checks so far give it.
type checkState struct {
	state  elbtypes.TargetHealthStateEnum // initial, healthy or unhealthy
	passes int                            // consecutive passes, capped at the healthy threshold
	fails  int                            // consecutive failures, capped at the unhealthy threshold
}

// newCheckState is a target no check has run on yet.
func newCheckState() checkState {
	return checkState{state: elbtypes.TargetHealthStateEnumInitial}
}

// step is the ALB's target health state machine: it returns s after one
// check that passed or not. A target becomes healthy after th.healthy
// consecutive passes and unhealthy after th.unhealthy consecutive
// failures, from initial too; a state change starts the counts afresh.
func step(s checkState, pass bool, th thresholds) checkState {
	if pass {
		s.passes, s.fails = min(s.passes+1, th.healthy), 0
	} else {
		s.passes, s.fails = 0, min(s.fails+1, th.unhealthy)
	}
	switch {
	case pass && s.state != elbtypes.TargetHealthStateEnumHealthy && s.passes >= th.healthy:
		return checkState{state: elbtypes.TargetHealthStateEnumHealthy}
	case !pass && s.state != elbtypes.TargetHealthStateEnumUnhealthy && s.fails >= th.unhealthy:
		return checkState{state: elbtypes.TargetHealthStateEnumUnhealthy}
	}
	return s
}
