package envfile_test

import (
	"maps"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/agent/internal/envfile"
)

func TestParseInvertsRender(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aZ09 _=\"'`$\\#;\t{}ü€")
	for i := 0; i < 500; i++ {
		vars := map[string]string{}
		for j := r.IntN(6); j > 0; j-- {
			var v strings.Builder
			for k := r.IntN(12); k > 0; k-- {
				v.WriteRune(alphabet[r.IntN(len(alphabet))])
			}
			vars["V_"+string(rune('A'+r.IntN(26)))] = v.String()
		}
		got, err := envfile.Parse(envfile.Render(vars))
		if err != nil {
			t.Fatalf("parse of rendered %q: %v", vars, err)
		}
		if !maps.Equal(got, vars) {
			t.Fatalf("round trip: got %q, want %q", got, vars)
		}
	}
}

func TestParseRefusesWhatRenderNeverWrites(t *testing.T) {
	for _, bad := range []string{
		"A=unquoted\n",
		"A=\"trailing\n",
		"A=\"x\"y\"\n",
		"A=\"$HOME\"\n",
		"A=\"back\\slash\"\n",
		"1A=\"x\"\n",
		"noequals\n",
	} {
		if _, err := envfile.Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}
