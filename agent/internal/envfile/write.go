package envfile

import (
	"fmt"
	"path/filepath"
	"regexp"

	"github.com/asgctl/asgctl/agent/internal/atomicfile"
)

// partRE limits the release and config_rev that become part of a file name.
var partRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Path is the file Write creates for one release and config revision.
func Path(dir, release, configRev string) string {
	return filepath.Join(dir, release+"-"+configRev+".env")
}

// Write checks vars, renders them and atomically replaces
// <dir>/<release>-<configRev>.env with them: a temporary file in dir with
// mode 0600 is written and fsynced, renamed into place, and dir is fsynced,
// so readers see either the old file or the whole new one.
func Write(dir, release, configRev string, vars map[string]string) (string, error) {
	for _, p := range []struct{ name, v string }{{"release", release}, {"config_rev", configRev}} {
		if !partRE.MatchString(p.v) {
			return "", fmt.Errorf("write env file: %s %q must be letters, digits, '.', '_' or '-'", p.name, p.v)
		}
	}
	if err := Check(vars); err != nil {
		return "", fmt.Errorf("write env file: %w", err)
	}
	path := Path(dir, release, configRev)
	if err := atomicfile.Write(path, Render(vars), 0o600); err != nil {
		return "", fmt.Errorf("write env file %s: %w", path, err)
	}
	return path, nil
}
