package proc

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrJobFailed reports that a systemd start or stop job finished with a
// result other than "done".
var ErrJobFailed = errors.New("systemd job did not succeed")

// Start starts process spec.Index's unit and waits for the start job. Only
// spec.Index is used: the unit file defines what runs. A unit that is
// running (active, activating, reloading or deactivating) is refused; a
// failed one is reset first so it can start again. With Type=exec or
// Type=notify in the unit the job fails when the command cannot start;
// with Type=simple it succeeds once systemd forked.
func (s *Systemd) Start(ctx context.Context, spec Spec) error {
	unit := s.unit(spec.Index)
	st, err := s.state(ctx, unit)
	if err != nil {
		return fmt.Errorf("start process %d: %w", spec.Index, err)
	}
	if err := checkStartable(unit, st); err != nil {
		return fmt.Errorf("start process %d: %w", spec.Index, err)
	}
	if err := s.conn.ResetFailedUnitContext(ctx, unit); err != nil && !isNoSuchUnit(err) {
		return fmt.Errorf("start process %d: reset-failed unit %s: %w", spec.Index, unit, err)
	}
	start := time.Now()
	res, err := s.runJob(ctx, "start", unit, s.conn.StartUnitContext)
	if err != nil {
		return fmt.Errorf("start process %d: %w", spec.Index, err)
	}
	if res != "done" {
		return fmt.Errorf("start process %d: %w", spec.Index, s.jobError(ctx, "start", unit, res))
	}
	s.log.Info("unit started", "index", spec.Index, "unit", unit, "took", time.Since(start))
	return nil
}

// checkStartable refuses units that run already or cannot be loaded.
func checkStartable(unit string, st unitState) error {
	switch {
	case st.load == "not-found":
		return fmt.Errorf("unit %s not found: install its unit file (for a template, NAME@.service) and run systemctl daemon-reload", unit)
	case st.load != "" && st.load != "loaded":
		return fmt.Errorf("unit %s cannot be loaded (load state %s): check systemctl status %s", unit, st.load, unit)
	case st.running():
		return fmt.Errorf("unit %s is already %s: stop it first", unit, st.active)
	}
	return nil
}

// Stop stops process index's unit and waits for the stop job. How the
// processes end is the unit's business: systemd sends KillSignal (SIGTERM)
// according to KillMode (control-group: every process of the unit's
// cgroup), waits TimeoutStopSec, then sends SIGKILL; set those in the unit
// file to match the service's drain time. A unit that is not loaded or
// not running is not an error.
func (s *Systemd) Stop(ctx context.Context, index int) error {
	unit := s.unit(index)
	start := time.Now()
	res, err := s.runJob(ctx, "stop", unit, s.conn.StopUnitContext)
	if isNoSuchUnit(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("stop process %d: %w", index, err)
	}
	if res != "done" {
		return fmt.Errorf("stop process %d: %w", index, s.jobError(ctx, "stop", unit, res))
	}
	s.log.Info("unit stopped", "index", index, "unit", unit, "took", time.Since(start))
	return nil
}

// jobFunc is the shape of StartUnitContext and StopUnitContext.
type jobFunc func(ctx context.Context, name, mode string, ch chan<- string) (int, error)

// runJob enqueues a job for unit in "replace" mode and waits for its result
// (done, canceled, timeout, failed, dependency or skipped) or for ctx.
func (s *Systemd) runJob(ctx context.Context, verb, unit string, enqueue jobFunc) (string, error) {
	// Buffered: when ctx ends first, go-systemd's signal dispatcher must
	// still be able to deliver the result without a reader.
	ch := make(chan string, 1)
	if _, err := enqueue(ctx, unit, "replace", ch); err != nil {
		return "", fmt.Errorf("%s unit %s: %w", verb, unit, err)
	}
	select {
	case res := <-ch:
		return res, nil
	case <-ctx.Done():
		return "", fmt.Errorf("%s unit %s: gave up waiting for the job, which may still run (see systemctl status %s): %w", verb, unit, unit, ctx.Err())
	}
}

// jobError describes a job that finished with result res, adding the
// service's own Result (exit-code, signal, timeout, ...) when known.
func (s *Systemd) jobError(ctx context.Context, verb, unit, res string) error {
	why := ""
	if v, err := s.serviceProperty(ctx, unit, "Result"); err == nil {
		if r, ok := v.(string); ok && r != "" && r != "success" {
			why = fmt.Sprintf(" (service result %s)", r)
		}
	}
	return fmt.Errorf("%s unit %s: job %s%s; see journalctl -u %s: %w", verb, unit, res, why, unit, ErrJobFailed)
}
