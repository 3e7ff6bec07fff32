package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/asgctl/asgctl/agent/internal/atomicfile"
	"github.com/asgctl/asgctl/agent/internal/coord"
	"github.com/asgctl/asgctl/controller/api"
)

// keepReleaseIDs bounds the release ids the state file remembers.
const keepReleaseIDs = 500

// manifest records, beside a release directory, which artifact it was
// unpacked from; a directory without one (or naming another digest) is
// never used for a release record.
type manifest struct {
	Release   string `json:"release"`
	Artifact  string `json:"artifact"`
	SHA256    string `json:"sha256"`
	Signature string `json:"signature,omitempty"`
}

// Fetch makes ref's release directory ready (coord.Box), outside a.mu so
// the processes keep being repaired meanwhile. What the record claims is
// checked first (allowlist, signature against the digest, and that the
// release id names the same digest as before on this box); an existing
// directory is used only when its manifest names the record's digest.
// Refusals are final; everything about getting the bytes is not.
func (a *Agent) Fetch(ctx context.Context, ref api.ReleaseRef) error {
	rel := recordOf(ref)
	if err := a.Fetcher.CheckRecord(rel); err != nil {
		return coord.Final(err)
	}
	if err := a.checkReleaseID(ref); err != nil {
		return coord.Final(err)
	}
	ready, err := a.releaseReady(ref)
	if err != nil || ready {
		return err
	}
	if err := a.unpack(ctx, rel); err != nil {
		if a.Fetcher.Transient(err) {
			return err
		}
		return coord.Final(err)
	}
	a.rememberReleaseID(ref)
	return nil
}

// recordOf is the release record the fetcher reads for ref.
func recordOf(ref api.ReleaseRef) *api.Release {
	return &api.Release{Version: api.ReleaseVersion, Release: ref.Release, Artifact: ref.Artifact, SHA256: ref.SHA256,
		Signature: ref.Signature, ConfigRev: ref.ConfigRev}
}

// checkReleaseID refuses a record whose id named another digest on this box.
func (a *Agent) checkReleaseID(ref api.ReleaseRef) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, r := range a.state.ReleaseIDs {
		if r.Release == ref.Release && r.SHA256 != ref.SHA256 {
			return idReused(ref, r.SHA256)
		}
	}
	return nil
}

func idReused(ref api.ReleaseRef, had string) error {
	return fmt.Errorf("release id %s named the artifact with sha256 %s on this box, and the record now names sha256 %s: "+
		"a release id names one artifact forever; release the new artifact under a new id (nothing on this box changed)",
		ref.Release, had, ref.SHA256)
}

// releaseReady reports whether releases/<id> holds ref's artifact. A
// directory whose manifest names another digest is refused; one without a
// manifest (unpacked by an older agent) is moved aside, to be unpacked
// again.
func (a *Agent) releaseReady(ref api.ReleaseRef) (bool, error) {
	dir := filepath.Join(a.Config.Dirs.Releases, ref.Release)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("release directory %s: %w", dir, err)
	}
	m, err := readManifest(a.manifestPath(ref.Release))
	switch {
	case err == nil && m.SHA256 == ref.SHA256:
		return true, nil
	case err == nil:
		return false, coord.Final(idReused(ref, m.SHA256))
	case !errors.Is(err, fs.ErrNotExist):
		a.Log.Warn("release manifest unreadable; unpacking the release again", "release", ref.Release, "error", err)
	}
	aside := filepath.Join(a.Config.Dirs.Releases, ".replaced-"+ref.Release+"-"+a.Clock.Now().UTC().Format("20060102T150405.000000000"))
	if err := os.Rename(dir, aside); err != nil {
		return false, fmt.Errorf("move aside %s, which has no manifest: %w", dir, err)
	}
	a.Log.Warn("release directory had no manifest; moved aside and unpacked again", "release", ref.Release, "aside", aside)
	return false, nil
}

// unpack fetches rel into a hidden directory, writes its manifest, and
// renames it into place, so a crash never leaves a half release (or a
// release without its manifest) under its real name.
func (a *Agent) unpack(ctx context.Context, rel *api.Release) error {
	tmp, err := os.MkdirTemp(a.Config.Dirs.Releases, ".incoming-"+rel.Release+"-")
	if err != nil {
		return fmt.Errorf("incoming directory: %w", err)
	}
	dest := filepath.Join(tmp, "release")
	defer func() { _ = os.RemoveAll(tmp) }()
	if err := a.Fetcher.Fetch(ctx, rel, dest); err != nil {
		return err
	}
	m := manifest{Release: rel.Release, Artifact: rel.Artifact, SHA256: rel.SHA256, Signature: rel.Signature}
	if err := writeManifest(a.manifestPath(rel.Release), m); err != nil {
		return err
	}
	dir := filepath.Join(a.Config.Dirs.Releases, rel.Release)
	if err := os.Rename(dest, dir); err != nil {
		return fmt.Errorf("move release into %s: %w", dir, err)
	}
	a.Log.Info("release unpacked", "release", rel.Release, "dir", dir)
	return nil
}

// rememberReleaseID adds ref's id and digest to the state (bounded).
func (a *Agent) rememberReleaseID(ref api.ReleaseRef) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ids := a.state.ReleaseIDs
	for _, r := range ids {
		if r.Release == ref.Release {
			return
		}
	}
	ids = append(ids, ReleaseID{Release: ref.Release, SHA256: ref.SHA256})
	if len(ids) > keepReleaseIDs {
		ids = ids[len(ids)-keepReleaseIDs:]
	}
	a.state.ReleaseIDs = ids
	a.save()
}

func (a *Agent) manifestPath(release string) string {
	return filepath.Join(a.Config.Dirs.State, "releases", release+".json")
}

func readManifest(path string) (manifest, error) {
	var m manifest
	data, err := os.ReadFile(path)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("manifest %s: %w", path, err)
	}
	return m, nil
}

func writeManifest(path string, m manifest) error {
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("manifest directory: %w", err)
	}
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return fmt.Errorf("write manifest %s: %w", path, err)
	}
	return nil
}
