package balancer

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Refresh reads the forward action and target health now and installs the
// routing table they give. On an error the previous table stays in force,
// as the ALB keeps routing when its control plane cannot be read. The loop
// calls it every Config.Refresh; callers may call it too.
func (b *Balancer) Refresh(ctx context.Context) error {
	b.refreshMu.Lock()
	defer b.refreshMu.Unlock()
	routes, err := b.read(ctx)
	b.logOutcome(err)
	if err != nil {
		return err
	}
	before := summary(b.router.snapshot())
	b.router.install(routes)
	if after := summary(b.router.snapshot()); after != before {
		b.cfg.Log.Debug("balancer routes changed", "listener", b.cfg.ListenerARN, "rule", b.cfg.RuleARN, "routes", after)
	}
	return nil
}

func (b *Balancer) read(ctx context.Context) ([]route, error) {
	fwd, err := b.readForward(ctx)
	if err != nil {
		return nil, err
	}
	routes := make([]route, 0, len(fwd))
	for _, w := range fwd {
		ts, err := b.readTargets(ctx, w.arn)
		if err != nil {
			return nil, err
		}
		routes = append(routes, newRoute(w, ts, b.cfg.Addr))
	}
	return routes, nil
}

// logOutcome logs a refresh failure when it starts or changes, and the
// recovery, not every failed period. The caller holds refreshMu.
func (b *Balancer) logOutcome(err error) {
	switch {
	case errors.Is(err, context.Canceled):
		return // the balancer is closing

	case err != nil && (b.lastErr == nil || b.lastErr.Error() != err.Error()):
		b.cfg.Log.Warn("balancer refresh failed; keeping the last routes", "listener", b.cfg.ListenerARN, "error", err)
	case err == nil && b.lastErr != nil:
		b.cfg.Log.Info("balancer refresh recovered", "listener", b.cfg.ListenerARN)
	}
	b.lastErr = err
}

// Routes returns the routing table of the last successful refresh.
func (b *Balancer) Routes() []Route { return b.router.snapshot() }

// summary renders routes compactly for logs: arn=weight[serving ids].
func summary(routes []Route) string {
	var sb strings.Builder
	for i, r := range routes {
		if i > 0 {
			sb.WriteString(" ")
		}
		open := ""
		if r.FailOpen {
			open = " fail-open"
		}
		fmt.Fprintf(&sb, "%s=%d%s[%s]", r.TargetGroup, r.Weight, open, strings.Join(r.Serving, ","))
	}
	return sb.String()
}
