package release

// Default extraction caps (docs/agent-config.md, artifacts.max_*).
const (
	DefaultMaxBytes   int64 = 2 << 30
	DefaultMaxEntries       = 100000
	DefaultMaxRatio         = 100
)

// ratioFloor is how many uncompressed bytes pass before the ratio cap is
// enforced: tar headers and padding make tiny archives compress far better
// than 100:1 without being bombs.
const ratioFloor = 1 << 20

// diskFactor is how many times the compressed size must be free on the
// release directory's file system before extraction starts (capped at
// MaxBytes). Release tarballs typically expand 2-4x.
const diskFactor = 4

// Limits caps what Extract will unpack. Zero fields take the defaults.
type Limits struct {
	MaxBytes   int64 // total uncompressed bytes of the tar stream
	MaxEntries int   // archive entries of any type
	MaxRatio   int   // uncompressed bytes per compressed byte

	// freeSpace reports free bytes on the file system holding a path;
	// nil means statfs. Tests replace it.
	freeSpace func(path string) (uint64, error)
	// maxLinkSteps bounds the work of verifying symlinks (see
	// defaultMaxLinkSteps); 0 means the default. Tests lower it.
	maxLinkSteps int
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultMaxEntries
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = DefaultMaxRatio
	}
	if l.freeSpace == nil {
		l.freeSpace = statfsFree
	}
	if l.maxLinkSteps <= 0 {
		l.maxLinkSteps = defaultMaxLinkSteps
	}
	return l
}

// Stats describes a completed extraction.
type Stats struct {
	Entries  int      // archive entries read, of every type
	Files    int      // regular files written
	Dirs     int      // directories created from entries
	Symlinks int      // symlinks created
	Bytes    int64    // bytes of regular file content written
	Stripped []string // entries whose setuid, setgid or sticky bit was removed
}
