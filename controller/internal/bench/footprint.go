package bench

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/asgctl/asgctl/controller/internal/sim"
	"github.com/asgctl/asgctl/internal/benchstat"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// Mem is one runtime.MemStats reading after a forced GC.
type Mem struct {
	HeapInuse, StackInuse, Sys uint64
	Goroutines                 int
}

func readMem() Mem {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return Mem{HeapInuse: ms.HeapInuse, StackInuse: ms.StackInuse, Sys: ms.Sys, Goroutines: runtime.NumGoroutine()}
}

// FootprintResult is benchmark 3.
type FootprintResult struct {
	Services, Rounds int
	Before           Mem // process before the fleet existed
	Running          Mem // store + simaws + one loop.Run per service, all idle
	Stopped          Mem // the same after the loops ended (store and simaws remain)
	// CPU per idle pass (process user+sys time / passes).
	ObserveDecide time.Duration // observe.Observe + reconcile.Decide
	CloudShare    time.Duration // of which simaws's DescribeAutoScalingGroups (the fake cloud)
	FullPass      time.Duration // observe + decide + execute (nothing to apply) + spec/request reads, no lock work
}

// Footprint bootstraps n idle services under one controller (limiter off),
// reads memory with the loops running and after they stop, then times
// idle passes. Run it under testing/synctest with clock.Real.
func Footprint(ctx context.Context, clk clock.Clock, n, rounds int, seed uint64) (FootprintResult, error) {
	res := FootprintResult{Services: n, Rounds: rounds, Before: readMem()}
	f, err := NewFleet(ctx, clk, n, 2, seed)
	if err != nil {
		return res, err
	}
	c := f.Start(ctx)
	if err := f.waitAll(ctx, f.Names, sim.AMIs[0], 2*time.Hour); err != nil {
		c.Stop()
		return res, err
	}
	sleep(clk, 10*time.Minute) // every loop idle, each past its post-rollout housekeeping
	res.Running = readMem()
	c.Stop()
	res.Stopped = readMem()
	desired, err := f.desiredAll(ctx)
	if err != nil {
		return res, err
	}
	obs := &observe.Observer{Clients: f.Cloud.Clients(), Store: f.Store}
	if res.ObserveDecide, err = perPass(n*rounds, func() error {
		for range rounds {
			for _, d := range desired {
				o, err := obs.Observe(ctx, d)
				if err != nil {
					return err
				}
				if p := reconcile.Decide(o, d, clk.Now()); len(p.Actions) > 0 {
					return fmt.Errorf("%s is not idle: %s", d.Spec.Name, p.Reason)
				}
			}
		}
		return nil
	}); err != nil {
		return res, err
	}
	if res.CloudShare, err = perPass(n*rounds, func() error {
		for range rounds {
			for _, d := range desired {
				if _, err := f.Cloud.DescribeAutoScalingGroups(ctx, groupsInput(d.Spec.Name)); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return res, err
	}
	res.FullPass = res.ObserveDecide // refined below when the store reads are added
	reads, err := perPass(n*rounds, func() error {
		for range rounds {
			for _, svc := range f.Names {
				if _, _, err := f.Store.Spec(ctx, svc); err != nil {
					return err
				}
				if _, _, err := f.Store.Desired(ctx, svc); err != nil {
					return err
				}
			}
		}
		return nil
	})
	res.FullPass += reads
	return res, err
}

// groupsInput is the describe observe makes for one service.
func groupsInput(svc string) *autoscaling.DescribeAutoScalingGroupsInput {
	return &autoscaling.DescribeAutoScalingGroupsInput{
		Filters:    []astypes.Filter{{Name: aws.String("tag:" + api.TagService), Values: []string{svc}}},
		MaxRecords: aws.Int32(100),
	}
}

func (f *Fleet) desiredAll(ctx context.Context) ([]reconcile.Desired, error) {
	var out []reconcile.Desired
	for _, svc := range f.Names {
		spec, _, err := f.Store.Spec(ctx, svc)
		if err != nil {
			return nil, err
		}
		req, _, err := f.Store.Desired(ctx, svc)
		if err != nil {
			return nil, err
		}
		out = append(out, reconcile.Desired{Spec: spec.WithDefaults(), Request: req, Tuning: reconcile.Tuning{}.WithDefaults()})
	}
	return out, nil
}

// perPass runs f and returns the process CPU time (user + system) it took,
// divided by passes.
func perPass(passes int, f func() error) (time.Duration, error) {
	before := cpuTime()
	if err := f(); err != nil {
		return 0, err
	}
	return (cpuTime() - before) / time.Duration(passes), nil
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// FootprintTable renders benchmark 3.
func FootprintTable(r FootprintResult) benchstat.Table {
	mb := func(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
	dmb := func(a, b uint64) string { return fmt.Sprintf("%.1f MiB", (float64(a)-float64(b))/(1<<20)) }
	t := benchstat.Table{
		Title:  fmt.Sprintf("Benchmark 3 — controller footprint at %d idle services (one process, in-memory store, simaws)", r.Services),
		Header: []string{"measure", "value", "per service"},
	}
	per := func(a, b uint64) string {
		return fmt.Sprintf("%.1f KiB", (float64(a)-float64(b))/1024/float64(r.Services))
	}
	t.Add("HeapInuse, loops running (process total: controller + store + simaws)", mb(r.Running.HeapInuse), per(r.Running.HeapInuse, r.Before.HeapInuse))
	t.Add("Sys, loops running (process total)", mb(r.Running.Sys), per(r.Running.Sys, r.Before.Sys))
	t.Add("HeapInuse + StackInuse of the loops (running − stopped)", dmb(r.Running.HeapInuse+r.Running.StackInuse, r.Stopped.HeapInuse+r.Stopped.StackInuse),
		per(r.Running.HeapInuse+r.Running.StackInuse, r.Stopped.HeapInuse+r.Stopped.StackInuse))
	t.Add("goroutines, loops running", r.Running.Goroutines, fmt.Sprintf("%.1f", float64(r.Running.Goroutines-r.Before.Goroutines)/float64(r.Services)))
	t.Add("CPU per idle pass: observe + decide (incl. simaws)", r.ObserveDecide, "")
	t.Add("  of which simaws DescribeAutoScalingGroups (fake cloud)", r.CloudShare, "")
	t.Add("  controller side (difference)", r.ObserveDecide-r.CloudShare, "")
	t.Add("CPU per idle pass incl. spec + request reads (no lock work)", r.FullPass, "")
	t.Add(fmt.Sprintf("CPU for one pass over all %d services, controller side", r.Services), time.Duration(r.Services)*(r.ObserveDecide-r.CloudShare), "")
	t.Notes = append(t.Notes,
		fmt.Sprintf("CPU is process user+system time (getrusage) over %d rounds of every service, divided by passes; GC included. "+
			"simaws scans every group on each describe (one live group per service, %d here), so its share grows with the fleet; against AWS that time is network latency, not controller CPU.", r.Rounds, r.Services),
		"Memory is read after two forced GCs. Process totals include the in-memory Consul and simaws, which a real controller does not hold; the loops' own share is the running − stopped difference (loop state, goroutine stacks, lock watchdogs).")
	return t
}
