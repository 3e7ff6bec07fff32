package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestHelpGoesToStdout(t *testing.T) {
	for _, arg := range []string{"--help", "-h"} {
		var out, errb bytes.Buffer
		if code := run([]string{arg}, &out, &errb); code != 0 {
			t.Errorf("%s exited %d, want 0", arg, code)
		}
		if !strings.Contains(out.String(), "Usage: asgctl-agent") || !strings.Contains(out.String(), "-config") || errb.Len() != 0 {
			t.Errorf("%s: stdout %q, stderr %q: want the usage on stdout only", arg, out.String(), errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"--bogus"}, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "-bogus") || out.Len() != 0 {
		t.Errorf("a bad flag exited %d with stdout %q, stderr %q: want exit 2 on stderr", code, out.String(), errb.String())
	}
}
