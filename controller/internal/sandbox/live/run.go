package live

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/asgctl/asgctl/internal/loadgen"
)

// Load through the balancer while the scenarios play.
const (
	loadRate    = 100
	loadWorkers = 16
	actLimit    = 90 * time.Second
)

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
		go w.progress(loopCtx, o.Out, ld.res)
		go w.guardLoop(loopCtx)
		w.runLoop(loopCtx)
	}()
	rep := Report{Mode: "live", AWS: w.cloud.Name(), Consul: w.consulName}
	printf(o.Out, "service %s, aws %s, consul %s, balancer http://%s/\n", w.service, rep.AWS, rep.Consul, w.lbAddr)
	for i, a := range plays {
		s := w.play(ctx, a, ld.res, o.Out)
		rep.Scenarios = append(rep.Scenarios, s)
		if i == 0 && s.OK {
			ld.start()
		}
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
	}
	rep.Requests = Requests{Sent: ld.res.Sent.Load(), Failed: ld.res.Failed.Load()}
	rep.OK = rep.Requests.Failed == 0
	for _, s := range rep.Scenarios {
		rep.OK = rep.OK && s.OK
	}
	rep.WallSec = time.Since(began).Seconds()
	return rep, nil
}

// play runs one act and measures it.
func (w *world) play(ctx context.Context, a act, res *loadgen.Result, out io.Writer) Scenario {
	printf(out, "▶ %s\n", a.name)
	sent0, failed0 := res.Sent.Load(), res.Failed.Load()
	calls0, passes0, t0 := w.cloud.Calls(), w.passes.Load(), time.Now()
	o, err := a.play(ctx, w)
	wall := time.Since(t0).Seconds()
	s := Scenario{Name: a.name, Service: w.service, Result: o.result, Expected: a.expected, Reason: o.reason,
		SimulatedSec: wall, WallSec: wall, AWSCalls: w.cloud.Calls() - calls0, Passes: int(w.passes.Load() - passes0),
		Rollouts: o.rollouts, Requests: Requests{Sent: res.Sent.Load() - sent0, Failed: res.Failed.Load() - failed0}}
	if s.Rollouts == nil {
		s.Rollouts = []string{}
	}
	if err != nil {
		s.Error = err.Error()
	}
	s.OK = err == nil && o.result == a.expected && s.Requests.Failed == 0
	printf(out, "  %s: %s (expected %s) in %.1fs; requests %d sent, %d failed%s\n", a.name, o.result, a.expected,
		s.WallSec, s.Requests.Sent, s.Requests.Failed, suffix("; error: ", s.Error))
	return s
}

// load is the steady traffic through the balancer, started once.
type load struct {
	url     string
	res     *loadgen.Result
	quit    chan struct{}
	done    chan struct{}
	started bool
}

func newLoad(url string) *load {
	return &load{url: url, res: loadgen.NewResult(), quit: make(chan struct{}), done: make(chan struct{})}
}

func (l *load) start() {
	l.started = true
	go func() {
		defer close(l.done)
		loadgen.Run(l.res, l.url, loadRate, loadWorkers, l.quit, 10*time.Minute)
	}()
}

func (l *load) stop() {
	if l.started {
		close(l.quit)
		<-l.done
	}
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
