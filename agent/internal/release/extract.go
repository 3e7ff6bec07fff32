package release

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Extract unpacks the gzip-compressed tar stream tarGz into dest, which
// must not exist yet; its parent must. dest is created 0755. Before
// anything is written the parent's file system must have diskFactor x the
// compressed size free (when tarGz can report its size).
//
// Only regular files, directories and symlinks that resolve inside dest
// are extracted; setuid, setgid and sticky bits are stripped (and listed in
// Stats.Stripped); ownership and times in the archive are ignored. Any
// other entry, or an archive over lim, is a *RejectError. Every write
// goes through an *os.Root on dest, so besides these checks the file
// system walk itself refuses a path that would leave dest. On any error
// dest is removed again, so a refused artifact leaves no trace.
func Extract(tarGz io.Reader, dest string, lim Limits) (Stats, error) {
	lim = lim.withDefaults()
	if _, err := os.Lstat(dest); err == nil {
		return Stats{}, fmt.Errorf("extract release: %s already exists; each release needs a fresh directory", dest)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return Stats{}, fmt.Errorf("extract release: %w", err)
	}
	if err := checkDiskSpace(tarGz, dest, lim); err != nil {
		return Stats{}, err
	}
	if err := os.Mkdir(dest, 0o755); err != nil {
		return Stats{}, fmt.Errorf("extract release: %w", err)
	}
	stats, err := extractInRoot(tarGz, dest, lim)
	if err == nil {
		err = os.Chmod(dest, 0o755)
	}
	if err != nil {
		if rmErr := removeTree(dest); rmErr != nil {
			return Stats{}, errors.Join(err, fmt.Errorf("remove partial release %s: %w", dest, rmErr))
		}
		return Stats{}, err
	}
	return stats, nil
}

// extractInRoot opens dest as an *os.Root and extracts into it.
func extractInRoot(tarGz io.Reader, dest string, lim Limits) (Stats, error) {
	root, err := os.OpenRoot(dest)
	if err != nil {
		return Stats{}, fmt.Errorf("extract release: %w", err)
	}
	defer root.Close()
	return extractInto(tarGz, root, lim)
}

// extractInto reads every entry, then drains the gzip stream so its CRC
// and length are checked, then revalidates symlinks and applies directory
// modes.
func extractInto(tarGz io.Reader, root *os.Root, lim Limits) (Stats, error) {
	src := &sourceCounter{r: tarGz}
	gz, err := gzip.NewReader(src)
	if err != nil {
		if src.err != nil {
			return Stats{}, fmt.Errorf("read artifact: %w", src.err)
		}
		return Stats{}, reject(RuleNotGzip, "", "not gzip-compressed (%v): the artifact must be a .tar.gz", err)
	}
	meter := &inflateMeter{gz: gz, src: src, lim: lim}
	x := newExtractor(root, lim)
	tr := tar.NewReader(meter)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil && !(errors.Is(err, tar.ErrInsecurePath) && hdr != nil) {
			return Stats{}, outcome(err, meter, "read tar")
		}
		meter.entry = hdr.Name
		if err := x.entry(tr, hdr); err != nil {
			return Stats{}, outcome(err, meter, "extract entry "+hdr.Name)
		}
	}
	if x.stats.Entries == 0 {
		return Stats{}, reject(RuleNotTarball, "", "archive has no entries; the artifact must be a .tar.gz of the release directory")
	}
	meter.entry = ""
	if _, err := io.Copy(io.Discard, meter); err != nil {
		return Stats{}, outcome(err, meter, "read past end of tar")
	}
	if err := x.finish(); err != nil {
		return Stats{}, outcome(err, meter, "finish release")
	}
	return x.stats, nil
}

// outcome turns an error met while extracting into what Extract returns:
// the rejection itself when there is one, a read error when the source
// failed, a not_tarball rejection for tar format errors, else the error
// wrapped with what was being done.
func outcome(err error, m *inflateMeter, doing string) error {
	var re *RejectError
	switch {
	case errors.As(err, &re):
		return re
	case m.src.err != nil:
		return fmt.Errorf("read artifact: %w", m.src.err)
	case errors.Is(err, tar.ErrHeader):
		return reject(RuleNotTarball, m.entry, "gzip content is not a tar archive (%v)", err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return reject(RuleNotTarball, m.entry, "tar archive ends in the middle of an entry although the gzip stream is complete; rebuild the tarball")
	}
	return fmt.Errorf("%s: %w", doing, err)
}
