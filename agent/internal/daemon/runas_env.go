package daemon

import (
	"os/user"
	"strings"
)

// identityEnv is HOME, USER and LOGNAME for processes run as runAs (a name
// or uid[:gid]): theirs, not the agent's. Empty runAs means none (the
// processes inherit the agent's). A uid with no account gets HOME=/ and
// its number as USER.
func identityEnv(runAs string) []string {
	if runAs == "" {
		return nil
	}
	uid, _, _ := strings.Cut(runAs, ":")
	u, err := user.Lookup(runAs)
	if err != nil {
		u, err = user.LookupId(uid)
	}
	if err != nil {
		return []string{"HOME=/", "USER=" + uid, "LOGNAME=" + uid}
	}
	home := u.HomeDir
	if home == "" {
		home = "/"
	}
	return []string{"HOME=" + home, "USER=" + u.Username, "LOGNAME=" + u.Username}
}
