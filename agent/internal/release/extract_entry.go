package release

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"syscall"
)

// specialBits are setuid, setgid and sticky in tar's mode field.
const specialBits = 0o7000

// extractor holds the state of one extraction. Every write goes through
// root, an *os.Root on the release directory: besides the checks here, the
// file system walk itself refuses any path that would leave it.
type extractor struct {
	root     *os.Root
	lim      Limits
	links    *symlinkSet
	dirModes map[string]fs.FileMode
	stats    Stats
}

func newExtractor(root *os.Root, lim Limits) *extractor {
	return &extractor{root: root, lim: lim, links: newSymlinkSet(lim.maxLinkSteps), dirModes: map[string]fs.FileMode{}}
}

// entry validates and writes one archive entry; r yields its content.
func (x *extractor) entry(r io.Reader, hdr *tar.Header) error {
	x.stats.Entries++
	if x.stats.Entries > x.lim.MaxEntries {
		return reject(RuleTooManyEntries, hdr.Name, "archive has more than %d entries (max_entries)", x.lim.MaxEntries)
	}
	rel, err := cleanEntryName(hdr.Name)
	if err != nil {
		return err
	}
	if err := checkType(hdr); err != nil || hdr.Typeflag == tar.TypeXGlobalHeader {
		return err
	}
	if rel == "." {
		if hdr.Typeflag == tar.TypeDir {
			return nil // the root entry of "tar -C dir ."; dest stays 0755
		}
		return reject(RuleBadName, hdr.Name, "a non-directory entry names the release root itself")
	}
	if err := x.notThroughSymlink(hdr.Name, rel); err != nil {
		return err
	}
	switch hdr.Typeflag {
	case tar.TypeDir:
		return x.dir(hdr, rel)
	case tar.TypeSymlink:
		return x.symlink(hdr, rel)
	}
	return x.file(r, hdr, rel)
}

// checkType allows regular files, directories, symlinks and the pax global
// header (ignored), and rejects everything else with its own rule.
func checkType(hdr *tar.Header) error {
	switch hdr.Typeflag {
	case tar.TypeReg, tar.TypeDir, tar.TypeSymlink, tar.TypeXGlobalHeader:
		return nil
	case tar.TypeLink:
		return reject(RuleHardLink, hdr.Name, "hard link to %q: hard links are not allowed; ship a copy or a relative symlink", hdr.Linkname)
	case tar.TypeChar, tar.TypeBlock:
		return reject(RuleDevice, hdr.Name, "device node (major %d, minor %d): device entries are not allowed in a release", hdr.Devmajor, hdr.Devminor)
	case tar.TypeFifo:
		return reject(RuleFIFO, hdr.Name, "named pipe (FIFO): create pipes at run time, not in the artifact")
	}
	return reject(RuleEntryType, hdr.Name, "unsupported entry type %q: only regular files, directories and symlinks are allowed", hdr.Typeflag)
}

// notThroughSymlink rejects an entry whose path passes through, or would
// replace, a symlink extracted earlier.
func (x *extractor) notThroughSymlink(name, rel string) error {
	for _, p := range parentPrefixes(rel) {
		if x.links.isLink(p) {
			return reject(RuleThroughSymlink, name, "would be written through the symlink %q; ship the real directory instead", p)
		}
	}
	if x.links.isLink(rel) {
		return reject(RuleThroughSymlink, name, "would replace the symlink %q extracted earlier", rel)
	}
	return nil
}

// perm returns the entry's permission bits with setuid, setgid and sticky
// removed, noting the entry in Stats.Stripped when any were set.
func (x *extractor) perm(hdr *tar.Header) fs.FileMode {
	if hdr.Mode&specialBits != 0 {
		x.stats.Stripped = append(x.stats.Stripped, hdr.Name)
	}
	return fs.FileMode(hdr.Mode) & fs.ModePerm
}

func (x *extractor) dir(hdr *tar.Header, rel string) error {
	if err := x.root.MkdirAll(rel, 0o755); err != nil {
		return collision(hdr.Name, err)
	}
	x.dirModes[rel] = x.perm(hdr)
	x.stats.Dirs++
	return nil
}

func (x *extractor) symlink(hdr *tar.Header, rel string) error {
	if err := x.links.check(rel, hdr.Linkname); err != nil {
		return symlinkReject(hdr.Name, hdr.Linkname, err)
	}
	if err := x.parent(hdr.Name, rel); err != nil {
		return err
	}
	if err := x.root.Symlink(hdr.Linkname, rel); err != nil {
		return collision(hdr.Name, err)
	}
	x.links.add(rel, hdr.Linkname)
	x.stats.Symlinks++
	return nil
}

func (x *extractor) file(r io.Reader, hdr *tar.Header, rel string) error {
	if hdr.Size > x.lim.MaxBytes-x.stats.Bytes {
		return reject(RuleTooLarge, hdr.Name, "declares %d bytes, which takes the release past %d bytes (max_bytes)", hdr.Size, x.lim.MaxBytes)
	}
	if err := x.parent(hdr.Name, rel); err != nil {
		return err
	}
	f, err := x.root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return collision(hdr.Name, err)
	}
	n, err := io.Copy(f, r)
	if err == nil {
		err = f.Chmod(x.perm(hdr))
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	x.stats.Files++
	x.stats.Bytes += n
	return nil
}

// parent creates the directories above rel that the archive did not list.
func (x *extractor) parent(name, rel string) error {
	dir := path.Dir(rel)
	if dir == "." {
		return nil
	}
	if err := x.root.MkdirAll(dir, 0o755); err != nil {
		return collision(name, err)
	}
	return nil
}

// collision turns the file system's refusals that are about the archive
// into rejections: "already exists" and "not a directory" (duplicate_entry),
// a name too long to store (bad_name) and a path that would leave the
// release directory (through_symlink). Other errors are wrapped.
func collision(name string, err error) error {
	switch {
	case errors.Is(err, fs.ErrExist) || errors.Is(err, syscall.ENOTDIR):
		return reject(RuleDuplicate, name, "collides with an earlier entry of the same name or a file where a directory is needed")
	case errors.Is(err, syscall.ENAMETOOLONG):
		return reject(RuleBadName, name, "the name is too long for the file system (a path component over 255 bytes); shorten it")
	case escapesRoot(err):
		return reject(RuleThroughSymlink, name, "would be written outside the release directory through a symlink; ship the real directory instead")
	}
	return fmt.Errorf("create %s: %w", name, err)
}

// escapesRoot reports whether err is os.Root refusing a path that leaves
// the root (wrapped in one or more *fs.PathError). The os package does not
// export that error, so it is known by its text; a test pins the text.
func escapesRoot(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if err.Error() == "path escapes from parent" {
			return true
		}
	}
	return false
}

// finish revalidates symlinks against the final set, then applies
// directory modes deepest first (so a read-only parent cannot block them).
func (x *extractor) finish() error {
	if err := x.links.recheck(); err != nil {
		return err
	}
	dirs := make([]string, 0, len(x.dirModes))
	for rel := range x.dirModes {
		dirs = append(dirs, rel)
	}
	sort.Slice(dirs, func(i, j int) bool {
		return strings.Count(dirs[i], "/") > strings.Count(dirs[j], "/")
	})
	for _, rel := range dirs {
		if err := x.root.Chmod(rel, x.dirModes[rel]); err != nil {
			return fmt.Errorf("set mode of %s: %w", rel, err)
		}
	}
	return nil
}
