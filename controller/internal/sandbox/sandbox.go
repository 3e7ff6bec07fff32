package sandbox

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/sim"
)

// Options control a sandbox run.
type Options struct {
	// Speed is simulated seconds per wall second; 0 runs as fast as possible.
	Speed float64
	Seed  uint64
	// Out receives the timeline and summary (text mode); nil prints nothing.
	Out    io.Writer
	Logger *slog.Logger
	// Wall sleeps for pacing; nil uses the real clock.
	Wall clock.Clock
}

// Report is the sandbox's JSON document.
type Report struct {
	Scenarios  []sim.ActResult `json:"scenarios"`
	OK         bool            `json:"ok"`
	Violations []string        `json:"violations,omitempty"`
	WallSec    float64         `json:"duration_wall_s"`
}

// Profile is the sandbox service: 4 instances, tuned ALB health checks, the
// default 10/50/100 steps with 60s pauses, a 1m rollback window and a 5m
// progress deadline so the failing scenario ends quickly.
func Profile() sim.Profile {
	p := sim.DefaultProfile()
	p.Deadline = 5 * time.Minute
	return p
}

// Scenarios are the acts the sandbox plays, in order.
func Scenarios() []sim.Act {
	return []sim.Act{sim.FirstDeploy(), sim.Promote("blue_green_promote"), sim.UnhealthyGreen()}
}

// Run plays the scenarios and returns the report; ok is false when any
// scenario ended otherwise than expected or an invariant broke.
func Run(ctx context.Context, o Options) (Report, error) {
	wall := o.Wall
	if wall == nil {
		wall = clock.Real{}
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	began := wall.Now()
	w, err := sim.NewWorld(o.Seed, Profile())
	if err != nil {
		return Report{}, fmt.Errorf("set up the simulated cloud: %w", err)
	}
	tl := newTimeline(o.Out, w)
	d := &sim.Driver{W: w, Logger: log, OnPass: func(rep loop.PassReport) { tl.pass(ctx, rep) }}
	if o.Speed > 0 {
		d.Pace = func(sim time.Duration) { pace(ctx, wall, sim, o.Speed) }
	}
	d.AddReplica(0, 0)
	var rep Report
	for _, a := range Scenarios() {
		tl.begin(a.Name)
		res := d.PlayAct(ctx, a)
		rep.Scenarios = append(rep.Scenarios, res)
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
	}
	rep.Violations = d.Violations
	rep.OK = len(d.Violations) == 0
	for _, s := range rep.Scenarios {
		rep.OK = rep.OK && s.OK
	}
	rep.WallSec = wall.Now().Sub(began).Seconds()
	tl.summary(rep)
	return rep, nil
}

// pace sleeps for the wall time that sim stands for at speed.
func pace(ctx context.Context, wall clock.Clock, sim time.Duration, speed float64) {
	d := time.Duration(float64(sim) / speed)
	if d <= 0 {
		return
	}
	t := wall.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C():
	}
}
