package cli

import (
	"fmt"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
	"github.com/asgctl/asgctl/controller/internal/releases"
)

// configPushDoc is `config push`'s JSON document.
type configPushDoc struct {
	Service   string `json:"service"`
	Key       string `json:"key"`
	Release   string `json:"release"`
	ConfigRev int    `json:"config_rev"`
	Seq       int    `json:"seq"`
}

// runConfigPush writes the current release with the next config_rev as
// a new record, through fleet.Successor like a release (new seq, last
// good carried, the history entry of the record it replaces), with
// check-and-set, deciding again when another writer got there first.
func runConfigPush(c *ucli.Context, deps Deps) error {
	svc, err := inPlaceServiceArg(c, "config push SVC")
	if err != nil {
		return err
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	key := api.KeyDeploy(svc)
	for attempt := 0; attempt < maxWriteAttempts; attempt++ {
		st, err := releases.Read(e.ctx, e.backend, svc)
		if err != nil {
			return failed("read the release of "+svc, err)
		}
		warnSkipped(e, st.Skipped)
		now := deps.Clock.Now().UTC()
		want, err := decidePush(svc, st.Record, now, deps.User)
		if err != nil {
			return failedf("%v", err)
		}
		next, ended := fleet.Successor(st.Record, *want, st.Live, now)
		ok, err := releases.Write(e.ctx, e.backend, svc, next, st.Index, ended)
		if err != nil && !ok {
			return failed("write "+key, err)
		}
		if !ok {
			e.log.DebugContext(e.ctx, "lost the release race; reading again", "key", key)
			continue
		}
		warnHistory(e, err)
		if e.json {
			return e.printJSON(configPushDoc{Service: svc, Key: key, Release: next.Release, ConfigRev: next.ConfigRev, Seq: next.Seq})
		}
		e.textf("%s: config_rev %d → %d on release %s as seq %d; agents re-render and roll, max in flight %s (follow with `asgctl release status %s`)",
			svc, st.Record.ConfigRev, next.ConfigRev, next.Release, next.Seq, maxInFlightOf(next), svc)
		return nil
	}
	return failed("write "+key, fmt.Errorf("other writers changed it %d times in a row; try again", maxWriteAttempts))
}
