package cli

import (
	"time"

	ucli "github.com/urfave/cli/v2"
)

// waitOpts are --wait, --timeout and --inline, which mean the same on
// promote, abort and rollback.
type waitOpts struct {
	Wait    bool
	Inline  bool
	Timeout time.Duration
}

func waitFlags() []ucli.Flag {
	return []ucli.Flag{
		&ucli.BoolFlag{Name: "wait", Usage: "follow the rollout until it settles"},
		&ucli.DurationFlag{Name: "timeout", Value: DefaultTimeout, Usage: "with --wait: give up (exit 3, safe to rerun) after this long"},
		&ucli.BoolFlag{Name: "inline", Usage: "run the reconciler in this process under the service lock while waiting (implies --wait)"},
	}
}

// parseWait reads the wait flags: --inline implies --wait, and --timeout
// must be positive.
func parseWait(c *ucli.Context) (waitOpts, error) {
	w := waitOpts{Wait: c.Bool("wait") || c.Bool("inline"), Inline: c.Bool("inline"), Timeout: c.Duration("timeout")}
	if w.Timeout <= 0 {
		return w, usagef("--timeout must be positive, got %s", w.Timeout)
	}
	if c.IsSet("timeout") && !w.Wait {
		return w, usagef("--timeout applies only with --wait or --inline")
	}
	return w, nil
}
