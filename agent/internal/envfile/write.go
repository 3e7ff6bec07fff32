package envfile

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
	if err := writeAtomic(dir, path, Render(vars)); err != nil {
		return "", fmt.Errorf("write env file %s: %w", path, err)
	}
	return path, nil
}

func writeAtomic(dir, path string, data []byte) (err error) {
	f, err := os.CreateTemp(dir, ".env-*.tmp")
	if err != nil {
		return fmt.Errorf("create temp: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return fmt.Errorf("chmod temp: %w", err)
	}
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("write temp: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("fsync temp: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("close temp: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open dir for fsync: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("fsync dir: %w", err)
	}
	return nil
}
