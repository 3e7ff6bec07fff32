package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
)

// Checksums of the test artifacts.
var (
	sha1 = strings.Repeat("a1", 32)
	sha2 = strings.Repeat("b2", 32)
	sha3 = strings.Repeat("c3", 32)
	sha4 = strings.Repeat("d4", 32)
)

func writeSignature(w *world, dir string) {
	if err := os.WriteFile(filepath.Join(dir, "sig"), []byte("0123456789abcdef"), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

func art(name string) string { return "s3://builds/web/" + name + ".tar.gz" }

// relArgs is `release web` of artifact name with digest sha, then extra.
func relArgs(name, sha string, extra ...string) []string {
	return append([]string{"release", "web", "--artifact", art(name), "--sha256", sha}, extra...)
}

var releaseGoldenCases = []struct {
	name  string
	steps []step
}{
	{name: "release", steps: []step{
		show(0, relArgs("1", sha1)...),
		show(0, relArgs("1", sha1)...),
		show(2, relArgs("2", sha2, "--id", defaultReleaseID(sha1))...),
		{do: writeSignature},
		show(0, relArgs("2", sha2, "--signature", "{dir}/sig", "--id", "v2", "--max-in-flight", "2", "--no-rollback")...),
		show(2, relArgs("3", sha3, "--id", defaultReleaseID(sha1))...),
		show(2, "release", "web", "--artifact", "https://builds/web.tgz", "--sha256", "XYZ", "--id", "../up"),
		show(2, "release", "web", "--sha256", sha1),
		show(2, "release", "global", "--artifact", art("1"), "--sha256", sha1),
		show(2, relArgs("1", sha1, "--timeout", "1m")...),
		show(2, relArgs("3", sha3, "--max-in-flight", "0")...),
		show(2, relArgs("3", sha3, "--max-in-flight", "150%")...),
		{do: deadAgent},
		show(3, relArgs("2", sha2, "--id", "v2", "--signature", "{dir}/sig", "--max-in-flight", "2", "--no-rollback", "--wait")...),
	}},
	{name: "release_wait", steps: []step{
		{do: twoAgents},
		{do: deadAgent},
		show(0, relArgs("1", sha1, "--wait")...),
		show(0, relArgs("1", sha1, "--wait")...),
		show(1, relArgs("broken", sha2, "--max-in-flight", "1", "--wait")...),
		show(1, relArgs("broken", sha2, "--wait")...),
		show(1, relArgs("broken", sha2, "--retry-failed", "--wait", "--inline")...),
		show(0, relArgs("2", sha3, "--wait", "--inline")...),
		show(3, relArgs("slow", sha4, "--wait", "--timeout", "30s")...),
	}},
	{name: "release_no_rollback", steps: []step{
		{do: twoAgents},
		hide(0, relArgs("1", sha1, "--wait")...),
		show(1, relArgs("broken", sha2, "--no-rollback", "--max-in-flight", "100%", "--wait", "--inline")...),
	}},
	{name: "release_first_broken", steps: []step{
		{do: twoAgents},
		show(1, relArgs("broken", sha2, "--wait")...),
	}},
	{name: "release_status", steps: []step{
		show(0, "release", "status", "web"),
		{do: twoAgents},
		hide(0, relArgs("1", sha1, "--wait")...),
		show(0, "release", "status", "web"),
		hide(1, relArgs("broken", sha2, "--no-rollback", "--max-in-flight", "1", "--wait")...),
		show(0, "release", "status", "web"),
		show(2, "release", "status"),
	}},
	{name: "release_rollback", steps: []step{
		show(2, "release", "rollback", "web"),
		{do: twoAgents},
		hide(0, relArgs("1", sha1, "--wait")...),
		show(2, "release", "rollback", "web"),
		hide(0, relArgs("2", sha2, "--max-in-flight", "1", "--wait")...),
		show(0, "release", "rollback", "web", "--wait", "--inline"),
		show(0, "release", "rollback", "web"),
		show(0, "release", "rollback", "web", "--wait"),
		show(0, "release", "status", "web"),
	}},
	{name: "release_history", steps: []step{
		show(0, "release", "history", "web"),
		{do: twoAgents},
		{do: writeSignature},
		hide(0, relArgs("1", sha1, "--wait")...),
		hide(0, relArgs("2", sha2, "--signature", "{dir}/sig", "--wait")...),
		hide(0, "config", "push", "web"),
		hide(1, relArgs("broken", sha3, "--max-in-flight", "1", "--wait", "--inline")...),
		show(0, "release", "history", "web"),
	}},
	{name: "config", steps: []step{
		show(0, "config", "set", "global", "LOG_LEVEL=info", "REGION=us-east-1"),
		show(0, "config", "set", "web", "LOG_LEVEL=debug", "DB_URL=postgres://db/web?sslmode=require", "EMPTY="),
		show(0, "config", "set", "web", "LOG_LEVEL=debug"),
		show(2, "config", "set", "web", "1BAD=x", "MULTI=a\nb", "NOEQ", "OK=fine", "OK=again"),
		show(2, "config", "set", "web"),
		show(2, "config", "set", "deploys", "A=b"),
		show(2, "config", "set", "web", "LD_PRELOAD=/tmp/x.so", "PATH=/tmp", "NODE_OPTIONS=--require=x", "OK=1", "--allow", "NODE_OPTIONS"),
		show(0, "config", "set", "web", "NODE_OPTIONS=--max-old-space-size=512", "--allow", "NODE_OPTIONS"),
		show(0, "config", "get", "web"),
		show(0, "config", "get", "api"),
		show(0, "config", "unset", "web", "LOG_LEVEL", "NOPE"),
		show(2, "config", "unset", "global", "BAD-NAME"),
		show(0, "config", "get", "web"),
		show(2, "config", "get", "global"),
	}},
	{name: "config_push", steps: []step{
		show(1, "config", "push", "web"),
		hide(0, relArgs("1", sha1)...),
		show(0, "config", "push", "web"),
		show(0, "config", "push", "web"),
		show(0, relArgs("2", sha2)...),
		show(0, "release", "status", "web"),
		show(0, "release", "history", "web"),
	}},
}

func TestReleaseConfigGolden(t *testing.T) {
	for _, gc := range releaseGoldenCases {
		for _, format := range []string{"text", "json"} {
			t.Run(gc.name+"/"+format, func(t *testing.T) {
				var got string
				synctest.Test(t, func(t *testing.T) {
					got = transcript(t, newWorld(t, worldOpts{}), format, gc.steps)
				})
				checkGolden(t, gc.name+"."+format+".golden", got)
			})
		}
	}
}
