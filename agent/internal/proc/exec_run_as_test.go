package proc

import (
	"errors"
	"os/user"
	"slices"
	"strings"
	"testing"
)

// fakeUsers is a user database of two users and a failing name.
func fakeUsers() userDB {
	entries := map[string]*user.User{
		"web":  {Username: "web", Uid: "990", Gid: "985", HomeDir: "/srv/web"},
		"dev":  {Username: "dev", Uid: "1000", Gid: "1000", HomeDir: "/home/dev"},
		"root": {Username: "root", Uid: "0", Gid: "0", HomeDir: "/root"},
	}
	groups := map[string][]string{"web": {"985", "44"}, "dev": {"1000"}, "root": {"0"}}
	return userDB{
		lookup: func(name string) (*user.User, error) {
			if name == "broken" {
				return nil, errLookup
			}
			if u, ok := entries[name]; ok {
				return u, nil
			}
			return nil, user.UnknownUserError(name)
		},
		lookupID: func(uid string) (*user.User, error) {
			for _, u := range entries {
				if u.Uid == uid {
					return u, nil
				}
			}
			return nil, user.UnknownUserIdError(len(uid)) // the value is not read
		},
		groupIDs: func(u *user.User) ([]string, error) { return groups[u.Username], nil },
	}
}

var errLookup = errors.New("nss unavailable")

func TestRunAsAccountResolves(t *testing.T) {
	for _, c := range []struct {
		spec     string
		uid, gid uint32
		groups   []uint32
	}{
		{"web", 990, 985, []uint32{985, 44}},        // name: its entry and groups
		{"990", 990, 985, []uint32{985, 44}},        // uid with an entry: the same
		{"4242", 4242, 4242, nil},                   // uid without an entry: gid = uid
		{"990:10", 990, 10, nil},                    // uid:gid as given
		{"65534:65534", 65534, 65534, nil},          // uid:gid with no entry at all
		{"4294967294", 4294967294, 4294967294, nil}, // the largest valid id
	} {
		a, err := runAsAccount(c.spec, fakeUsers(), 0, 0)
		if err != nil {
			t.Errorf("%q: %v", c.spec, err)
			continue
		}
		cred := a.credential()
		if cred.Uid != c.uid || cred.Gid != c.gid || !slices.Equal(cred.Groups, c.groups) {
			t.Errorf("%q: credential %+v, want uid %d gid %d groups %v", c.spec, *cred, c.uid, c.gid, c.groups)
		}
	}
}

func TestRunAsAccountOwnUserIsNil(t *testing.T) {
	for _, c := range []struct {
		spec       string
		euid, egid int
	}{{"", 0, 0}, {"", 1000, 1000}, {"root", 0, 0}, {"dev", 1000, 1000}, {"1000:1000", 1000, 1000}} {
		a, err := runAsAccount(c.spec, fakeUsers(), c.euid, c.egid)
		if err != nil || a != nil {
			t.Errorf("%q as uid %d: %v, %v; want the agent's own user (nil)", c.spec, c.euid, a, err)
		}
		if a.credential() != nil {
			t.Errorf("%q as uid %d: a credential for the agent's own user", c.spec, c.euid)
		}
	}
}

func TestRunAsAccountErrors(t *testing.T) {
	for _, c := range []struct {
		spec       string
		euid, egid int
		want       []string
	}{
		{"ghost", 0, 0, []string{`no user "ghost"`, "useradd --system ghost"}},
		{"broken", 0, 0, []string{`look up user "broken"`, errLookup.Error()}},
		{"web:10", 0, 0, []string{"want a user name, a uid or uid:gid"}},
		{"4294967295", 0, 0, []string{`uid "4294967295" is not a valid id`}},
		{"10:99999999999", 0, 0, []string{`gid "99999999999" is not a valid id`}},
		{"web", 1000, 1000, []string{"the agent runs as uid 1000", "cannot start processes as web (uid 990, gid 985)",
			"run the agent as root or leave run_as empty"}},
		{"65534", 1000, 1000, []string{"cannot start processes as 65534 (uid 65534, gid 65534)"}},
		{"1000:0", 1000, 1000, []string{"cannot start processes as 1000:0 (uid 1000, gid 0)"}}, // own uid, another group
	} {
		a, err := runAsAccount(c.spec, fakeUsers(), c.euid, c.egid)
		if err == nil {
			t.Errorf("%q as uid %d: %v, want an error", c.spec, c.euid, a)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q as uid %d: error %q lacks %q", c.spec, c.euid, err, w)
			}
		}
	}
	if _, err := runAsAccount("broken", fakeUsers(), 0, 0); !errors.Is(err, errLookup) {
		t.Errorf("a failed lookup is not wrapped: %v", err)
	}
}
