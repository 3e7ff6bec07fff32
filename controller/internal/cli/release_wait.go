package cli

import (
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// waitRelease follows the live agent reports of svc with blocking queries
// until judgeAgents says done (exit 0, or 1 when one failed), the timeout
// passes (exit 3), or no live agent has reported within ControllerGrace
// (exit 3). A progress line is printed whenever the verdict changes.
func waitRelease(e *env, svc string, rel *api.Release, timeout time.Duration, doc *releaseDoc) error {
	clk := e.deps.Clock
	start := clk.Now()
	prefix := api.KeyAgentsPrefix(svc)
	var index uint64
	last := ""
	for {
		// Each query is bounded, so the timeout and the grace are rechecked.
		bound := max(min(e.deps.WatchWait, timeout-clk.Now().Sub(start)), time.Millisecond)
		entries, next, err := e.backend.List(e.ctx, prefix, &consulkv.QueryOptions{WaitIndex: index, WaitTime: bound})
		if e.ctx.Err() != nil {
			return finishRelease(e, doc, "interrupted", ExitTimeout, "interrupted while waiting: "+last+"; run it again to keep waiting")
		}
		if err != nil {
			return consulFailed("read "+prefix, err)
		}
		index = followIndex(index, next)
		live := liveReports(e, entries)
		v := judgeAgents(svc, rel, live)
		doc.Instances = live
		if v.Message != last && !v.NoAgents && !v.Done { // the final verdict is the report's
			e.textf("%s", v.Message)
		}
		last = v.Message
		elapsed := clk.Now().Sub(start)
		switch {
		case v.Failed:
			return finishRelease(e, doc, "failed", ExitFailed, v.Message)
		case v.Done:
			return finishRelease(e, doc, "ready", ExitOK, v.Message)
		case v.NoAgents && elapsed >= e.deps.ControllerGrace:
			return finishRelease(e, doc, "no-agents", ExitTimeout, v.Message+"; the release stays written and agents pick it up when they start")
		case elapsed >= timeout:
			return finishRelease(e, doc, "timeout", ExitTimeout, fmt.Sprintf("timed out after %s: %s; run it again to keep waiting", elapsed, v.Message))
		}
	}
}

// followIndex is the index to block on next under Consul's rules: reset
// when it went backwards, never 0 once something was read.
func followIndex(last, next uint64) uint64 {
	switch {
	case next < last:
		return 0
	case next == 0:
		return 1
	}
	return next
}

// finishRelease records the wait's result in doc and reports it.
func finishRelease(e *env, doc *releaseDoc, result string, code int, msg string) error {
	doc.Result, doc.Message = result, msg
	return reportRelease(e, doc, code)
}

// liveReports decodes the agent reports held by a session (an agent whose
// session ended is gone); one that does not decode is warned about and
// left out.
func liveReports(e *env, entries []consulkv.Entry) []api.AgentReport {
	out, err := consulkv.LiveAgentReports(entries)
	if err != nil {
		fmt.Fprintf(e.stderr(), "asgctl: warning: ignoring %v\n", err)
	}
	return out
}
