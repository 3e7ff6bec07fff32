package live

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"
)

// actLimit bounds each wait of an act.
const actLimit = 90 * time.Second

// Run builds the world, plays the scenarios and tears everything down.
// The load starts once the first deploy serves (before it nothing can).
func Run(ctx context.Context, o Options) (Report, error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	plays, err := selectActs(o.Scenarios)
	if err != nil {
		return Report{}, err
	}
	began := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := newWorld(ctx, o, log)
	if err != nil {
		return Report{}, err
	}
	// The controller loop and the progress line stop first, then the
	// parts: otherwise the loop would replace the instances being stopped.
	loopCtx, stopLoop := context.WithCancel(ctx)
	loopDone := make(chan struct{})
	defer func() {
		stopLoop()
		<-loopDone
		w.close()
	}()
	ld := newLoad("http://" + w.lbAddr + "/")
	defer ld.stop()
	go func() {
		defer close(loopDone)
		go w.progress(loopCtx, o.Out, &ld.counts)
		go w.guardLoop(loopCtx)
		w.runLoop(loopCtx)
	}()
	rep := Report{Mode: "live", AWS: w.cloud.Name(), Consul: w.consulName}
	printf(o.Out, "service %s, aws %s, consul %s, balancer http://%s/\n", w.service, rep.AWS, rep.Consul, w.lbAddr)
	for i, a := range plays {
		s := w.play(ctx, a, &ld.counts, o.Out)
		rep.Scenarios = append(rep.Scenarios, s)
		if i == 0 && s.OK {
			ld.start()
		}
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
	}
	rep.Requests = ld.counts.requests()
	rep.FailureSamples = ld.counts.failureSamples()
	rep.OK = rep.Requests.Failed == 0
	for _, s := range rep.Scenarios {
		rep.OK = rep.OK && s.OK
	}
	rep.WallSec = time.Since(began).Seconds()
	return rep, nil
}

// play runs one act and measures it; an act the cloud lacks something
// for is skipped.
func (w *world) play(ctx context.Context, a act, counts *loadCounts, out io.Writer) Scenario {
	printf(out, "▶ %s\n", a.name)
	if why := w.lacks(a); why != "" {
		printf(out, "  %s: skipped: %s\n", a.name, why)
		return Scenario{Name: a.name, Service: w.service, Result: resultSkipped, Expected: a.expected, OK: true,
			Skipped: why, Rollouts: []string{}}
	}
	before := counts.requests()
	w.meter.mark()
	calls0, passes0, t0 := w.cloud.Calls(), w.passes.Load(), time.Now()
	o, err := a.play(ctx, w)
	wall := time.Since(t0).Seconds()
	s := Scenario{Name: a.name, Service: w.service, Result: o.result, Expected: a.expected, Reason: o.reason,
		SimulatedSec: wall, WallSec: wall, AWSCalls: w.cloud.Calls() - calls0, Passes: int(w.passes.Load() - passes0),
		Rollouts: o.rollouts, Requests: counts.requests().minus(before)}
	if s.Rollouts == nil {
		s.Rollouts = []string{}
	}
	problem := w.measureGreen(a, o, &s)
	switch {
	case err != nil:
		s.Error = err.Error()
	case problem != "":
		s.Error = problem
	}
	s.OK = s.Error == "" && o.result == a.expected && s.Requests.Failed == 0
	printf(out, "  %s\n", scenarioLine(s))
	return s
}

// lacks says why the cloud cannot play a, or "".
func (w *world) lacks(a act) string {
	if a.needs == "" {
		return ""
	}
	return w.cloud.Lacks(a.needs)
}

// measureGreen fills what the act measures of green's production traffic
// and says what is wrong with it, or "": a bad green's injected errors
// are expected in its act only, and a green that must stay dark must have
// answered no production request.
func (w *world) measureGreen(a act, o outcome, s *Scenario) string {
	if !a.badGreen && s.Requests.ExpectedFailed > 0 {
		return fmt.Sprintf("%d requests answered with the bad green's injected error outside its scenario", s.Requests.ExpectedFailed)
	}
	if !a.badGreen && !a.darkGreen || o.greenTG == "" {
		return ""
	}
	sp := w.meter.span(o.greenTG)
	s.GreenProductionRequests = &sp.Requests
	if a.badGreen && sp.Requests > 0 {
		d := sp.Last.Sub(sp.First).Seconds()
		s.BadTrafficSec = &d
	}
	if a.darkGreen && sp.Requests > 0 {
		return fmt.Sprintf("green served %d production requests; it must get none before its smoke check passes", sp.Requests)
	}
	return ""
}

// scenarioLine is the line printed when a scenario ends.
func scenarioLine(s Scenario) string {
	line := fmt.Sprintf("%s: %s (expected %s) in %.1fs; requests %d sent, %d failed", s.Name, s.Result, s.Expected,
		s.WallSec, s.Requests.Sent, s.Requests.Failed)
	if s.Requests.ExpectedFailed > 0 {
		line += fmt.Sprintf(", %d expected failures (green's injected errors)", s.Requests.ExpectedFailed)
	}
	if s.GreenProductionRequests != nil {
		line += fmt.Sprintf("; green answered %d production requests", *s.GreenProductionRequests)
	}
	if s.BadTrafficSec != nil {
		line += fmt.Sprintf(" over %.1fs", *s.BadTrafficSec)
	}
	return line + suffix("; error: ", s.Error)
}

func printf(out io.Writer, format string, args ...any) {
	if out != nil {
		fmt.Fprintf(out, format, args...)
	}
}

func suffix(sep, e string) string {
	if e == "" {
		return ""
	}
	return sep + e
}
