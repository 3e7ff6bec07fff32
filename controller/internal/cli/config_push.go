package cli

import (
	"fmt"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
)

// configPushDoc is `config push`'s JSON document.
type configPushDoc struct {
	Service   string `json:"service"`
	Key       string `json:"key"`
	Release   string `json:"release"`
	ConfigRev int    `json:"config_rev"`
}

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
		cur, index, err := readRelease(e, svc)
		if err != nil {
			return err
		}
		next, err := decidePush(svc, cur)
		if err != nil {
			return failedf("%v", err)
		}
		ok, err := casRelease(e, key, next, index)
		if err != nil {
			return err
		}
		if !ok {
			e.log.DebugContext(e.ctx, "lost the release race; reading again", "key", key)
			continue
		}
		if e.json {
			return e.printJSON(configPushDoc{Service: svc, Key: key, Release: next.Release, ConfigRev: next.ConfigRev})
		}
		e.textf("%s: config_rev %d → %d on release %s; agents re-render and roll (follow with `asgctl release status %s`)",
			svc, cur.ConfigRev, next.ConfigRev, next.Release, svc)
		return nil
	}
	return failed("write "+key, fmt.Errorf("other writers changed it %d times in a row; try again", maxWriteAttempts))
}
