package proc

import (
	"errors"
	"fmt"
	"os/user"
	"strconv"
	"strings"
	"syscall"
)

// account is the identity the exec supervisor starts processes as: a
// resolved supervisor.run_as. A nil *account means the agent's own user.
type account struct {
	spec   string   // run_as as configured, for messages
	uid    uint32   // user id
	gid    uint32   // primary group id
	groups []uint32 // supplementary group ids (empty: none)
}

// String names the account for messages: "nobody (uid 65534, gid 65534)".
func (a *account) String() string {
	if a == nil {
		return "the agent's own user"
	}
	return fmt.Sprintf("%s (uid %d, gid %d)", a.spec, a.uid, a.gid)
}

// credential is what a child is started with: nil (the agent's own
// identity) for a nil account.
func (a *account) credential() *syscall.Credential {
	if a == nil {
		return nil
	}
	return &syscall.Credential{Uid: a.uid, Gid: a.gid, Groups: a.groups}
}

// userDB is the user database run_as is resolved against: os/user in the
// agent, a fake in tests.
type userDB struct {
	lookup   func(name string) (*user.User, error)
	lookupID func(uid string) (*user.User, error)
	groupIDs func(u *user.User) ([]string, error)
}

// systemUsers is the machine's user database.
var systemUsers = userDB{lookup: user.Lookup, lookupID: user.LookupId, groupIDs: (*user.User).GroupIds}

// runAsAccount resolves spec (a user name, uid or uid:gid; empty: the
// agent's own user) against db and decides whether an agent running with
// effective ids euid and egid may start processes as it: root may start
// them as anyone, any other user only as itself. It returns nil when the
// processes run as the agent's own user and group.
func runAsAccount(spec string, db userDB, euid, egid int) (*account, error) {
	a, err := resolveRunAs(spec, db)
	if err != nil || a == nil {
		return nil, err
	}
	if int64(a.uid) == int64(euid) && int64(a.gid) == int64(egid) {
		return nil, nil
	}
	if euid != 0 {
		return nil, fmt.Errorf("supervisor.run_as: the agent runs as uid %d (gid %d) and cannot start processes as %s; run the agent as root or leave run_as empty",
			euid, egid, a)
	}
	return a, nil
}

// resolveRunAs turns spec into an account: a name gets its passwd entry's
// uid, primary gid and supplementary groups; a uid alone the same when it
// has an entry, else gid = uid and no supplementary groups; uid:gid is
// taken as given, with no supplementary groups.
func resolveRunAs(spec string, db userDB) (*account, error) {
	if spec == "" {
		return nil, nil
	}
	uidText, gidText, hasGID := strings.Cut(spec, ":")
	if !isDigits(uidText) {
		if hasGID {
			return nil, fmt.Errorf("supervisor.run_as %q: want a user name, a uid or uid:gid", spec)
		}
		return runAsName(spec, db)
	}
	uid, err := parseID(spec, "uid", uidText)
	if err != nil {
		return nil, err
	}
	if !hasGID {
		return runAsUID(spec, uid, db)
	}
	gid, err := parseID(spec, "gid", gidText)
	if err != nil {
		return nil, err
	}
	return &account{spec: spec, uid: uid, gid: gid}, nil
}

// runAsName resolves a user name.
func runAsName(spec string, db userDB) (*account, error) {
	u, err := db.lookup(spec)
	var unknown user.UnknownUserError
	if errors.As(err, &unknown) {
		return nil, fmt.Errorf("supervisor.run_as: there is no user %q on this machine; create it (useradd --system %s) or give a uid[:gid]", spec, spec)
	}
	if err != nil {
		return nil, fmt.Errorf("supervisor.run_as: look up user %q: %w", spec, err)
	}
	return fromEntry(spec, u, db)
}

// runAsUID resolves a uid given without a gid.
func runAsUID(spec string, uid uint32, db userDB) (*account, error) {
	u, err := db.lookupID(strconv.FormatUint(uint64(uid), 10))
	var unknown user.UnknownUserIdError
	if errors.As(err, &unknown) {
		return &account{spec: spec, uid: uid, gid: uid}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("supervisor.run_as: look up uid %d: %w", uid, err)
	}
	return fromEntry(spec, u, db)
}

// fromEntry builds the account of a passwd entry with its groups.
func fromEntry(spec string, u *user.User, db userDB) (*account, error) {
	uid, err := parseID(spec, "uid", u.Uid)
	if err != nil {
		return nil, err
	}
	gid, err := parseID(spec, "gid", u.Gid)
	if err != nil {
		return nil, err
	}
	ids, err := db.groupIDs(u)
	if err != nil {
		return nil, fmt.Errorf("supervisor.run_as: groups of user %q: %w", u.Username, err)
	}
	a := &account{spec: spec, uid: uid, gid: gid}
	for _, id := range ids {
		g, err := parseID(spec, "group id", id)
		if err != nil {
			return nil, err
		}
		a.groups = append(a.groups, g)
	}
	return a, nil
}

// parseID parses a uid or gid; 4294967295 is refused, since the kernel
// reads it as "no change".
func parseID(spec, what, s string) (uint32, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil || n == 1<<32-1 {
		return 0, fmt.Errorf("supervisor.run_as %q: %s %q is not a valid id (0 to 4294967294)", spec, what, s)
	}
	return uint32(n), nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
