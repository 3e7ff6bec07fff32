package cli

import (
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
)

// promote --refresh rolls the live AMI out once when the launch template's
// default version moved, and is a no-op when nothing changed.
func TestPromoteRefresh(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(ExitUsage, "promote", "web", "--refresh")
		w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")

		doc := outcomeOf(t, w.must(0, "--output", "json", "promote", "web", "--refresh", "--wait", "--inline"))
		if doc.Result != "complete" || !strings.Contains(doc.Message, "nothing to do") || len(w.groups()) != 1 {
			t.Fatalf("refresh with nothing changed: %+v, groups %v", doc, w.groups())
		}

		v := w.cloud.NewDefaultVersion(w.spec.LaunchTemplateID, "bigger instances")
		res := w.must(0, "status", "web")
		if !strings.Contains(res.stdout, fmt.Sprintf("web-v001 runs launch template version 1, the default is %d", v)) {
			t.Fatalf("status does not show the drift:\n%s", res.stdout)
		}
		doc = outcomeOf(t, w.must(0, "--output", "json", "promote", "web", "--refresh", "--wait", "--inline"))
		if doc.Result != "complete" || doc.Rollout == nil || doc.Rollout.AMI != amis[0] || doc.Rollout.SourceVersion != v {
			t.Fatalf("refresh after a new default version: %+v", doc)
		}
		again := outcomeOf(t, w.must(0, "--output", "json", "promote", "web", "--refresh", "--wait", "--inline"))
		if again.Rollout != nil || !strings.Contains(again.Message, "nothing to do") {
			t.Fatalf("a second refresh rolled out again: %+v", again)
		}
		if got := w.groups(); len(got) != 2 || got["web-v002"] != 2 {
			t.Fatalf("groups %v, want exactly one new group (web-v002) live", got)
		}
		if out := w.must(0, "status", "web").stdout; strings.Contains(out, "launch template version") {
			t.Fatalf("status still shows drift after the refresh:\n%s", out)
		}
	})
}
