package daemon

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/consulkv"
)

func newKV(t *testing.T, pairs map[string]string) *consulkv.Memory {
	t.Helper()
	kv := consulkv.NewMemory(clocktest.New(t0))
	for k, v := range pairs {
		if err := kv.Put(context.Background(), k, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	return kv
}

func TestReadEnvMerges(t *testing.T) {
	cases := []struct {
		name  string
		pairs map[string]string
		want  map[string]string
	}{
		{"nothing configured", nil, map[string]string{}},
		{"service wins", map[string]string{"global/A": "g", "global/G": "only-global", "web/A": "w", "web/B": "b"},
			map[string]string{"A": "w", "B": "b", "G": "only-global"}},
		{"folder markers are skipped", map[string]string{"global/": "", "web/": "", "web/A": "1"},
			map[string]string{"A": "1"}},
		{"other services and look-alike prefixes are not read", map[string]string{
			"web/A": "1", "webapp/A": "x", "api/B": "x", "globalx/C": "x", "web": "x",
		}, map[string]string{"A": "1"}},
		{"empty and odd values are kept verbatim", map[string]string{"web/E": "", "web/Q": `a "b" $c 'd' =`},
			map[string]string{"E": "", "Q": `a "b" $c 'd' =`}},
		{"a service value fixes a bad global one", map[string]string{"global/A": "x\ny", "web/A": "ok"},
			map[string]string{"A": "ok"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, err := readEnv(context.Background(), newKV(t, c.pairs), "web", nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("readEnv = %v, want %v", got, c.want)
			}
		})
	}
}

func TestReadEnvRefuses(t *testing.T) {
	cases := []struct {
		name  string
		pairs map[string]string
		says  []string
	}{
		{"nested service key", map[string]string{"web/A": "1", "web/x/y": "2"}, []string{"web/x/y", "nested"}},
		{"nested global key", map[string]string{"global/x/y": "2"}, []string{"global/x/y", "nested"}},
		{"nested folder marker", map[string]string{"web/x/": ""}, []string{"web/x/"}},
		{"invalid global name", map[string]string{"global/1BAD": "v"}, []string{"1BAD", "asgctl config"}},
		{"invalid service name", map[string]string{"web/A-B": "v"}, []string{"A-B", "asgctl config"}},
		{"value with a newline", map[string]string{"web/A": "one\ntwo"}, []string{"A", "newline", "asgctl config"}},
		{"value with a carriage return", map[string]string{"global/A": "one\rtwo"}, []string{"A", "newline", "asgctl config"}},
		{"value with a NUL", map[string]string{"web/A": "a\x00b"}, []string{"A", "NUL", "asgctl config"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, err := readEnv(context.Background(), newKV(t, c.pairs), "web", nil)
			if err == nil {
				t.Fatalf("readEnv = %v, want an error", got)
			}
			for _, s := range c.says {
				if !strings.Contains(err.Error(), s) {
					t.Fatalf("err = %q, want it to mention %q", err, s)
				}
			}
		})
	}
}

// changingKV is a KV whose global/ prefix is written by someone else while
// readEnv reads: during the service read (the second List of an attempt) of
// the attempts listed in changeOn, or of every attempt when always is set.
type changingKV struct {
	*consulkv.Memory
	t        *testing.T
	changeOn map[int]bool
	always   bool

	mu    sync.Mutex
	lists int
}

func (k *changingKV) List(ctx context.Context, prefix string, q *consulkv.QueryOptions) ([]consulkv.Entry, uint64, error) {
	k.mu.Lock()
	k.lists++
	n := k.lists
	k.mu.Unlock()
	attempt := (n-1)/3 + 1
	if (n-1)%3 == 1 && (k.always || k.changeOn[attempt]) {
		if prefix != "web/" {
			k.t.Errorf("second read of attempt %d is of %q, want the service prefix", attempt, prefix)
		}
		if err := k.Memory.Put(ctx, "global/G", []byte("v"+strconv.Itoa(attempt))); err != nil {
			return nil, 0, err
		}
	}
	return k.Memory.List(ctx, prefix, q)
}

func (k *changingKV) reads() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.lists
}

func TestReadEnvRetriesARacingWrite(t *testing.T) {
	kv := &changingKV{
		Memory:   newKV(t, map[string]string{"global/G": "v0", "global/A": "g", "web/A": "w"}),
		t:        t,
		changeOn: map[int]bool{1: true},
	}
	got, _, err := readEnv(context.Background(), kv, "web", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The first attempt saw global/G=v0 before the write and v1 after: it is
	// not used. The second sees v1 throughout.
	if want := map[string]string{"A": "w", "G": "v1"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("readEnv = %v, want %v", got, want)
	}
	if n := kv.reads(); n != 6 {
		t.Fatalf("readEnv listed %d times, want 6 (two attempts of three reads)", n)
	}
}

func TestReadEnvGivesUpWhenGlobalKeepsChanging(t *testing.T) {
	kv := &changingKV{Memory: newKV(t, map[string]string{"global/G": "v0", "web/A": "w"}), t: t, always: true}
	got, _, err := readEnv(context.Background(), kv, "web", nil)
	if err == nil || !strings.Contains(err.Error(), "kept changing") || !strings.Contains(err.Error(), "global/") {
		t.Fatalf("readEnv = %v, %v; want an error saying global/ kept changing", got, err)
	}
	if n := kv.reads(); n != 3*envReadAttempts {
		t.Fatalf("readEnv listed %d times, want %d", n, 3*envReadAttempts)
	}
}

// An undisturbed read is one attempt: global, service, global.
func TestReadEnvUndisturbedReadsOnce(t *testing.T) {
	mem := newKV(t, map[string]string{"global/A": "g", "web/A": "w"})
	var lists int
	mem.SetInterceptor(func(op, key string) error {
		if op == consulkv.OpList {
			lists++
		}
		return nil
	})
	if _, _, err := readEnv(context.Background(), mem, "web", nil); err != nil {
		t.Fatal(err)
	}
	if lists != 3 {
		t.Fatalf("listed %d times, want 3 for an undisturbed read", lists)
	}
}

func TestReadEnvConsulErrorNamesPrefix(t *testing.T) {
	boom := errors.New("consul unreachable")
	for _, prefix := range []string{"global/", "web/"} {
		t.Run(prefix, func(t *testing.T) {
			mem := newKV(t, map[string]string{"global/A": "g", "web/A": "w"})
			mem.SetInterceptor(func(op, key string) error {
				if op == consulkv.OpList && key == prefix {
					return boom
				}
				return nil
			})
			_, _, err := readEnv(context.Background(), mem, "web", nil)
			if !errors.Is(err, boom) || !strings.Contains(err.Error(), "read config "+prefix) {
				t.Fatalf("readEnv err = %v, want %v naming %s", err, boom, prefix)
			}
		})
	}
}
