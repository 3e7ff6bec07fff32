package live

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/internal/loadgen"
)

// Load through the balancer while the scenarios play.
const (
	loadRate    = 100
	loadWorkers = 16
	actLimit    = 90 * time.Second
)

// Options control a live run.
type Options struct {
	Out    io.Writer // progress lines; nil prints nothing
	Logger *slog.Logger
}

// Requests counts load requests.
type Requests struct {
	Sent   int64 `json:"sent"`
	Failed int64 `json:"failed"`
}

// Scenario is one act's outcome.
type Scenario struct {
	Name     string   `json:"name"`
	Result   string   `json:"result"`
	Expected string   `json:"expected"`
	OK       bool     `json:"ok"`
	WallSec  float64  `json:"duration_wall_s"`
	Requests Requests `json:"requests"`
	Error    string   `json:"error,omitempty"`
}

// Report is the live sandbox's document.
type Report struct {
	Scenarios []Scenario `json:"scenarios"`
	Requests  Requests   `json:"requests"`
	OK        bool       `json:"ok"`
	WallSec   float64    `json:"duration_wall_s"`
}

// act is one scenario: play returns the outcome word compared with expected.
type act struct {
	name, expected string
	play           func(ctx context.Context, w *world) (string, error)
}

// Run builds the world, plays the scenarios and tears everything down.
// The load starts once the first deploy serves (before it nothing can).
func Run(ctx context.Context, o Options) (Report, error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	began := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := newWorld(ctx, log)
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
	res := loadgen.NewResult()
	go func() {
		defer close(loopDone)
		go w.progress(loopCtx, o.Out, res)
		w.runLoop(loopCtx)
	}()
	stopLoad := make(chan struct{})
	loadDone := make(chan struct{})
	loadStarted := false
	defer func() {
		if loadStarted {
			close(stopLoad)
			<-loadDone
		}
	}()
	var rep Report
	for i, a := range acts() {
		printf(o.Out, "▶ %s\n", a.name)
		before := Requests{Sent: res.Sent.Load(), Failed: res.Failed.Load()}
		t0 := time.Now()
		got, err := a.play(ctx, w)
		s := Scenario{Name: a.name, Result: got, Expected: a.expected, WallSec: time.Since(t0).Seconds(),
			Requests: Requests{Sent: res.Sent.Load() - before.Sent, Failed: res.Failed.Load() - before.Failed}}
		if err != nil {
			s.Error = err.Error()
		}
		s.OK = err == nil && got == a.expected && s.Requests.Failed == 0
		rep.Scenarios = append(rep.Scenarios, s)
		printf(o.Out, "  %s: %s (expected %s) in %.1fs; requests %d sent, %d failed%s\n", a.name, got, a.expected,
			s.WallSec, s.Requests.Sent, s.Requests.Failed, errSuffix(s.Error))
		if i == 0 && s.OK {
			loadStarted = true
			go func() {
				loadgen.Run(res, "http://"+w.lbAddr+"/", loadRate, loadWorkers, stopLoad, 10*time.Minute)
				close(loadDone)
			}()
		}
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
	}
	rep.Requests = Requests{Sent: res.Sent.Load(), Failed: res.Failed.Load()}
	rep.OK = rep.Requests.Failed == 0
	for _, s := range rep.Scenarios {
		rep.OK = rep.OK && s.OK
	}
	rep.WallSec = time.Since(began).Seconds()
	return rep, nil
}

func acts() []act {
	return []act{
		{"first_deploy", "complete", func(ctx context.Context, w *world) (string, error) {
			if err := w.publishRelease(ctx, "r1", ""); err != nil {
				return "", err
			}
			return w.promoteAndWait(ctx, amis[0], "r1")
		}},
		{"release_in_place", "ready", func(ctx context.Context, w *world) (string, error) {
			return w.releaseAndWait(ctx, "r2", "", "ready")
		}},
		{"blue_green_promote", "complete", func(ctx context.Context, w *world) (string, error) {
			return w.promoteAndWait(ctx, amis[1], "r2")
		}},
		{"unhealthy_green", "reverted", func(ctx context.Context, w *world) (string, error) {
			return w.promoteAndWait(ctx, brokenAMI, "r2")
		}},
		{"failing_release", "failed", func(ctx context.Context, w *world) (string, error) {
			return w.releaseAndWait(ctx, "r3", "--fail-health", "failed")
		}},
	}
}

// promoteAndWait requests ami, waits for the rollout to end and, when it
// completed, for the 4 live agents to serve release; it returns the phase.
func (w *world) promoteAndWait(ctx context.Context, ami, release string) (string, error) {
	if err := w.promote(ctx, ami); err != nil {
		return "", err
	}
	phase, err := w.rolloutEnded(ctx, actLimit)
	if err != nil {
		return string(phase), err
	}
	err = w.agentsAll(ctx, 4, actLimit, "agents ready on "+release, func(r api.AgentReport) bool {
		return r.State == "ready" && r.Release == release
	})
	return string(phase), err
}

// releaseAndWait publishes release id and waits until the 4 agents report
// state (ready on it, or failed); it returns the state reached.
func (w *world) releaseAndWait(ctx context.Context, id, flags, state string) (string, error) {
	if err := w.publishRelease(ctx, id, flags); err != nil {
		return "", err
	}
	err := w.agentsAll(ctx, 4, actLimit, "agents "+state+" on "+id, func(r api.AgentReport) bool {
		return r.State == state && (state != "ready" || r.Release == id)
	})
	if err != nil {
		return "", err
	}
	return state, nil
}

func printf(out io.Writer, format string, args ...any) {
	if out != nil {
		fmt.Fprintf(out, format, args...)
	}
}

func errSuffix(e string) string {
	if e == "" {
		return ""
	}
	return "; error: " + e
}
